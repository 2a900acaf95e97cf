package borgcell.master.health;

import borgcell.master.Replica;
import borgcell.master.raft.RaftReplica;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The health component {@code raft}: UP when this replica is ready by {@link RaftReadiness},
 * OUT_OF_SERVICE otherwise (alive, but not to be sent clients). application.properties puts it in
 * the readiness group, so {@code /actuator/health/readiness} answers 503 until the replica has
 * joined and caught up; liveness stays without it, so a group without quorum restarts nobody.
 * The details (role, indices, the reason) show only where health details are shown.
 */
@Component
class RaftHealthIndicator implements HealthIndicator {
    /** Property: how many committed entries a ready replica may still have to apply. */
    static final String MAX_APPLY_LAG = "borg.readiness.max-apply-lag";

    private final RaftReplica raft;
    private final long maxApplyLag;

    RaftHealthIndicator(Replica replica, @Value("${" + MAX_APPLY_LAG + ":100}") long maxApplyLag) {
        this.raft = replica.raft();
        this.maxApplyLag = maxApplyLag;
    }

    @Override
    public Health health() {
        RaftReadiness now = RaftReadiness.of(raft);
        Health.Builder health = now.notReadyBecause(maxApplyLag)
                .map(reason -> Health.outOfService().withDetail("reason", reason))
                .orElseGet(Health::up);
        return health.withDetail("role", now.role())
                .withDetail("leader", now.leader().orElse(""))
                .withDetail("commitIndex", now.commitIndex())
                .withDetail("appliedIndex", now.appliedIndex())
                .build();
    }
}
