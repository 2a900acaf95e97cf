package borgcell.cli.bench;

import borgcell.api.v1.CellInfo;
import borgcell.api.v1.GetCellRequest;
import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.hollow.GcPauses;
import borgcell.borglet.hollow.HollowFleet;
import borgcell.borglet.hollow.HollowStats;
import borgcell.borglet.hollow.LatencyRecorder;
import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.MasterAddress;
import borgcell.cli.client.MasterEndpoints;
import borgcell.cli.files.DirectoryTree;
import borgcell.cli.local.CellLayout;
import borgcell.cli.local.LocalCell;
import borgcell.master.raft.PeerAddress;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code borg bench heartbeats}: a real five-replica cell of processes (as {@code borg up} starts
 * them, without Borglets) and N hollow Borglets in this JVM ({@link HollowFleet}) heartbeating
 * over the real MachineLink at the cell's interval. Once every machine has registered, jobs are
 * submitted onto them; the figures: heartbeats answered per second, their round trip, the time
 * until every task is RUNNING, machines wrongly marked DOWN, and each process's CPU share.
 */
public final class HeartbeatBenchmark {

    /** Each hollow machine: 4 cores and 16 GiB, so 13 tasks of the size below fit on one. */
    static final Resources MACHINE = Resources.newBuilder().setCpuMillis(4000).setRamBytes(16L << 30)
            .setDiskBytes(100L << 30).setPorts(100).build();
    static final Resources TASK = Resources.newBuilder().setCpuMillis(300).setRamBytes(512L << 20).build();
    static final int TASKS_PER_MACHINE = (int) Math.min(MACHINE.getCpuMillis() / TASK.getCpuMillis(),
            MACHINE.getRamBytes() / TASK.getRamBytes());
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration IDLE = Duration.ofSeconds(10);

    /**
     * @param steady how long to go on measuring once every task is RUNNING
     * @param masterJvmOptions added to each replica's JVM options (a bigger heap for a large cell)
     */
    public record Settings(int machines, int tasks, int tasksPerJob, Duration interval, int missedHeartbeats,
                           Duration steady, Path dir, Duration timeout, List<String> masterJvmOptions,
                           int channelsPerMaster) {
        public Settings {
            masterJvmOptions = List.copyOf(masterJvmOptions);
        }

        int jobs() {
            return (tasks + tasksPerJob - 1) / tasksPerJob;
        }
    }

    /**
     * The bench JVM's own collections during the window, and the round trips none of them
     * covered: the hollow Borglets share this JVM, so its pause holds up every heartbeat in
     * flight at once, where a real Borglet pauses alone ({@link GcPauses}).
     */
    public record OwnPauses(int count, double maxMillis, int samplesLeftOut, LatencyRecorder.Summary clearRoundTrip) {}

