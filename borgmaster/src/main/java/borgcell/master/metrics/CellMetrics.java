package borgcell.master.metrics;

import borgcell.api.v1.MachineState;
import borgcell.api.v1.TaskState;
import borgcell.cell.CellCensus;
import borgcell.master.raft.RaftReplica;
import borgcell.scheduler.PriorityBand;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.function.ToDoubleFunction;

/**
 * The cell's gauges: tasks by state and band, machines by state, and this replica's view of
 * Raft. Read at scrape time from the applied state; the census is computed at most once a
 * second however many gauges ask, so a scrape costs one pass over the cell.
 */
public final class CellMetrics {
    private final RaftReplica replica;
    private final Clock clock;
    private volatile CellCensus census;
    private volatile long censusMillis = Long.MIN_VALUE;

    public CellMetrics(RaftReplica replica, Clock clock, MeterRegistry registry) {
        this.replica = replica;
        this.clock = clock;
        for (TaskState state : TaskState.values()) {
            if (state == TaskState.UNRECOGNIZED || state == TaskState.TASK_STATE_UNSPECIFIED) {
                continue;
            }
            for (PriorityBand band : PriorityBand.values()) {
                gauge(registry, "borg.tasks", "Tasks in the cell by state and priority band",
                        c -> c.tasks(state, band), "state", state.name().toLowerCase(), "band", band.label());
            }
        }
        for (MachineState state : new MachineState[] {MachineState.UP, MachineState.DRAINING, MachineState.DOWN}) {
            gauge(registry, "borg.machines", "Machines in the cell by state",
                    c -> c.machines().getOrDefault(state, 0), "state", state.name().toLowerCase());
        }
        gauge(registry, "borg.jobs", "Jobs the cell holds", CellCensus::jobs);
        gauge(registry, "borg.cell.capacity.cpu.millis", "CPU of the machines that are up, in millicores",
                c -> c.capacity().getCpuMillis());
        gauge(registry, "borg.cell.allocated.cpu.millis", "CPU requested by placed tasks, in millicores",
                c -> c.allocated().getCpuMillis());
        gauge(registry, "borg.cell.capacity.ram.bytes", "RAM of the machines that are up",
                c -> c.capacity().getRamBytes());
        gauge(registry, "borg.cell.allocated.ram.bytes", "RAM requested by placed tasks",
                c -> c.allocated().getRamBytes());

        Gauge.builder("borg.raft.leader", replica, r -> r.isLeader() ? 1 : 0)
                .description("1 on the replica that leads the Raft group, else 0").register(registry);
        Gauge.builder("borg.raft.term", replica, RaftReplica::term)
                .description("The Raft term this replica is in").register(registry);
        Gauge.builder("borg.raft.commit.index", replica, RaftReplica::commitIndex)
                .description("The highest log index this replica knows committed").register(registry);
        Gauge.builder("borg.raft.applied.index", replica, RaftReplica::appliedIndex)
                .description("The highest log index applied to this replica's cell").register(registry);
        Gauge.builder("borg.raft.apply.lag", replica, r -> Math.max(0, r.commitIndex() - r.appliedIndex()))
                .description("Committed entries not yet applied here").register(registry);
        Gauge.builder("borg.raft.snapshot.index", replica, r -> r.stateMachine().latestSnapshotIndex())
                .description("Log index of the newest snapshot this replica holds").register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String help, ToDoubleFunction<CellCensus> value,
                       String... tags) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.census())).description(help).tags(tags)
                .register(registry);
    }

    private CellCensus census() {
        long now = clock.millis();
        CellCensus c = census;
        if (c == null || now - censusMillis >= 1000) {
            c = replica.stateMachine().read(CellCensus::of);
            census = c;
            censusMillis = now;
        }
        return c;
    }
}
