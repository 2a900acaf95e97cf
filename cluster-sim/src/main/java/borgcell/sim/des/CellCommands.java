package borgcell.sim.des;

import borgcell.api.v1.JobSpec;
import borgcell.api.v1.PortSpec;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.RegisterMachineCommand;
import borgcell.cell.Commands;
import borgcell.cell.SchedulerTerms;
import borgcell.scheduler.Constraint;
import borgcell.scheduler.MachineView;
import borgcell.scheduler.PlacementRules;
import java.util.List;
import java.util.TreeMap;

/**
 * What the simulation's machines, users and leader send the {@code Cell}, as the real
 * proposers send it: the API for SubmitJob, a Borglet's registration and heartbeat for
 * RegisterMachine and TaskStatusBatch, the leader for AssignTasks and SetMachineState. The
 * commands themselves come from the cell's {@link Commands}, whose clock here is the
 * simulated time.
 */
final class CellCommands {

    /** Where a simulated machine's port range starts: a cell hands out ports of a range only. */
    private static final int FIRST_PORT = 20000;

    private CellCommands() {
    }

    static Command register(Commands commands, MachineView m) {
        // Attributes in key order: the Cell copies them as given, and a fixed order keeps
        // the state byte-identical between runs.
        int ports = m.capacity().ports();
        return commands.registerMachine(RegisterMachineCommand.newBuilder()
                .setMachineId(m.id()).setAddress("sim").setCapacity(SchedulerTerms.proto(m.capacity()))
                .setPortRangeFirst(ports == 0 ? 0 : FIRST_PORT).setPortRangeLast(ports == 0 ? 0 : FIRST_PORT + ports - 1)
                .putAllAttributes(new TreeMap<>(m.attributes()))
                .addAllRuntimes(m.runtimes().stream().sorted().toList()).build());
    }

    static Command submit(Commands commands, ArrivingJob job) {
        TaskTemplate.Builder task = TaskTemplate.newBuilder().addArgv("sim-task").setRuntime(job.runtime())
                .setResources(SchedulerTerms.proto(job.demand()));
        for (int i = 0; i < job.demand().ports(); i++) {
            task.addPorts(PortSpec.newBuilder().setName("p" + i)); // the cell hands out one port per name
        }
        for (Constraint c : job.constraints()) {
            task.addConstraints(SchedulerTerms.proto(c));
        }
        if (!job.rules().equals(PlacementRules.NONE)) {
            task.setPlacement(SchedulerTerms.proto(job.rules()));
        }
        JobSpec spec = JobSpec.newBuilder().setName(job.name()).setUser(job.user()).setPriority(job.priority())
                .setTaskCount(job.tasks()).setTask(task).build();
        return commands.submitJob("sim-" + job.name(), spec);
    }

    /** What the machine's Borglet would report in its next heartbeat: the task exited 0. */
    static Command succeeded(Commands commands, SimEvent.TaskEnd end) {
        return commands.taskStatus(end.machineId(), List.of(TaskReport.newBuilder().setJob(end.job())
                .setIndex(end.index()).setAttempt(end.attempt()).setState(TaskState.SUCCEEDED)
                .setExitCode(0).setMessage("finished after its simulated run").build()));
    }
}
