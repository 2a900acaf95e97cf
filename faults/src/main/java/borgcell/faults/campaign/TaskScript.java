package borgcell.faults.campaign;

import borgcell.api.v1.JobSpec;
import borgcell.api.v1.Resources;
import borgcell.api.v1.RestartPolicy;
import borgcell.api.v1.RestartSpec;
import borgcell.api.v1.TaskTemplate;
import java.nio.file.Path;
import java.util.List;

/**
 * The campaign's jobs: each task appends a {@code beat} line to a shared ledger once a second
 * for its lifetime, naming its job, index, attempt and machine, so the checker sees what really
 * ran where, not only what the cell says. bash's {@code EPOCHREALTIME} stamps the line without a fork.
 */
final class TaskScript {
    private static final long MI = 1L << 20;

    private final Path ledger;

    TaskScript(Path ledger) {
        this.ledger = ledger;
    }

    Path ledger() {
        return ledger;
    }

    /** A job of {@code tasks} tasks that each beat for {@code seconds} seconds, then exit 0. */
    JobSpec job(String name, int tasks, int seconds) {
        String script = "i=0; while [ $i -lt " + seconds + " ]; do "
                + "echo \"beat $BORG_JOB $BORG_TASK_INDEX $BORG_TASK_ATTEMPT $BORG_MACHINE ${EPOCHREALTIME//[.,]/}\" >> '"
                + ledger + "'; sleep 1; i=$((i+1)); done";
        return JobSpec.newBuilder()
                .setName(name)
                .setUser("faults")
                .setPriority(100)
                .setTaskCount(tasks)
                .setTask(TaskTemplate.newBuilder()
                        .addAllArgv(List.of("/bin/bash", "-c", script))
                        .setRuntime("process")
                        .setResources(Resources.newBuilder().setCpuMillis(50).setRamBytes(16 * MI))
                        // Never restarted locally: a second run on the same machine would blur the ledger.
                        .setRestart(RestartSpec.newBuilder().setPolicy(RestartPolicy.NEVER)))
                .build();
    }
}
