package borgcell.master.web;

import borgcell.master.access.Access;
import borgcell.master.Replica;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The gate of every REST call, as {@code GrpcAccess} is of every gRPC call: the endpoint's
 * {@link Requires} action, and whether the caller's role may do it at all (what it owns, the
 * endpoint checks). An admin's write is recorded in the audit log.
 */
@Component
class RestAccess implements HandlerInterceptor {
    private final Access access;

    RestAccess(Replica replica) {
        this.access = replica.access();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        String what = request.getMethod() + " " + request.getRequestURI();
        Requires rule = method.getMethodAnnotation(Requires.class);
        if (rule == null) {
            throw ApiProblem.forbidden(what + " has no access rule, so nobody may call it");
        }
        access.require(HttpCallers.of(request), rule.value(), what, null);
        return true;
    }
}
