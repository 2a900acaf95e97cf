package borgcell.sim.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a seeded trace in the 2011 format, since the real one cannot be downloaded here:
 * {@code machine_events/part-00000-of-00001.csv} (plain) and
 * {@code task_events/part-00000-of-00001.csv.gz} (gzip), as Google lays them out. Its shape
 * follows the trace's documentation and the papers on it: machines mostly of cpu 0.5 with
 * memory 0.25-1.0 on three platforms, a few removed and added back, a few updated; jobs
 * arriving over the window (and some running from time 0, as at the trace's start), heavy
 * tailed task counts, normalised requests sized so the sample's cell is busy (larger than the
 * real trace's, whose cell is forty times bigger), priorities 0-11 weighted as in the trace
 * (free and batch numerous, production fewer, monitoring rare); tasks submitted, scheduled
 * a moment later, then finishing, failing, being killed or lost, or still running at the end;
 * some evicted and resubmitted. The trace's window starts at 600 s, as the real one does.
 *
 * <p>The committed sample ({@code src/test/resources/trace-sample}) is
 * {@code TraceGenerator.write(dir, new Options(300, 700, 2.0, 2011))}; a test checks that
 * it still is.
 */
public final class TraceGenerator {

    /** The trace's first moment after time 0 ("before the window"), in microseconds. */
    public static final long WINDOW_START_MICROS = 600_000_000L;

    /** How many machines and jobs, how long a window, from which seed. */
    public record Options(int machines, int jobs, double hours, long seed) {

        public Options {
            if (machines < 1 || jobs < 1 || !(hours > 0)) {
                throw new IllegalArgumentException("need at least one machine and one job, and a positive window");
            }
        }

        /** The committed sample's options. */
        public static Options sample() {
            return new Options(300, 700, 2.0, 2011);
        }
    }

    private record Line(long time, long seq, String text) {
    }

    private TraceGenerator() {
    }

    /** Writes the two tables under {@code dir}, creating it. */
    public static void write(Path dir, Options o) {
        try {
            Path machines = dir.resolve(TraceReader.MACHINE_EVENTS).resolve("part-00000-of-00001.csv");
            Path tasks = dir.resolve(TraceReader.TASK_EVENTS).resolve("part-00000-of-00001.csv.gz");
            Files.createDirectories(machines.getParent());
            Files.createDirectories(tasks.getParent());
            Tables t = generate(o);
            try (OutputStream out = Files.newOutputStream(machines)) {
                writeLines(out, t.machineEvents);
            }
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tasks))) {
                writeLines(out, t.taskEvents);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace to " + dir, e);
        }
    }

    /** The two tables as lines of text, in time order. */
    public record Tables(List<String> machineEvents, List<String> taskEvents) {
    }

    public static Tables generate(Options o) {
        SplittableRandom random = new SplittableRandom(o.seed());
        long end = WINDOW_START_MICROS + Math.round(o.hours() * 3_600_000_000L);
        String[] platforms = {hash(random), hash(random), hash(random)};
        List<Line> machineLines = new ArrayList<>();
        long[] machineIds = new long[o.machines()];
        long id = 1 + random.nextInt(10);
        for (int i = 0; i < o.machines(); i++) {
            id += 1 + random.nextInt(2_000_000);
            machineIds[i] = id;
            double r = random.nextDouble();
            String platform = platforms[r < 0.8 ? 0 : r < 0.9 ? 1 : 2];
            double cpu = r < 0.8 ? 0.5 : r < 0.9 ? 0.25 : 1.0;
            double memory = cpu == 1.0 ? 1.0 : cpu == 0.25 ? 0.2493 : random.nextDouble() < 0.7 ? 0.4995 : 0.749;
            machineLines.add(new Line(0, machineLines.size(), machine(0, id, 0, platform, cpu, memory)));
            double fate = random.nextDouble();
            if (fate < 0.02) {
                // Removed for a while (a failure or maintenance), then added back.
                long down = random.nextLong(WINDOW_START_MICROS, end);
                machineLines.add(new Line(down, machineLines.size(), machine(down, id, 1, platform, cpu, memory)));
                long up = down + random.nextLong(600_000_000L, 7_200_000_000L);
                if (up < end) {
                    machineLines.add(new Line(up, machineLines.size(), machine(up, id, 0, platform, cpu, memory)));
                }
            } else if (fate < 0.03) {
                long at = random.nextLong(WINDOW_START_MICROS, end);
                machineLines.add(new Line(at, machineLines.size(), machine(at, id, 2, platform, cpu, Math.min(1.0, memory * 2))));
            }
        }

        List<Line> taskLines = new ArrayList<>();
        long jobId = 6_000_000_000L + random.nextInt(1_000_000);
        String[] users = new String[40];
        for (int u = 0; u < users.length; u++) {
            users[u] = hash(random);
        }
        for (int j = 0; j < o.jobs(); j++) {
            jobId += 1 + random.nextInt(5_000);
            // Two jobs in five were there before the window, as at the real trace's start: submitted and scheduled at time 0.
            long submit = random.nextDouble() < 0.4 ? 0 : random.nextLong(WINDOW_START_MICROS, end);
            int priority = priority(random);
            boolean service = priority >= 9 ? random.nextDouble() < 0.8 : random.nextDouble() < 0.3;
            int tasks = (int) Math.min(200, Math.floor(Math.pow(1 - random.nextDouble(), -1 / 1.3)));
            String user = users[random.nextInt(users.length)];
            int schedulingClass = priority >= 9 ? 2 + random.nextInt(2) : random.nextInt(2);
            double cpu = round(Math.clamp(Math.exp(Math.log(0.06) + 0.9 * random.nextGaussian()), 0.0003, 0.45));
            double memory = round(Math.clamp(Math.exp(Math.log(0.05) + 1.0 * random.nextGaussian()), 0.0001, 0.45));
            double disk = round(Math.clamp(Math.exp(Math.log(0.0004) + 0.8 * random.nextGaussian()), 0.00001, 0.02));
            boolean apart = random.nextDouble() < 0.05;
            double runMicros = Math.pow(1 - random.nextDouble(), -1 / 1.2) * 120_000_000.0;
            for (int t = 0; t < tasks; t++) {
                TaskFields f = new TaskFields(jobId, t, user, schedulingClass, priority, cpu, memory, disk, apart);
                lifecycle(taskLines, random, f, submit, service, runMicros, end, machineIds);
            }
        }
        return new Tables(inOrder(machineLines), inOrder(taskLines));
    }

    /** What every line of one task repeats. */
    private record TaskFields(long job, int index, String user, int schedulingClass, int priority, double cpu,
                              double memory, double disk, boolean apart) {
    }

    /** Submit, schedule a moment later, then an end (or none: still running at the end of the window). */
    private static void lifecycle(List<Line> out, SplittableRandom random, TaskFields f, long submit, boolean service,
                                  double runMicros, long end, long[] machines) {
        add(out, submit, f, null, 0);
        long t = submit == 0 ? 0 : submit + random.nextLong(1_000, 5_000_000);
        if (t >= end) {
            return;
        }
        long machine = machines[random.nextInt(machines.length)];
        add(out, t, f, machine, 1);
        if (random.nextDouble() < 0.03) {
            // Evicted by the original scheduler, resubmitted, scheduled elsewhere.
            long evicted = t + random.nextLong(1_000_000, 600_000_000L);
            if (evicted >= end) {
                return;
            }
            add(out, evicted, f, machine, 2);
            add(out, evicted + 1, f, null, 0);
            t = evicted + random.nextLong(1_000, 5_000_000);
            if (t >= end) {
                return;
            }
            machine = machines[random.nextInt(machines.length)];
            add(out, t, f, machine, 1);
        }
        if (random.nextDouble() < 0.05) {
            add(out, Math.min(end - 1, t + random.nextLong(1_000_000, 60_000_000)), f, machine, 8);
        }
        if (service) {
            return; // runs past the window
        }
        long ends = t + Math.max(1_000_000L, Math.round(runMicros * Math.exp(0.3 * random.nextGaussian())));
        if (ends >= end) {
            return;
        }
        double r = random.nextDouble();
        int type = r < 0.80 ? 4 : r < 0.88 ? 3 : r < 0.98 ? 5 : 6;
        add(out, ends, f, type == 6 ? null : machine, type);
    }

    private static void add(List<Line> out, long time, TaskFields f, Long machine, int type) {
        String line = String.format(Locale.ROOT, "%d,,%d,%d,%s,%d,%s,%d,%d,%s,%s,%s,%d", time, f.job(), f.index(),
                machine == null ? "" : machine.toString(), type, f.user(), f.schedulingClass(), f.priority(),
                number(f.cpu()), number(f.memory()), number(f.disk()), f.apart() ? 1 : 0);
        out.add(new Line(time, out.size(), line));
    }

    private static String machine(long time, long id, int type, String platform, double cpu, double memory) {
        // A remove carries no capacity, as in the trace.
        return type == 1 ? time + "," + id + ",1," + platform + ",,"
                : time + "," + id + "," + type + "," + platform + "," + number(cpu) + "," + number(memory);
    }

    private static List<String> inOrder(List<Line> lines) {
        return lines.stream().sorted(Comparator.comparingLong(Line::time).thenComparingLong(Line::seq))
                .map(Line::text).toList();
    }

    private static void writeLines(OutputStream out, List<String> lines) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        for (String line : lines) {
            w.write(line);
            w.write('\n');
        }
        w.flush();
    }

    /** Trace priorities 0-11, weighted roughly as in the 2011 trace. */
    private static int priority(SplittableRandom random) {
        double r = random.nextDouble();
        if (r < 0.30) {
            return 0;
        } else if (r < 0.36) {
            return 1;
        } else if (r < 0.72) {
            return 2 + random.nextInt(7);
        } else if (r < 0.92) {
            return 9;
        } else if (r < 0.98) {
            return 10;
        }
        return 11;
    }

    /** A stand-in for the trace's hashed names: 44 characters of base64. */
    private static String hash(SplittableRandom random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder s = new StringBuilder(44);
        for (int i = 0; i < 43; i++) {
            s.append(alphabet.charAt(random.nextInt(64)));
        }
        return s.append('=').toString();
    }

    private static double round(double d) {
        return Math.round(d * 1e6) / 1e6;
    }

    private static String number(double d) {
        String s = String.format(Locale.ROOT, "%.6f", d).replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }

    /** Writes the sample: {@code TraceGenerator DIR [MACHINES JOBS HOURS SEED]}. */
    public static void main(String[] args) {
        if (args.length != 1 && args.length != 5) {
            System.err.println("usage: TraceGenerator DIR [MACHINES JOBS HOURS SEED]");
            System.exit(2);
        }
        Options o = args.length == 1 ? Options.sample()
                : new Options(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Double.parseDouble(args[3]),
                        Long.parseLong(args[4]));
        write(Path.of(args[0]), o);
    }
}
