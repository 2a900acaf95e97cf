package borgcell.scheduler;

/**
 * Running task {@code index} of {@code job} leaves {@code machineId} so that the pending task
 * {@code preemptorJob/preemptorIndex} can take its place; {@code reason} says so in words
 * ("preempted by prod/3 (priority 200, production)"). The evicted task goes back to pending.
 */
public record Eviction(String job, int index, String machineId, String preemptorJob, int preemptorIndex,
                       String reason) {
}
