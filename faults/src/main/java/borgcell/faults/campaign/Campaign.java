package borgcell.faults.campaign;

import borgcell.faults.check.Beat;
import borgcell.faults.check.EndStateCheck;
import borgcell.faults.check.Finding;
import borgcell.faults.check.LedgerCheck;
import borgcell.faults.check.LinearizabilityCheck;
import borgcell.faults.check.Outages;
import borgcell.faults.check.ObservedPlacement;
import borgcell.faults.check.PlacementCheck;
import borgcell.faults.check.ReplicaState;
import borgcell.faults.history.History;
import borgcell.faults.history.JobView;
import borgcell.faults.history.Life;
import borgcell.faults.history.OpKind;
import borgcell.faults.history.Operation;
import borgcell.faults.history.Outcome;
import borgcell.faults.schedule.FaultPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A fault campaign against a running cell: the workload runs while the injector plays the
 * seeded fault schedule; then the cell is healed (every process running, none paused), the
 * workload's jobs are let finish (or killed), the replicas are let catch up, each one's state
 * is read from its own snapshot, and every checker runs over the history, the states and the
 * tasks' ledger.
 */
public final class Campaign {

    /**
     * @param grace how long a Borglet may take to stop a task once it could know the task is
     *     killed or stale (a heartbeat, the kill's grace, a loaded machine)
     */
    public record Config(long seed, Duration duration, int clients, Duration grace) {
        public static Config of(long seed, Duration duration) {
            return new Config(seed, duration, 4, Duration.ofSeconds(20));
        }
    }

    /** The figures, what the checkers found, and what did not happen in time (liveness). */
    public record Report(Figures figures, List<Finding> findings, List<String> stalls, String summary) {}

    private static final Duration SETTLE = Duration.ofSeconds(120);

    private final CellControl cell;
    private final Config config;
    private final Consumer<String> log;

    public Campaign(CellControl cell, Config config, Consumer<String> log) {
        this.cell = cell;
        this.config = config;
        this.log = log;
    }

    public Report run() throws IOException, InterruptedException {
        Clock clock = Clock.now();
        Path ledger = cell.scratch().resolve("ledger.log");
        Files.createDirectories(ledger.getParent());
        if (!Files.exists(ledger)) {
            Files.createFile(ledger);
        }
        TaskScript tasks = new TaskScript(ledger);
        History history = new History();
        Set<ObservedPlacement> placements = ConcurrentHashMap.newKeySet();
        Consumer<JobView> observer = view -> placements.addAll(ObservedPlacement.of(view));
        Measures measures = new Measures();
        List<ReplicaState> states;
        try (ReplicaWatch watch = new ReplicaWatch(cell.replicas());
             FailoverProbe probe = new FailoverProbe(history, cell.replicas(), tasks, config.seed());
             FaultInjector injector = new FaultInjector(cell, watch, probe, history, observer, measures, clock, log)) {
            ClientLoad workload = new ClientLoad(config.seed(), config.clients(), history, cell.replicas(), tasks, observer);
            log.accept(clock.at(System.nanoTime()) + "  campaign: seed " + config.seed() + ", "
                    + config.duration().toSeconds() + " s, " + config.clients() + " clients; ledger " + ledger);
            workload.start();
            FaultPlan plan = new FaultPlan(config.seed());
            long end = clock.startNanos() + config.duration().toNanos();
            for (int n = 0; n < 10_000 && System.nanoTime() < end; n++) {
                FaultPlan.Step step = plan.next();
                injector.inject(step.fault());
                long left = (end - System.nanoTime()) / 1_000_000;
                Thread.sleep(Math.max(0, Math.min(step.gapMillis(), left)));
            }
            log.accept(clock.at(System.nanoTime()) + "  faults over; healing the cell");
            heal(measures);
            if (!injector.awaitServing(cell.replicas().size())) {
                measures.stalls.add("not all replicas served " + SETTLE.toSeconds() + " s after healing");
            }
            workload.stop(Duration.ofSeconds(60));
            log.accept(clock.at(System.nanoTime()) + "  workload stopped; letting its jobs finish");
            drain(history, tasks, observer, measures);
            states = replicaStates(watch, measures);
            log.accept(clock.at(System.nanoTime()) + "  read " + states.size() + " replica snapshots at index "
                    + states.stream().map(s -> s.replica() + "=" + s.index()).toList());
        }
        List<Operation> operations = history.operations();
        awaitLedgerGrace(operations, clock);
        return check(operations, states, placements, ledger, measures, clock);
    }

