package borgcell.sim;

import borgcell.scheduler.Constraint;
import borgcell.scheduler.MachineView;
import borgcell.scheduler.PlacementRules;
import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.Resources;
import borgcell.scheduler.SoftConstraint;
import borgcell.scheduler.TaskRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded synthetic cell and workload, shaped after what the Borg papers and the 2011 trace
 * show: machines of a few platforms (different cpu:ram ratios, some with microVM support),
 * 40 to a rack, racks spread over zones, a few draining; jobs whose task counts and task sizes
 * are heavy-tailed (most jobs small, a few huge), all four priority bands, services and
 * finite batch, and some constraints, anti-affinity, spreading and preferences. Task sizes are
 * scaled at the end so the workload asks for {@code load} of the cell's cpu: it should mostly
 * fit, and the last tasks should find the cell tight.
 */
public final class SyntheticWorkload {

    public static final double DEFAULT_LOAD = 0.80;
    static final int MACHINES_PER_RACK = 40;
    static final int ZONES = 4;
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    /** A kind of machine: its share of the cell, cores, GiB of ram, and whether it runs microVMs. */
    record Platform(String name, double share, int cores, int ramGib, boolean microvm) {
    }

    static final List<Platform> PLATFORMS = List.of(
            new Platform("p1", 0.10, 8, 32, false),
            new Platform("p2", 0.30, 16, 64, false),
            new Platform("p3", 0.30, 32, 96, true),
            new Platform("p4", 0.20, 48, 256, true),
            new Platform("p5", 0.10, 64, 384, true));

    private SyntheticWorkload() {
    }

    /** {@code machines} machines and jobs totalling exactly {@code tasks} tasks, all from {@code seed}. */
    public static Workload generate(int machines, int tasks, long seed) {
        return generate(machines, tasks, seed, DEFAULT_LOAD);
    }

    public static Workload generate(int machines, int tasks, long seed, double load) {
        if (machines < 1 || tasks < 0) {
            throw new IllegalArgumentException("need at least one machine and no negative task count");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<MachineView> cell = machines(machines, random);
        long cpuCapacity = cell.stream().filter(MachineView::schedulable).mapToLong(m -> m.capacity().cpuMillis()).sum();
        List<JobDraft> drafts = jobs(tasks, Math.max(1, machines / MACHINES_PER_RACK), random);
        double cpuDemand = drafts.stream().mapToDouble(d -> d.cpuCores * 1000 * d.tasks).sum();
        double scale = cpuDemand == 0 ? 1 : load * cpuCapacity / cpuDemand;
        List<SimJob> jobs = new ArrayList<>();
        for (JobDraft d : drafts) {
            jobs.add(d.build(scale, ""));
        }
        return new Workload(cell, jobs, scale);
    }

    /**
     * More jobs for the cell of {@code base}, {@code tasks} tasks in all, sized like its own,
     * named with {@code prefix} so they never share a name with the base's jobs.
     */
    public static List<SimJob> moreJobs(Workload base, int tasks, long seed, String prefix) {
        SplittableRandom random = new SplittableRandom(seed);
        int racks = Math.max(1, base.machines().size() / MACHINES_PER_RACK);
        List<SimJob> jobs = new ArrayList<>();
        for (JobDraft d : jobs(tasks, racks, random)) {
            jobs.add(d.build(base.taskScale(), prefix));
        }
        return jobs;
    }

    private static List<MachineView> machines(int count, SplittableRandom random) {
        List<MachineView> cell = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Platform p = pick(random);
            int rack = i / MACHINES_PER_RACK;
            Map<String, String> attributes = Map.of(
                    "platform", p.name(),
                    "rack", "r" + rack,
                    "zone", "z" + rack % ZONES,
                    "kernel", String.valueOf(5 + random.nextInt(2)) + "." + random.nextInt(20));
            Set<String> runtimes = p.microvm() ? Set.of("process", "microvm") : Set.of("process");
            Resources capacity = new Resources(p.cores() * 1000L, p.ramGib() * GIB, (1 + random.nextInt(4)) * 1024 * GIB, 1000);
            // About one machine in 200 is draining for maintenance: it takes nothing new.
            boolean schedulable = random.nextInt(200) != 0;
            cell.add(new MachineView("m%05d".formatted(i), 1, capacity, Resources.ZERO, runtimes, attributes, schedulable));
        }
        return cell;
    }

    private static Platform pick(SplittableRandom random) {
        double r = random.nextDouble();
        for (Platform p : PLATFORMS) {
            r -= p.share();
            if (r < 0) {
                return p;
            }
        }
        return PLATFORMS.getLast();
    }

