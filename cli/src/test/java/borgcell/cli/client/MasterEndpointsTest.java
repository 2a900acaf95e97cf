package borgcell.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.trust.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterEndpointsTest {

    private static CellFile cellWith(String... grpc) {
        return new CellFile(1, 0, java.util.Arrays.stream(grpc)
                .map(g -> new CellFile.ReplicaEntry("r", g, "127.0.0.1:1", "http://127.0.0.1:2", "log", null)).toList(), List.of());
    }

    @Test
    void explicitMastersWin(@TempDir Path cwd) throws Exception {
        cellWith("127.0.0.1:5000").write(cwd.resolve(".borg/cell.json"));

        MasterEndpoints endpoints = MasterEndpoints.resolve(List.of(MasterAddress.parse("10.0.0.1:7101")), Optional.empty(), cwd, Map.of());

        assertThat(endpoints.addresses()).containsExactly(new MasterAddress("10.0.0.1", 7101));
    }

    @Test
    void theCellFileInTheCurrentDirectoryComesNext(@TempDir Path cwd, @TempDir Path home) throws Exception {
        cellWith("127.0.0.1:5000", "127.0.0.1:5001").write(cwd.resolve(".borg/cell.json"));
        cellWith("127.0.0.1:6000").write(home.resolve(".borg/cell.json"));

        assertThat(MasterEndpoints.resolve(null, Optional.empty(), cwd, Map.of("BORG_HOME", home.toString())).addresses())
                .extracting(MasterAddress::toString).containsExactly("127.0.0.1:5000", "127.0.0.1:5001");
    }

    @Test
    void thenTheCellFileUnderBorgHome(@TempDir Path cwd, @TempDir Path home) throws Exception {
        cellWith("127.0.0.1:6000").write(home.resolve(".borg/cell.json"));

        assertThat(MasterEndpoints.resolve(List.of(), Optional.empty(), cwd, Map.of("BORG_HOME", home.toString())).addresses())
                .extracting(MasterAddress::toString).containsExactly("127.0.0.1:6000");
    }

    @Test
    void otherwiseTheDefaultAndABrokenCellFileIsNoObstacle(@TempDir Path cwd) throws Exception {
        Files.createDirectories(cwd.resolve(".borg"));
        Files.writeString(cwd.resolve(".borg/cell.json"), "{not json");

        MasterEndpoints endpoints = MasterEndpoints.resolve(null, Optional.empty(), cwd, Map.of());

        assertThat(endpoints.addresses()).containsExactly(new MasterAddress("127.0.0.1", 7101));
        assertThat(endpoints.source()).isEqualTo("the default");
    }

    @Test
    void credentialsComeFromTheFlagsThenTheEnvironmentThenTheCellFileElsePlaintext(@TempDir Path cwd) throws Exception {
        TlsFiles admin = new TlsFiles(Path.of("/pki/admin-admin.crt"), Path.of("/pki/admin-admin.key"), Path.of("/pki/ca.crt"));
        CellFile secure = cellWith("127.0.0.1:5000");
        new CellFile(secure.pid(), 0, secure.replicas(), List.of(), CellFile.ClientTls.of(admin))
                .write(cwd.resolve(".borg/cell.json"));
        TlsFiles alice = new TlsFiles(Path.of("alice.crt"), Path.of("alice.key"), Path.of("ca.crt"));
        Map<String, String> env = Map.of("BORG_CERT", "bob.crt", "BORG_KEY", "bob.key", "BORG_CA", "ca.crt");

        assertThat(MasterEndpoints.resolve(null, Optional.of(alice), cwd, env).tls()).contains(alice);
        assertThat(MasterEndpoints.resolve(null, Optional.empty(), cwd, env).tls()).as("relative to the caller's directory")
                .contains(new TlsFiles(cwd.resolve("bob.crt"), cwd.resolve("bob.key"), cwd.resolve("ca.crt")));
        MasterEndpoints local = MasterEndpoints.resolve(null, Optional.empty(), cwd, Map.of());
        assertThat(local.tls()).as("the cell borg up started: its admin, as kubectl reads its kubeconfig").contains(admin);
        assertThat(MasterEndpoints.resolve(List.of(MasterAddress.parse("127.0.0.1:5000")), Optional.empty(), cwd, Map.of())
                .tls()).as("--master alone keeps the cell file's credentials").contains(admin);
        assertThat(MasterEndpoints.resolve(null, Optional.empty(), cwd.resolve("elsewhere"), Map.of()).tls()).isEmpty();
    }

    @Test
    void credentialsGivenInPartSayWhatIsMissing() {
        assertThatThrownBy(() -> MasterEndpoints.fromEnvironment(Map.of("BORG_CERT", "a.crt"), Path.of("/")))
                .hasMessage("$BORG_CERT, $BORG_KEY, $BORG_CA go together: $BORG_KEY and $BORG_CA are missing");
        assertThatThrownBy(() -> MasterEndpoints.tlsFiles("a.crt", "a.key", " ", "--cert", "--key", "--ca"))
                .hasMessage("--cert, --key, --ca go together: --ca is missing");
        assertThat(MasterEndpoints.tlsFiles(null, null, null, "--cert", "--key", "--ca")).isEmpty();
    }

    @Test
    void addressesParseLikeHostColonPort() {
        assertThat(MasterAddress.parse(" master-0.borg:7101 ")).isEqualTo(new MasterAddress("master-0.borg", 7101));
        assertThat(MasterAddress.parse("[::1]:7101").toString()).isEqualTo("[::1]:7101");
    }
}
