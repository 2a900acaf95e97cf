package borgcell.cli.bench.up;

import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One timed {@code borg up}, from the outside: the milliseconds from starting the command to
 * each line that marks a step (a leader named, the machines UP, the hello job SUCCEEDED, HTTP
 * served, "cell is up"), then to its exit after SIGTERM. The whole output is kept in a file.
 *
 * @param leaderMs to "leader ... elected"
 * @param machinesMs to "3 machines UP"
 * @param helloMs to "job hello SUCCEEDED": the figure the targets are about
 * @param upMs to "cell is up" (for one JVM, after every replica serves HTTP)
 * @param stopMs from SIGTERM to the command's exit
 */
record UpRun(double leaderMs, double machinesMs, double helloMs, double upMs, double stopMs) {

    /** Runs {@code command} in {@code cwd}, its output into {@code output}, until the cell is up; then stops it. */
    static UpRun time(List<String> command, Path cwd, Path output, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(output.getParent());
        long t0 = System.nanoTime();
        Process up = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        double[] marks = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        CompletableFuture<Void> isUp = new CompletableFuture<>();
        List<String> lines = new ArrayList<>();
        Thread reader = Thread.ofPlatform().name("bench-up-output").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    double ms = (System.nanoTime() - t0) / 1e6;
                    synchronized (lines) {
                        lines.add(String.format(java.util.Locale.ROOT, "%8.0f ms  %s", ms, line));
                    }
                    mark(marks, 0, line.startsWith("leader ") && line.contains(" elected "), ms);
                    mark(marks, 1, line.contains(" machines UP "), ms);
                    mark(marks, 2, line.startsWith("job hello SUCCEEDED"), ms);
                    if (line.startsWith("cell is up")) {
                        mark(marks, 3, true, ms);
                        isUp.complete(null);
                    }
                }
            } catch (IOException e) {
                // the process ended: its exit is checked below
            }
            isUp.complete(null);
        });
        try {
            isUp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // checked below: no "cell is up"
        }
        double stopMs = Double.NaN;
        if (up.isAlive()) {
            long t1 = System.nanoTime();
            up.destroy(); // SIGTERM, as Ctrl-C would
            if (up.waitFor(90, TimeUnit.SECONDS)) {
                stopMs = (System.nanoTime() - t1) / 1e6;
            }
        }
        if (up.isAlive()) {
            up.descendants().forEach(ProcessHandle::destroyForcibly);
            up.destroyForcibly();
            up.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        synchronized (lines) {
            Files.write(output, lines, StandardCharsets.UTF_8);
        }
        if (Double.isNaN(marks[2]) || Double.isNaN(marks[3])) {
            throw new CliException(ExitCodes.FAILURE, "borg up did not run the hello job to success within " + timeout
                    + "; its output is in " + output);
        }
        return new UpRun(marks[0], marks[1], marks[2], marks[3], stopMs);
    }

    private static void mark(double[] marks, int i, boolean seen, double ms) {
        if (seen && Double.isNaN(marks[i])) {
            marks[i] = ms;
        }
    }

    String json() {
        return "{\"leader_ms\":" + number(leaderMs) + ",\"machines_ms\":" + number(machinesMs) + ",\"hello_ms\":"
                + number(helloMs) + ",\"up_ms\":" + number(upMs) + ",\"stop_ms\":" + number(stopMs) + "}";
    }

    /** Whole milliseconds, or null for a step not seen. */
    static String number(double ms) {
        return Double.isNaN(ms) ? "null" : Long.toString(Math.round(ms));
    }
}
