package borgcell.sim.trace;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads a trace in the format of Google's 2011 cluster trace ("clusterdata-2011-2"): in a
 * directory, the tables {@code machine_events} and {@code task_events}, each either a folder of
 * part files read in name order ({@code machine_events/part-00000-of-00001.csv.gz}, as Google
 * publishes them) or a single file ({@code machine_events.csv} or {@code machine_events.csv.gz}).
 * Files are CSV without a header or quoting; gzip is recognised by its magic bytes, whatever
 * the name.
 *
 * <pre>
 * machine_events: timestamp, machine ID, event type (0 add, 1 remove, 2 update), platform ID,
 *                 CPUs, memory                                                   (6 fields)
 * task_events:    timestamp, missing info, job ID, task index, machine ID, event type (0-8),
 *                 user, scheduling class (0-3), priority (0-11), CPU request, memory request,
 *                 disk request, different-machine restriction (0/1)               (13 fields)
 * </pre>
 *
 * Timestamps are microseconds ({@code 2^63-1} means after the end of the trace); resources
 * are normalised to the largest machine. Optional fields may be empty. A line that breaks
 * these rules is {@link Malformed}: reported with its file and line number and left out, or,
 * with {@link OnMalformed#FAIL}, the read stops there.
 */
public final class TraceReader {

    public static final String MACHINE_EVENTS = "machine_events";
    public static final String TASK_EVENTS = "task_events";

    private TraceReader() {
    }

    /** The whole trace. */
    public static Trace read(Path dir, OnMalformed onMalformed) {
        return read(dir, onMalformed, Long.MAX_VALUE);
    }

    /** The events before {@code untilMicros}; later lines are still checked, so problems anywhere are reported. */
    public static Trace read(Path dir, OnMalformed onMalformed, long untilMicros) {
        if (!Files.isDirectory(dir)) {
            throw new TraceFormatException("trace directory " + dir + " does not exist or is not a directory");
        }
        List<Malformed> malformed = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<MachineEvent> machines = new ArrayList<>();
        for (Path file : files(dir, MACHINE_EVENTS)) {
            names.add(dir.relativize(file).toString());
            readTable(dir, file, 6, TraceReader::machineEvent, onMalformed, malformed, e -> {
                if (e.timeMicros() < untilMicros) {
                    machines.add(e);
                }
            });
        }
        List<TaskEvent> tasks = new ArrayList<>();
        for (Path file : files(dir, TASK_EVENTS)) {
            names.add(dir.relativize(file).toString());
            readTable(dir, file, 13, TraceReader::taskEvent, onMalformed, malformed, e -> {
                if (e.timeMicros() < untilMicros) {
                    tasks.add(e);
                }
            });
        }
        return new Trace(machines, tasks, malformed, names);
    }

    /** The files of one table: the part files of its folder in name order, or its single file. */
    static List<Path> files(Path dir, String table) {
        Path folder = dir.resolve(table);
        if (Files.isDirectory(folder)) {
            try (Stream<Path> list = Files.list(folder)) {
                List<Path> parts = list.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().endsWith(".csv")
                                || p.getFileName().toString().endsWith(".csv.gz"))
                        .sorted().toList();
                if (parts.isEmpty()) {
                    throw new TraceFormatException("no .csv or .csv.gz files in " + folder);
                }
                return parts;
            } catch (IOException e) {
                throw new TraceFormatException("cannot list " + folder + ": " + e.getMessage(), e);
            }
        }
        for (String name : List.of(table + ".csv", table + ".csv.gz")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return List.of(dir.resolve(name));
            }
        }
        throw new TraceFormatException("no " + table + " in " + dir + ": expected a folder " + table
                + "/ of part files, or " + table + ".csv or " + table + ".csv.gz");
    }

    private static <T> void readTable(Path dir, Path file, int fields, Function<String[], T> parse,
                                      OnMalformed onMalformed, List<Malformed> malformed, Consumer<T> sink) {
        String name = dir.relativize(file).toString();
        try (BufferedReader in = open(file)) {
            long number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                String problem;
                T event = null;
                String[] f = line.split(",", -1);
                if (line.isBlank()) {
                    problem = "empty line";
                } else if (f.length != fields) {
                    problem = "expected " + fields + " comma-separated fields, found " + f.length;
                } else {
                    try {
                        event = parse.apply(f);
                        problem = null;
                    } catch (IllegalArgumentException e) {
                        problem = e.getMessage();
                    }
                }
                if (problem != null) {
                    Malformed bad = new Malformed(name, number, problem);
                    if (onMalformed == OnMalformed.FAIL) {
                        throw new TraceFormatException("malformed trace line " + bad);
                    }
                    malformed.add(bad);
                } else {
                    sink.accept(event);
                }
            }
        } catch (IOException e) {
            throw new TraceFormatException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** A reader of the file, through gzip when it starts with gzip's magic bytes. */
    static BufferedReader open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        InputStream in = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static MachineEvent machineEvent(String[] f) {
        return new MachineEvent(
                timestamp(f[0]),
                requiredLong(f[1], 2, "machine ID"),
                MachineEvent.Type.of((int) requiredLong(f[2], 3, "event type")),
                f[3].strip(),
                normalised(f[4], 5, "CPUs"),
                normalised(f[5], 6, "memory"));
    }

    private static TaskEvent taskEvent(String[] f) {
        String diff = f[12].strip();
        if (!diff.isEmpty() && !diff.equals("0") && !diff.equals("1")) {
            throw new IllegalArgumentException("field 13 (different-machine restriction): must be 0, 1 or empty (got \""
                    + clip(diff) + "\")");
        }
        int priority = (int) requiredLong(f[8], 9, "priority");
        if (priority < 0 || priority > 11) {
            throw new IllegalArgumentException("field 9 (priority): must be 0-11 (got " + priority + ")");
        }
        Integer schedulingClass = optionalInt(f[7], 8, "scheduling class");
        if (schedulingClass != null && (schedulingClass < 0 || schedulingClass > 3)) {
            throw new IllegalArgumentException("field 8 (scheduling class): must be 0-3 (got " + schedulingClass + ")");
        }
        long taskIndex = requiredLong(f[3], 4, "task index");
        if (taskIndex > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field 4 (task index): too large (got " + taskIndex + ")");
        }
        String machine = f[4].strip();
        return new TaskEvent(
                timestamp(f[0]),
                optionalInt(f[1], 2, "missing info"),
                requiredLong(f[2], 3, "job ID"),
                (int) taskIndex,
                machine.isEmpty() ? null : requiredLong(machine, 5, "machine ID"),
                TaskEvent.Type.of((int) requiredLong(f[5], 6, "event type")),
                f[6].strip(),
                schedulingClass,
                priority,
                normalised(f[9], 10, "CPU request"),
                normalised(f[10], 11, "memory request"),
                normalised(f[11], 12, "disk request"),
                diff.equals("1"));
    }

    private static long timestamp(String s) {
        return requiredLong(s, 1, "timestamp");
    }

    /** A non-negative integer that must be there. */
    private static long requiredLong(String s, int field, String what) {
        String v = s.strip();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("field " + field + " (" + what + "): missing");
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new IllegalArgumentException("field " + field + " (" + what + "): must not be negative (got " + n + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field " + field + " (" + what + "): not an integer (got \"" + clip(v) + "\")");
        }
    }

    private static Integer optionalInt(String s, int field, String what) {
        return s.isBlank() ? null : (int) Math.min(Integer.MAX_VALUE, requiredLong(s, field, what));
    }

    /** A normalised amount: empty (unknown), or a finite number of at least 0. */
    private static Double normalised(String s, int field, String what) {
        String v = s.strip();
        if (v.isEmpty()) {
            return null;
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field " + field + " (" + what + "): not a number (got \"" + clip(v) + "\")");
        }
        if (!Double.isFinite(d) || d < 0) {
            throw new IllegalArgumentException("field " + field + " (" + what + "): must be a finite number >= 0 (got "
                    + clip(v) + ")");
        }
        return d;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
