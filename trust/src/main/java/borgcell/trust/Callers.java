package borgcell.trust;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Makes every gRPC call's caller an {@link Identity}: the one its client certificate names
 * (the handshake has already checked that the cell's CA issued it). A call without one is
 * refused UNAUTHENTICATED, saying what was missing; a served call finds its caller with
 * {@link #current()}.
 */
public final class Callers implements ServerInterceptor {
    private static final Context.Key<Identity> CALLER = Context.key("borg-caller");

    /** The identity of the call being served on this thread, if the server knows callers. */
    public static Optional<Identity> current() {
        return Optional.ofNullable(CALLER.get());
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        Identity caller;
        try {
            caller = identify(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        } catch (Identity.UntrustedException e) {
            call.close(Status.UNAUTHENTICATED.withDescription(e.getMessage()), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }

    /** The identity a TLS session's client certificate names. */
    static Identity identify(SSLSession session) {
        if (session == null) {
            throw new Identity.UntrustedException("no TLS session: this port takes mutual TLS only");
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new Identity.UntrustedException("no client certificate: every caller needs one of the cell's");
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
            throw new Identity.UntrustedException("no client certificate: every caller needs one of the cell's");
        }
        return Identity.of(certificate);
    }
}
