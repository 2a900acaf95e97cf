package borgcell.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterEndpointsTest {

    private static CellFile cellWith(String... grpc) {
        return new CellFile(1, 0, java.util.Arrays.stream(grpc)
                .map(g -> new CellFile.ReplicaEntry("r", g, "127.0.0.1:1", "http://127.0.0.1:2", "log")).toList(), List.of());
    }

    @Test
    void explicitMastersWin(@TempDir Path cwd) throws Exception {
        cellWith("127.0.0.1:5000").write(cwd.resolve(".borg/cell.json"));

        MasterEndpoints endpoints = MasterEndpoints.resolve(List.of(MasterAddress.parse("10.0.0.1:7101")), cwd, null);

        assertThat(endpoints.addresses()).containsExactly(new MasterAddress("10.0.0.1", 7101));
    }

    @Test
    void theCellFileInTheCurrentDirectoryComesNext(@TempDir Path cwd, @TempDir Path home) throws Exception {
        cellWith("127.0.0.1:5000", "127.0.0.1:5001").write(cwd.resolve(".borg/cell.json"));
        cellWith("127.0.0.1:6000").write(home.resolve(".borg/cell.json"));

        assertThat(MasterEndpoints.resolve(null, cwd, home.toString()).addresses())
                .extracting(MasterAddress::toString).containsExactly("127.0.0.1:5000", "127.0.0.1:5001");
    }

    @Test
    void thenTheCellFileUnderBorgHome(@TempDir Path cwd, @TempDir Path home) throws Exception {
        cellWith("127.0.0.1:6000").write(home.resolve(".borg/cell.json"));

        assertThat(MasterEndpoints.resolve(List.of(), cwd, home.toString()).addresses())
                .extracting(MasterAddress::toString).containsExactly("127.0.0.1:6000");
    }

    @Test
    void otherwiseTheDefaultAndABrokenCellFileIsNoObstacle(@TempDir Path cwd) throws Exception {
        Files.createDirectories(cwd.resolve(".borg"));
        Files.writeString(cwd.resolve(".borg/cell.json"), "{not json");

        MasterEndpoints endpoints = MasterEndpoints.resolve(null, cwd, null);

        assertThat(endpoints.addresses()).containsExactly(new MasterAddress("127.0.0.1", 7101));
        assertThat(endpoints.source()).isEqualTo("the default");
    }

    @Test
    void addressesParseLikeHostColonPort() {
        assertThat(MasterAddress.parse(" master-0.borg:7101 ")).isEqualTo(new MasterAddress("master-0.borg", 7101));
        assertThat(MasterAddress.parse("[::1]:7101").toString()).isEqualTo("[::1]:7101");
    }
}
