package borgcell.master.access;

import borgcell.trust.Action;
import borgcell.trust.Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's record of who was refused what, and of every write an admin made: one line
 * each, with caller, action, target and outcome, under the logger {@code borg.audit} (the log
 * configuration can send it to a file of its own; the line's time is the log's).
 */
public final class AuditLog {
    private static final Logger log = LoggerFactory.getLogger("borg.audit");

    void allowed(Identity caller, Action action, String target) {
        log.info("audit outcome=allowed caller={} action={} target=\"{}\"", caller, action.label(), target);
    }

    /** Credentials the replica could not accept: a bearer token it did not issue, or one expired or revoked. */
    void unauthenticated(String target, String reason) {
        log.warn("audit outcome=denied caller=anonymous action=authenticate target=\"{}\" reason=\"{}\"", target, reason);
    }

    void denied(String caller, Action action, String target, String reason) {
        log.warn("audit outcome=denied caller={} action={} target=\"{}\" reason=\"{}\"", caller, action.label(), target,
                reason);
    }
}
