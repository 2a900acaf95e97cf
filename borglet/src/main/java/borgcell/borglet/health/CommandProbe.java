package borgcell.borglet.health;

import borgcell.borglet.runtime.RunningTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command beside the task, where its runtime puts it ({@link RunningTask#commandBeside}:
 * the task's user, directory and environment; inside its container), and passes when it exits 0.
 * A command that outlives the timeout is killed with everything it started. The start of its
 * output (stdout and stderr together) goes into the detail, so a failing check says why.
 */
public final class CommandProbe implements Probe {

    /** How much of the command's output is kept; the rest is read and dropped so the command never blocks on it. */
    static final int KEPT_OUTPUT = 512;
    /** How long to wait, once the command is over, for the last of its output. */
    private static final Duration OUTPUT_GRACE = Duration.ofMillis(200);

    private final RunningTask run;
    private final List<String> argv;

    public CommandProbe(RunningTask run, List<String> argv) {
        this.run = run;
        this.argv = List.copyOf(argv);
    }

    @Override
    public ProbeResult run(Duration timeout) throws InterruptedException {
        Optional<ProcessBuilder> beside = run.commandBeside(argv);
        if (beside.isEmpty()) {
            return ProbeResult.fail("this task's runtime cannot run a command beside it");
        }
        Process process;
        try {
            process = beside.get().redirectErrorStream(true).start();
        } catch (IOException | UncheckedIOException e) {
            return ProbeResult.fail("cannot run " + argv.getFirst() + ": " + rootMessage(e));
        }
        KeptOutput output = KeptOutput.readFrom(process.getInputStream());
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            killTree(process);
            return ProbeResult.fail("timed out after " + timeout.toMillis() + " ms");
        }
        int code = process.exitValue();
        String said = output.await(OUTPUT_GRACE);
        String detail = "exit " + code + (said.isBlank() ? "" : ": " + said);
        return code == 0 ? ProbeResult.pass(detail) : ProbeResult.fail(detail);
    }

    /**
     * SIGKILL to the command and every descendant, listed first (once the command is gone they
     * are re-parented and no longer its descendants). For a container this takes the process
     * runc made inside it too: it is runc's child.
     */
    private static void killTree(Process process) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static String rootMessage(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /**
     * The first {@link #KEPT_OUTPUT} bytes of a command's output, read on a virtual thread of
     * its own that drains the rest to the end. A child the command left behind may hold the
     * pipe open long after: the reader then ends with it, and the probe does not wait for it.
     */
    private static final class KeptOutput {
        private final byte[] kept = new byte[KEPT_OUTPUT];
        private int length;  // guarded by this
        private final Thread reader;

        private KeptOutput(InputStream in) {
            reader = Thread.ofVirtual().name("probe-output").start(() -> drain(in));
        }

        static KeptOutput readFrom(InputStream in) {
            return new KeptOutput(in);
        }

        private void drain(InputStream in) {
            byte[] buffer = new byte[4096];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (this) {
                        int room = Math.min(n, kept.length - length);
                        System.arraycopy(buffer, 0, kept, length, room);
                        length += room;
                    }
                }
            } catch (IOException e) {
                // the command is gone; what was read is what there is
            }
        }

        String await(Duration grace) throws InterruptedException {
            reader.join(grace);
            synchronized (this) {
                return new String(kept, 0, length, StandardCharsets.UTF_8).strip();
            }
        }
    }
}
