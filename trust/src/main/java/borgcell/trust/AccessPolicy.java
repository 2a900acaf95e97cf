package borgcell.trust;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what: the cell's one rule book. Pure (no I/O), so the same answers hold on gRPC,
 * REST and the web UI, and a test can try every role against every action.
 *
 * <ul>
 *   <li>{@code admin}: everything, on anyone's jobs, and acting for any user.</li>
 *   <li>{@code user}: reads the cell; submits, kills and reads the logs of its own jobs only
 *       (a job is its {@code user}'s).</li>
 *   <li>{@code viewer}: reads the cell, for dashboards and scrapers.</li>
 *   <li>{@code machine}: registers and heartbeats as the machine it names, nothing else.</li>
 *   <li>{@code replica}: reads the cell (a follower asks the leader what it alone holds).</li>
 * </ul>
 */
public final class AccessPolicy {
    private static final Map<Role, Set<Action>> MAY = Map.of(
            Role.ADMIN, EnumSet.allOf(Action.class),
            Role.USER, EnumSet.of(Action.READ_CELL, Action.READ_LOGS, Action.SUBMIT_JOB, Action.KILL_JOB),
            Role.VIEWER, EnumSet.of(Action.READ_CELL),
            Role.MACHINE, EnumSet.of(Action.LINK_MACHINE),
            Role.REPLICA, EnumSet.of(Action.READ_CELL));

    private AccessPolicy() {}

    /** Why {@code caller} may not do {@code action} at all; empty when its role may (on something of its own, if owned). */
    public static Optional<String> refusal(Identity caller, Action action) {
        if (MAY.get(caller.role()).contains(action)) {
            return Optional.empty();
        }
        return Optional.of(caller + " may not " + action.phrase() + ": that needs " + whoMay(action));
    }

    /**
     * Why {@code caller} may not do {@code action} on {@code target}, which belongs to
     * {@code owner} (a user's name for a job, a machine id for a link); empty when it may.
     *
     * @param target what the action is on, as a refusal names it: "job batch-7"
     */
    public static Optional<String> refusal(Identity caller, Action action, String target, String owner) {
        Optional<String> byRole = refusal(caller, action);
        if (byRole.isPresent() || actsForAnyone(caller) || !action.onOwned() || caller.name().equals(owner)) {
            return byRole;
        }
        return Optional.of(caller + " may not " + action.verb() + " " + target + " (" + owner + "'s): only an admin acts"
                + " for another " + (action == Action.LINK_MACHINE ? "machine" : "user"));
    }

    /** Whether {@code caller} acts for anyone: no owner is checked for it. */
    public static boolean actsForAnyone(Identity caller) {
        return caller.role() == Role.ADMIN;
    }

    private static String whoMay(Action action) {
        StringBuilder roles = new StringBuilder();
        for (Role role : Role.values()) {
            if (MAY.get(role).contains(action)) {
                roles.append(roles.isEmpty() ? "the " : " or ").append(role.label());
            }
        }
        return roles + " role";
    }
}
