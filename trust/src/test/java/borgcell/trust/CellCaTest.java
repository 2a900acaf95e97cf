package borgcell.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellCaTest {
    @TempDir Path dir;

    @Test
    void theCaIsMadeOnceAndItsCertificatesNameTheirHolderAndAddresses() throws Exception {
        CellCa ca = CellCa.loadOrCreate(dir);
        TlsFiles replica = ca.issue(Identity.replica("r1"), List.of("127.0.0.1", "replica-1.borg.svc"));

        X509Certificate cert = Pem.readCertificate(replica.certificate());
        cert.verify(ca.certificate().getPublicKey());
        assertThat(replica.identity()).isEqualTo(Identity.replica("r1"));
        assertThat(replica.identity()).hasToString("replica:r1");
        assertThat(cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
                .containsExactly("127.0.0.1", "replica-1.borg.svc");
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(Files.getPosixFilePermissions(replica.key())).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(dir.resolve(CellCa.CA_KEY))).doesNotContain(PosixFilePermission.OTHERS_READ);

        CellCa again = CellCa.loadOrCreate(dir);
        assertThat(again.certificate()).as("loaded, not made anew").isEqualTo(ca.certificate());
        Pem.readCertificate(again.issue(Identity.user("alice"), List.of()).certificate()).verify(ca.certificate().getPublicKey());
    }

    @Test
    void ensureKeepsAGoodCertificateAndIssuesAgainOnlyWhatIsMissingStaleOrAnotherCas() throws Exception {
        CellCa ca = CellCa.loadOrCreate(dir);
        TlsFiles first = ca.ensure(Identity.replica("r1"), List.of("127.0.0.1"));
        X509Certificate issued = Pem.readCertificate(first.certificate());

        assertThat(Pem.readCertificate(ca.ensure(Identity.replica("r1"), List.of("127.0.0.1")).certificate()))
                .as("kept").isEqualTo(issued);
        assertThat(Pem.readCertificate(ca.ensure(Identity.replica("r1"), List.of("127.0.0.2")).certificate()))
                .as("other addresses: issued again").isNotEqualTo(issued);

        Instant now = Instant.now();
        ca.issue(Identity.machine("m1"), List.of(), now.minusSeconds(60), now.plus(CellCa.RENEW_BEFORE.minusDays(1)));
        X509Certificate renewed = Pem.readCertificate(ca.ensure(Identity.machine("m1"), List.of()).certificate());
        assertThat(renewed.getNotAfter().toInstant()).as("near its end: renewed").isAfter(now.plus(CellCa.RENEW_BEFORE));

        TlsFiles admin = ca.ensure(Identity.admin("admin"), List.of());
        Path other = dir.resolve("other");
        CellCa stranger = CellCa.loadOrCreate(other);
        Files.copy(stranger.issue(Identity.admin("admin"), List.of()).certificate(), admin.certificate(),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Pem.readCertificate(ca.ensure(Identity.admin("admin"), List.of()).certificate())
                .verify(ca.certificate().getPublicKey()); // another CA's, or not its key's: issued again
    }

    @Test
    void namesAndAddressesThatCannotBeWrittenAreRefused() {
        CellCa ca = CellCa.loadOrCreate(dir);

        assertThatThrownBy(() -> Identity.user("")).hasMessageContaining("identity name: must be 1-63");
        assertThatThrownBy(() -> Identity.user("a,OU=admin")).hasMessageContaining("(got \"a,OU=admin\")");
        assertThatThrownBy(() -> Identity.user("../../etc")).hasMessageContaining("identity name");
        assertThatThrownBy(() -> ca.issue(Identity.user("bob"), List.of("300.1.2.3")))
                .hasMessage("address \"300.1.2.3\" is neither a host name nor an IP address");
        Instant now = Instant.now();
        assertThatThrownBy(() -> ca.issue(Identity.user("bob"), List.of(), now, now)).hasMessageContaining("must end after it starts");
    }

    @Test
    void aCertificateOutsideTheCellsNamingIsNoIdentity() throws Exception {
        // Another CA's certificate with the right shape still names an identity: the handshake is what
        // refuses a stranger's CA. Here: subjects the cell never writes.
        CellCa ca = CellCa.loadOrCreate(dir);
        assertThatThrownBy(() -> Identity.of(ca.certificate())).isInstanceOf(Identity.UntrustedException.class)
                .hasMessageContaining("is not one of this cell's (O=borg-cell, OU=role, CN=name)");
    }

    @Test
    void aFileThatIsNotPemSaysWhichFile() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.crt"), "not a certificate");
        assertThatThrownBy(() -> Pem.readCertificate(junk)).hasMessageContaining("junk.crt");
        assertThatThrownBy(() -> CellCa.load(dir.resolve("missing"))).hasMessageContaining("missing");
    }
}
