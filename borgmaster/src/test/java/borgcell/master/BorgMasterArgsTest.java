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

    /** A pod listens on every address (its peer address resolves to its IP alone); a local cell at its own. */
    @Test
    void aReplicaListensAtItsPeerAddressUnlessToldABindHost() {
        String[] args = {"--borg.replica.id=r1", "--borg.replica.peers=r1@borg-0.peers.ns.svc:7111:7101:7121",
            "--borg.replica.data-dir=" + pki};
        assertThat(BorgMasterApplication.config(args, java.util.Map.of()).listenHost()).isEqualTo("borg-0.peers.ns.svc");
        assertThat(BorgMasterApplication.config(args, java.util.Map.of(BorgMasterApplication.BIND_HOST_VARIABLE, "0.0.0.0"))
                .listenHost()).isEqualTo("0.0.0.0");
        String[] told = java.util.Arrays.copyOf(args, args.length + 1);
        told[args.length] = "--borg.replica.bind-host=127.0.0.2";
        assertThat(BorgMasterApplication.config(told, java.util.Map.of(BorgMasterApplication.BIND_HOST_VARIABLE, "0.0.0.0"))
                .listenHost()).isEqualTo("127.0.0.2");
    }

    @Test
    void aReplicaNamesItsCellAndServesDnsOnlyWhenGivenAPort() {
        assertThat(BorgMasterApplication.settings(new String[0]).names())
                .isEqualTo(new borgcell.master.names.NameSettings("local", 0));
        assertThat(BorgMasterApplication.settings(new String[] {"--borg.cell-name=prod", "--borg.dns-port=5353"}).names())
                .isEqualTo(new borgcell.master.names.NameSettings("prod", 5353));
        assertThatThrownBy(() -> BorgMasterApplication.settings(new String[] {"--borg.cell-name=Prod.Cell"}))
                .hasMessageContaining("cell name \"Prod.Cell\" must be a DNS label");
        assertThatThrownBy(() -> BorgMasterApplication.settings(new String[] {"--borg.dns-port=70000"}))
                .hasMessageContaining("DNS port 70000 is not between 0 (no DNS server) and 65535");
    }
}