    /** A job before its task size is scaled to the cell. */
    private record JobDraft(String name, SimJob.Kind kind, int priority, int tasks, double cpuCores, double ramPerCore,
                            String runtime, List<Constraint> constraints, PlacementRules rules, long taskSeconds) {

        SimJob build(double scale, String prefix) {
            String jobName = prefix + name;
            long cpu = Math.max(10, Math.round(cpuCores * scale * 1000));
            long ram = Math.max(64 * MIB, Math.round(cpuCores * scale * ramPerCore * GIB));
            // One demand, constraints and rules object per job: its tasks share them, as a real job's do.
            Resources demand = new Resources(cpu, ram, Math.round(cpuCores * scale * 2) * GIB, 1);
            List<TaskRequest> list = new ArrayList<>(tasks);
            for (int i = 0; i < tasks; i++) {
                list.add(new TaskRequest(jobName, i, 1, priority, demand, runtime, constraints, rules));
            }
            return new SimJob(jobName, kind, priority, taskSeconds, list);
        }
    }

    private static List<JobDraft> jobs(int tasks, int racks, SplittableRandom random) {
        List<JobDraft> drafts = new ArrayList<>();
        int left = tasks;
        for (int j = 0; left > 0; j++) {
            PriorityBand band = band(random);
            boolean service = switch (band) {
                case MONITORING, PRODUCTION -> random.nextDouble() < 0.9;
                case BATCH, BEST_EFFORT -> random.nextDouble() < 0.1;
            };
            // Pareto, alpha 1.1: most jobs have a handful of tasks, a few have thousands.
            int size = (int) Math.min(Math.min(left, 5000), Math.floor(Math.pow(1 - random.nextDouble(), -1 / 1.1)));
            size = Math.max(1, size);
            left -= size;
            // Lognormal sizes: median half a core, a long tail to 16 cores.
            double cores = Math.clamp(Math.exp(Math.log(0.5) + 1.0 * random.nextGaussian()), 0.02, 16);
            double ramPerCore = Math.clamp(Math.exp(Math.log(3) + 0.6 * random.nextGaussian()), 0.25, 16);
            List<Constraint> constraints = new ArrayList<>();
            String runtime = "process";
            double r = random.nextDouble();
            if (r < 0.08) {
                constraints.add(Constraint.in("platform", "p3", "p4", "p5"));
            } else if (r < 0.12) {
                constraints.add(Constraint.eq("zone", "z" + random.nextInt(ZONES)));
            } else if (r < 0.14) {
                constraints.add(Constraint.gt("kernel", "5.5"));
            } else if (r < 0.17) {
                runtime = "microvm";
            }
            int perMachine = 0;
            String domain = null;
            int perDomain = 0;
            String spread = null;
            List<SoftConstraint> preferences = List.of();
            if (service && size > 1 && band != PriorityBand.BEST_EFFORT) {
                double a = random.nextDouble();
                if (a < 0.4) {
                    perMachine = 1;
                } else if (a < 0.55) {
                    domain = "rack";
                    perDomain = Math.max(1, (int) Math.ceil(2.0 * size / racks));
                }
                if (random.nextDouble() < 0.3) {
                    spread = "zone";
                }
            }
            if (random.nextDouble() < 0.1) {
                preferences = List.of(new SoftConstraint(Constraint.eq("platform", "p" + (2 + random.nextInt(3))), 1));
            }
            PlacementRules rules = perMachine == 0 && domain == null && spread == null && preferences.isEmpty()
                    ? PlacementRules.NONE
                    : new PlacementRules(perMachine, domain, perDomain, spread, preferences);
            long seconds = service ? -1 : 60 + (long) (Math.pow(1 - random.nextDouble(), -1 / 1.5) * 300);
            drafts.add(new JobDraft("%s-%05d".formatted(band.label(), j), service ? SimJob.Kind.SERVICE : SimJob.Kind.BATCH,
                    priority(band, random), size, cores, ramPerCore, runtime, List.copyOf(constraints), rules, seconds));
        }
        return drafts;
    }

    /** Jobs by band: a few monitoring, production and batch alike, the rest best effort. */
    private static PriorityBand band(SplittableRandom random) {
        double r = random.nextDouble();
        if (r < 0.03) {
            return PriorityBand.MONITORING;
        } else if (r < 0.38) {
            return PriorityBand.PRODUCTION;
        } else if (r < 0.78) {
            return PriorityBand.BATCH;
        }
        return PriorityBand.BEST_EFFORT;
    }

    private static int priority(PriorityBand band, SplittableRandom random) {
        return switch (band) {
            case MONITORING -> 360 + random.nextInt(40);
            case PRODUCTION -> 120 + random.nextInt(240);
            case BATCH -> 100 + random.nextInt(20);
            case BEST_EFFORT -> random.nextInt(100);
        };
    }
}
