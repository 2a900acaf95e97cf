package borgcell.cell;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.cell.BorgNames.Name;
import java.util.List;
import org.junit.jupiter.api.Test;

class BorgNamesTest {

    private static Name parse(String relative) {
        return BorgNames.parse(relative.isEmpty() ? List.of() : List.of(relative.split("\\.", -1)));
    }

    @Test
    void namesAreWrittenInLowerCaseUnderTheCellsZone() {
        assertThat(BorgNames.task(3, "web", "Alice", "local")).hasValue("3.web.alice.local.borg");
        assertThat(BorgNames.service("http", "web", "alice", "prod")).hasValue("_http._tcp.web.alice.prod.borg");
        assertThat(BorgNames.task(0, "web", "first.last", "local")).as("a user that cannot be a label").isEmpty();
        assertThat(BorgNames.task(0, "web", "x".repeat(64), "local")).isEmpty();
    }

    @Test
    void whatANameBelowTheZoneNames() {
        assertThat(parse("")).isEqualTo(new Name.Zone());
        assertThat(parse("alice")).isEqualTo(new Name.Branch("", "alice"));
        assertThat(parse("web.alice")).isEqualTo(new Name.Branch("web", "alice"));
        assertThat(parse("_tcp.web.alice")).isEqualTo(new Name.Branch("web", "alice"));
        assertThat(parse("0.web.alice")).isEqualTo(new Name.Task(0, "web", "alice"));
        assertThat(parse("17.web.alice")).isEqualTo(new Name.Task(17, "web", "alice"));
        assertThat(parse("_http._tcp.web.alice")).isEqualTo(new Name.Service("http", "web", "alice"));
        assertThat(parse("_grpc-web._tcp.web.alice")).isEqualTo(new Name.Service("grpc-web", "web", "alice"));
    }

    @Test
    void anythingElseIsNoName() {
        for (String bad : List.of("01.web.alice", "-1.web.alice", "9999999.web.alice", "x.web.alice", "_http._udp.web.alice",
                "http._tcp.web.alice", "_._tcp.web.alice", "_HTTP_._tcp.web.alice", "a.b.c.d.e", "0.Web_.alice",
                "0.web.-alice", "0.web." + "a".repeat(64), "a.0.web.alice", "0.web.alice.x")) {
            assertThat(parse(bad)).as(bad).isEqualTo(new Name.None());
        }
    }
}
