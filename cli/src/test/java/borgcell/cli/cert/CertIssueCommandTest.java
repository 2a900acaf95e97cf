package borgcell.cli.cert;

import static borgcell.cli.BorgRun.borg;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.cli.BorgRun;
import borgcell.cli.ExitCodes;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import borgcell.trust.Role;
import borgcell.trust.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code borg cert issue}: certificates of the cell's CA, by admins only, where the CA's key is. */
class CertIssueCommandTest {

    private static BorgRun as(TlsFiles caller, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--cert", caller.certificate().toString(), "--key", caller.key().toString(),
                "--ca", caller.ca().toString()));
        return borg(all.toArray(String[]::new));
    }

    @Test
    void anAdminIssuesAUserAViewerAndAnotherAdminOfTheCellsCa(@TempDir Path dir) {
        CellCa ca = CellCa.loadOrCreate(dir.resolve("pki"));
        TlsFiles admin = ca.issue(Identity.admin("root"), List.of());

        BorgRun alice = as(admin, "cert", "issue", "alice");
        assertThat(alice.exitCode()).as(alice.err()).isZero();
        TlsFiles issued = TlsFiles.in(dir.resolve("pki"), Identity.user("alice"));
        assertThat(ca.holderOf(issued.certificate())).isEqualTo(Identity.user("alice"));
        assertThat(alice.out()).contains("issued user:alice, valid until ",
                "export BORG_CERT=" + issued.certificate() + " BORG_KEY=" + issued.key());

        assertThat(as(admin, "cert", "issue", "grafana", "--viewer").exitCode()).isZero();
        assertThat(ca.holderOf(dir.resolve("pki/viewer-grafana.crt"))).isEqualTo(new Identity(Role.VIEWER, "grafana"));
        assertThat(as(admin, "cert", "issue", "carol", "--admin").exitCode()).isZero();
        assertThat(ca.holderOf(dir.resolve("pki/admin-carol.crt"))).isEqualTo(Identity.admin("carol"));
    }

    @Test
    void aUserOrAnotherCasAdminIssuesNothing(@TempDir Path dir) throws Exception {
        CellCa ca = CellCa.loadOrCreate(dir.resolve("pki"));
        TlsFiles alice = ca.issue(Identity.user("alice"), List.of());
        BorgRun refused = as(alice, "cert", "issue", "mallory", "--admin");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err()).contains("issuing certificates needs the admin role", "names user:alice");
        assertThat(dir.resolve("pki/admin-mallory.crt")).doesNotExist();

        // An admin of another CA, pointed at this one's directory: its certificate is not this CA's.
        TlsFiles stranger = CellCa.loadOrCreate(dir.resolve("other")).issue(Identity.admin("mallory"), List.of());
        BorgRun foreign = as(stranger, "cert", "issue", "mallory", "--admin", "--pki", dir.resolve("pki").toString());
        assertThat(foreign.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(foreign.err()).contains("your certificate is not an admin's of this CA");
        assertThat(dir.resolve("pki/admin-mallory.crt")).doesNotExist();
    }

    @Test
    void aBadNameOrNoCaKeyIsAUsageError(@TempDir Path dir) throws Exception {
        CellCa ca = CellCa.loadOrCreate(dir.resolve("pki"));
        TlsFiles admin = ca.issue(Identity.admin("root"), List.of());
        BorgRun bad = as(admin, "cert", "issue", "../etc/passwd");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("identity name: must be 1-63 of");

        // The admin's files copied away from the CA: the key is not there.
        Path away = Files.createDirectories(dir.resolve("away"));
        for (Path f : List.of(admin.certificate(), admin.key(), admin.ca())) {
            Files.copy(f, away.resolve(f.getFileName()));
        }
        TlsFiles copied = new TlsFiles(away.resolve(admin.certificate().getFileName()),
                away.resolve(admin.key().getFileName()), away.resolve("ca.crt"));
        BorgRun noKey = as(copied, "cert", "issue", "bob");
        assertThat(noKey.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noKey.err()).contains("no readable CA key in " + away, "--pki");
        assertThat(as(copied, "cert", "issue", "bob", "--pki", dir.resolve("pki").toString()).exitCode()).isZero();
    }
}
