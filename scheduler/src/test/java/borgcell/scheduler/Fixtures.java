package borgcell.scheduler;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Short ways to build machines and tasks in tests. Sizes in whole cores and GiB read best. */
public final class Fixtures {

    public static final long GIB = 1L << 30;

    private Fixtures() {
    }

    public static Resources cores(double cores, long ramGib) {
        return new Resources(Math.round(cores * 1000), ramGib * GIB, 0, 0);
    }

    /** An empty, schedulable machine offering the process runtime, with plenty of disk and ports. */
    public static MachineView machine(String id, double cores, long ramGib) {
        return new MachineView(id, 7, new Resources(Math.round(cores * 1000), ramGib * GIB, 1000 * GIB, 100),
                Resources.ZERO, Set.of("process"), Map.of(), true);
    }

    public static MachineView withRuntimes(MachineView m, String... runtimes) {
        return new MachineView(m.id(), m.version(), m.capacity(), m.allocated(), Set.of(runtimes),
                m.attributes(), m.schedulable());
    }

    public static MachineView withAttributes(MachineView m, Map<String, String> attributes) {
        return new MachineView(m.id(), m.version(), m.capacity(), m.allocated(), m.runtimes(),
                attributes, m.schedulable());
    }

    public static MachineView draining(MachineView m) {
        return new MachineView(m.id(), m.version(), m.capacity(), m.allocated(), m.runtimes(),
                m.attributes(), false);
    }

    /** A process task asking for cpu and ram only, priority 100, no constraints. */
    public static TaskRequest task(String job, int index, double cores, long ramGib) {
        return new TaskRequest(job, index, 3, 100, cores(cores, ramGib), "process", List.of());
    }

    public static TaskRequest withPriority(TaskRequest t, int priority) {
        return new TaskRequest(t.job(), t.index(), t.version(), priority, t.demand(), t.runtime(), t.constraints());
    }

    public static TaskRequest withRuntime(TaskRequest t, String runtime) {
        return new TaskRequest(t.job(), t.index(), t.version(), t.priority(), t.demand(), runtime, t.constraints());
    }

    public static TaskRequest withDemand(TaskRequest t, Resources demand) {
        return new TaskRequest(t.job(), t.index(), t.version(), t.priority(), demand, t.runtime(), t.constraints());
    }

    public static TaskRequest withConstraints(TaskRequest t, Constraint... constraints) {
        return new TaskRequest(t.job(), t.index(), t.version(), t.priority(), t.demand(), t.runtime(),
                List.of(constraints));
    }

    /** A task running on a machine, claiming whole cores and GiB. */
    public static PlacedTask running(String job, int index, int priority, double cores, long ramGib, String machineId) {
        return new PlacedTask(job, index, priority, cores(cores, ramGib), machineId);
    }

    public static TaskRequest withRules(TaskRequest t, PlacementRules rules) {
        return t.withRules(rules);
    }

    /** A pass context that reports fixed counts, for checks and scorers tested alone. */
    public static PassContext counts(int onMachine, int inDomain) {
        return new PassContext() {
            @Override
            public int tasksOfJobOnMachine(String job, MachineView machine) {
                return onMachine;
            }

            @Override
            public int tasksOfJobInDomain(String job, String attribute, MachineView machine) {
                return inDomain;
            }

            @Override
            public List<PlacedTask> victims(MachineView machine) {
                return List.of();
            }
        };
    }
}
