package borgcell.cli.cert;

import static borgcell.cli.BorgRun.borg;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.cli.BorgRun;
import borgcell.cli.ExitCodes;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import borgcell.trust.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart's own tests (helm/) check these files against the rendered chart; here, the command's rules. */
class CertHelmCommandTest {

    @Test
    void makesTheCaOnceAndReusesItWhenNodesJoin(@TempDir Path dir) throws Exception {
        Path pki = dir.resolve("pki");
        BorgRun first = borg("cert", "helm", "--out", pki.toString(), "--replicas", "3", "--node", "n1");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("issued 3 replica, 1 machine").contains("kubectl -n default apply -f");
        byte[] ca = Files.readAllBytes(pki.resolve("ca.crt"));

        BorgRun again = borg("cert", "helm", "--out", pki.toString(), "--replicas", "3", "--node", "n1", "--node", "n2");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Files.readAllBytes(pki.resolve("ca.crt"))).as("the same CA").isEqualTo(ca);
        CellCa cellCa = CellCa.load(pki);
        assertThat(cellCa.holderOf(TlsFiles.in(pki, Identity.machine("n2")).certificate())).isEqualTo(Identity.machine("n2"));
        assertThat(cellCa.holderOf(TlsFiles.in(pki, Identity.replica("borg-2")).certificate())).isEqualTo(Identity.replica("borg-2"));
        assertThat(Files.readString(pki.resolve("secrets.yaml"))).contains("name: \"borg-replica-tls\"")
                .contains("replica-borg-2.key").contains("machine-n2.crt").contains("name: \"borg-prometheus-tls\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve("secrets.yaml"))))
                .as("the Secrets hold keys").isEqualTo("rw-------");
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOption(@TempDir Path dir) {
        BorgRun even = borg("cert", "helm", "--out", dir.toString(), "--replicas", "4");
        assertThat(even.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(even.err()).isEqualTo("borg: --replicas must be 1, 3, 5 or 7 (got 4)\n");

        BorgRun node = borg("cert", "helm", "--out", dir.toString(), "--node", "a/b");
        assertThat(node.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(node.err()).startsWith("borg: --node \"a/b\": identity name");

        BorgRun days = borg("cert", "helm", "--out", dir.toString(), "--days", "0");
        assertThat(days.err()).isEqualTo("borg: --days must be 1-3650 (got 0)\n");
    }
}
