package borgcell.master.web;

import borgcell.api.v1.AccessToken;
import borgcell.master.Replica;
import borgcell.master.raft.CellStateMachine;
import borgcell.master.access.Access;
import borgcell.master.access.AccessDenied;
import borgcell.trust.Action;
import borgcell.trust.BearerToken;
import borgcell.trust.Identity;
import borgcell.trust.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Names the caller of every HTTP request (REST, the web UI, Actuator), as {@code Callers} does
 * for gRPC: the subject of the client certificate the TLS handshake checked, or else the one a
 * bearer token of the cell names ({@code Authorization: Bearer borg_tk...}; the web UI's login,
 * a scraper). Tokens are looked up in this replica's copy of the state: one issued a moment ago
 * on another replica may be unknown here for as long as this replica lags. Refuses, before
 * anything is served, a write from another site's page ({@link CrossSiteWrites}) and Actuator's
 * readings (metrics, Prometheus) to a caller who may not read the cell. The UI's files and
 * {@code /actuator/health} stay open: a browser without a certificate gets the page that says
 * what it lacks, and a load balancer's probe has no identity.
 *
 * <p>Refusals are rendered by the same advice as the controllers' ({@link ProblemAdvice}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
class HttpCallers extends OncePerRequestFilter {
    private static final String CALLER = "borg.caller";
    private static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    private static final String BEARER = "Bearer ";
    private final Access access;
    private final CellStateMachine state;
    private final Clock clock;
    private final HandlerExceptionResolver problems;

    HttpCallers(Replica replica, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        this.access = replica.access();
        this.state = replica.raft().stateMachine();
        this.clock = replica.clock();
        this.problems = problems;
    }

    /** The caller of this request, named by the filter; empty on a cell that checks none. */
    static Optional<Identity> of(HttpServletRequest request) {
        return Optional.ofNullable((Identity) request.getAttribute(CALLER));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            CrossSiteWrites.refusal(request.getMethod(), request.getHeader("Sec-Fetch-Site"),
                    request.getHeader("Origin"), request.getHeader("Host")).ifPresent(reason -> {
                        throw ApiProblem.forbidden(reason);
                    });
            Optional<Identity> caller = access.enforced() ? identify(request, request.getMethod() + " "
                    + request.getRequestURI()) : Optional.empty();
            caller.ifPresent(c -> request.setAttribute(CALLER, c));
            String path = request.getRequestURI();
            if (path.startsWith("/actuator/") && !path.startsWith("/actuator/health")) {
                access.gate(caller, Action.READ_CELL, request.getMethod() + " " + path);
            }
        } catch (ApiProblem | AccessDenied refused) {
            problems.resolveException(request, response, null, refused);
            return;
        }
        chain.doFilter(request, response);
    }

    /** @param what the request, as a refusal's record names it */
    private Optional<Identity> identify(HttpServletRequest request, String what) {
        if (request.getAttribute(CLIENT_CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0) {
            try {
                return Optional.of(Identity.of(chain[0]));
            } catch (Identity.UntrustedException e) {
                throw ApiProblem.unauthorized(e.getMessage());
            }
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            try {
                return Optional.of(bearer(authorization.substring(BEARER.length())));
            } catch (ApiProblem refused) {
                access.unauthenticated(what, refused.getMessage());
                throw refused;
            }
        }
        return Optional.empty();
    }

    /** Whom a presented bearer token names; refused (401) unless the cell issued it and it is still good. */
    private Identity bearer(String presented) {
        BearerToken token = BearerToken.parse(presented).orElseThrow(() -> ApiProblem.unauthorized(
                "the bearer token is not one of the cell's (borg_tk..._...): check it was copied whole"));
        AccessToken kept = state.read(cell -> cell.token(token.id())).filter(t -> token.matches(
                t.getSecretSha256().toByteArray())).orElseThrow(() -> ApiProblem.unauthorized(
                "bearer token " + token.id() + " is not known to the cell: revoked, or mistyped"));
        if (kept.getExpiresMillis() != 0 && clock.millis() >= kept.getExpiresMillis()) {
            throw ApiProblem.unauthorized("bearer token " + token.id() + " expired at "
                    + java.time.Instant.ofEpochMilli(kept.getExpiresMillis()));
        }
        return new Identity(Role.ofLabel(kept.getRole()).orElseThrow(), kept.getName());
    }
}
