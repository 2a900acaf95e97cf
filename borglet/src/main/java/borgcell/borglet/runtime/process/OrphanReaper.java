package borgcell.borglet.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills the task processes that a dead Borglet left behind. A Borglet killed with SIGKILL
 * cannot kill its tasks; they live on, re-parented to init, while the cell starts them again
 * elsewhere. Each task directory names its running process in a {@link ProcessRecord}; this
 * finds the ones still alive and kills each with its descendants.
 *
 * <p>A process is killed only when both its pid and its start instant match the record, so a
 * pid the kernel has since handed to another process is left alone.
 */
public final class OrphanReaper {

    /** Orphans are not asked to finish their work, only to stop: a short grace before SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(OrphanReaper.class);

    private OrphanReaper() {}

    /**
     * Kills every recorded task process under a Borglet's work directory that is still running,
     * and its descendants; waits until they are gone. Records of processes that have ended are
     * removed; a record that names another process (a reused pid) or cannot be read is left
     * where it is, with a warning. Never throws for what it finds on disk.
     *
     * @param workDir the Borglet's work directory (task directories are under {@code tasks/})
     * @return how many recorded processes it killed
     */
    public static int reap(Path workDir) {
        List<Path> taskDirs = taskDirectories(workDir.resolve("tasks"));
        List<CompletableFuture<Void>> kills = new ArrayList<>();
        for (Path taskDir : taskDirs) {
            orphanIn(taskDir).ifPresent(process -> {
                log.info("killing pid {}, left running in {} by a Borglet that is gone", process.pid(), taskDir);
                kills.add(ProcessTree.kill(process, GRACE).thenRun(() -> removeRecord(taskDir)));
            });
        }
        // In parallel: each may take the whole grace, and a Borglet waits on this before registering.
        CompletableFuture.allOf(kills.toArray(CompletableFuture[]::new)).join();
        return kills.size();
    }

    /** The recorded process of a task directory, if it is still ours and running. */
    private static Optional<ProcessHandle> orphanIn(Path taskDir) {
        Optional<ProcessRecord> record;
        try {
            record = ProcessRecord.readFrom(taskDir);
        } catch (IOException e) {
            log.warn("ignoring the unreadable process record in {}: {}", taskDir, e.toString());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            log.warn("ignoring the malformed process record in {}: {}", taskDir, e.getMessage());
            return Optional.empty();
        }
        if (record.isEmpty()) {
            return Optional.empty();
        }
        long pid = record.get().pid();
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(p -> !ProcessTree.isGone(p));
        if (process.isEmpty()) {
            log.debug("pid {} recorded in {} has ended; removing the record", pid, taskDir);
            removeRecord(taskDir);
            return Optional.empty();
        }
        if (!record.get().matches(process.get())) {
            log.warn("pid {} recorded in {} now belongs to another process (started {}, recorded {}); leaving it alone",
                    pid, taskDir, process.get().info().startInstant().map(Object::toString).orElse("at an unknown time"),
                    record.get().startInstant());
            return Optional.empty();
        }
        return process;
    }

    private static List<Path> taskDirectories(Path tasksDir) {
        try (Stream<Path> entries = Files.list(tasksDir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            log.warn("cannot list task directories in {}: {}", tasksDir, e.toString());
            return List.of();
        }
    }

    private static void removeRecord(Path taskDir) {
        try {
            ProcessRecord.removeAnyFrom(taskDir);
        } catch (IOException e) {
            log.warn("cannot remove the process record in {}: {}", taskDir, e.toString());
        }
    }
}
