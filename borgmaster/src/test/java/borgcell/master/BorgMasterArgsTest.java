package borgcell.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spring arguments a replica reads before Spring starts: here, where its TLS files are. */
class BorgMasterArgsTest {
    @TempDir Path pki;

    @Test
    void aReplicaIsPlaintextOnlyWhenToldInsecureAndWithAPkiDirectoryItUsesItsOwnFiles() {
        assertThat(BorgMasterApplication.tls(new String[] {"--borg.replica.id=r1", "--borg.insecure=true"}, "r1")).isEmpty();
        assertThatThrownBy(() -> BorgMasterApplication.tls(new String[] {"--borg.replica.id=r1"}, "r1"))
                .hasMessage("give exactly one of --borg.tls-dir=DIR (mutual TLS) and --borg.insecure=true (plaintext, no caller checked)");
        assertThatThrownBy(() -> BorgMasterApplication.tls(new String[] {"--borg.tls-dir=" + pki, "--borg.insecure=true"}, "r1"))
                .hasMessageStartingWith("give exactly one of");

        String[] args = {"--" + BorgMasterApplication.TLS_DIR + "=" + pki};
        assertThatThrownBy(() -> BorgMasterApplication.tls(args, "r2"))
                .hasMessage(pki.resolve("replica-r2.crt") + ": no such readable file");

        CellCa.loadOrCreate(pki).issue(Identity.replica("r2"), List.of("127.0.0.1"));
        assertThat(BorgMasterApplication.tls(args, "r2")).hasValueSatisfying(files -> {
            assertThat(files.certificate()).isEqualTo(pki.resolve("replica-r2.crt"));
            assertThat(files.identity()).isEqualTo(Identity.replica("r2"));
        });
    }
}
