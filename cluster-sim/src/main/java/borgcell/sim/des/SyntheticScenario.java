package borgcell.sim.des;

import borgcell.scheduler.MachineView;
import borgcell.sim.SimJob;
import borgcell.sim.SyntheticWorkload;
import borgcell.sim.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A synthetic scenario from one seed. At time 0 the machines join (one in 200 draining) and
 * the {@link SyntheticWorkload} arrives: services, which run to the end, and batch jobs,
 * which finish. Then batch jobs keep arriving at random times over the whole run, as many as
 * replace the batch work of the start (in cpu-seconds), so the cell stays near its starting
 * load rather than emptying. Machines fail at random (exponential times between failures,
 * {@code mtbfHours} each) and are repaired after an exponential time ({@code repairMinutes}
 * on average); failures draw from their own random stream, so changing them leaves the
 * workload as it was.
 */
public final class SyntheticScenario {

    /** What to make: cell size, base tasks, simulated hours, seed, failure and repair rates. */
    public record Options(int machines, int tasks, double hours, long seed, double mtbfHours, double repairMinutes) {

        public Options {
            if (machines < 1 || tasks < 1 || !(hours > 0) || !(mtbfHours > 0) || !(repairMinutes > 0)) {
                throw new IllegalArgumentException("machines and tasks must be at least 1; hours, the mean time between"
                        + " failures and the repair time positive");
            }
        }

        /** Ten tasks per machine (the bench's ratio), a failure per machine every 30 days, an hour to repair. */
        public static Options of(int machines, double hours, long seed) {
            return new Options(machines, machines * 10, hours, seed, 720, 60);
        }
    }

    private SyntheticScenario() {
    }

    public static Scenario generate(Options o) {
        Objects.requireNonNull(o, "o");
        long horizon = Math.round(o.hours() * 3_600_000);
        Workload base = SyntheticWorkload.generate(o.machines(), o.tasks(), o.seed());
        SplittableRandom jitter = new SplittableRandom(o.seed() * 31 + 1);
        List<SimEvent> events = new ArrayList<>();
        for (MachineView m : base.machines()) {
            events.add(new SimEvent.MachineAdded(0, m));
        }
        int jobs = 0;
        int tasks = 0;
        double batchCpuSecondsPerSecond = 0;
        for (SimJob job : base.jobs()) {
            events.add(new SimEvent.JobArrival(0, ArrivingJob.of(job, jitter)));
            jobs++;
            tasks += job.tasks().size();
            if (job.kind() == SimJob.Kind.BATCH) {
                batchCpuSecondsPerSecond += cpuCores(job);
            }
        }
        List<SimEvent> later = arrivals(base, o, horizon, batchCpuSecondsPerSecond, jitter);
        for (SimEvent e : later) {
            tasks += ((SimEvent.JobArrival) e).job().tasks();
        }
        jobs += later.size();
        events.addAll(later);
        events.addAll(failures(base.machines(), o, horizon));
        events.sort(Comparator.comparingLong(SimEvent::atMillis)); // stable: ties keep the order above
        String source = "synthetic (%d base tasks, batch arrivals, failures every %.0f h per machine)"
                .formatted(o.tasks(), o.mtbfHours());
        return new Scenario(source, events, horizon, o.machines(), tasks, jobs, o.seed());
    }

    /** Batch jobs arriving uniformly over the run, until their cpu-seconds match the start's batch load held throughout. */
    private static List<SimEvent> arrivals(Workload base, Options o, long horizon, double batchCores,
                                           SplittableRandom jitter) {
        double target = batchCores * horizon / 1000.0;
        SplittableRandom when = new SplittableRandom(o.seed() * 31 + 2);
        List<SimEvent> out = new ArrayList<>();
        double cpuSeconds = 0;
        int chunk = Math.max(100, o.tasks() / 20);
        for (int round = 0; cpuSeconds < target && round < 10_000; round++) {
            for (SimJob job : SyntheticWorkload.moreJobs(base, chunk, o.seed() * 7_919 + round, "a" + round + "-")) {
                if (job.kind() != SimJob.Kind.BATCH) {
                    continue;
                }
                out.add(new SimEvent.JobArrival(when.nextLong(1, horizon), ArrivingJob.of(job, jitter)));
                cpuSeconds += cpuCores(job) * job.taskSeconds();
                if (cpuSeconds >= target) {
                    break;
                }
            }
        }
        return out;
    }

    /** Per machine, in id order: failure, repair, failure... each from the failure stream. */
    private static List<SimEvent> failures(List<MachineView> machines, Options o, long horizon) {
        SplittableRandom random = new SplittableRandom(o.seed() * 31 + 3);
        double mtbf = o.mtbfHours() * 3_600_000;
        double repair = o.repairMinutes() * 60_000;
        List<SimEvent> out = new ArrayList<>();
        for (MachineView m : machines) {
            double t = exponential(random, mtbf);
            while (t < horizon) {
                long down = Math.max(1, Math.round(t));
                long up = down + Math.max(1, Math.round(exponential(random, repair)));
                out.add(new SimEvent.MachineDown(down, m.id(), "machine " + m.id() + " failed"));
                if (up < horizon) {
                    out.add(new SimEvent.MachineUp(up, m.id()));
                }
                t = up + exponential(random, mtbf);
            }
        }
        return out;
    }

    private static double exponential(SplittableRandom random, double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }

    private static double cpuCores(SimJob job) {
        return job.tasks().getFirst().demand().cpuMillis() / 1000.0 * job.tasks().size();
    }
}