    /** What one run measured. Shares are of all cores; -1 where a process could not be read. */
    public record Figures(Settings settings, int cores, double registerSeconds, double submitSeconds, long rampEntries,
                          double allRunningSeconds,
                          double allHeldSeconds, double windowSeconds, HollowStats.Window ramp,
                          HollowStats.Window steady, LatencyRecorder.Summary roundTrip, Set<String> markedDown,
                          Set<String> wronglyDown, long longestPauseMillis, String leader, long leaderChanges,
                          Map<String, Double> cpuShares, double idleLeaderShare, double leaderMicrosPerSteadyHeartbeat,
                          double leaderMarginalMicrosPerHeartbeat, long tasksRunning, OwnPauses ownPauses) {

        public double heartbeatsPerSecond() {
            double seconds = ramp.seconds() + steady.seconds();
            return seconds <= 0 ? 0 : (ramp.answered() + steady.answered()) / seconds;
        }

        public double expectedHeartbeatsPerSecond() {
            return settings.machines() * 1000.0 / settings.interval().toMillis();
        }

        double leaderShare() {
            return cpuShares.getOrDefault(leader, -1.0);
        }

        double followersShare() {
            return cpuShares.entrySet().stream().filter(e -> e.getKey().startsWith("r") && !e.getKey().equals(leader))
                    .mapToDouble(Map.Entry::getValue).sum();
        }

        public String json() {
            return String.format(Locale.ROOT, "{\"bench\":\"heartbeats\",\"machines\":%d,\"tasks\":%d,\"jobs\":%d,"
                            + "\"interval_ms\":%d,\"missed_heartbeats\":%d,\"replicas\":5,\"cores\":%d,"
                            + "\"register_s\":%.1f,\"heartbeats_per_s\":%.0f,\"heartbeats_per_s_expected\":%.0f,"
                            + "\"rtt_p50_ms\":%.2f,\"rtt_p99_ms\":%.2f,\"rtt_max_ms\":%.1f,"
                            + "\"ramp_rtt_p99_ms\":%.2f,\"steady_rtt_p99_ms\":%.2f,"
                            + "\"submit_s\":%.2f,\"ramp_raft_entries\":%d,\"all_running_s\":%.2f,\"all_held_s\":%.2f,\"tasks_running\":%d,"
                            + "\"machines_marked_down\":%d,\"machines_wrongly_down\":%d,\"longest_pause_ms\":%d,"
                            + "\"failed_heartbeats\":%d,\"answers_full\":%d,\"answers_changes\":%d,\"answers_unchanged\":%d,"
                            + "\"leader\":\"%s\",\"leader_changes\":%d,\"leader_cpu_share\":%.3f,"
                            + "\"followers_cpu_share\":%.3f,\"hollow_cpu_share\":%.3f,"
                            + "\"leader_idle_cpu_share\":%.3f,\"leader_cpu_us_per_steady_heartbeat\":%.0f,"
                            + "\"leader_marginal_cpu_us_per_heartbeat\":%.0f,\"load_avg\":%.1f,\"window_s\":%.1f,"
                            + "\"bench_gc_pauses\":%d,\"bench_gc_pause_max_ms\":%.1f,\"rtt_samples_in_bench_gc\":%d,"
                            + "\"rtt_p99_clear_of_bench_gc_ms\":%.2f}",
                    settings.machines(), settings.tasks(), settings.jobs(), settings.interval().toMillis(),
                    settings.missedHeartbeats(), cores, registerSeconds, heartbeatsPerSecond(),
                    expectedHeartbeatsPerSecond(), roundTrip.p50Millis(), roundTrip.p99Millis(), roundTrip.maxMillis(),
                    ramp.roundTrip().p99Millis(), steady.roundTrip().p99Millis(), submitSeconds, rampEntries, allRunningSeconds,
                    allHeldSeconds,
                    tasksRunning, markedDown.size(), wronglyDown.size(), longestPauseMillis,
                    ramp.failed() + steady.failed(), ramp.full() + steady.full(), ramp.changes() + steady.changes(),
                    ramp.unchanged() + steady.unchanged(), leader, leaderChanges, leaderShare(), followersShare(),
                    cpuShares.getOrDefault("hollow", -1.0), idleLeaderShare, leaderMicrosPerSteadyHeartbeat,
                    leaderMarginalMicrosPerHeartbeat, loadAverage(), windowSeconds, ownPauses.count(),
                    ownPauses.maxMillis(), ownPauses.samplesLeftOut(), ownPauses.clearRoundTrip().p99Millis());
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final long started = System.nanoTime();

    public HeartbeatBenchmark(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public Figures run(LocalCell.Launcher launcher) throws IOException, InterruptedException {
        Path dir = settings.dir().toAbsolutePath().normalize();
        CellLayout layout = layoutBelowEphemeralPorts(dir);
        for (PeerAddress r : layout.replicas()) {
            DirectoryTree.delete(layout.dataDir(r)); // a fresh cell every run; the extracted jar and its cache stay
        }
        DirectoryTree.delete(layout.log("x").getParent());
        int cores = Runtime.getRuntime().availableProcessors();
        // Plaintext: thousands of hollow machines share a few channels, where each real one has a certificate of its own.
        LocalCell.Options options = new LocalCell.Options(settings.interval(), settings.missedHeartbeats(),
                settings.masterJvmOptions(), true);
        List<MasterAddress> masters = layout.replicas().stream().map(r -> MasterAddress.parse(r.grpcAddress())).toList();
        HollowFleet.Settings hollow = new HollowFleet.Settings("hollow-", settings.machines(), MACHINE, Map.of(),
                List.of("process"), settings.interval(), settings.channelsPerMaster(), 128);
        try (LocalCell cell = new LocalCell(layout, launcher, options);
             CellClient client = new CellClient(new MasterEndpoints(masters, "bench"), Duration.ofSeconds(30));
             HollowFleet fleet = new HollowFleet(layout.replicas().stream().map(PeerAddress::grpcAddress).toList(), hollow);
             GcPauses ownGc = new GcPauses()) {
            say("starting 5 replicas in %s (logs in %s), heartbeat every %d ms, DOWN after %d missed", dir,
                    layout.log("x").getParent(), settings.interval().toMillis(), settings.missedHeartbeats());
            cell.start();
            String leader = cell.awaitLeader(settings.timeout());
            awaitStarted(layout);
            say("leader %s, every replica started; measuring the idle cell for %d s", leader, IDLE.toSeconds());
            double idleLeaderShare = idleShare(cell, leader, cores);

            long registerStart = System.nanoTime();
            fleet.start();
            Duration registerTimeout = Duration.ofSeconds(Math.max(120, settings.machines() / 20));
            if (!fleet.awaitRegistered(registerTimeout)) {
                throw new CliException(ExitCodes.FAILURE, "only " + fleet.registeredCount() + " of " + settings.machines()
                        + " hollow machines registered within " + registerTimeout.toSeconds() + " s");
            }
            double registerSeconds = seconds(registerStart);
            say("%d hollow machines registered in %.1f s; settling for two intervals", settings.machines(), registerSeconds);
            Thread.sleep(2 * settings.interval().toMillis());

            CellInfo before = cellInfo(client);
            leader = before.getLeaderId();
            Map<String, Long> pids = pids(cell);
            Map<String, Double> cpuBefore = cpu(pids);
            fleet.stats().reset();
            long windowStart = System.nanoTime();

            say("submitting %d tasks as %d jobs of up to %d", settings.tasks(), settings.jobs(), settings.tasksPerJob());
            long submitStart = System.nanoTime();
            List<String> jobs = submit(client);
            double submitSeconds = seconds(submitStart);
            say("  every job accepted %.2f s after the first submission", submitSeconds);
            double[] heldAt = {-1};
            Thread heldWatch = Thread.ofVirtual().start(() -> {
                while (heldAt[0] < 0 && !Thread.currentThread().isInterrupted()) {
                    if (fleet.heldTasks() >= settings.tasks()) {
                        heldAt[0] = seconds(submitStart);
                        return;
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            double allRunning = awaitAllRunning(client, jobs, submitStart);
            long rampEntries = cellInfo(client).getAppliedIndex() - before.getAppliedIndex();
            heldWatch.join(Duration.ofSeconds(5));
            heldWatch.interrupt();
            say("all %d tasks RUNNING %.2f s after the first submission", settings.tasks(), allRunning);
            HollowStats.Window ramp = fleet.stats().window();
            long[] rampTrips = fleet.stats().roundTrips().samples();
            LatencyRecorder.Clear rampClear = fleet.stats().roundTrips().clearOf(ownGc.since(windowStart));
            Map<String, Double> cpuSteadyStart = cpu(pids);
            CellInfo steadyStart = cellInfo(client);
            fleet.stats().reset();

            say("measuring the steady cell for %d s", settings.steady().toSeconds());
            Thread.sleep(settings.steady().toMillis());
            HollowStats.Window steady = fleet.stats().window();
            long[] steadyTrips = fleet.stats().roundTrips().samples();
            List<GcPauses.Pause> ownGcPauses = ownGc.since(windowStart);
            LatencyRecorder.Clear steadyClear = fleet.stats().roundTrips().clearOf(ownGcPauses);
            double window = seconds(windowStart);
            Map<String, Double> cpuAfter = cpu(pids);
            CellInfo after = cellInfo(client);
            long running = countRunning(client, jobs);

            // Per heartbeat, the leader of the steady window: none if it changed meanwhile.
            String steadyLeader = steadyStart.getLeaderId();
            double steadyLeaderCpu = after.getTerm() != steadyStart.getTerm() ? -1
                    : cpuAfter.getOrDefault(steadyLeader, -1.0) - cpuSteadyStart.getOrDefault(steadyLeader, -1.0);
            double leaderMicrosPerHeartbeat = steady.answered() == 0 || steadyLeaderCpu < 0 ? -1
                    : steadyLeaderCpu * 1e6 / steady.answered();
            // What heartbeats add to what an idle leader spends anyway (Raft's own heartbeats, timers).
            double marginalMicros = steady.answered() == 0 || steadyLeaderCpu < 0 || idleLeaderShare < 0 ? -1
                    : (steadyLeaderCpu - idleLeaderShare * cores * steady.seconds()) * 1e6 / steady.answered();
            Map<String, Double> shares = new LinkedHashMap<>();
            cpuBefore.forEach((id, b) -> shares.put(id, ProcessCpu.share(b, cpuAfter.getOrDefault(id, -1.0), window, cores)));
            Set<String> marked = DownMarks.in(layout.replicas().stream().map(r -> layout.log(r.id())).toList());
            Set<String> silent = Set.copyOf(fleet.machinesSilentLongerThan(
                    settings.interval().multipliedBy(settings.missedHeartbeats())));
            Set<String> wrongly = new TreeSet<>(marked);
            wrongly.removeAll(silent);
            Figures figures = new Figures(settings, cores, registerSeconds, submitSeconds, rampEntries, allRunning, heldAt[0], window, ramp, steady,
                    LatencyRecorder.summarize(rampTrips, steadyTrips), marked, wrongly, fleet.longestPauseMillis(), leader,
                    Math.max(0, after.getTerm() - before.getTerm()), shares, idleLeaderShare, leaderMicrosPerHeartbeat,
                    marginalMicros, running, new OwnPauses(ownGcPauses.size(),
                            ownGcPauses.stream().mapToDouble(GcPauses.Pause::millis).max().orElse(0),
                            rampClear.leftOut() + steadyClear.leftOut(),
                            LatencyRecorder.summarize(rampClear.samples(), steadyClear.samples())));
            print(figures);
            return figures;
        }
    }

    /**
     * Fixed ports below the kernel's ephemeral range (32768 up here): ports merely found free get
     * taken meanwhile by outgoing connections (the AOT training run, other work on the machine)
     * before the replicas bind them, and a benchmark should not fail over that.
     */
    private static CellLayout layoutBelowEphemeralPorts(Path dir) {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + 50 * random.nextInt(240);
            CellLayout layout = CellLayout.withBasePort(dir, base, CellLayout.REPLICAS, 0);
            if (borgcell.cli.local.PortAllocator.taken(layout.ports()).isEmpty()) {
                return layout;
            }
        }
        return CellLayout.withFreePorts(dir, CellLayout.REPLICAS, 0);
    }

    /** Waits until every replica has finished starting (Spring's context too), so that idle means idle. */
    private void awaitStarted(CellLayout layout) throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        for (PeerAddress r : layout.replicas()) {
            while (!logSays(layout.log(r.id()), "Started BorgMasterApplication") && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    private static boolean logSays(Path log, String text) {
        try {
            return java.nio.file.Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** The leader's CPU share while the cell has no machine: what it spends on Raft and timers alone. */
    private static double idleShare(LocalCell cell, String leader, int cores) throws InterruptedException {
        long pid = cell.pid(leader).orElse(-1);
        double before = ProcessCpu.seconds(pid);
        long start = System.nanoTime();
        Thread.sleep(IDLE.toMillis());
        double after = ProcessCpu.seconds(pid);
        return ProcessCpu.share(before, after, seconds(start), cores);
    }

    private List<String> submit(CellClient client) throws InterruptedException {
        List<String> names = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            int left = settings.tasks();
            for (int j = 0; j < settings.jobs(); j++) {
                int count = Math.min(settings.tasksPerJob(), left);
                left -= count;
                String name = String.format(Locale.ROOT, "hb-%04d", j);
                names.add(name);
                JobSpec spec = JobSpec.newBuilder().setName(name).setUser("bench").setPriority(100).setTaskCount(count)
                        .setTask(TaskTemplate.newBuilder().addArgv("/bin/true").setRuntime("process").setResources(TASK))
                        .build();
                SubmitJobRequest request = SubmitJobRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                        .setSpec(spec).build();
                sent.add(pool.submit(() -> client.jobs(CellClient.Retry.IDEMPOTENT, s -> s.submitJob(request))));
            }
            for (Future<?> f : sent) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new CliException(ExitCodes.FAILURE, "a submission failed: " + e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return names;
    }

    /**
     * Polls the first job not yet seen wholly RUNNING until it is, then the next: one small read
     * at a time, so that watching costs the leader little. Seconds from {@code since}.
     */
    private double awaitAllRunning(CellClient client, List<String> jobs, long since) throws InterruptedException {
        long deadline = since + settings.timeout().toNanos();
        int done = 0;
        int lastReported = -1;
        while (done < jobs.size()) {
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.FAILURE, "gave up after " + settings.timeout().toSeconds() + " s: "
                        + done + " of " + jobs.size() + " jobs wholly RUNNING");
            }
            try {
                Job job = job(client, jobs.get(done));
                if (job.getTasksList().stream().allMatch(t -> t.getState() == TaskState.RUNNING)) {
                    done++;
                    continue;
                }
            } catch (StatusRuntimeException e) {
                // an election: ask again
            }
            if (done != lastReported && done > 0 && done % Math.max(1, jobs.size() / 10) == 0) {
                say("  %d of %d jobs wholly RUNNING after %.1f s", done, jobs.size(), seconds(since));
                lastReported = done;
            }
            Thread.sleep(POLL.toMillis());
        }
        return seconds(since);
    }

    private long countRunning(CellClient client, List<String> jobs) {
        long running = 0;
        for (String name : jobs) {
            for (Task t : job(client, name).getTasksList()) {
                if (t.getState() == TaskState.RUNNING) {
                    running++;
                }
            }
        }
        return running;
    }

    private static Job job(CellClient client, String name) {
        return client.jobs(CellClient.Retry.IDEMPOTENT, s -> s.getJob(GetJobRequest.newBuilder().setName(name).build()));
    }

    private static CellInfo cellInfo(CellClient client) {
        return client.cell(CellClient.Retry.IDEMPOTENT, s -> s.getCell(GetCellRequest.getDefaultInstance()));
    }

    private static Map<String, Long> pids(LocalCell cell) {
        Map<String, Long> pids = new LinkedHashMap<>(cell.replicaPids());
        pids.put("hollow", ProcessHandle.current().pid());
        return pids;
    }

    private static Map<String, Double> cpu(Map<String, Long> pids) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((id, pid) -> seconds.put(id, ProcessCpu.seconds(pid)));
        return seconds;
    }

    private void print(Figures f) {
        out.println();
        out.printf(Locale.ROOT, "heartbeats of %d hollow Borglets against a 5-replica cell of processes, every %d ms, on %d cores%n",
                settings.machines(), settings.interval().toMillis(), f.cores());
        row("registration of every machine", "%.1f s", f.registerSeconds());
        row("heartbeats answered per second", "%.0f (%.0f expected of %d machines)", f.heartbeatsPerSecond(),
                f.expectedHeartbeatsPerSecond(), settings.machines());
        row("heartbeat round trip p50 / p99 / max", "%.2f / %.2f / %.1f ms", f.roundTrip().p50Millis(),
                f.roundTrip().p99Millis(), f.roundTrip().maxMillis());
        row("  while tasks were placed / steady", "p99 %.2f / %.2f ms", f.ramp().roundTrip().p99Millis(),
                f.steady().roundTrip().p99Millis());
        row("  this JVM's own collections (hollow side)", "%d, longest %.1f ms; p99 %.2f ms without the %d round trips"
                + " one covered", f.ownPauses().count(), f.ownPauses().maxMillis(),
                f.ownPauses().clearRoundTrip().p99Millis(), f.ownPauses().samplesLeftOut());
        row("tasks RUNNING after submission", "%d of %d in %.2f s (jobs all accepted at %.2f s, all held by the"
                + " Borglets at %.2f s)", f.tasksRunning(), settings.tasks(), f.allRunningSeconds(), f.submitSeconds(),
                f.allHeldSeconds());
        row("Raft entries until all RUNNING", "%d (%.0f a second)", f.rampEntries(),
                f.rampEntries() / Math.max(0.001, f.allRunningSeconds()));
        row("machines marked DOWN / wrongly", "%d / %d (longest pause between a machine's heartbeats %d ms)",
                f.markedDown().size(), f.wronglyDown().size(), f.longestPauseMillis());
        row("answers: whole set / changes / unchanged", "%d / %d / %d", f.ramp().full() + f.steady().full(),
                f.ramp().changes() + f.steady().changes(), f.ramp().unchanged() + f.steady().unchanged());
        row("heartbeats failed (retried)", "%d", f.ramp().failed() + f.steady().failed());
        StringBuilder shares = new StringBuilder();
        f.cpuShares().forEach((id, share) -> shares.append(String.format(Locale.ROOT, "%s%s %.1f%%  ",
                id, id.equals(f.leader()) ? " (leader)" : "", share * 100)));
        row("CPU share of the machine", "%s", shares.toString().trim());
        row("leader CPU per heartbeat once steady", "%.0f us in all, %.0f us beyond an idle leader's %.1f%%",
                f.leaderMicrosPerSteadyHeartbeat(), f.leaderMarginalMicrosPerHeartbeat(), f.idleLeaderShare() * 100);
        row("leader changes during the window", "%d (terms)", f.leaderChanges());
        row("load average (1 min) at the end", "%.1f (other work on this machine skews every figure)", loadAverage());
        if (!f.wronglyDown().isEmpty()) {
            out.println("  wrongly DOWN: " + String.join(", ", f.wronglyDown().stream().limit(20).toList())
                    + (f.wronglyDown().size() > 20 ? ", ..." : ""));
        }
        out.println(f.json());
        out.flush();
    }

    /** The host's 1-minute load average: the benchmark shares the machine, and says how busy it was. */
    static double loadAverage() {
        try {
            return Double.parseDouble(java.nio.file.Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private void row(String label, String format, Object... args) {
        out.printf(Locale.ROOT, "  %-42s %s%n", label, String.format(Locale.ROOT, format, args));
    }

    private void say(String format, Object... args) {
        out.printf(Locale.ROOT, "[%6.1f s] %s%n", seconds(started), String.format(Locale.ROOT, format, args));
        out.flush();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
