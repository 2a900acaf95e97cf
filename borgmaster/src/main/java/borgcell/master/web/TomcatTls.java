package borgcell.master.web;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;

/**
 * Hands Tomcat a TLS context made elsewhere, from the replica's {@code MutualTls}: HTTPS then
 * serves the same certificate as gRPC and Raft, renewed by the same reload, and trusts the same
 * CA. Tomcat would otherwise read key stores itself and keep what it read until a restart.
 */
final class TomcatTls implements org.apache.tomcat.util.net.SSLContext {
    private final SSLContext context;
    private final X509KeyManager keys;

    TomcatTls(SSLContext context, X509KeyManager keys) {
        this.context = context;
        this.keys = keys;
    }

    /** The context comes made; Tomcat's key and trust managers, made from no files, are not wanted. */
    @Override
    public void init(KeyManager[] kms, TrustManager[] tms, SecureRandom sr) {}

    @Override
    public void destroy() {}

    @Override
    public SSLSessionContext getServerSessionContext() {
        return context.getServerSessionContext();
    }

    @Override
    public SSLEngine createSSLEngine() {
        return context.createSSLEngine();
    }

    @Override
    public SSLServerSocketFactory getServerSocketFactory() {
        return context.getServerSocketFactory();
    }

    @Override
    public SSLParameters getSupportedSSLParameters() {
        return context.getSupportedSSLParameters();
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return keys.getCertificateChain(alias);
    }

    /** Only reported by Tomcat: the handshake asks the context's own trust manager, which knows the CA. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
