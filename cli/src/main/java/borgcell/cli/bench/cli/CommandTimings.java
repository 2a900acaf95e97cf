package borgcell.cli.bench.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** The wall-clock times of each command's runs, in milliseconds, in the order measured. */
public final class CommandTimings {
    private final Map<String, double[]> byCommand = new LinkedHashMap<>();

    void add(String command, double[] millis) {
        byCommand.put(command, millis.clone());
    }

    /** The p-th percentile (nearest rank) of {@code millis}, which must not be empty. */
    public static double percentile(double[] millis, int p) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** A table: one row per command, its p50, p90 and slowest run. */
    String table() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "  %-18s %9s %9s %9s%n", "command", "p50",
                "p90", "max"));
        byCommand.forEach((command, millis) -> out.append(String.format(Locale.ROOT, "  %-18s %6.0f ms %6.0f ms %6.0f ms%n",
                command, percentile(millis, 50), percentile(millis, 90), percentile(millis, 100))));
        return out.toString();
    }

    /** One JSON line: each command's p50 and max, and which are over {@code targetMillis} at p50. */
    String json(int runs, String launcher, double targetMillis) {
        StringJoiner commands = new StringJoiner(",");
        StringJoiner over = new StringJoiner(",");
        byCommand.forEach((command, millis) -> {
            double p50 = percentile(millis, 50);
            commands.add(String.format(Locale.ROOT, "\"%s\":{\"p50_ms\":%.1f,\"max_ms\":%.1f}", command, p50,
                    percentile(millis, 100)));
            if (p50 > targetMillis) {
                over.add("\"" + command + "\"");
            }
        });
        return String.format(Locale.ROOT, "{\"benchmark\":\"cli\",\"runs\":%d,\"launcher\":\"%s\",\"target_p50_ms\":%.0f,"
                + "\"commands\":{%s},\"over_target\":[%s]}", runs, launcher, targetMillis, commands, over);
    }
}
