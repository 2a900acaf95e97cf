package borgcell.master.web;

import borgcell.master.access.AccessDenied;
import borgcell.master.raft.RaftUnavailableException;
import java.util.concurrent.CompletionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every refusal of the REST API as an RFC 9457 problem: a status, a title, a detail naming the
 * cause. Extends Spring's handler so that its own refusals (unknown path, wrong method,
 * unreadable body) are problems too.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler(ApiProblem.class)
    ProblemDetail refused(ApiProblem e) {
        return ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    }

    /** 401 for a caller the replica cannot name, 403 for one whose role or ownership does not reach. */
    @ExceptionHandler(AccessDenied.class)
    ProblemDetail denied(AccessDenied e) {
        return ProblemDetail.forStatusAndDetail(e.unauthenticated() ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN,
                e.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "malformed JSON body: " + firstLine(e.getMostSpecificCause().getMessage()));
        return handleExceptionInternal(e, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                e.getName() + ": \"" + clip(String.valueOf(e.getValue())) + "\" is not a valid value");
    }

    @ExceptionHandler({RaftUnavailableException.class, CompletionException.class})
    ProblemDetail unavailable(RuntimeException e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ApiProblem p) {
            return refused(p);
        }
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the cell's Raft group did not answer: " + firstLine(cause.getMessage()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return clip(nl < 0 ? s : s.substring(0, nl));
    }

    static String clip(String s) {
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }
}
