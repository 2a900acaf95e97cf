package borgcell.cell;

import borgcell.api.v1.raft.CommandError;

/**
 * A command the cell refuses, with the code a gRPC caller will see and a message that names
 * what was wrong. Thrown before any state changes, so a refused command leaves no trace.
 */
public final class CellError extends RuntimeException {
    private final CommandError.Code code;

    private CellError(CommandError.Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public static CellError invalid(String message) {
        return new CellError(CommandError.Code.INVALID_ARGUMENT, message);
    }

    public static CellError notFound(String message) {
        return new CellError(CommandError.Code.NOT_FOUND, message);
    }

    public static CellError alreadyExists(String message) {
        return new CellError(CommandError.Code.ALREADY_EXISTS, message);
    }

    public static CellError resourceExhausted(String message) {
        return new CellError(CommandError.Code.RESOURCE_EXHAUSTED, message);
    }

    public static CellError failedPrecondition(String message) {
        return new CellError(CommandError.Code.FAILED_PRECONDITION, message);
    }

    /** The caller may not act on what it named: it belongs to another user. */
    public static CellError permissionDenied(String message) {
        return new CellError(CommandError.Code.PERMISSION_DENIED, message);
    }

    public CommandError.Code code() {
        return code;
    }

    public CommandError toProto() {
        return CommandError.newBuilder().setCode(code).setMessage(getMessage()).build();
    }
}
