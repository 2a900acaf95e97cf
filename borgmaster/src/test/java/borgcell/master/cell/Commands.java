package borgcell.master.cell;

import borgcell.api.v1.JobSpec;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.Resources;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.api.v1.raft.AssignTasksCommand;
import borgcell.api.v1.raft.Assignment;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.KillJobCommand;
import borgcell.api.v1.raft.RegisterMachineCommand;
import borgcell.api.v1.raft.SetMachineStateCommand;
import borgcell.api.v1.raft.SubmitJobCommand;
import borgcell.api.v1.raft.TaskStatusBatchCommand;

/** Builders for the commands tests feed the cell. */
public final class Commands {
    public static final long MI = 1L << 20;
    public static final long GI = 1L << 30;

    private Commands() {}

    public static JobSpec spec(String name, int tasks) {
        return JobSpec.newBuilder().setName(name).setUser("alice").setPriority(100).setTaskCount(tasks)
                .setTask(TaskTemplate.newBuilder().addArgv("/bin/true").setRuntime("process")
                        .setResources(Resources.newBuilder().setCpuMillis(500).setRamBytes(256 * MI).setDiskBytes(MI)))
                .build();
    }

    public static Command submit(String requestId, JobSpec spec) {
        return Command.newBuilder().setTimestampMillis(1000)
                .setSubmitJob(SubmitJobCommand.newBuilder().setRequestId(requestId).setSpec(spec)).build();
    }

    public static Command kill(String name) {
        return Command.newBuilder().setTimestampMillis(2000).setKillJob(KillJobCommand.newBuilder().setName(name)).build();
    }

    public static Command register(String id, long cpuMillis, long ram) {
        return Command.newBuilder().setTimestampMillis(500).setRegisterMachine(RegisterMachineCommand.newBuilder()
                .setMachineId(id).setAddress("127.0.0.1")
                .setCapacity(Resources.newBuilder().setCpuMillis(cpuMillis).setRamBytes(ram).setDiskBytes(10 * GI).setPorts(100))
                .putAttributes("rack", "r-" + id).addRuntimes("process")).build();
    }

    public static Command assign(String job, int index, long taskVersion, String machine, long machineVersion) {
        return Command.newBuilder().setTimestampMillis(3000).setAssignTasks(AssignTasksCommand.newBuilder()
                .addAssignments(Assignment.newBuilder().setJob(job).setIndex(index).setTaskVersion(taskVersion)
                        .setMachineId(machine).setMachineVersion(machineVersion))).build();
    }

    public static Command report(String machine, String job, int index, int attempt, TaskState state, int exit) {
        return Command.newBuilder().setTimestampMillis(4000).setTaskStatus(TaskStatusBatchCommand.newBuilder()
                .setMachineId(machine).addReports(TaskReport.newBuilder().setJob(job).setIndex(index).setAttempt(attempt)
                        .setState(state).setExitCode(exit))).build();
    }

    public static Command machineState(String machine, MachineState state) {
        return Command.newBuilder().setTimestampMillis(5000).setSetMachineState(SetMachineStateCommand.newBuilder()
                .setMachineId(machine).setState(state)).build();
    }
}
