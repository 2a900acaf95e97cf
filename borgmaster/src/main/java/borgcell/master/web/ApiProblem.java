package borgcell.master.web;

import org.springframework.http.HttpStatus;

/** A request the API refuses: the status to answer and a message that names what was wrong. */
public final class ApiProblem extends RuntimeException {
    private final HttpStatus status;

    private ApiProblem(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ApiProblem badRequest(String message) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, message);
    }

    /** The caller could not be named: what it presented is not the cell's. */
    public static ApiProblem unauthorized(String message) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, message);
    }

    /** Refused whoever asks: nothing about the caller would change the answer. */
    public static ApiProblem forbidden(String message) {
        return new ApiProblem(HttpStatus.FORBIDDEN, message);
    }

    public static ApiProblem notFound(String message) {
        return new ApiProblem(HttpStatus.NOT_FOUND, message);
    }

    public static ApiProblem conflict(String message) {
        return new ApiProblem(HttpStatus.CONFLICT, message);
    }

    public static ApiProblem unavailable(String message) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, message);
    }

    public HttpStatus status() {
        return status;
    }
}
