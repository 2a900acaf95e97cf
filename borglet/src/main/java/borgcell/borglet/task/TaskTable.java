package borgcell.borglet.task;

import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskReport;
import borgcell.borglet.health.TaskHealthChecks;
import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskExit;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.TaskRuntime;
import borgcell.borglet.runtime.TaskUsage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The tasks this Borglet holds, and the reconcile step that brings them in line with what the
 * cell wants. Held means: reported on every heartbeat, running or finished.
 */
public final class TaskTable {

    /**
     * What a task that names no runtime runs in, the first of these this machine offers: a
     * container where its self-test passed, else a process (which every machine offers).
     */
    public static final List<String> DEFAULT_RUNTIMES = List.of(
            borgcell.borglet.runtime.container.ContainerRuntime.NAME, borgcell.borglet.runtime.process.ProcessRuntime.NAME);

    private final String machineId;
    private final Path tasksDir;
    private final Map<String, TaskRuntime> runtimes;
    private final Executor executor;

    // Guarded by this. Insertion order keeps reports stable from one heartbeat to the next.
    private final Map<TaskKey, TaskSupervisor> held = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param tasksDir parent of the per-task directories ({@code <workDir>/tasks})
     * @param runtimes the runtimes that passed their self-test, by name
     */
    public TaskTable(String machineId, Path tasksDir, Map<String, TaskRuntime> runtimes, Executor executor) {
        this.machineId = Objects.requireNonNull(machineId, "machineId");
        this.tasksDir = Objects.requireNonNull(tasksDir, "tasksDir");
        this.runtimes = Map.copyOf(runtimes);
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Starts every desired task not held yet; kills every held task that is not desired; drops a
     * finished task once it is no longer desired (the cell has recorded its end). A finished task
     * that is still desired stays as it is: only its restart rule may start it again, and it
     * already said no.
     */
    public synchronized void reconcile(List<TaskAssignment> desired) {
        if (closed) {
            return;
        }
        Map<TaskKey, TaskAssignment> wanted = new LinkedHashMap<>();
        for (TaskAssignment assignment : desired) {
            wanted.putIfAbsent(TaskKey.of(assignment), assignment);
        }
        var it = held.entrySet().iterator();
        while (it.hasNext()) {
            var entry = it.next();
            if (wanted.containsKey(entry.getKey())) {
                continue;
            }
            TaskSupervisor task = entry.getValue();
            if (task.isFinished()) {
                it.remove();
            } else {
                task.kill();  // stays held until its KILLED has been reported and it is dropped here
            }
        }
        wanted.forEach((key, assignment) -> {
            if (!held.containsKey(key)) {
                TaskSupervisor task = supervisorFor(key, assignment);
                held.put(key, task);
                task.start();
            }
        });
    }

    /** One report per held task: the heartbeat is level-triggered. */
    public synchronized List<TaskReport> reports() {
        List<TaskReport> reports = new ArrayList<>(held.size());
        held.values().forEach(task -> reports.add(task.report()));
        return reports;
    }

    /** Each held task's usage now, where its runtime measures it; read outside the table's lock (cgroup files). */
    public Map<TaskKey, TaskUsage> usage() {
        List<Map.Entry<TaskKey, TaskSupervisor>> tasks;
        synchronized (this) {
            tasks = List.copyOf(held.entrySet());
        }
        Map<TaskKey, TaskUsage> out = new LinkedHashMap<>();
        for (Map.Entry<TaskKey, TaskSupervisor> task : tasks) {
            task.getValue().usage().ifPresent(usage -> out.put(task.getKey(), usage));
        }
        return out;
    }

    /** The supervisor of a held task, or null. */
    public synchronized TaskSupervisor get(TaskKey key) {
        return held.get(key);
    }

    /** Kills every held task and refuses new ones; completes when all are over. */
    public CompletableFuture<Void> killAll() {
        List<TaskSupervisor> tasks;
        synchronized (this) {
            closed = true;
            tasks = List.copyOf(held.values());
        }
        tasks.forEach(TaskSupervisor::kill);
        return CompletableFuture.allOf(tasks.stream().map(TaskSupervisor::finished).toArray(CompletableFuture[]::new));
    }

    /** The default runtime of a machine offering {@code offered} ({@link #DEFAULT_RUNTIMES}), if it offers one. */
    public static java.util.Optional<String> defaultAmong(java.util.Collection<String> offered) {
        return DEFAULT_RUNTIMES.stream().filter(offered::contains).findFirst();
    }

    private String defaultRuntime() {
        return defaultAmong(runtimes.keySet()).orElse(DEFAULT_RUNTIMES.getLast()); // none offered: fails as missing
    }

    private TaskSupervisor supervisorFor(TaskKey key, TaskAssignment assignment) {
        TaskLaunch launch = new TaskLaunch(key.job(), key.index(), key.attempt(), assignment.getTemplate(),
                tasksDir.resolve(key.directoryName()), machineId, assignment.getUser(), assignment.getPortsList());
        String wantedRuntime = assignment.getTemplate().getRuntime().isBlank()
                ? defaultRuntime() : assignment.getTemplate().getRuntime();
        TaskRuntime runtime = runtimes.get(wantedRuntime);
        if (runtime == null) {
            // The scheduler should not have sent it here; fail it once, retrying cannot help.
            return new TaskSupervisor(launch, new MissingRuntime(wantedRuntime, machineId), RestartRule.never(), executor);
        }
        return new TaskSupervisor(launch, runtime, RestartRule.of(assignment.getTemplate().getRestart()), executor,
                TaskHealthChecks.of(assignment.getTemplate(), assignment.getPortsList()));
    }

    /** Stands in for a runtime this machine does not offer: every start fails with a reason. */
    private record MissingRuntime(String name, String machineId) implements TaskRuntime {
        @Override
        public boolean selfTest() {
            return false;
        }

        @Override
        public RunningTask start(TaskLaunch launch) {
            return RunningTask.notStarted(TaskExit.CANNOT_START,
                    "runtime '" + name + "' is not available on machine " + machineId);
        }
    }
}