    /** Every process running, none paused. */
    private void heal(Measures measures) {
        for (String id : ids()) {
            try {
                if (cell.running(id)) {
                    cell.resume(id);
                } else {
                    cell.start(id);
                }
            } catch (IOException | RuntimeException e) {
                measures.stalls.add("could not bring " + id + " back: " + e.getMessage());
            }
        }
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>(cell.replicas().stream().map(CellControl.ReplicaEndpoint::id).toList());
        ids.addAll(cell.borglets());
        return ids;
    }

    /** Waits for the workload's jobs to end by themselves; kills what still runs after a while. */
    private void drain(History history, TaskScript tasks, Consumer<JobView> observer, Measures measures)
            throws InterruptedException {
        try (CampaignClient client = new CampaignClient("drain", history, cell.replicas(), Duration.ofSeconds(5),
                Duration.ofSeconds(30), 2, observer)) {
            List<String> running = runningJobs(client, Duration.ofSeconds(90));
            if (!running.isEmpty()) {
                log.accept("             killing " + running.size() + " job(s) still running: " + running);
                running.forEach(client::kill);
                running = runningJobs(client, Duration.ofSeconds(60));
                if (!running.isEmpty()) {
                    measures.stalls.add(running.size() + " job(s) still running after they were killed: " + running);
                }
            }
        }
    }

    /** Polls until no job is running or the patience runs out; answers those still running. */
    private static List<String> runningJobs(CampaignClient client, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        List<String> running = List.of("(not listed yet)");
        while (System.nanoTime() < deadline) {
            if (client.list().outcome() instanceof Outcome.Listed listed) {
                running = listed.jobs().values().stream().filter(j -> j.life() == Life.RUNNING).map(JobView::name).toList();
                if (running.isEmpty()) {
                    return running;
                }
            }
            Thread.sleep(1000);
        }
        return running;
    }

    /**
     * Once the replicas agree on their applied index (the log is quiet), each writes a snapshot
     * and the files are read. A write that slips in between makes the indexes differ: try again.
     */
    private List<ReplicaState> replicaStates(ReplicaWatch watch, Measures measures) throws InterruptedException, IOException {
        Snapshots snapshots = new Snapshots();
        List<ReplicaState> states = List.of();
        for (int round = 1; round <= 3; round++) {
            if (!awaitSameIndex(watch)) {
                measures.stalls.add("replicas did not reach one applied index within " + SETTLE.toSeconds() + " s: "
                        + watch.views(1000).values().stream().map(v -> v.replica() + "=" + v.appliedIndex()).toList());
            }
            states = new ArrayList<>();
            for (CellControl.ReplicaEndpoint replica : cell.replicas()) {
                try {
                    long index = snapshots.take(replica);
                    Optional<borgcell.api.v1.raft.CellSnapshot> snapshot = Snapshots.read(cell.dataDir(replica.id()), index);
                    if (snapshot.isPresent()) {
                        states.add(ReplicaState.of(replica.id(), snapshot.get()));
                    } else {
                        measures.stalls.add("no snapshot file at index " + index + " in " + cell.dataDir(replica.id()));
                    }
                } catch (IOException e) {
                    measures.stalls.add("snapshot of " + replica.id() + " failed: " + e.getMessage());
                }
            }
            if (states.size() == cell.replicas().size()
                    && states.stream().map(ReplicaState::index).distinct().count() == 1) {
                return states;
            }
        }
        return states;
    }

