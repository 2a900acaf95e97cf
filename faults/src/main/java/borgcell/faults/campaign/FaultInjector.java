package borgcell.faults.campaign;

import borgcell.api.v1.TaskState;
import borgcell.faults.check.Outages;
import borgcell.faults.history.History;
import borgcell.faults.history.JobView;
import borgcell.faults.history.Life;
import borgcell.faults.history.TaskView;
import borgcell.faults.schedule.Fault;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Plays one fault at a time on the cell: picks the victims the fault names, hurts them, brings
 * them back after the fault's pause, and measures what the fault is about (failover, reschedule,
 * full restart, catch-up). Each fault waits first until the cell can take it without losing its
 * quorum for longer than the fault means to.
 */
final class FaultInjector implements AutoCloseable {
    private static final long ASK_MILLIS = 700;
    private static final Duration HEAL_PATIENCE = Duration.ofSeconds(120);

    private final CellControl cell;
    private final ReplicaWatch watch;
    private final FailoverProbe probe;
    private final CampaignClient reader;
    private final Map<String, JobView> seen = new HashMap<>();
    private final Measures measures;
    private final Clock clock;
    private final Consumer<String> log;

    FaultInjector(CellControl cell, ReplicaWatch watch, FailoverProbe probe, History history, Consumer<JobView> observer,
                  Measures measures, Clock clock, Consumer<String> log) {
        this.cell = cell;
        this.watch = watch;
        this.probe = probe;
        this.reader = new CampaignClient("injector", history, cell.replicas(), Duration.ofSeconds(5), Duration.ofSeconds(30),
                1, view -> {
                    observer.accept(view);
                    seen.put(view.name(), view);
                });
        this.measures = measures;
        this.clock = clock;
        this.log = log;
    }

    /** Injects the fault and returns once its victims run again (or it was skipped). */
    void inject(Fault fault) throws InterruptedException {
        int needed = switch (fault) {
            case Fault.KillTwo k -> 5;
            case Fault.RestartAll r -> 3;
            case Fault.KillBorglet b -> 3;
            default -> 4;
        };
        if (!awaitServing(needed)) {
            measures.stalls.add("only " + watch.serving(ASK_MILLIS) + " replicas served " + HEAL_PATIENCE.toSeconds()
                    + " s after the previous fault; skipped " + fault.kind());
            log.accept(clock.at(System.nanoTime()) + "  cell not healed; skipping " + fault.kind());
            return;
        }
        measures.fault(fault.kind());
        switch (fault) {
            case Fault.KillLeader k -> killLeaderAnd(Optional.empty(), k.downMillis(), fault.kind());
            case Fault.KillTwo k when k.withLeader() -> killLeaderAnd(Optional.of(k.pick()), k.downMillis(), fault.kind());
            case Fault.KillTwo k -> killFollowers(List.of(k.pick(), k.pick() + 1), k.downMillis(), fault.kind());
            case Fault.KillFollower k -> killFollowers(List.of(k.pick()), k.downMillis(), fault.kind());
            case Fault.Pause p -> pause(p);
            case Fault.Wipe w -> wipe(w);
            case Fault.RestartAll r -> restartAll(r);
            case Fault.KillBorglet b -> killBorglet(b);
        }
    }

    private void killLeaderAnd(Optional<Integer> followerPick, long downMillis, String kind) throws InterruptedException {
        Optional<String> leader = awaitLeader();
        if (leader.isEmpty()) {
            measures.stalls.add("no leader to kill for " + kind);
            return;
        }
        List<String> victims = new ArrayList<>(List.of(leader.get()));
        followerPick.ifPresent(pick -> victims.add(follower(leader.get(), pick)));
        List<String> survivors = cell.replicas().stream().map(CellControl.ReplicaEndpoint::id)
                .filter(id -> !victims.contains(id)).toList();
        long killed = System.nanoTime();
        victims.forEach(cell::kill);
        measures.leaderKills++;
        var election = ElectionTimer.start(watch, survivors, Set.copyOf(victims), FailoverProbe.PATIENCE);
        Thread comeBack = startLater(victims, downMillis);
        FailoverProbe.Result probed = probe.firstAcceptedWrite();
        Optional<ElectionTimer.Elected> elected = election.join();
        String result;
        if (probed.acceptedNanos().isPresent()) {
            long millis = (probed.acceptedNanos().getAsLong() - killed) / 1_000_000;
            measures.failoverMillis.add(millis);
            result = "first write accepted after " + millis + " ms";
        } else {
            measures.stalls.add("no write accepted within " + FailoverProbe.PATIENCE.toSeconds() + " s after killing " + victims);
            result = "NO WRITE ACCEPTED";
        }
        elected.ifPresent(e -> measures.electionMillis.add((e.nanos() - killed) / 1_000_000));
        result += elected.map(e -> "; " + e.leader() + " named leader after " + (e.nanos() - killed) / 1_000_000 + " ms")
                .orElse("; no new leader named");
        if (!probed.failedAttempts().isEmpty()) {
            result += "; probe attempts failed: " + String.join(", ", probed.failedAttempts());
        }
        comeBack.join();
        log.accept(clock.at(killed) + "  " + kind + " " + String.join("+", victims) + " (leader " + leader.get()
                + ", down " + downMillis + " ms): " + result);
    }

