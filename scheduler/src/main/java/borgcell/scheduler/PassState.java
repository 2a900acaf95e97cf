package borgcell.scheduler;

import borgcell.scheduler.scale.FreeResourceIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cell as one pass sees it while it decides: machines in id order with their allocation
 * so far, the tasks running on each, and, for jobs with limits or spreading, how many of
 * their tasks each machine and failure domain holds. Every change of a machine's allocation
 * bumps its epoch (score caches read it) and refiles it in the free-resource index.
 */
final class PassState implements PassContext {

    final MachineView[] machines;
    final int[] epoch;
    /** Bumped by every eviction: a class that found no room may find some after one. */
    int evictions;

    private final Map<String, Integer> numberOf;
    private final List<List<PlacedTask>> running;
    /** Whether running.get(m) is in eviction order yet: sorted when preemption first looks, not for every machine up front. */
    private final boolean[] runningSorted;
    private final Map<String, JobCounts> counted = new HashMap<>();
    private final FreeResourceIndex index;

    /** Where one job's tasks are, for the jobs whose placement depends on it. */
    private static final class JobCounts {
        final Map<String, int[]> onMachine = new HashMap<>();
        /** attribute -> attribute value -> tasks; machines without the attribute count under onMachine. */
        final Map<String, Map<String, int[]>> inDomain = new HashMap<>();
    }

    PassState(List<MachineView> machineList, List<PlacedTask> runningTasks, List<TaskRequest> pending,
              boolean indexed) {
        machines = machineList.toArray(MachineView[]::new);
        Arrays.sort(machines, Comparator.comparing(MachineView::id));
        numberOf = new HashMap<>(machines.length * 2);
        for (int i = 0; i < machines.length; i++) {
            if (i > 0 && machines[i].id().equals(machines[i - 1].id())) {
                throw new IllegalArgumentException("machine " + machines[i].id() + " appears twice");
            }
            numberOf.put(machines[i].id(), i);
        }
        epoch = new int[machines.length];
        running = new ArrayList<>(machines.length);
        for (int i = 0; i < machines.length; i++) {
            running.add(new ArrayList<>(0));
        }
        for (TaskRequest task : pending) {
            PlacementRules rules = task.rules();
            if (rules.dependOnTheJobsOtherTasks()) {
                JobCounts counts = counted.computeIfAbsent(task.job(), j -> new JobCounts());
                if (rules.domainAttribute() != null) {
                    counts.inDomain.computeIfAbsent(rules.domainAttribute(), a -> new HashMap<>());
                }
                if (rules.spreadAttribute() != null) {
                    counts.inDomain.computeIfAbsent(rules.spreadAttribute(), a -> new HashMap<>());
                }
            }
        }
        for (PlacedTask task : runningTasks) {
            Integer m = numberOf.get(task.machineId());
            if (m == null) {
                throw new IllegalArgumentException("running task " + task.name() + " is on machine "
                        + task.machineId() + ", which is not in the cell");
            }
            running.get(m).add(task);
            count(task.job(), m, +1);
        }
        runningSorted = new boolean[machines.length];
        if (indexed) {
            index = new FreeResourceIndex(machines.length);
            for (int m = 0; m < machines.length; m++) {
                refile(m);
            }
        } else {
            index = null;
        }
    }

    int size() {
        return machines.length;
    }

    FreeResourceIndex index() {
        return index;
    }

    /** The running tasks on machine {@code m}, cheapest victims first. */
    List<PlacedTask> runningOn(int m) {
        if (!runningSorted[m]) {
            running.get(m).sort(PlacedTask.EVICTION_ORDER);
            runningSorted[m] = true;
        }
        return running.get(m);
    }

    /** The task now takes its demand on machine {@code m}. */
    void place(TaskRequest task, int m) {
        MachineView machine = machines[m];
        machines[m] = machine.withAllocated(machine.allocated().plus(task.demand()));
        epoch[m]++;
        count(task.job(), m, +1);
        refile(m);
    }

    /** The running task leaves machine {@code m}, and what it claimed is free for the rest of the pass. */
    void evict(PlacedTask victim, int m) {
        MachineView machine = machines[m];
        machines[m] = machine.withAllocated(machine.allocated().minus(victim.demand()));
        epoch[m]++;
        evictions++;
        running.get(m).remove(victim);
        count(victim.job(), m, -1);
        refile(m);
    }

    private void refile(int m) {
        if (index == null) {
            return;
        }
        MachineView machine = machines[m];
        if (!machine.schedulable()) {
            // It takes nothing this pass, so the index never offers it.
            index.remove(m);
            return;
        }
        index.put(m, machine.capacity().cpuMillis() - machine.allocated().cpuMillis(),
                machine.capacity().ramBytes() - machine.allocated().ramBytes());
    }

    private void count(String job, int m, int delta) {
        JobCounts counts = counted.get(job);
        if (counts == null) {
            return;
        }
        MachineView machine = machines[m];
        counts.onMachine.computeIfAbsent(machine.id(), id -> new int[1])[0] += delta;
        for (Map.Entry<String, Map<String, int[]>> domain : counts.inDomain.entrySet()) {
            String value = machine.attributes().get(domain.getKey());
            if (value != null) {
                domain.getValue().computeIfAbsent(value, v -> new int[1])[0] += delta;
            }
        }
    }

    @Override
    public int tasksOfJobOnMachine(String job, MachineView machine) {
        JobCounts counts = counted.get(job);
        if (counts == null) {
            return 0;
        }
        int[] n = counts.onMachine.get(machine.id());
        return n == null ? 0 : n[0];
    }

    @Override
    public int tasksOfJobInDomain(String job, String attribute, MachineView machine) {
        String value = machine.attributes().get(attribute);
        if (value == null) {
            return tasksOfJobOnMachine(job, machine);
        }
        JobCounts counts = counted.get(job);
        if (counts == null) {
            return 0;
        }
        Map<String, int[]> byValue = counts.inDomain.get(attribute);
        int[] n = byValue == null ? null : byValue.get(value);
        return n == null ? 0 : n[0];
    }

    @Override
    public List<PlacedTask> victims(MachineView machine) {
        return List.of();
    }

    /** This state, except that placing on {@code machine} would evict {@code victims}: for ranking preemption options. */
    PassContext withVictims(MachineView machine, List<PlacedTask> victims) {
        PassState self = this;
        return new PassContext() {
            @Override
            public int tasksOfJobOnMachine(String job, MachineView m) {
                return self.tasksOfJobOnMachine(job, m);
            }

            @Override
            public int tasksOfJobInDomain(String job, String attribute, MachineView m) {
                return self.tasksOfJobInDomain(job, attribute, m);
            }

            @Override
            public List<PlacedTask> victims(MachineView m) {
                return m.id().equals(machine.id()) ? victims : List.of();
            }
        };
    }
}