    private boolean awaitSameIndex(ReplicaWatch watch) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long agreed = -1;
        while (System.nanoTime() < deadline) {
            Map<String, ReplicaWatch.View> views = watch.views(1000);
            Set<Long> indexes = new java.util.HashSet<>();
            views.values().forEach(v -> indexes.add(v.appliedIndex()));
            if (views.size() == cell.replicas().size() && indexes.size() == 1) {
                long index = indexes.iterator().next();
                if (index == agreed) {
                    return true; // the same index twice in a row: quiet
                }
                agreed = index;
            } else {
                agreed = -1;
            }
            Thread.sleep(1000);
        }
        return false;
    }

    /** A killed task may beat for the grace period after its kill: wait that long before reading the ledger. */
    private void awaitLedgerGrace(List<Operation> operations, Clock clock) throws InterruptedException {
        long lastKill = operations.stream().filter(op -> op.kind() == OpKind.KILL)
                .mapToLong(Operation::completeNanos).max().orElse(0);
        long until = Math.min(lastKill + config.grace().toNanos() + 2_000_000_000L,
                System.nanoTime() + config.grace().toNanos() + 2_000_000_000L);
        long wait = (until - System.nanoTime()) / 1_000_000;
        if (wait > 0) {
            log.accept(clock.at(System.nanoTime()) + "  waiting " + wait + " ms so that killed tasks have had their grace");
            Thread.sleep(wait);
        }
    }

    private Report check(List<Operation> operations, List<ReplicaState> states, Set<ObservedPlacement> placements, Path ledger,
                         Measures measures, Clock clock) throws IOException {
        List<Finding> findings = new ArrayList<>();
        EndStateCheck.Result end = EndStateCheck.check(operations, states);
        findings.addAll(end.findings());
        LinearizabilityCheck.Result linear = LinearizabilityCheck.check(operations);
        findings.addAll(linear.findings());
        List<ObservedPlacement> all = new ArrayList<>(placements);
        states.forEach(s -> s.jobs().values().forEach(j -> all.addAll(ObservedPlacement.of(j))));
        findings.addAll(PlacementCheck.check(all));
        List<Beat> beats = Files.readAllLines(ledger, StandardCharsets.UTF_8).stream()
                .map(Beat::parse).flatMap(Optional::stream).toList();
        Map<String, Long> killedAt = new HashMap<>();
        for (Operation op : operations) {
            if (op.kind() == OpKind.KILL && op.outcome() instanceof Outcome.Answered a && a.job().life() == Life.KILLED) {
                killedAt.merge(op.job(), clock.epochMicros(op.completeNanos()), Math::min);
            }
        }
        LedgerCheck.Result tasks = LedgerCheck.check(beats, killedAt,
                new Outages(measures.borgletDowns, measures.mastersDown), config.grace().toNanos() / 1000);
        findings.addAll(tasks.findings());
        int violations = (int) findings.stream().filter(f -> !f.kind().equals("lost") && !f.kind().equals("duplicated")).count();
        int unknown = (int) operations.stream().filter(op -> op.outcome() instanceof Outcome.Unknown).count();
        List<String> stalls;
        synchronized (measures.stalls) {
            stalls = List.copyOf(measures.stalls);
        }
        Figures figures = new Figures(operations.size(), end.acknowledged(), end.lost(), end.duplicated(), violations,
                measures.leaderKills, Percentiles.of(measures.failoverMillis, 50), Percentiles.of(measures.failoverMillis, 99),
                Percentiles.of(measures.failoverMillis, 100), Percentiles.of(measures.electionMillis, 99),
                Percentiles.of(measures.rescheduleMillis, 99),
                Percentiles.of(measures.fullRestartMillis, 100), config.seed(), config.duration().toSeconds() / 60.0,
                Runtime.getRuntime().availableProcessors(), unknown, linear.jobsChecked(), linear.jobsGivenUp(),
                tasks.beats(), tasks.overlapMillisMax(), Percentiles.of(measures.wipeCatchUpMillis, 100),
                measures.wipesCaughtUpBySnapshot, stalls.size(),
                measures.faults);
        return new Report(figures, findings, stalls, summary(operations, figures, measures, findings, stalls));
    }

    private static String summary(List<Operation> operations, Figures f, Measures m, List<Finding> findings,
                                  List<String> stalls) {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Operation op : operations) {
            outcomes.merge(op.kind() + " " + op.outcome().getClass().getSimpleName().toLowerCase(), 1, Integer::sum);
        }
        StringBuilder s = new StringBuilder();
        s.append("operations: ").append(f.operations()).append(" ").append(outcomes).append('\n');
        s.append("faults: ").append(m.faults).append('\n');
        s.append("failover ms (kill to first accepted write): ").append(m.failoverMillis).append('\n');
        s.append("election ms (kill to a survivor naming the new leader): ").append(m.electionMillis).append('\n');
        s.append("reschedule ms (Borglet killed to its tasks running elsewhere): ").append(m.rescheduleMillis).append('\n');
        s.append("full restart ms (all five started to first accepted write): ").append(m.fullRestartMillis).append('\n');
        s.append("wiped replica catch-up ms: ").append(m.wipeCatchUpMillis).append(" (")
                .append(m.wipesCaughtUpBySnapshot).append(" by snapshot install)\n");
        s.append("acknowledged ").append(f.acknowledged()).append(", lost ").append(f.lost()).append(", duplicated ")
                .append(f.duplicated()).append(", violations ").append(f.violations()).append("; linearizability checked on ")
                .append(f.jobsCheckedLinearizable()).append(" jobs (gave up on ").append(f.jobsGivenUp()).append("), ")
                .append(f.beats()).append(" task beats\n");
        findings.forEach(x -> s.append("FOUND ").append(x).append('\n'));
        stalls.forEach(x -> s.append("stall: ").append(x).append('\n'));
        s.append(f.safe() ? "SAFE: nothing acknowledged was lost or duplicated, no violation" : "UNSAFE: see FOUND above");
        return s.toString();
    }
}
