package borgcell.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cell's certificate authority: one key pair and a self-signed certificate in a directory
 * ({@code ca.crt}, {@code ca.key}), made on first start, and the certificates it issues to
 * replicas, Borglets and people, each naming an {@link Identity} and, for servers, the
 * addresses they are reached at. Keys are ECDSA P-256; certificates serve as both TLS server
 * and client, since every link is mutual.
 */
public final class CellCa {
    /** Issued certificates: long enough not to expire under a running cell, short enough to matter. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
    /** {@link #ensure} renews a certificate with less than this left. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);
    static final String CA_CERT = "ca.crt";
    static final String CA_KEY = "ca.key";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Pattern IP = Pattern.compile("[0-9.]+|[0-9a-fA-F:]+:[0-9a-fA-F:.]*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private CellCa(Path dir, X509Certificate certificate, PrivateKey key) {
        this.dir = dir;
        this.certificate = certificate;
        this.key = key;
    }

    /** The CA in {@code dir}, made there first when the directory holds none. */
    public static CellCa loadOrCreate(Path dir) {
        return Files.exists(dir.resolve(CA_CERT)) ? load(dir) : create(dir, Instant.now());
    }

    /** The CA whose files are in {@code dir}. */
    public static CellCa load(Path dir) {
        X509Certificate cert = Pem.readCertificate(dir.resolve(CA_CERT));
        PrivateKey key = Pem.readPrivateKey(dir.resolve(CA_KEY));
        return new CellCa(dir, cert, key);
    }

    static CellCa create(Path dir, Instant now) {
        KeyPair pair = newKeyPair();
        X500Name subject = new X500Name("O=" + Identity.ORGANIZATION + ",CN=borg cell CA " + Long.toHexString(RANDOM.nextLong()));
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(builder, pair.getPrivate());
            Files.createDirectories(dir);
            Pem.writePrivateKey(dir.resolve(CA_KEY), pair.getPrivate());
            Pem.writeCertificate(dir.resolve(CA_CERT), cert);
            return new CellCa(dir, cert, pair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cell's CA to " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the cell's CA: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Where {@code ca.crt} is: what every party trusts. */
    public Path certificateFile() {
        return dir.resolve(CA_CERT);
    }

    /**
     * Who holds the certificate in {@code file}, if this CA issued it and it is valid now.
     *
     * @throws IllegalArgumentException naming the file and why it is not one of this CA's
     */
    public Identity holderOf(Path file) {
        X509Certificate held = Pem.readCertificate(file);
        try {
            held.verify(certificate.getPublicKey());
            held.checkValidity();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not a valid certificate of the CA in " + dir + ": "
                    + e.getMessage());
        }
        return Identity.of(held);
    }

    /** Issues a certificate valid from now for {@link #DEFAULT_VALIDITY}. */
    public TlsFiles issue(Identity who, List<String> addresses) {
        Instant now = Instant.now();
        return issue(who, addresses, now.minusSeconds(60), now.plus(DEFAULT_VALIDITY));
    }

    /**
     * {@code who}'s files in this CA's directory, issued anew only when there are none, when they
     * are not this CA's (the CA was made again), when they name other addresses, or when less
     * than {@link #RENEW_BEFORE} of their validity is left: what a cell does at each start.
     */
    public TlsFiles ensure(Identity who, List<String> addresses) {
        TlsFiles files = TlsFiles.in(dir, who);
        if (Files.isRegularFile(files.certificate()) && Files.isRegularFile(files.key())) {
            try {
                X509Certificate held = Pem.readCertificate(files.certificate());
                held.verify(certificate.getPublicKey());
                boolean fresh = held.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
                if (fresh && Identity.of(held).equals(who) && sameAddresses(held, addresses)
                        && Pem.matches(Pem.readPrivateKey(files.key()), held)) {
                    return files;
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // Unreadable, another CA's, or not this holder's: issued again below.
            }
        }
        return issue(who, addresses);
    }

    private static boolean sameAddresses(X509Certificate held, List<String> addresses) throws GeneralSecurityException {
        java.util.Collection<List<?>> names = held.getSubjectAlternativeNames();
        java.util.Set<String> heldNames = new java.util.HashSet<>();
        if (names != null) {
            names.forEach(n -> heldNames.add(String.valueOf(n.get(1))));
        }
        return heldNames.equals(new java.util.HashSet<>(addresses));
    }

    /**
     * Issues {@code who} a certificate and key, written as {@code <role>-<name>.crt} and
     * {@code .key} beside the CA's (replacing any earlier ones, atomically: a holder that reloads
     * its files sees the old pair or the new one). A renewal is just issuing again.
     *
     * @param addresses host names and IP addresses the holder serves at (its certificate's
     *     subject alternative names); empty for a pure client
     */
    public TlsFiles issue(Identity who, List<String> addresses, Instant notBefore, Instant notAfter) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("a certificate must end after it starts: " + notBefore + " .. " + notAfter);
        }
        KeyPair pair = newKeyPair();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(notBefore),
                    Date.from(notAfter), who.subject(), pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate));
            if (!addresses.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(addresses));
            }
            X509Certificate cert = sign(builder, key);
            TlsFiles files = TlsFiles.in(dir, who);
            // Key first, certificate last: the certificate's change is what a reloading holder acts on.
            Pem.writePrivateKey(files.key(), pair.getPrivate());
            Pem.writeCertificate(files.certificate(), cert);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + who + "'s certificate to " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue " + who + " a certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralNames alternativeNames(List<String> addresses) {
        List<GeneralName> names = new ArrayList<>();
        for (String address : addresses) {
            if (IP.matcher(address).matches()) {
                try {
                    InetAddress.ofLiteral(address);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("address \"" + address + "\" is neither a host name nor an IP address");
                }
                names.add(new GeneralName(GeneralName.iPAddress, address));
            } else {
                names.add(new GeneralName(GeneralName.dNSName, address));
            }
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make P-256 keys", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
