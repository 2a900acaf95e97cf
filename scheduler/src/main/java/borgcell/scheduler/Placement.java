package borgcell.scheduler;

/**
 * Task {@code index} of {@code job} goes to {@code machineId}. Both versions are those the
 * decision was made on, so the leader can refuse a placement made on stale state.
 */
public record Placement(String job, int index, long taskVersion, String machineId, long machineVersion) {
}
