package borgcell.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a Linux process has used, read from {@code /proc/<pid>/stat} (user + system, the
 * 14th and 15th fields, in clock ticks): the difference of two readings over the wall time
 * between them and the cores is that process's share of the machine.
 */
public final class ProcessCpu {
    /** Clock ticks per second: 100 on every Linux x86-64 kernel we meet; {@code getconf CLK_TCK} says so. */
    static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcessCpu() {}

    /** CPU seconds the process has used so far, or -1 when it is gone or /proc cannot be read. */
    public static double seconds(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The stat line's utime + stime in seconds; the command name (field 2) may hold spaces and parentheses. */
    static double parse(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is the state (field 3): utime is field 14, stime field 15.
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks / (double) TICKS_PER_SECOND;
    }

    /** The share of {@code cores} a process used between two readings {@code wallSeconds} apart. */
    static double share(double before, double after, double wallSeconds, int cores) {
        if (before < 0 || after < 0 || wallSeconds <= 0) {
            return -1;
        }
        return (after - before) / (wallSeconds * cores);
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
