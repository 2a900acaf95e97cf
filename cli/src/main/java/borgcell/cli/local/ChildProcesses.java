package borgcell.cli.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The processes {@code borg up} started, and their descendants (the tasks a Borglet runs):
 * stopping sends SIGTERM to all of them, waits, then SIGKILLs whatever is left, so that
 * nothing outlives the cell. {@code borg bench write} keeps its etcd members here too.
 */
public final class ChildProcesses {

    /** A started process, named like its log file. */
    public record Child(String id, Process process, Path log) {}

    private final List<Child> children = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    /** Starts a process with stdout and stderr appended to {@code log}, after a header line. */
    public Child start(String id, List<String> command, Path log) throws IOException {
        if (stopping) {
            throw new IllegalStateException("stopping: not starting " + id);
        }
        Files.createDirectories(log.getParent());
        Files.writeString(log, "=== " + Instant.now() + " borg up: " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Child child = new Child(id, process, log);
        children.add(child);
        return child;
    }

    public List<Child> all() {
        return List.copyOf(children);
    }

    /** The process last started under {@code id} (a fault campaign restarts processes under the same id). */
    Optional<Child> latest(String id) {
        Child found = null;
        for (Child child : children) {
            if (child.id().equals(id)) {
                found = child;
            }
        }
        return Optional.ofNullable(found);
    }

    boolean stopping() {
        return stopping;
    }

    public Optional<Child> firstExited() {
        return children.stream().filter(c -> !c.process().isAlive()).findFirst();
    }

    /**
     * SIGTERM to every child and descendant, a grace period, then SIGKILL. Descendants are
     * listed before anything is signalled: once a parent dies its children are re-parented
     * and can no longer be found from here.
     *
     * @return how many processes had to be killed after the grace period
     */
    public synchronized int stopAll(Duration grace) {
        stopping = true;
        Set<ProcessHandle> handles = new LinkedHashSet<>();
        for (Child child : children) {
            ProcessHandle handle = child.process().toHandle();
            handle.descendants().forEach(handles::add);
            handles.add(handle);
        }
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        // Late-born descendants (a task started while we were signalling) are caught here too.
        for (Child child : children) {
            child.process().toHandle().descendants().forEach(handles::add);
        }
        return awaitOrKill(handles, deadline);
    }

    /**
     * SIGTERM to every descendant of {@code parent} that {@code which} takes (listed first, as in {@link #stopAll}), a
     * grace period, then SIGKILL: what {@code borg up} in one JVM does to any task its
     * Borglets left.
     *
     * @return how many had to be killed after the grace period
     */
    static int stopDescendants(ProcessHandle parent, Duration grace, java.util.function.Predicate<ProcessHandle> which) {
        Set<ProcessHandle> handles = new LinkedHashSet<>();
        parent.descendants().filter(which).forEach(handles::add);
        handles.forEach(ProcessHandle::destroy);
        return awaitOrKill(handles, System.nanoTime() + grace.toNanos());
    }

    /** Waits until {@code deadline} for each to end, then SIGKILLs the rest. @return how many needed it */
    private static int awaitOrKill(Set<ProcessHandle> handles, long deadline) {
        List<ProcessHandle> survivors = new ArrayList<>();
        for (ProcessHandle handle : handles) {
            if (!awaitExit(handle, deadline - System.nanoTime())) {
                survivors.add(handle);
            }
        }
        survivors.forEach(ProcessHandle::destroyForcibly);
        long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        survivors.forEach(h -> awaitExit(h, killDeadline - System.nanoTime()));
        return survivors.size();
    }

    private static boolean awaitExit(ProcessHandle handle, long nanos) {
        if (!handle.isAlive()) {
            return true;
        }
        try {
            handle.onExit().get(Math.max(nanos, 0), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    /** The last lines of a log, to show why a process died. */
    public static List<String> tail(Path log, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }
}