    private void killFollowers(List<Integer> picks, long downMillis, String kind) throws InterruptedException {
        Optional<String> leader = awaitLeader();
        if (leader.isEmpty()) {
            measures.stalls.add("no leader known for " + kind);
            return;
        }
        List<String> victims = picks.stream().map(p -> follower(leader.get(), p)).distinct().toList();
        long killed = System.nanoTime();
        victims.forEach(cell::kill);
        startLater(victims, downMillis).join();
        log.accept(clock.at(killed) + "  " + kind + " " + String.join("+", victims) + " (down " + downMillis + " ms)");
    }

    private void pause(Fault.Pause p) throws InterruptedException {
        Optional<String> leader = awaitLeader();
        if (leader.isEmpty()) {
            measures.stalls.add("no leader known for pause");
            return;
        }
        String victim = p.leader() ? leader.get() : follower(leader.get(), p.pick());
        long paused = System.nanoTime();
        cell.pause(victim);
        try {
            Thread.sleep(p.downMillis());
        } finally {
            cell.resume(victim);
        }
        log.accept(clock.at(paused) + "  pause " + victim + (p.leader() ? " (the leader)" : "") + " for " + p.downMillis() + " ms");
    }

    private void wipe(Fault.Wipe w) throws InterruptedException {
        Optional<String> leader = awaitLeader();
        if (leader.isEmpty()) {
            measures.stalls.add("no leader known for wipe");
            return;
        }
        String victim = follower(leader.get(), w.pick());
        long killed = System.nanoTime();
        cell.kill(victim);
        try {
            cell.wipe(victim);
        } catch (IOException e) {
            measures.stalls.add("could not wipe " + victim + ": " + e.getMessage());
        }
        startLater(List.of(victim), w.downMillis()).join();
        long started = System.nanoTime();
        long target = watch.view(leader.get(), ASK_MILLIS).map(ReplicaWatch.View::appliedIndex).orElse(0L);
        long deadline = started + HEAL_PATIENCE.toNanos();
        String result = "did not catch up within " + HEAL_PATIENCE.toSeconds() + " s";
        while (System.nanoTime() < deadline) {
            Optional<ReplicaWatch.View> view = watch.view(victim, ASK_MILLIS);
            if (view.isPresent() && view.get().appliedIndex() >= target) {
                long millis = (System.nanoTime() - started) / 1_000_000;
                measures.wipeCatchUpMillis.add(millis);
                boolean bySnapshot = view.get().snapshotsInstalled() > 0;
                if (bySnapshot) {
                    measures.wipesCaughtUpBySnapshot++;
                }
                result = "caught up to index " + target + " " + millis + " ms after its start, by "
                        + (bySnapshot ? "snapshot install" : "log replay");
                break;
            }
            Thread.sleep(250);
        }
        if (result.startsWith("did not")) {
            measures.stalls.add("wiped " + victim + " " + result);
        }
        log.accept(clock.at(killed) + "  wipe " + victim + " (down " + w.downMillis() + " ms): " + result);
    }

    private void restartAll(Fault.RestartAll r) throws InterruptedException {
        List<String> all = cell.replicas().stream().map(CellControl.ReplicaEndpoint::id).toList();
        long killed = System.nanoTime();
        all.forEach(cell::kill);
        startLater(all, r.downMillis()).join();
        long started = System.nanoTime();
        OptionalLong accepted = probe.firstAcceptedWrite().acceptedNanos();
        String result;
        if (accepted.isPresent()) {
            long millis = (accepted.getAsLong() - started) / 1_000_000;
            measures.fullRestartMillis.add(millis);
            measures.mastersDown.add(new Outages.Down(clock.epochMicros(killed), clock.epochMicros(accepted.getAsLong())));
            result = "first write accepted " + millis + " ms after all five were started";
        } else {
            measures.mastersDown.add(new Outages.Down(clock.epochMicros(killed), clock.epochMicros(System.nanoTime())));
            measures.stalls.add("no write accepted within " + FailoverProbe.PATIENCE.toSeconds() + " s of a full restart");
            result = "NO WRITE ACCEPTED";
        }
        log.accept(clock.at(killed) + "  restart-all (down " + r.downMillis() + " ms): " + result);
    }

