package borgcell.trust;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gRPC credentials for one holder of {@link TlsFiles}: a server that requires a client
 * certificate of the cell's CA, and a client that presents its own and checks the server's
 * against the CA and the address it dialled. The files are read again every {@code reloadEvery},
 * so a renewed certificate (or CA) is taken up without a restart; connections made after that
 * present the new one.
 */
public final class MutualTls implements AutoCloseable {
    /** How often a daemon rereads its files: a renewal is in use within this, at the cost of three file stats. */
    public static final Duration RELOAD_EVERY = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(MutualTls.class);
    /** One daemon thread rereads every holder's files in this JVM: a few small reads per period. */
    private static final ScheduledExecutorService RELOADS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tls-reload");
        t.setDaemon(true);
        return t;
    });

    private final TlsFiles files;
    private final AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
    private final AdvancedTlsX509TrustManager trustPeers;
    private final AdvancedTlsX509TrustManager trustServers;
    private final ScheduledFuture<?> reloads;
    // Guarded by this: what the files were when last read.
    private FileTime certificateTime;
    private FileTime keyTime;
    private FileTime caTime;
    private String lastWarning; // the reload thread's alone

    private MutualTls(TlsFiles files, Duration reloadEvery) throws IOException, GeneralSecurityException {
        this.files = files;
        // Clients are anywhere and dial no name of ours: their certificate chaining to the CA is the test.
        trustPeers = AdvancedTlsX509TrustManager.newBuilder()
                .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION).build();
        // A server must also be the one dialled: its certificate names the address.
        trustServers = AdvancedTlsX509TrustManager.newBuilder()
                .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION).build();
        reload();
        if (reloadEvery == null) {
            reloads = null;
        } else {
            long period = Math.max(1, reloadEvery.toMillis());
            reloads = RELOADS.scheduleWithFixedDelay(this::reloadQuietly, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** Reads whichever files changed since the last read; a key that does not match its certificate is not taken. */
    private synchronized void reload() throws IOException, GeneralSecurityException {
        FileTime certificateNow = Files.getLastModifiedTime(files.certificate());
        FileTime keyNow = Files.getLastModifiedTime(files.key());
        FileTime caNow = Files.getLastModifiedTime(files.ca());
        if (!certificateNow.equals(certificateTime) || !keyNow.equals(keyTime)) {
            X509Certificate certificate = Pem.readCertificate(files.certificate());
            PrivateKey key = Pem.readPrivateKey(files.key());
            if (!Pem.matches(key, certificate)) {
                // Caught between the writes of a renewal: the next look finds both new.
                throw new GeneralSecurityException(files.key() + " is not the key of " + files.certificate());
            }
            keys.updateIdentityCredentials(new X509Certificate[] {certificate}, key);
            certificateTime = certificateNow;
            keyTime = keyNow;
        }
        if (!caNow.equals(caTime)) {
            X509Certificate[] ca = {Pem.readCertificate(files.ca())};
            trustPeers.updateTrustCredentials(ca);
            trustServers.updateTrustCredentials(ca);
            caTime = caNow;
        }
    }

    private void reloadQuietly() {
        try {
            reload();
            lastWarning = null;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (!String.valueOf(e.getMessage()).equals(lastWarning)) { // once, not every period
                log.warn("TLS files not reloaded, keeping the last ones: {}", e.getMessage());
                lastWarning = String.valueOf(e.getMessage());
            }
        }
    }

    /**
     * Credentials from {@code files}, reread every {@code reloadEvery}.
     *
     * @throws IllegalArgumentException naming the file when one is missing or unreadable
     */
    public static MutualTls of(TlsFiles files, Duration reloadEvery) {
        try {
            return new MutualTls(files, reloadEvery);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS files " + files.certificate() + ", " + files.key() + ", "
                    + files.ca() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Client credentials read once: for a command that lives seconds, not a daemon.
     *
     * @throws IllegalArgumentException naming the file when one is missing, unreadable or not its pair's
     */
    public static ChannelCredentials clientOnce(TlsFiles files) {
        return of(files, null).client();
    }

    /** For a server: its certificate, and a client certificate of the cell's CA required of every caller. */
    public ServerCredentials server() {
        return TlsServerCredentials.newBuilder().keyManager(keys).trustManager(trustPeers)
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build();
    }

    /** For a client: its certificate, and the server's checked against the CA and the address dialled. */
    public ChannelCredentials client() {
        return TlsChannelCredentials.newBuilder().keyManager(keys).trustManager(trustServers).build();
    }

    /**
     * For an HTTPS client ({@code java.net.http}): its certificate, and the server's checked
     * against the CA and the address dialled, as {@link #client()} does for gRPC.
     */
    public SSLContext https() {
        return context(new KeyManager[] {keys}, trustServers);
    }

    /**
     * For an HTTPS server (Tomcat's): its certificate, and a client's, when it shows one, checked
     * against the CA. Whether a client must show one is the server's to configure.
     */
    public SSLContext httpsServer() {
        return context(new KeyManager[] {keys}, trustPeers);
    }

    /**
     * For an HTTPS client without a certificate of its own, checking the server's against the
     * CA in {@code caCertificate}: what a browser or a probe is before it is given one.
     */
    public static SSLContext httpsWithoutCertificate(Path caCertificate) {
        AdvancedTlsX509TrustManager trust;
        try {
            trust = AdvancedTlsX509TrustManager.newBuilder()
                    .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION).build();
            trust.updateTrustCredentials(new X509Certificate[] {Pem.readCertificate(caCertificate)});
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the CA certificate " + caCertificate + ": " + e.getMessage(), e);
        }
        return context(null, trust);
    }

    private static SSLContext context(KeyManager[] keys, TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM: " + e.getMessage(), e);
        }
    }

    /** HTTPS client credentials read once: for a command that lives seconds, not a daemon. */
    public static SSLContext httpsOnce(TlsFiles files) {
        return of(files, null).https();
    }

    /** This holder's certificate and key, as the files last read: for a TLS stack other than grpc-java's (Ratis'). */
    public X509ExtendedKeyManager keyManager() {
        return keys;
    }

    /**
     * Trusts only peers of one role with a certificate of the cell's CA (reread as the files
     * are), on both sides of a connection: for links among equals, such as Raft's among replicas.
     */
    public X509ExtendedTrustManager peersOf(Role role) {
        return new PeerTrust(trustPeers, role);
    }

    /** Stops rereading the files; credentials handed out keep the material last read. */
    @Override
    public void close() {
        if (reloads != null) {
            reloads.cancel(false);
        }
    }
}
