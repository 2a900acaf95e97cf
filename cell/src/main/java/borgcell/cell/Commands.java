package borgcell.cell;

import borgcell.api.v1.JobSpec;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.AccessToken;
import borgcell.api.v1.Quota;
import borgcell.api.v1.raft.RevokeTokenCommand;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.raft.AssignTasksCommand;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandBatch;
import borgcell.api.v1.raft.KillJobCommand;
import borgcell.api.v1.raft.RegisterMachineCommand;
import borgcell.api.v1.raft.SetMachineStateCommand;
import borgcell.api.v1.raft.SubmitJobCommand;
import borgcell.api.v1.raft.TaskStatusBatchCommand;
import borgcell.api.v1.raft.RevertJobCommand;
import borgcell.api.v1.raft.RolloutControlCommand;
import borgcell.api.v1.raft.TickCommand;
import borgcell.api.v1.raft.UpdateJobCommand;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * Every command the {@link Cell} applies, built in this one place and stamped with the
 * proposer's clock: the {@code Cell} reads no clock (Raft replay and the simulator must see
 * the same time the proposer saw), so the time a job was submitted or a machine went down is
 * whatever the proposer's clock said. The BorgMaster's front doors and leader pass the system
 * clock, the simulator its simulated time, tests a fixed one.
 */
public final class Commands {

    private final InstantSource clock;

    public Commands(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Submits {@code spec}; a retry with the same {@code requestId} answers the job already made. */
    public Command submitJob(String requestId, JobSpec spec) {
        return submitJob(requestId, spec, "");
    }

    /** @param owner the user the caller may act for alone, or empty for one who may act for anyone */
    public Command submitJob(String requestId, JobSpec spec, String owner) {
        return stamped().setSubmitJob(SubmitJobCommand.newBuilder().setRequestId(requestId).setSpec(spec)
                .setOwner(owner)).build();
    }

    /** @param by who asked ({@code user:alice}), recorded in the job's first version; may be empty */
    public Command submitJob(String requestId, JobSpec spec, String owner, String by) {
        return stamped().setSubmitJob(SubmitJobCommand.newBuilder().setRequestId(requestId).setSpec(spec)
                .setOwner(owner).setBy(by)).build();
    }

    /**
     * A new version of job {@code name} (empty: the spec's name), rolled out by its update
     * policy; with {@code create}, submitted when no job of that name runs.
     */
    public Command updateJob(String requestId, String name, JobSpec spec, boolean create, String owner, String by) {
        return stamped().setUpdateJob(UpdateJobCommand.newBuilder().setRequestId(requestId).setName(name).setSpec(spec)
                .setCreateIfAbsent(create).setOwner(owner).setBy(by)).build();
    }

    public Command revertJob(String name, long version, String owner, String by) {
        return stamped().setRevertJob(RevertJobCommand.newBuilder().setName(name).setVersion(version).setOwner(owner)
                .setBy(by)).build();
    }

    public Command controlRollout(String name, RolloutControlCommand.Action action, String owner, String by) {
        return stamped().setRolloutControl(RolloutControlCommand.newBuilder().setName(name).setAction(action)
                .setOwner(owner).setBy(by)).build();
    }

    /** The leader's clock passed a deadline the cell holds (a rollout's, a drain's). */
    public Command tick() {
        return stamped().setTick(TickCommand.getDefaultInstance()).build();
    }

    public Command killJob(String name) {
        return killJob(name, "", "");
    }

    /**
     * @param owner the user whose jobs alone the caller may kill, or empty for one who may kill any
     * @param by who asked ({@code user:alice}), for the killed tasks' message; may be empty
     */
    public Command killJob(String name, String owner, String by) {
        return stamped().setKillJob(KillJobCommand.newBuilder().setName(name).setOwner(owner).setBy(by)).build();
    }

    public Command registerMachine(RegisterMachineCommand machine) {
        return stamped().setRegisterMachine(machine).build();
    }

    /** UP, DRAINING or DOWN, with why (an empty reason for none). */
    public Command setMachineState(String machineId, MachineState state, String reason) {
        return stamped().setSetMachineState(SetMachineStateCommand.newBuilder().setMachineId(machineId).setState(state)
                .setReason(reason)).build();
    }

    /**
     * DRAINING within the jobs' disruption budgets for {@code within} (absolute: until the
     * proposer's now plus it), then every task left; a zero {@code within} evicts everything now.
     */
    public Command drainMachine(String machineId, String reason, java.time.Duration within) {
        return stamped().setSetMachineState(SetMachineStateCommand.newBuilder().setMachineId(machineId)
                .setState(MachineState.DRAINING).setReason(reason)
                .setDrainDeadlineMillis(within.isZero() ? 0 : clock.millis() + within.toMillis())).build();
    }

    /**
     * @param token a new token: its id, role, name, issuer and the hash of its secret
     * @param ttl how long it is good for from now; zero: until revoked
     */
    public Command issueToken(AccessToken token, java.time.Duration ttl) {
        AccessToken.Builder t = token.toBuilder();
        if (!ttl.isZero()) {
            t.setExpiresMillis(clock.millis() + ttl.toMillis());
        }
        return stamped().setIssueToken(t).build();
    }

    public Command revokeToken(String id) {
        return stamped().setRevokeToken(RevokeTokenCommand.newBuilder().setId(id)).build();
    }

    public Command setQuota(Quota quota) {
        return stamped().setSetQuota(quota).build();
    }

    /** One scheduling pass's placements and evictions, each with the versions it read. */
    public Command assignTasks(AssignTasksCommand pass) {
        return stamped().setAssignTasks(pass).build();
    }

    /** What a machine's heartbeat changed: reports of tasks that started or ended. */
    public Command taskStatus(String machineId, Iterable<TaskReport> reports) {
        return stamped().setTaskStatus(TaskStatusBatchCommand.newBuilder().setMachineId(machineId).addAllReports(reports))
                .build();
    }

    /**
     * Several commands as one log entry, applied in order with one answer each. The batch
     * itself carries no time: each command keeps the one it was stamped with.
     */
    public static Command batch(List<Command> commands) {
        return Command.newBuilder().setBatch(CommandBatch.newBuilder().addAllCommands(commands)).build();
    }

    private Command.Builder stamped() {
        return Command.newBuilder().setTimestampMillis(clock.millis());
    }
}
