package borgcell.sim.des;

import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandResult;
import borgcell.cell.Cell;
import borgcell.cell.Commands;
import borgcell.cell.ParkedTasks;
import borgcell.cell.SchedulerInput;
import borgcell.scheduler.Eviction;
import borgcell.scheduler.PassResult;
import borgcell.scheduler.Pipeline;
import borgcell.scheduler.Placement;
import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.Scheduler;
import borgcell.scheduler.SchedulerSettings;
import borgcell.scheduler.ScoringPolicy;
import borgcell.sim.Percentile;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Fauxmaster's discrete-event loop: one {@link Cell}, the very state machine every
 * BorgMaster replica applies, driven by commands in simulated time, and the leader's
 * scheduler (scaled search with preemption) run at a fixed simulated interval. Events are
 * handled in time order, ties in the order they were queued, so a run is a function of its
 * scenario and settings alone; the only clock read is the wall time around the scheduler
 * calls and the whole run, which goes to {@link DesReport.Timing} and nowhere else.
 *
 * <p>What stands in for the rest of Borg: the scenario is the users and the machines; the
 * simulation is the Borglets (a placed task "runs" at once and reports SUCCEEDED when its
 * duration is over; ASSIGNED counts as running, no RUNNING report is sent) and the leader (a
 * pass translates the cell's state as the leader does, and its placements and evictions go
 * in as one AssignTasks command, refused when stale). Not one instance at a time: build one
 * per run with {@link #run}.
 */
public final class Simulation {

    /**
     * How the leader is simulated: its pass interval, how often utilization is sampled, the
     * scoring policy, and the seed each pass's scheduler seed is drawn from.
     */
    public record Settings(long passIntervalMillis, long sampleIntervalMillis, ScoringPolicy policy, long seed) {

        public Settings {
            Objects.requireNonNull(policy, "policy");
            if (passIntervalMillis < 1 || sampleIntervalMillis < 1) {
                throw new IllegalArgumentException("the pass and sample intervals must be at least 1 ms");
            }
        }

        /** A pass every 10 s (the order of Borg's), a sample every 5 minutes, best fit as the leader. */
        public static Settings of(long seed) {
            return new Settings(10_000, 300_000, ScoringPolicy.BEST_FIT, seed);
        }
    }

    /** An event and its place in the queue: time first, then the order it was queued. */
    private record Queued(long at, long seq, SimEvent event) {
        static final Comparator<Queued> ORDER = Comparator.comparingLong(Queued::at).thenComparingLong(Queued::seq);
    }

    private final Scenario scenario;
    private final Settings settings;
    private final Cell cell = new Cell();
    private final Pipeline pipeline;
    private final PriorityQueue<Queued> queue = new PriorityQueue<>(Queued.ORDER);
    private long seq;
    private long index;
    private long now;
    /** The commands, stamped with the simulated time: the only time the Cell ever sees. */
    private final Commands commands = new Commands(() -> Instant.ofEpochMilli(now));

    private final Map<String, ArrivingJob> jobs = new HashMap<>();
    /** When each pending task became pending; the simulation's mirror of the cell's PENDING tasks. */
    private final Map<String, Long> pendingSince = new HashMap<>();
    private final Map<PriorityBand, List<Long>> waits = new EnumMap<>(PriorityBand.class);
    private final Map<PriorityBand, Integer> preemptedByBand = new EnumMap<>(PriorityBand.class);
    private final Set<String> machineIds = new TreeSet<>();
    private final List<DesReport.UtilizationSample> series = new ArrayList<>();
    private final List<Double> passMillis = new ArrayList<>();
    /** Whether anything changed since the last pass; a pass on an unchanged cell that placed nothing would place nothing again. */
    private boolean dirty = true;
    private final ParkedTasks parked = new ParkedTasks(ParkedTasks.FULL_PASS_EVERY);

    private int jobsSubmitted;
    private int jobsRejected;
    private String firstRejection;
    private int tasksSubmitted;
    private int placements;
    private int stale;
    private int preemptions;
    private int finished;
    private int failures;
    private int displaced;
    private int running;
    private int passesRun;
    private int passesSkipped;
    private long schedulerNanos;
    private long events;

    private Simulation(Scenario scenario, Settings settings) {
        this.scenario = scenario;
        this.settings = settings;
        this.pipeline = Pipeline.standard(settings.policy());
        for (PriorityBand b : PriorityBand.values()) {
            waits.put(b, new ArrayList<>());
            preemptedByBand.put(b, 0);
        }
    }

    /** Runs {@code scenario} to its horizon. {@code mode} names the command for the report ("run", "replay"). */
    public static DesReport run(Scenario scenario, Settings settings, String mode) {
        return new Simulation(scenario, settings).go(mode);
    }

    private DesReport go(String mode) {
        long wallStart = System.nanoTime();
        for (SimEvent e : scenario.events()) {
            enqueue(e);
        }
        // Queued after the scenario's own events, so the first pass sees what arrives at time 0.
        enqueue(new SimEvent.SchedulingPass(0));
        enqueue(new SimEvent.Sample(Math.min(settings.sampleIntervalMillis(), scenario.horizonMillis())));
        while (!queue.isEmpty() && queue.peek().at() <= scenario.horizonMillis()) {
            Queued q = queue.poll();
            now = q.at();
            events++;
            handle(q.event());
        }
        now = scenario.horizonMillis();
        checkMirror();
        DesReport.Outcome outcome = new DesReport.Outcome(jobsSubmitted, jobsRejected, firstRejection, tasksSubmitted,
                placements, stale, preemptions, preemptedByBand, finished, failures, displaced, passesRun,
                passesSkipped, bandWaits(), series, digest());
        double[] ms = passMillis.stream().mapToDouble(Double::doubleValue).toArray();
        DesReport.Timing timing = new DesReport.Timing((System.nanoTime() - wallStart) / 1e9, schedulerNanos / 1e9,
                Percentile.of(ms, 0.50), Percentile.of(ms, 0.99), Percentile.of(ms, 1.0), events);
        DesReport.Run run = new DesReport.Run(mode, scenario.source(), settings.seed(), scenario.machines(),
                scenario.jobs(), scenario.tasks(), scenario.horizonMillis() / 3_600_000.0, settings.passIntervalMillis(),
                settings.policy(), Runtime.getRuntime().availableProcessors());
        return new DesReport(run, outcome, timing);
    }

    private void enqueue(SimEvent e) {
        queue.add(new Queued(e.atMillis(), seq++, e));
    }

    private void handle(SimEvent event) {
        switch (event) {
            case SimEvent.MachineAdded e -> machineAdded(e);
            case SimEvent.MachineDown e -> setState(e.machineId(), MachineState.DOWN, e.reason());
            case SimEvent.MachineUp e -> setState(e.machineId(), MachineState.UP, "repaired");
            case SimEvent.JobArrival e -> jobArrival(e.job());
            case SimEvent.TaskEnd e -> taskEnd(e);
            case SimEvent.SchedulingPass e -> {
                enqueue(new SimEvent.SchedulingPass(now + settings.passIntervalMillis()));
                pass();
            }
            case SimEvent.Sample e -> {
                sample();
                long next = now + settings.sampleIntervalMillis();
                // The last sample is taken at the horizon itself.
                if (now < scenario.horizonMillis()) {
                    enqueue(new SimEvent.Sample(Math.min(next, scenario.horizonMillis())));
                }
            }
        }
    }

    private CommandResult apply(Command c) {
        return cell.apply(++index, c);
    }

    // ---- machines ----

    private void machineAdded(SimEvent.MachineAdded e) {
        CommandResult r = apply(CellCommands.register(commands, e.machine()));
        if (r.hasError()) {
            return; // a capacity the cell refuses: the machine never joins
        }
        machineIds.add(e.machine().id());
        dirty = true;
        if (!e.machine().schedulable()) {
            setState(e.machine().id(), MachineState.DRAINING, "draining for maintenance");
        }
    }

    /** A machine leaves UP (its tasks go back to pending, as the cell decides) or comes back. */
    private void setState(String machineId, MachineState state, String reason) {
        var before = cell.machine(machineId);
        if (before.isEmpty() || before.get().getState() == state) {
            return;
        }
        // Which tasks the machine held, read before the command sends them back to pending.
        List<TaskAssignment> held = state == MachineState.UP ? List.of() : cell.desiredFor(machineId);
        CommandResult r = apply(commands.setMachineState(machineId, state, reason));
        if (r.hasError()) {
            return;
        }
        dirty = true;
        if (state == MachineState.DOWN) {
            failures++;
        }
        for (TaskAssignment t : held) {
            Task after = cell.task(t.getJob(), t.getIndex()).orElseThrow();
            if (after.getState() == TaskState.PENDING) {
                pendingSince.put(name(t.getJob(), t.getIndex()), now);
                running--;
                displaced++;
            }
        }
    }

    // ---- jobs and tasks ----

    private void jobArrival(ArrivingJob job) {
        jobsSubmitted++;
        CommandResult r = apply(CellCommands.submit(commands, job));
        if (r.hasError()) {
            jobsRejected++;
            if (firstRejection == null) {
                firstRejection = job.name() + ": " + r.getError().getMessage();
            }
            return;
        }
        jobs.put(job.name(), job);
        tasksSubmitted += job.tasks();
        for (int i = 0; i < job.tasks(); i++) {
            pendingSince.put(name(job.name(), i), now);
        }
        dirty = true;
    }

    private void taskEnd(SimEvent.TaskEnd e) {
        // Ends of a placement the task has since lost (preempted, machine down) are stale, as the cell would find.
        Task t = cell.task(e.job(), e.index()).orElse(null);
        if (t == null || !Cell.isPlaced(t.getState()) || t.getAttempt() != e.attempt()
                || !t.getMachineId().equals(e.machineId())) {
            return;
        }
        CommandResult r = apply(CellCommands.succeeded(commands, e));
        if (r.getAppliedReports() == 1) {
            finished++;
            running--;
            dirty = true;
        }
    }

    // ---- the leader's pass ----

    private void pass() {
        if (pendingSince.isEmpty() || !dirty) {
            passesSkipped++;
            return;
        }
        SchedulerInput view = SchedulerInput.from(cell, parked);
        if (view.pending().isEmpty()) {
            passesSkipped++; // every pending task is parked, and no machine has room they lacked
            dirty = false;
            return;
        }
        // As the leader: a new scaled scheduler per pass, its seed drawn from the pass number.
        Scheduler scheduler = new Scheduler(pipeline,
                SchedulerSettings.scaled(settings.seed() * 1_000_003L + passesRun).withPreemption(true));
        long start = System.nanoTime();
        PassResult result = scheduler.schedule(view.machines(), view.running(), view.pending(), view.budgets());
        long took = System.nanoTime() - start;
        schedulerNanos += took;
        passMillis.add(took / 1e6);
        passesRun++;
        dirty = false;
        parked.afterPass(view.pending(), result);
        if (result.placements().isEmpty()) {
            return;
        }
        CommandResult r = apply(commands.assignTasks(view.commandFor(result)));
        long applied = index;
        stale += r.getAssigned().getStale();
        for (Eviction e : result.evictions()) {
            Task t = cell.task(e.job(), e.index()).orElseThrow();
            if (t.getState() == TaskState.PENDING && t.getVersion() == applied) {
                preemptions++;
                running--;
                preemptedByBand.merge(jobs.get(e.job()).band(), 1, Integer::sum);
                pendingSince.put(name(e.job(), e.index()), now);
            }
        }
        for (Placement p : result.placements()) {
            Task t = cell.task(p.job(), p.index()).orElseThrow();
            if (t.getState() != TaskState.ASSIGNED || t.getVersion() != applied || !t.getMachineId().equals(p.machineId())) {
                continue; // refused as stale: still pending, still waiting
            }
            placements++;
            running++;
            ArrivingJob job = jobs.get(p.job());
            Long since = pendingSince.remove(name(p.job(), p.index()));
            waits.get(job.band()).add(now - since);
            long duration = job.taskMillis().get(p.index());
            if (duration >= 0) {
                enqueue(new SimEvent.TaskEnd(now + duration, p.job(), p.index(), t.getAttempt(), p.machineId()));
            }
        }
        // Tasks evicted in this pass wait for the next one: it must run.
        dirty = true;
    }

    // ---- figures ----

    private void sample() {
        long cpuCap = 0, ramCap = 0, cpu = 0, ram = 0;
        for (Machine m : cell.machines()) {
            if (m.getState() == MachineState.UP) {
                cpuCap += m.getCapacity().getCpuMillis();
                ramCap += m.getCapacity().getRamBytes();
                cpu += m.getAllocated().getCpuMillis();
                ram += m.getAllocated().getRamBytes();
            }
        }
        series.add(new DesReport.UtilizationSample(now, cpuCap == 0 ? 0 : (double) cpu / cpuCap,
                ramCap == 0 ? 0 : (double) ram / ramCap, running, pendingSince.size()));
    }

    private Map<PriorityBand, DesReport.BandWait> bandWaits() {
        Map<PriorityBand, Integer> stillPending = new EnumMap<>(PriorityBand.class);
        for (String task : pendingSince.keySet()) {
            stillPending.merge(jobs.get(task.substring(0, task.lastIndexOf('/'))).band(), 1, Integer::sum);
        }
        Map<PriorityBand, DesReport.BandWait> out = new EnumMap<>(PriorityBand.class);
        for (PriorityBand b : PriorityBand.values()) {
            double[] seconds = waits.get(b).stream().mapToDouble(ms -> ms / 1000.0).toArray();
            out.put(b, new DesReport.BandWait(seconds.length, Percentile.of(seconds, 0.50), Percentile.of(seconds, 0.99),
                    stillPending.getOrDefault(b, 0)));
        }
        return out;
    }

    /**
     * The simulation keeps its own account of pending and placed tasks (for pending times);
     * if it ever disagreed with the cell, every figure would be suspect, so it is checked.
     */
    private void checkMirror() {
        int pending = 0;
        int placed = 0;
        for (var job : cell.jobs()) {
            for (Task t : job.getTasksList()) {
                if (t.getState() == TaskState.PENDING) {
                    pending++;
                } else if (Cell.isPlaced(t.getState())) {
                    placed++;
                }
            }
        }
        if (pending != pendingSince.size() || placed != running) {
            throw new IllegalStateException("simulation bookkeeping diverged from the cell: pending " + pendingSince.size()
                    + " vs " + pending + ", placed " + running + " vs " + placed);
        }
    }

    /** SHA-256 of the cell's final state (its snapshot, serialized deterministically), first 16 hex digits. */
    private String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
                CodedOutputStream out = CodedOutputStream.newInstance(sink);
                out.useDeterministicSerialization();
                cell.toSnapshot(0, index).writeTo(out);
                out.flush();
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String name(String job, int index) {
        return job + "/" + index;
    }
}
