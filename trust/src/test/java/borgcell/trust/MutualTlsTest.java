package borgcell.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real gRPC over real TLS on loopback: who gets in, who the server says called, and renewal without a restart. */
class MutualTlsTest {
    private static final MethodDescriptor<String, String> WHO_AM_I = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Trust/WhoAmI")
            .setRequestMarshaller(new Utf8()).setResponseMarshaller(new Utf8()).build();

    @TempDir Path dir;
    private CellCa ca;
    private Server server;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        ca = CellCa.loadOrCreate(dir.resolve("pki"));
        MutualTls tls = open(ca.issue(Identity.replica("r1"), List.of("127.0.0.1", "localhost")), Duration.ofMillis(200));
        ServerServiceDefinition service = ServerServiceDefinition.builder("test.Trust")
                .addMethod(WHO_AM_I, ServerCalls.asyncUnaryCall((request, out) -> {
                    out.onNext(Callers.current().map(Identity::toString).orElse("nobody"));
                    out.onCompleted();
                })).build();
        server = Grpc.newServerBuilderForPort(0, tls.server()).addService(ServerInterceptors.intercept(service, new Callers()))
                .build().start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void aCallerWithTheCellsCertificateIsKnownByIt() {
        assertThat(call("127.0.0.1", open(ca.issue(Identity.user("alice"), List.of()), Duration.ofSeconds(10)).client()))
                .isEqualTo("user:alice");
        assertThat(call("localhost", open(ca.issue(Identity.machine("m7"), List.of()), Duration.ofSeconds(10)).client()))
                .isEqualTo("machine:m7");
    }

    @Test
    void strangersExpiredCertificatesAndPlaintextAreTurnedAway() {
        CellCa other = CellCa.loadOrCreate(dir.resolve("other-pki"));
        TlsFiles stranger = other.issue(Identity.admin("mallory"), List.of());
        // The stranger trusts our CA, so only our server's refusal of its certificate can stop it.
        TlsFiles strangerTrustingUs = new TlsFiles(stranger.certificate(), stranger.key(), ca.certificateFile());
        assertRefused(() -> call("127.0.0.1", open(strangerTrustingUs, Duration.ofSeconds(10)).client()));

        Instant now = Instant.now();
        TlsFiles expired = ca.issue(Identity.user("old"), List.of(), now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        assertRefused(() -> call("127.0.0.1", open(expired, Duration.ofSeconds(10)).client()));

        assertRefused(() -> call("127.0.0.1", InsecureChannelCredentials.create()));

        // A client that trusts another CA will not talk to our server either.
        assertRefused(() -> call("127.0.0.1", open(other.issue(Identity.user("eve"), List.of()), Duration.ofSeconds(10)).client()));
    }

    @Test
    void aServerIsCheckedAgainstTheAddressDialled() {
        MutualTls alice = open(ca.issue(Identity.user("alice"), List.of()), Duration.ofSeconds(10));
        // The server's certificate names 127.0.0.1 and localhost; 127.0.0.2 reaches it but is not it.
        assertRefused(() -> call("127.0.0.2", alice.client()));
    }

    @Test
    void aRenewedServerCertificateIsPresentedWithoutARestart() {
        TlsFiles alice = ca.issue(Identity.user("alice"), List.of());
        // A client of its own per look: one client would resume its TLS session, and a resumed
        // session carries the certificate of the handshake it resumes.
        String before = serverSerial(open(alice, Duration.ofSeconds(10)).client());

        ca.issue(Identity.replica("r1"), List.of("127.0.0.1", "localhost")); // renewal: same files, new certificate

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> !serverSerial(open(alice, Duration.ofSeconds(10)).client()).equals(before));
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsNotTakenUpAndTheServerGoesOnWithTheLastPair() throws Exception {
        TlsFiles r1 = new TlsFiles(dir.resolve("pki/replica-r1.crt"), dir.resolve("pki/replica-r1.key"), ca.certificateFile());
        TlsFiles other = ca.issue(Identity.replica("r9"), List.of());
        java.nio.file.Files.copy(other.key(), r1.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Thread.sleep(600); // three reload periods

        assertThat(call("127.0.0.1", open(ca.issue(Identity.user("alice"), List.of()), Duration.ofSeconds(10)).client()))
                .isEqualTo("user:alice");
        assertThatThrownBy(() -> MutualTls.of(r1, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replica-r1.key is not the key of").hasMessageContaining("replica-r1.crt");
        assertThatThrownBy(() -> MutualTls.of(new TlsFiles(dir.resolve("none.crt"), r1.key(), r1.ca()), Duration.ofSeconds(1)))
                .hasMessageContaining("none.crt");
    }

    @Test
    void aCallWithoutAClientCertificateNamesWhatIsMissing() {
        assertThatThrownBy(() -> Callers.identify(null)).isInstanceOf(Identity.UntrustedException.class)
                .hasMessage("no TLS session: this port takes mutual TLS only");
    }

    private void assertRefused(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED));
    }

    private MutualTls open(TlsFiles files, Duration reload) {
        MutualTls tls = MutualTls.of(files, reload);
        closing.add(tls);
        return tls;
    }

    private String call(String host, ChannelCredentials credentials) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(host, server.getPort(), credentials).build();
        try {
            return ClientCalls.blockingUnaryCall(channel, WHO_AM_I, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "");
        } finally {
            channel.shutdownNow();
        }
    }

    /** The serial of the certificate the server presents to a new connection. */
    private String serverSerial(ChannelCredentials credentials) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), credentials).build();
        AtomicReference<String> serial = new AtomicReference<>();
        ClientInterceptor capture = new ClientInterceptor() {
            @Override
            public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
                ClientCall<Q, A> call = next.newCall(method, options);
                return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
                    @Override
                    public void start(Listener<A> listener, Metadata headers) {
                        super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                            @Override
                            public void onHeaders(Metadata received) {
                                serial.set(serialOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
                                super.onHeaders(received);
                            }
                        }, headers);
                    }
                };
            }
        };
        try {
            ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel, capture), WHO_AM_I,
                    CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "");
            return serial.get();
        } finally {
            channel.shutdownNow();
        }
    }

    private static String serialOf(SSLSession session) {
        try {
            return ((X509Certificate) session.getPeerCertificates()[0]).getSerialNumber().toString(16);
        } catch (SSLPeerUnverifiedException e) {
            return "unverified";
        }
    }

    private static final class Utf8 implements MethodDescriptor.Marshaller<String> {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
