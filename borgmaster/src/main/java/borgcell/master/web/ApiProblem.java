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
