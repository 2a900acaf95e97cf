package borgcell.master.access;

import borgcell.trust.AccessPolicy;
import borgcell.trust.Action;
import borgcell.trust.Identity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where every entry point of a replica (gRPC, REST, the web UI) asks whether its caller may
 * do what it asked, by {@link AccessPolicy}'s rules. Each denial, and each write an admin
 * makes, goes to the {@link AuditLog}; denials are also counted by action
 * ({@code borg.access.denied}).
 *
 * <p>A replica started {@code --insecure} has an {@link #open} one: no caller is known, and
 * none is checked.
 */
public final class Access {
    private static final String DENIED = "Calls refused for who made them (no certificate or token of the cell, or a"
            + " role or owner that does not reach), by what they asked to do";
    private final boolean enforced;
    private final AuditLog audit;
    private final Map<Action, Counter> denials = new EnumMap<>(Action.class);
    /** Credentials refused before any action was known: tokens guessed, forged, revoked or expired. */
    private final Counter unauthenticated;

    private Access(boolean enforced, AuditLog audit, MeterRegistry registry) {
        this.enforced = enforced;
        this.audit = audit;
        // Made up front, so a dashboard finds every action at zero before the first denial.
        for (Action action : Action.values()) {
            denials.put(action, Counter.builder("borg.access.denied").tag("action", action.label())
                    .description(DENIED).register(registry));
        }
        unauthenticated = Counter.builder("borg.access.denied").tag("action", "authenticate").description(DENIED)
                .register(registry);
    }

    /** Every caller identified and checked. */
    public static Access enforced(AuditLog audit, MeterRegistry registry) {
        return new Access(true, audit, registry);
    }

    /** No caller checked: a cell started {@code --insecure}. */
    public static Access open(MeterRegistry registry) {
        return new Access(false, new AuditLog(), registry);
    }

    public boolean enforced() {
        return enforced;
    }

    /**
     * The gate every call passes first: whether {@code caller}'s role may do {@code action} at
     * all (on its own things, for an action on something owned).
     *
     * @param what the call, as a denial names it: "JobService/KillJob"
     * @throws AccessDenied naming what was missing, after recording it
     */
    public void gate(Optional<Identity> caller, Action action, String what) {
        if (!enforced) {
            return;
        }
        Identity who = identified(caller, action, what);
        Optional<String> refusal = AccessPolicy.refusal(who, action);
        if (refusal.isPresent()) {
            throw denied(who.toString(), action, what, refusal.get(), false);
        }
    }

    /**
     * Whether {@code caller} may do {@code action} on {@code target}, which belongs to
     * {@code owner} (a job's user, a machine's id; null for what nobody owns). An admin's write
     * is recorded.
     *
     * @throws AccessDenied naming what was missing, after recording it
     */
    public void require(Optional<Identity> caller, Action action, String target, String owner) {
        if (!enforced) {
            return;
        }
        Identity who = identified(caller, action, target);
        Optional<String> refusal = owner == null ? AccessPolicy.refusal(who, action)
                : AccessPolicy.refusal(who, action, target, owner);
        if (refusal.isPresent()) {
            throw denied(who.toString(), action, target, refusal.get(), false);
        }
        if (AccessPolicy.actsForAnyone(who) && action != Action.READ_CELL && action != Action.READ_LOGS) {
            audit.allowed(who, action, target);
        }
    }

    /**
     * The user whose things alone {@code caller} may change, for the cell to check when it
     * applies the write (no read-then-write race); empty for a caller who acts for anyone.
     */
    public String ownerLimit(Optional<Identity> caller) {
        if (!enforced || caller.isEmpty() || AccessPolicy.actsForAnyone(caller.get())) {
            return "";
        }
        return caller.get().name();
    }

    /**
     * Records credentials refused before any action was known (a bearer token the cell did not
     * issue, or one expired or revoked), as the other denials are.
     *
     * @param what the request, as the record names it: "GET /api/v1/jobs"
     */
    public void unauthenticated(String what, String reason) {
        unauthenticated.increment();
        audit.unauthenticated(what, reason);
    }

    /** A refusal the cell made when applying a write ({@link #ownerLimit}), recorded as the others are. */
    public void deniedByCell(Optional<Identity> caller, Action action, String target, String reason) {
        denied(caller.map(Identity::toString).orElse("anonymous"), action, target, reason, false);
    }

    private Identity identified(Optional<Identity> caller, Action action, String target) {
        return caller.orElseThrow(() -> denied("anonymous", action, target,
                "no client certificate of the cell: every caller needs one", true));
    }

    private AccessDenied denied(String caller, Action action, String target, String reason, boolean unauthenticated) {
        denials.get(action).increment();
        audit.denied(caller, action, target, reason);
        return new AccessDenied(reason, unauthenticated);
    }
}
