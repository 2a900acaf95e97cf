/**
 * What a replica tells a probe about itself: {@code /actuator/health/readiness} is UP only for a
 * voting member that has caught up with the group ({@link borgcell.master.health.RaftReadiness}),
 * so a Kubernetes Service sends clients to such replicas alone and a disruption budget counts
 * only them.
 */
package borgcell.master.health;
