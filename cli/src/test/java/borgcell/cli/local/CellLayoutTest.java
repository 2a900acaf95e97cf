package borgcell.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.cli.client.CellFile;
import borgcell.master.raft.PeerAddress;
import borgcell.trust.Identity;
import borgcell.trust.TlsFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellLayoutTest {

    @Test
    void freePortsAreDistinctAndUsable() {
        List<Integer> ports = PortAllocator.freePorts(15);

        assertThat(ports).hasSize(15).doesNotHaveDuplicates().allMatch(p -> p > 0 && p < 65536);
        assertThat(PortAllocator.taken(ports)).isEmpty();
    }

    @Test
    void aLayoutWithFreePortsHasFiveReplicasAndThreeBorgletsInThreeRacks(@TempDir Path dir) {
        CellLayout layout = CellLayout.withFreePorts(dir, CellLayout.REPLICAS, CellLayout.BORGLETS);

        assertThat(layout.replicas()).extracting(PeerAddress::id).containsExactly("r1", "r2", "r3", "r4", "r5");
        assertThat(layout.ports()).as("raft, grpc, http and dns per replica, http per Borglet").hasSize(23)
                .doesNotHaveDuplicates();
        assertThat(layout.borglets()).extracting(CellLayout.BorgletSpec::id).containsExactly("m1", "m2", "m3");
        assertThat(layout.borglets()).extracting(CellLayout.BorgletSpec::rack).containsExactly("r1", "r2", "r3");
        assertThat(PeerAddress.parseList(layout.peers())).isEqualTo(layout.replicas());
        assertThat(layout.masters().split(",")).hasSize(5).allMatch(a -> a.startsWith("127.0.0.1:"));
    }

    @Test
    void basePortPutsGrpcRaftAndHttpInBlocksOfTen(@TempDir Path dir) {
        CellLayout layout = CellLayout.withBasePort(dir, 7100, 5, 3);

        assertThat(layout.replicas().getFirst()).isEqualTo(new PeerAddress("r1", "127.0.0.1", 7111, 7101, 7121));
        assertThat(layout.replicas().get(4)).isEqualTo(new PeerAddress("r5", "127.0.0.1", 7115, 7105, 7125));
        assertThat(layout.masters()).isEqualTo("127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103,127.0.0.1:7104,127.0.0.1:7105");
        assertThat(layout.dnsPorts()).containsExactly(7141, 7142, 7143, 7144, 7145);
        assertThat(layout.dnsAddress(layout.replicas().get(1))).isEqualTo("127.0.0.1:7142");
        assertThat(layout.borglets()).as("tasks' ports: a range of each Borglet's own on one host")
                .extracting(b -> b.taskPorts().toString()).containsExactly("20000-20999", "21000-21999", "22000-22999");
        assertThatThrownBy(() -> CellLayout.withBasePort(dir, 65491, 5, 3)).hasMessageContaining("--base-port must be between 1024 and 65490");
        assertThatThrownBy(() -> CellLayout.withBasePort(dir, 65530, 5, 3)).hasMessageContaining("--base-port must be between");
        assertThatThrownBy(() -> CellLayout.withBasePort(dir, 80, 5, 3)).hasMessageContaining("--base-port must be between");
    }

    @Test
    void filesGoUnderTheCellDirectory(@TempDir Path dir) {
        CellLayout layout = CellLayout.withBasePort(dir, 7100, 5, 3);

        assertThat(layout.dataDir(layout.replicas().getFirst())).isEqualTo(dir.resolve("r1"));
        assertThat(layout.workDir(layout.borglets().get(2))).isEqualTo(dir.resolve("m3"));
        assertThat(layout.log("r1")).isEqualTo(dir.resolve("logs/r1.log"));
        assertThat(layout.cellFile()).isEqualTo(dir.resolve("cell.json"));
    }

    @Test
    void theCellFileRecordsTheEndpointsAndGivesTheSameLayoutBack(@TempDir Path dir) throws Exception {
        CellLayout layout = CellLayout.withFreePorts(dir, 5, 3);
        layout.toCellFile(4242, 1_000, java.util.Optional.empty()).write(layout.cellFile());
        assertThat(CellFile.read(layout.cellFile()).clientTls()).as("an insecure cell's").isEmpty();
        TlsFiles admin = TlsFiles.in(layout.pkiDir(), Identity.admin("admin"));
        layout.toCellFile(4242, 1_000, java.util.Optional.of(admin)).write(layout.cellFile());

        CellFile file = CellFile.read(layout.cellFile());

        assertThat(file.pid()).isEqualTo(4242);
        assertThat(file.replicas().getFirst().http()).isEqualTo(layout.replicas().getFirst().httpUrl(true));
        assertThat(file.borglets().getFirst().http()).as("a TLS cell's Borglets").startsWith("https://");
        assertThat(layout.prometheusTargetsJson(true)).contains("\"job\": \"borglet\", \"__scheme__\": \"https\"");
        assertThat(layout.prometheusTargetsJson(false)).doesNotContain("__scheme__");
        assertThat(file.masters()).extracting(Object::toString).containsExactly(layout.masters().split(","));
        assertThat(file.borglets()).extracting(CellFile.BorgletEntry::rack).containsExactly("r1", "r2", "r3");
        assertThat(CellLayout.fromCellFile(dir, file, 5, 3)).contains(layout);
        assertThat(CellLayout.fromCellFile(dir, file, 3, 3)).isEmpty();
        assertThat(file.replicas().get(2).dns()).isEqualTo(layout.dnsAddress(layout.replicas().get(2)));
        CellFile beforeDns = new CellFile(file.pid(), file.startedMillis(), file.replicas().stream().map(r ->
                new CellFile.ReplicaEntry(r.id(), r.grpc(), r.raft(), r.http(), r.log(), null)).toList(), file.borglets());
        assertThat(CellLayout.fromCellFile(dir, beforeDns, 5, 3)).as("written before replicas served DNS").isEmpty();
        assertThat(file.clientTls()).as("what later borg commands call the cell with").contains(admin);
    }

    @Test
    void childProcessesRunThisJarWithSmallHeapsAndTheCellsAddresses(@TempDir Path dir) {
        CellLayout layout = CellLayout.withBasePort(dir, 7100, 5, 3);
        LocalCell cell = new LocalCell(layout, new LocalCell.Launcher(Path.of("/jdk/bin/java"), Path.of("/x/borg.jar")));

        List<String> master = cell.masterCommand(layout.replicas().get(1), 99);
        List<String> borglet = cell.borgletCommand(layout.borglets().get(2), 99);
        cell.close();

        assertThat(master).containsSubsequence("/jdk/bin/java", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-jar", "/x/borg.jar", "master",
                "--id", "r2", "--peers", layout.peers(), "--data-dir", dir.resolve("r2").toString(),
                "--heartbeat-interval", "1s", "--dns-port", "7142", "--parent-pid", "99", "--tls-dir", dir.resolve("pki").toString());
        assertThat(borglet).containsSubsequence("-jar", "/x/borg.jar", "borglet", "--id", "m3",
                "--masters", layout.masters(), "--work-dir", dir.resolve("m3").toString(),
                "--cpu", "2000m", "--ram", "2Gi", "--disk", "10Gi", "--attr", "rack=r3", "--heartbeat-interval", "1s");
        assertThat(borglet).endsWith("--tls-dir", dir.resolve("pki").toString());
        assertThat(new LocalCell(layout, new LocalCell.Launcher(Path.of("/jdk/bin/java"), Path.of("/x/borg.jar")),
                LocalCell.Options.defaults().insecurely()).masterCommand(layout.replicas().get(1), 99))
                .as("plaintext only when asked for").endsWith("--insecure");
        assertThat(borglet).as("three Borglets on one host: each its own uids").containsSubsequence("--task-uids", "220000-229999");
        assertThat(borglet).as("and its own ports").containsSubsequence("--port-range", "22000-22999");
        assertThat(layout.borglets()).extracting(b -> b.taskUids().toString())
                .containsExactly("200000-209999", "210000-219999", "220000-229999");
    }

    @Test
    void stoppingACellThatNeverStartedIsHarmless(@TempDir Path dir) {
        LocalCell cell = new LocalCell(CellLayout.withFreePorts(dir, 5, 3),
                new LocalCell.Launcher(Path.of("/jdk/bin/java"), Path.of("/x/borg.jar")));

        assertThat(cell.stop()).isEqualTo(new UpCell.Stopped(0, 0));
        assertThat(cell.stop()).isEqualTo(new UpCell.Stopped(0, 0));
    }
}