    /**
     * Kills a Borglet and follows the tasks it was running until each runs on another machine
     * under a new attempt (or ended for another reason); restarts it after the fault's pause.
     */
    private void killBorglet(Fault.KillBorglet b) throws InterruptedException {
        List<String> machines = cell.borglets();
        String victim = machines.get(b.pick() % machines.size());
        seen.clear();
        reader.list();
        Map<String, Integer> placed = new HashMap<>(); // "job/index" -> attempt on the victim
        for (JobView job : seen.values()) {
            for (TaskView t : job.tasks()) {
                if (t.placed() && t.machine().equals(victim)) {
                    placed.put(job.name() + "/" + t.index(), t.attempt());
                }
            }
        }
        long killed = System.nanoTime();
        cell.kill(victim);
        long restartAt = killed + b.downMillis() * 1_000_000;
        boolean restarted = false;
        long movedAt = -1;
        int moved = 0;
        long deadline = killed + HEAL_PATIENCE.toNanos();
        // Bounded by time and by the count of polls.
        for (int polls = 0; polls < 1000 && System.nanoTime() < deadline; polls++) {
            if (!restarted && System.nanoTime() >= restartAt) {
                start(victim);
                borgletDown(victim, killed);
                restarted = true;
            }
            if (!placed.isEmpty()) {
                seen.clear();
                reader.list();
                long now = System.nanoTime();
                for (var it = placed.entrySet().iterator(); it.hasNext(); ) {
                    var task = it.next();
                    Optional<TaskView> view = task(task.getKey());
                    if (view.isEmpty() || jobEnded(task.getKey())) {
                        it.remove(); // the job ended or was killed meanwhile: nothing to move
                    } else if (view.get().attempt() > task.getValue() && view.get().state() == TaskState.RUNNING
                            && !view.get().machine().equals(victim)) {
                        it.remove();
                        moved++;
                        movedAt = now;
                    } else if (view.get().state() != TaskState.PENDING && !view.get().placed()) {
                        it.remove(); // ended (lost, failed) rather than moved
                    }
                }
            }
            if (restarted && placed.isEmpty()) {
                break;
            }
            Thread.sleep(250);
        }
        if (!restarted) {
            start(victim);
            borgletDown(victim, killed);
        }
        String result;
        if (moved > 0) {
            long millis = (movedAt - killed) / 1_000_000;
            measures.rescheduleMillis.add(millis);
            result = moved + " task(s) running elsewhere after " + millis + " ms";
        } else {
            result = "no running task to move";
        }
        if (!placed.isEmpty()) {
            measures.stalls.add(placed.size() + " task(s) of " + victim + " not running elsewhere "
                    + HEAL_PATIENCE.toSeconds() + " s after it was killed: " + placed.keySet());
            result += "; " + placed.size() + " never moved";
        }
        log.accept(clock.at(killed) + "  kill-borglet " + victim + " (down " + b.downMillis() + " ms): " + result);
    }

    private void borgletDown(String machine, long killedNanos) {
        measures.borgletDowns.computeIfAbsent(machine, m -> new ArrayList<>())
                .add(new Outages.Down(clock.epochMicros(killedNanos), clock.epochMicros(System.nanoTime())));
    }

    private Optional<TaskView> task(String key) {
        int slash = key.lastIndexOf('/');
        JobView job = seen.get(key.substring(0, slash));
        int index = Integer.parseInt(key.substring(slash + 1));
        return job == null ? Optional.empty() : job.tasks().stream().filter(t -> t.index() == index).findFirst();
    }

    private boolean jobEnded(String key) {
        JobView job = seen.get(key.substring(0, key.lastIndexOf('/')));
        return job == null || job.life() != Life.RUNNING;
    }

    /** The {@code pick}-th follower (by id, wrapping), never the leader. */
    private String follower(String leader, int pick) {
        List<String> followers = cell.replicas().stream().map(CellControl.ReplicaEndpoint::id)
                .filter(id -> !id.equals(leader)).sorted().toList();
        return followers.get(Math.floorMod(pick, followers.size()));
    }

    private Thread startLater(List<String> ids, long millis) {
        return Thread.ofVirtual().name("restart-" + String.join("+", ids)).start(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ids.forEach(this::start);
        });
    }

    private void start(String id) {
        try {
            if (!cell.running(id)) {
                cell.start(id);
            }
        } catch (IOException | RuntimeException e) {
            measures.stalls.add("could not restart " + id + ": " + e.getMessage());
        }
    }

    boolean awaitServing(int count) throws InterruptedException {
        long deadline = System.nanoTime() + HEAL_PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (watch.serving(ASK_MILLIS) >= count) {
                return true;
            }
            Thread.sleep(300);
        }
        return false;
    }

    private Optional<String> awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + HEAL_PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> leader = watch.leader(ASK_MILLIS);
            if (leader.isPresent()) {
                return leader;
            }
            Thread.sleep(300);
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        reader.close();
    }
}
