package borgcell.borglet.http;

import borgcell.trust.AccessPolicy;
import borgcell.trust.Action;
import borgcell.trust.Identity;
import borgcell.trust.Role;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Who may read what a Borglet serves over HTTPS: its metrics, whoever may read the cell (a
 * viewer's certificate, as Prometheus has); its tasks' logs, the cell's replicas (which check,
 * before they ask, that their own caller may read that job's logs) and admins. A Borglet
 * cannot tell whose a task is, so no user reads logs here directly. Over plain HTTP (a cell
 * started {@code --insecure}) nothing is checked.
 */
final class MachineHttpAccess {
    /** A refusal: the HTTP status (401 or 403) and what was missing. */
    record Refusal(int status, String reason) {}

    private MachineHttpAccess() {}

    static Optional<Refusal> metrics(HttpExchange exchange) {
        return check(exchange, who -> AccessPolicy.refusal(who, Action.READ_CELL));
    }

    static Optional<Refusal> logs(HttpExchange exchange) {
        return check(exchange, who -> who.role() == Role.REPLICA || AccessPolicy.actsForAnyone(who) ? Optional.empty()
                : Optional.of(who + " may not read task logs on a machine: they are served to the cell's replicas, which"
                        + " check whose they are, and to admins (ask a replica: borg job logs)"));
    }

    private static Optional<Refusal> check(HttpExchange exchange,
                                           java.util.function.Function<Identity, Optional<String>> rule) {
        if (!(exchange instanceof HttpsExchange https)) {
            return Optional.empty();
        }
        Identity who;
        try {
            Certificate[] chain = https.getSSLSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
                return Optional.of(new Refusal(401, "no client certificate of the cell: every caller needs one"));
            }
            who = Identity.of(certificate);
        } catch (SSLPeerUnverifiedException e) {
            return Optional.of(new Refusal(401, "no client certificate of the cell: every caller needs one"));
        } catch (Identity.UntrustedException e) {
            return Optional.of(new Refusal(401, e.getMessage()));
        }
        return rule.apply(who).map(reason -> new Refusal(403, reason));
    }
}
