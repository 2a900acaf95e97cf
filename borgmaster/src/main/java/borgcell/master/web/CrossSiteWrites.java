package borgcell.master.web;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses a write a browser sends on another site's behalf (cross-site request forgery). A
 * browser that holds a client certificate of the cell presents it to any page's request, so
 * a form on another site could otherwise drain a machine with the operator's authority.
 *
 * <p>Browsers say where a request comes from: {@code Sec-Fetch-Site} (all current ones) or
 * else {@code Origin}; a write from anywhere but this replica's own pages is refused. A
 * client that is not a browser (curl, the fault campaign) sends neither and is not affected:
 * it acts only as its user tells it. No token to hand around, no state: the same idea as Go's
 * {@code http.CrossOriginProtection}.
 */
final class CrossSiteWrites {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

    private CrossSiteWrites() {}

    /**
     * Why this request is refused; empty when it is not a write or comes from this replica's
     * own pages (or from no browser).
     *
     * @param secFetchSite the request's {@code Sec-Fetch-Site} header, or null
     * @param origin its {@code Origin} header, or null
     * @param host its {@code Host} header ({@code 127.0.0.1:8443}), or null
     */
    static Optional<String> refusal(String method, String secFetchSite, String origin, String host) {
        if (SAFE.contains(method.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if (secFetchSite != null) {
            return OWN_SITE.contains(secFetchSite.toLowerCase(Locale.ROOT)) ? Optional.empty()
                    : Optional.of("a " + method + " from another site's page is refused (Sec-Fetch-Site: "
                            + ProblemAdvice.clip(secFetchSite) + "): use this replica's own UI, or a client that is not"
                            + " a browser");
        }
        if (origin != null && !sameHost(origin, host)) {
            return Optional.of("a " + method + " from another site's page is refused (Origin " + ProblemAdvice.clip(origin)
                    + " is not this replica, " + (host == null ? "no Host" : ProblemAdvice.clip(host)) + ")");
        }
        return Optional.empty();
    }

    private static boolean sameHost(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return false;   // "null": a sandboxed frame or a file, never this replica's page
            }
            String hostPort = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return hostPort.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
