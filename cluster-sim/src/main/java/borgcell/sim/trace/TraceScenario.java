package borgcell.sim.trace;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.PlacementRules;
import borgcell.scheduler.Resources;
import borgcell.sim.des.ArrivingJob;
import borgcell.sim.des.Scenario;
import borgcell.sim.des.SimEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A trace made into a scenario for the discrete-event simulation. The trace says what
 * arrived and how long it ran; our scheduler and cell decide where, and whom to preempt.
 *
 * <ul>
 *   <li>Machines: an add joins machine {@code m<ID>} (attribute {@code platform}, the
 *       {@code process} runtime, capacity by the {@link TraceScale}); a remove takes it DOWN (its
 *       tasks go back to pending); an update, or an add after a remove, registers it again
 *       with the new capacity. Events without cpu or memory are left out (counted).</li>
 *   <li>Jobs: trace job {@code ID} becomes job {@code j<ID>}, submitted at its first task's
 *       first SUBMIT with every task submitted in the window (re-indexed 0..n-1 in trace index
 *       order), since a Borg job's tasks are alike and arrive together. The template asks for
 *       the largest request among its tasks in each dimension, the first submit's priority
 *       (mapped by {@link TraceScale#priority}), and at most one task per machine if any task
 *       had the different-machine restriction.</li>
 *   <li>Durations: from a task's first SCHEDULE to the first event that ends its run (fail,
 *       finish, kill, lost; evictions are the original scheduler's and do not end it). A task
 *       with no end in the window runs to the end of the run (a service); one that ended
 *       without ever being scheduled (killed while pending) ends as soon as it is placed.</li>
 * </ul>
 */
public final class TraceScenario {

    /** What was made of the trace, for the report. */
    public record Summary(int machines, int machineEventsWithoutCapacity, int jobs, int tasks, int services,
                          int eventsOfUnsubmittedTasks) {
    }

    /** The scenario and the summary of how it was made. */
    public record Result(Scenario scenario, Summary summary) {
    }

    private TraceScenario() {
    }

    /** The trace up to {@code horizonMillis} of simulated time (trace microseconds / 1000). */
    public static Result of(Trace trace, TraceScale scale, long horizonMillis, String source) {
        List<SimEvent> events = new ArrayList<>();
        Set<String> machines = new TreeSet<>();
        int withoutCapacity = 0;
        for (MachineEvent e : trace.machineEvents()) {
            long at = e.timeMicros() / 1000;
            String id = "m" + e.machineId();
            switch (e.type()) {
                case ADD, UPDATE -> {
                    Resources capacity = scale.machine(e.cpus(), e.memory());
                    if (capacity == null) {
                        withoutCapacity++;
                        continue;
                    }
                    Map<String, String> attributes = e.platform().isEmpty() ? Map.of() : Map.of("platform", e.platform());
                    events.add(new SimEvent.MachineAdded(at, new MachineView(id, 1, capacity, Resources.ZERO,
                            Set.of("process"), attributes, true)));
                    machines.add(id);
                }
                case REMOVE -> events.add(new SimEvent.MachineDown(at, id, "machine " + id + " removed (trace)"));
            }
        }

        Map<Long, JobDraft> jobs = new LinkedHashMap<>();
        Map<String, TaskDraft> tasks = new HashMap<>();
        int orphanEvents = 0;
        for (TaskEvent e : trace.taskEvents()) {
            TaskDraft task = tasks.get(e.taskKey());
            if (e.type() == TaskEvent.Type.SUBMIT) {
                if (task == null) {
                    JobDraft job = jobs.computeIfAbsent(e.jobId(), id -> new JobDraft(id, e.timeMicros(),
                            e.user().isEmpty() ? "trace" : e.user(), e.priority()));
                    task = new TaskDraft(scale.task(e.cpuRequest(), e.memoryRequest(), e.diskRequest()),
                            e.differentMachines());
                    job.tasks.put(e.taskIndex(), task);
                    tasks.put(e.taskKey(), task);
                }
                continue; // a resubmission after an eviction or failure: the run goes on, as far as durations go
            }
            if (task == null) {
                orphanEvents++; // its submit is before the window (or missing): nothing to attach it to
                continue;
            }
            if (e.type() == TaskEvent.Type.SCHEDULE && task.scheduledMicros < 0) {
                task.scheduledMicros = e.timeMicros();
            } else if (e.type().endsTheRun() && task.endedMicros < 0) {
                task.endedMicros = e.timeMicros();
            }
        }
        int taskCount = 0;
        int services = 0;
        for (JobDraft job : jobs.values()) {
            ArrivingJob arriving = job.build();
            taskCount += arriving.tasks();
            services += (int) arriving.taskMillis().stream().filter(d -> d == ArrivingJob.SERVICE).count();
            events.add(new SimEvent.JobArrival(job.submittedMicros / 1000, arriving));
        }
        events.sort(Comparator.comparingLong(SimEvent::atMillis)); // stable: machines before jobs at equal times
        Scenario scenario = new Scenario(source, events, horizonMillis, machines.size(), taskCount, jobs.size(), 0);
        return new Result(scenario, new Summary(machines.size(), withoutCapacity, jobs.size(), taskCount, services,
                orphanEvents));
    }

    /** One trace job while its events are read. */
    private static final class JobDraft {
        final long id;
        final long submittedMicros;
        final String user;
        final int tracePriority;
        final TreeMap<Integer, TaskDraft> tasks = new TreeMap<>();

        JobDraft(long id, long submittedMicros, String user, int tracePriority) {
            this.id = id;
            this.submittedMicros = submittedMicros;
            this.user = user;
            this.tracePriority = tracePriority;
        }

        ArrivingJob build() {
            long cpu = 0, ram = 0, disk = 0;
            boolean apart = false;
            List<Long> millis = new ArrayList<>(tasks.size());
            for (TaskDraft t : tasks.values()) {
                cpu = Math.max(cpu, t.request.cpuMillis());
                ram = Math.max(ram, t.request.ramBytes());
                disk = Math.max(disk, t.request.diskBytes());
                apart |= t.differentMachines;
                millis.add(t.durationMillis());
            }
            return new ArrivingJob("j" + id, user, TraceScale.priority(tracePriority), new Resources(cpu, ram, disk, 0),
                    "process", List.of(), apart ? PlacementRules.atMostPerMachine(1) : PlacementRules.NONE, millis);
        }
    }

    /** One trace task while its events are read; times are -1 until seen. */
    private static final class TaskDraft {
        final Resources request;
        final boolean differentMachines;
        long scheduledMicros = -1;
        long endedMicros = -1;

        TaskDraft(Resources request, boolean differentMachines) {
            this.request = request;
            this.differentMachines = differentMachines;
        }

        long durationMillis() {
            if (endedMicros < 0) {
                return ArrivingJob.SERVICE;
            }
            if (scheduledMicros < 0 || endedMicros < scheduledMicros) {
                return 0;
            }
            return (endedMicros - scheduledMicros) / 1000;
        }
    }
}
