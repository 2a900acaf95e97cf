package borgcell.cell;

import borgcell.api.v1.JobSpec;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.Resources;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.api.v1.raft.AssignTasksCommand;
import borgcell.api.v1.raft.Assignment;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.RegisterMachineCommand;

/** Specs and commands tests feed the cell, each kind stamped with its own fixed time. */
public final class Fixtures {
    public static final long MI = 1L << 20;
    public static final long GI = 1L << 30;

    private Fixtures() {}

    public static JobSpec spec(String name, int tasks) {
        return JobSpec.newBuilder().setName(name).setUser("alice").setPriority(100).setTaskCount(tasks)
                .setTask(TaskTemplate.newBuilder().addArgv("/bin/true").setRuntime("process")
                        .setResources(Resources.newBuilder().setCpuMillis(500).setRamBytes(256 * MI).setDiskBytes(MI)))
                .build();
    }

    /** The spec with these named ports, {@code resources.ports} their count. */
    public static JobSpec withPorts(JobSpec spec, String... names) {
        JobSpec.Builder b = spec.toBuilder();
        for (String name : names) {
            b.getTaskBuilder().addPorts(borgcell.api.v1.PortSpec.newBuilder().setName(name));
        }
        b.getTaskBuilder().getResourcesBuilder().setPorts(names.length);
        return b.build();
    }

    public static Command submit(String requestId, JobSpec spec) {
        return at(1000).submitJob(requestId, spec);
    }

    public static Command kill(String name) {
        return at(2000).killJob(name);
    }

    public static Command register(String id, long cpuMillis, long ram) {
        return at(500).registerMachine(RegisterMachineCommand.newBuilder().setMachineId(id).setAddress("127.0.0.1")
                .setCapacity(Resources.newBuilder().setCpuMillis(cpuMillis).setRamBytes(ram).setDiskBytes(10 * GI).setPorts(100))
                .setPortRangeFirst(31000).setPortRangeLast(31099)
                .putAttributes("rack", "r-" + id).addRuntimes("process").build());
    }

    public static Command assign(String job, int index, long taskVersion, String machine, long machineVersion) {
        return at(3000).assignTasks(AssignTasksCommand.newBuilder()
                .addAssignments(Assignment.newBuilder().setJob(job).setIndex(index).setTaskVersion(taskVersion)
                        .setMachineId(machine).setMachineVersion(machineVersion)).build());
    }

    public static Command report(String machine, String job, int index, int attempt, TaskState state, int exit) {
        return at(4000).taskStatus(machine, java.util.List.of(TaskReport.newBuilder().setJob(job).setIndex(index)
                .setAttempt(attempt).setState(state).setExitCode(exit).setReady(state == TaskState.RUNNING).build()));
    }

    public static Command machineState(String machine, MachineState state) {
        return at(5000).setMachineState(machine, state, "");
    }

    public static Command quota(String user, String band, long cpu, long ram) {
        return at(900).setQuota(borgcell.api.v1.Quota.newBuilder().setUser(user).setBand(band).setCpuMillis(cpu)
                .setRamBytes(ram).build());
    }

    /** A pass that evicts one task (the version it read, the reason the task will show). */
    public static Command evict(String job, int index, long taskVersion, String machine, String reason) {
        return at(3000).assignTasks(AssignTasksCommand.newBuilder().addEvictions(borgcell.api.v1.raft.EvictionOrder
                .newBuilder().setJob(job).setIndex(index).setTaskVersion(taskVersion).setMachineId(machine)
                .setReason(reason)).build());
    }

    /** The factory with its clock stopped at {@code millis}. */
    static Commands at(long millis) {
        return new Commands(java.time.InstantSource.fixed(java.time.Instant.ofEpochMilli(millis)));
    }
}
