package borgcell.master.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Logs each call to an {@link AdminWrite} endpoint: who asked what, and how it ended. */
@Component
public class AdminWriteLog implements HandlerInterceptor {
    private static final Logger log = LoggerFactory.getLogger("borg.admin");

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception ex) {
        if (handler instanceof HandlerMethod method && method.hasMethodAnnotation(AdminWrite.class)) {
            log.info("admin write {} {} from {} -> {}", request.getMethod(), request.getRequestURI(),
                    request.getRemoteAddr(), response.getStatus());
        }
    }
}
