package borgcell.borglet.health;

import borgcell.api.v1.AllocatedPort;
import borgcell.api.v1.HealthCheck;
import borgcell.api.v1.Resources;
import borgcell.api.v1.RestartPolicy;
import borgcell.api.v1.RestartSpec;
import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.process.ProcessRuntime;
import borgcell.borglet.task.RestartRule;
import borgcell.borglet.task.TaskSupervisor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real process tasks with health checks, under a real supervisor, for the tests of this package. */
final class ProcessTasks implements AutoCloseable {

    static final ProcessRuntime RUNTIME = new ProcessRuntime(Duration.ofMillis(300));

    private final Path workDir;
    private final List<TaskSupervisor> started = new ArrayList<>();

    ProcessTasks(Path workDir) {
        this.workDir = workDir;
    }

    /** A shell task; the checks below probe it every 100 ms unless told otherwise. */
    static TaskTemplate.Builder shell(String script) {
        return TaskTemplate.newBuilder().addArgv("/bin/sh").addArgv("-c").addArgv(script).setRuntime("process")
                .setResources(Resources.newBuilder().setCpuMillis(100).setRamBytes(64L << 20));
    }

    static HealthCheck.Builder exec(String... argv) {
        HealthCheck.Builder check = fast();
        check.getExecBuilder().addAllArgv(List.of(argv));
        return check;
    }

    static HealthCheck.Builder http(String port, String path) {
        HealthCheck.Builder check = fast();
        check.getHttpBuilder().setPort(port).setPath(path);
        return check;
    }

    static HealthCheck.Builder tcp(String port) {
        HealthCheck.Builder check = fast();
        check.getTcpBuilder().setPort(port);
        return check;
    }

    private static HealthCheck.Builder fast() {
        // A generous timeout: on a loaded two-core machine a probe that times out would turn a check for the wrong reason.
        return HealthCheck.newBuilder().setIntervalMillis(100).setTimeoutMillis(3000).setFailureThreshold(1);
    }

    static RestartSpec restart(RestartPolicy policy, int maxAttempts) {
        return RestartSpec.newBuilder().setPolicy(policy).setMaxAttempts(maxAttempts).setBackoffMillis(20).build();
    }

    static AllocatedPort port(String name, int number) {
        return AllocatedPort.newBuilder().setName(name).setPort(number).build();
    }

    TaskSupervisor start(String job, TaskTemplate template, AllocatedPort... ports) {
        TaskLaunch launch = new TaskLaunch(job, 0, 1, template, taskDir(job), "m1");
        TaskSupervisor task = new TaskSupervisor(launch, RUNTIME, RestartRule.of(template.getRestart()),
                command -> Thread.ofVirtual().start(command), TaskHealthChecks.of(template, List.of(ports)));
        started.add(task);
        task.start();
        return task;
    }

    Path taskDir(String job) {
        return workDir.resolve(job + ".0.1");
    }

    @Override
    public void close() throws Exception {
        for (TaskSupervisor task : started) {
            task.kill();
            task.finished().get(20, TimeUnit.SECONDS);
        }
    }
}
