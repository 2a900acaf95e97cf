package borgcell.master.names;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.master.Replica;
import borgcell.master.TestCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replica told a DNS port serves its cell's zone there, and stops serving it when it closes. */
class ReplicaDnsTest {
    @Test
    void aReplicaWithADnsPortAnswersForItsCellsZone(@TempDir Path dir) throws Exception {
        int port = TestCluster.freePort();
        try (TestCluster cluster = new TestCluster(1, dir, TestCluster.fastSettings().withNames(new NameSettings("prod", port)))
                .startAll()) {
            Replica replica = cluster.awaitLeader();

            assertThat(replica.dnsPort()).hasValue(port);
            Dig dig = Dig.at(port);
            assertThat(dig.records("prod.borg", "SOA")).singleElement().asString().startsWith("ns.prod.borg. ");
            assertThat(dig.report("0.web.alice.local.borg", "A")).as("another cell's zone").contains("status: REFUSED");
        }
        assertThat(Dig.at(port).report("prod.borg", "SOA")).as("closed with the replica").doesNotContain("status: NOERROR");
    }
}
