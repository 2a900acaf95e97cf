package borgcell.trust;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a peer whose certificate chains to the cell's CA (the delegate's check) and names an
 * identity of one role: a Raft peer must be a replica, so a user's or a machine's certificate
 * of the same cell cannot join the group or vote.
 */
final class PeerTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager chainToCa;
    private final Role required;

    PeerTrust(X509ExtendedTrustManager chainToCa, Role required) {
        this.chainToCa = chainToCa;
        this.required = required;
    }

    private void requireRole(X509Certificate[] chain) throws CertificateException {
        Identity who;
        try {
            who = Identity.of(chain[0]);
        } catch (Identity.UntrustedException e) {
            throw new CertificateException(e.getMessage());
        }
        if (who.role() != required) {
            throw new CertificateException(who + " is not a " + required.label() + " of the cell");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        chainToCa.checkClientTrusted(chain, authType, socket);
        requireRole(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        chainToCa.checkServerTrusted(chain, authType, socket);
        requireRole(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        chainToCa.checkClientTrusted(chain, authType, engine);
        requireRole(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        chainToCa.checkServerTrusted(chain, authType, engine);
        requireRole(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        chainToCa.checkClientTrusted(chain, authType);
        requireRole(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        chainToCa.checkServerTrusted(chain, authType);
        requireRole(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chainToCa.getAcceptedIssuers();
    }
}
