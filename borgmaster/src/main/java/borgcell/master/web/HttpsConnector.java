package borgcell.master.web;

import borgcell.master.Replica;
import borgcell.trust.MutualTls;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * HTTPS for REST, the UI and Actuator on a replica of mutual TLS, with the material its gRPC
 * and Raft use ({@link TomcatTls}). A client certificate is asked for but not required: a
 * browser without one still gets the UI's page, which says what it lacks, and a probe gets
 * {@code /actuator/health}; everything else needs a caller ({@link HttpCallers}). One that is
 * shown must chain to the cell's CA, or the handshake fails.
 */
@Component
class HttpsConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
    private final Replica replica;

    HttpsConnector(Replica replica) {
        this.replica = replica;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        replica.tls().ifPresent(tls -> factory.addConnectorCustomizers(connector -> {
            AbstractHttp11Protocol<?> protocol = (AbstractHttp11Protocol<?>) connector.getProtocolHandler();
            connector.setScheme("https");
            connector.setSecure(true);
            protocol.setSSLEnabled(true);
            protocol.addSslHostConfig(hostConfig(protocol.getDefaultSSLHostConfigName(), tls));
        }));
    }

    private static SSLHostConfig hostConfig(String hostName, MutualTls tls) {
        SSLHostConfig host = new SSLHostConfig();
        host.setHostName(hostName);
        host.setCertificateVerification("optional");
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setSslContext(new TomcatTls(tls.httpsServer(), tls.keyManager()));
        host.addCertificate(certificate);
        return host;
    }
}
