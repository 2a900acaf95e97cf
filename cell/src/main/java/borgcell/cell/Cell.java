package borgcell.cell;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobOrBuilder;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.JobState;
import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.AccessToken;
import borgcell.api.v1.AllocatedPort;
import borgcell.api.v1.Quota;
import borgcell.api.v1.QuotaUsage;
import borgcell.api.v1.Resources;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.api.v1.raft.AssignResult;
import borgcell.api.v1.raft.AssignTasksCommand;
import borgcell.api.v1.raft.Assignment;
import borgcell.api.v1.raft.BatchResult;
import borgcell.api.v1.raft.CellSnapshot;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandBatch;
import borgcell.api.v1.raft.CommandResult;
import borgcell.api.v1.raft.EvictionOrder;
import borgcell.api.v1.raft.KillJobCommand;
import borgcell.api.v1.raft.RegisterMachineCommand;
import borgcell.api.v1.raft.RequestRecord;
import borgcell.api.v1.raft.SetMachineStateCommand;
import borgcell.api.v1.raft.SubmitJobCommand;
import borgcell.api.v1.raft.TaskStatusBatchCommand;
import borgcell.api.v1.raft.UpdateJobCommand;
import borgcell.api.v1.raft.RevertJobCommand;
import borgcell.api.v1.raft.RolloutControlCommand;
import borgcell.api.v1.Rollout;
import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.feasibility.RuntimeOffered;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cell's state: machines, jobs with their tasks, and the request ids already seen.
 *
 * <p>Commands in, results out, nothing else: {@link #apply} reads no clock, no randomness and
 * no environment (the proposer stamps the time into the command, and the Raft index serves as
 * the version of whatever a command changes). So every replica that applies the same log
 * reaches byte-identical state, and the simulator can drive the same code without Raft.
 *
 * <p>A refused command changes nothing: each handler checks everything before it writes.
 * Not thread-safe; the state machine serialises access.
 */
public final class Cell {
    private static final java.util.regex.Pattern HTTP_ADDRESS =
            java.util.regex.Pattern.compile("https?://[A-Za-z0-9.\\-\\[\\]:]{1,200}:[0-9]{1,5}");
    private final TreeMap<String, Machine> machines = new TreeMap<>();
    private final TreeMap<String, Job> jobs = new TreeMap<>();
    private final TreeMap<String, RequestRecord> requests = new TreeMap<>();
    private final PastJobs pastJobs = new PastJobs();
    /** Derived (never stored): the jobs whose rollout is under way, which ticks and deadlines look at. */
    private final java.util.TreeSet<String> rolling = new java.util.TreeSet<>();
    /** Derived (never stored): machines DRAINING within budgets that still hold tasks. */
    private final java.util.TreeSet<String> draining = new java.util.TreeSet<>();
    private final Quotas quotas = new Quotas();
    private final Tokens tokens = new Tokens();
    /** Derived from the tasks (never stored): the ASSIGNED and RUNNING tasks per machine, and what they hold. */
    private final Holdings holdings = new Holdings();
    /** Derived from the tasks (never stored): each machine's port range and the ports its placed tasks hold. */
    private final PortBook ports = new PortBook();
    /** Jobs changed task by task in the entry being applied; empty between entries. */
    private final JobEdits edits = new JobEdits();
    /** Derived from the tasks (never stored): how many are PENDING, so the leader need not scan the cell to know. */
    private int pending;

    /** Applies one committed command at log position {@code index}. Never throws for bad input. */
    public CommandResult apply(long index, Command command) {
        try {
            return applyOne(index, command);
        } finally {
            edits.flush(index, this::put);
        }
    }

    private CommandResult applyOne(long index, Command command) {
        long now = command.getTimestampMillis();
        if (command.getKindCase() != Command.KindCase.TASK_STATUS) {
            edits.flush(index, this::put); // only reports read jobs through the edits
        }
        try {
            return switch (command.getKindCase()) {
                case SUBMIT_JOB -> submitJob(index, now, command.getSubmitJob());
                case KILL_JOB -> killJob(index, now, command.getKillJob());
                case REGISTER_MACHINE -> registerMachine(index, now, command.getRegisterMachine());
                case ASSIGN_TASKS -> assignTasks(index, now, command.getAssignTasks());
                case TASK_STATUS -> taskStatus(index, now, command.getTaskStatus());
                case SET_MACHINE_STATE -> setMachineState(index, now, command.getSetMachineState());
                case SET_QUOTA -> setQuota(command.getSetQuota());
                case ISSUE_TOKEN -> CommandResult.newBuilder().setToken(tokens.issue(command.getIssueToken().toBuilder()
                        .setIssuedMillis(now).build())).build();
                case REVOKE_TOKEN -> CommandResult.newBuilder()
                        .setToken(tokens.revoke(command.getRevokeToken().getId())).build();
                case BATCH -> batch(index, command.getBatch());
                case UPDATE_JOB -> updateJob(index, now, command.getUpdateJob());
                case REVERT_JOB -> revertJob(index, now, command.getRevertJob());
                case ROLLOUT_CONTROL -> controlRollout(index, now, command.getRolloutControl());
                case TICK -> tick(index, now);
                case KIND_NOT_SET -> throw CellError.invalid("command: no kind set");
            };
        } catch (CellError e) {
            return CommandResult.newBuilder().setError(e.toProto()).build();
        }
    }

    /**
     * Each command of a group commit in order, at the entry's index: a later command sees what
     * an earlier one did, and a refused one changes nothing and does not stop the rest.
     */
    private CommandResult batch(long index, CommandBatch batch) {
        BatchResult.Builder results = BatchResult.newBuilder();
        for (Command c : batch.getCommandsList()) {
            results.addResults(c.hasBatch()
                    ? CommandResult.newBuilder().setError(CellError.invalid("command: a batch inside a batch").toProto()).build()
                    : applyOne(index, c));
        }
        return CommandResult.newBuilder().setBatch(results).build();
    }

    // ---- jobs ----

    private CommandResult submitJob(long index, long now, SubmitJobCommand c) {
        if (!c.getRequestId().isEmpty()) {
            RequestRecord seen = requests.get(c.getRequestId());
            if (seen != null) {
                Job original = jobs.get(seen.getJob());
                if (original != null && original.getSubmittedMillis() == seen.getJobSubmittedMillis()
                        && original.getRequestId().equals(c.getRequestId())) {
                    return CommandResult.newBuilder().setJob(original).setDuplicate(true).build();
                }
                throw CellError.failedPrecondition("request id " + c.getRequestId()
                        + " was already used for job \"" + seen.getJob() + "\", which has since been replaced");
            }
        }
        JobSpec spec = c.getSpec();
        JobSpecValidator.validate(spec);
        admit(spec);
        Job existing = jobs.get(spec.getName());
        if (existing != null && existing.getState() == JobState.JOB_RUNNING) {
            throw CellError.alreadyExists("job \"" + spec.getName() + "\" already exists and is running; "
                    + "kill it first or choose another name");
        }
        if (existing != null) {
            requireOwner(existing, c.getOwner(), "reusing its name");
            // A finished job's name can be used again (like re-running a Nomad job); the
            // finished incarnation is kept among the past ones, not deleted.
            pastJobs.add(existing);
            jobs.remove(existing.getSpec().getName());
        }
        Job.Builder job = Job.newBuilder()
                .setSpec(spec)
                .setState(JobState.JOB_RUNNING)
                .setRequestId(c.getRequestId())
                .setVersion(index)
                .setSubmittedMillis(now)
                .setCurrentVersion(1)
                .addVersions(JobVersions.first(spec, c.getBy(), now, index));
        for (int i = 0; i < spec.getTaskCount(); i++) {
            job.addTasks(newTask(spec.getName(), i, 1, index, now, "waiting to be scheduled"));
        }
        Job created = job.build();
        put(created);
        pending += spec.getTaskCount();
        if (!c.getRequestId().isEmpty()) {
            requests.put(c.getRequestId(), RequestRecord.newBuilder()
                    .setRequestId(c.getRequestId()).setJob(spec.getName()).setJobSubmittedMillis(now).build());
        }
        return CommandResult.newBuilder().setJob(created).build();
    }

    private static Task.Builder newTask(String job, int index, long specVersion, long raftIndex, long now, String message) {
        return Task.newBuilder().setJob(job).setIndex(index).setState(TaskState.PENDING).setSpecVersion(specVersion)
                .setVersion(raftIndex).setStateChangedMillis(now).setMessage(message);
    }

    /** Quota admission (the rule is the quotas'; what the user holds is the cell's to say). */
    private void admit(JobSpec spec) {
        quotas.admit(spec, band -> usage(spec.getUser(), band, ""));
    }

    /** What a user's unfinished tasks in a band ask for, but those of {@code except} (a job being updated). */
    private Resources usage(String user, String band, String except) {
        Resources used = ResourceMath.ZERO;
        for (Job job : jobs.values()) {
            if (job.getState() != JobState.JOB_RUNNING || !job.getSpec().getUser().equals(user)
                    || job.getSpec().getName().equals(except)
                    || !PriorityBand.of(job.getSpec().getPriority()).label().equals(band)) {
                continue;
            }
            for (Task t : job.getTasksList()) {
                if (!isTerminal(t.getState())) {
                    used = ResourceMath.plus(used, JobVersions.templateOf(job, t).getResources());
                }
            }
        }
        return used;
    }

    private CommandResult setQuota(Quota q) {
        quotas.set(q, upCapacity());
        return CommandResult.newBuilder().setQuota(q).build();
    }

    /** What the machines that are UP offer together: all production quotas may promise. */
    private Resources upCapacity() {
        Resources capacity = ResourceMath.ZERO;
        for (Machine m : machines.values()) {
            if (m.getState() == MachineState.UP) {
                capacity = ResourceMath.plus(capacity, m.getCapacity());
            }
        }
        return capacity;
    }

    /** Every quota with what its user holds now in its band. */
    public List<QuotaUsage> quotas() {
        List<QuotaUsage> out = new ArrayList<>();
        for (Quota q : quotas.all()) {
            out.add(QuotaUsage.newBuilder().setQuota(q).setUsed(usage(q.getUser(), q.getBand(), "")).build());
        }
        return out;
    }

    /** The tokens the cell issued, without their hashes. */
    public List<AccessToken> tokens() {
        return tokens.all().stream().map(Tokens::withoutHash).toList();
    }

    /** The token with this id, hash included: for a replica checking one presented to it. */
    public Optional<AccessToken> token(String id) {
        return tokens.get(id);
    }

    private CommandResult killJob(long index, long now, KillJobCommand c) {
        Job job = requireJob(c.getName());
        requireOwner(job, c.getOwner(), "killing it");
        if (job.getState() != JobState.JOB_RUNNING) {
            return CommandResult.newBuilder().setJob(job).build(); // killing twice is harmless
        }
        Job.Builder b = job.toBuilder().setState(JobState.JOB_KILLED).setVersion(index);
        for (int i = 0; i < b.getTasksCount(); i++) {
            Task t = b.getTasks(i);
            if (!isTerminal(t.getState())) {
                release(index, job, t);
                if (t.getState() == TaskState.PENDING) {
                    pending--;
                }
                b.setTasks(i, t.toBuilder().setState(TaskState.KILLED).setReady(false).clearPorts().setVersion(index)
                        .setStateChangedMillis(now).setMessage(c.getBy().isEmpty() ? "killed by user" : "killed by " + c.getBy()));
            }
        }
        if (RolloutPlanner.active(b.getRollout()) || b.getRollout().getState() == Rollout.State.PAUSED) {
            b.setRollout(b.getRollout().toBuilder().setState(Rollout.State.ABORTED).setDeadlineMillis(0)
                    .setChangedMillis(now).setMessage("the job was killed"));
        }
        Job killed = b.build();
        put(killed);
        return CommandResult.newBuilder().setJob(killed).build();
    }

    /** Stores the job, and notes whether its rollout is under way. */
    private void put(Job job) {
        String name = job.getSpec().getName();
        jobs.put(name, job);
        if (job.getState() == JobState.JOB_RUNNING && RolloutPlanner.active(job.getRollout())) {
            rolling.add(name);
        } else {
            rolling.remove(name);
        }
    }

    // ---- updates ----

    private CommandResult updateJob(long index, long now, UpdateJobCommand c) {
        JobSpec spec = c.getSpec();
        String name = c.getName().isEmpty() ? spec.getName() : c.getName();
        if (!name.equals(spec.getName())) {
            throw CellError.invalid("spec.name: an update cannot rename job \"" + name + "\" to \"" + spec.getName()
                    + "\"; submit a job of the new name and kill the old one");
        }
        if (!c.getRequestId().isEmpty() && requests.containsKey(c.getRequestId())) {
            RequestRecord seen = requests.get(c.getRequestId());
            Job current = jobs.get(seen.getJob());
            if (seen.getJob().equals(name) && current != null) {
                return CommandResult.newBuilder().setJob(current).setDuplicate(true).build();
            }
            throw CellError.failedPrecondition("request id " + c.getRequestId() + " was already used for job \""
                    + seen.getJob() + "\"");
        }
        JobSpecValidator.validate(spec);
        Job existing = jobs.get(name);
        if (existing == null || existing.getState() != JobState.JOB_RUNNING) {
            if (!c.getCreateIfAbsent()) {
                throw CellError.notFound("job \"" + name + "\" is not running; borg job run (or borg job apply) starts it");
            }
            return submitJob(index, now, SubmitJobCommand.newBuilder().setRequestId(c.getRequestId()).setSpec(spec)
                    .setOwner(c.getOwner()).setBy(c.getBy()).build());
        }
        requireOwner(existing, c.getOwner(), "updating it");
        if (!spec.getUser().equals(existing.getSpec().getUser())) {
            throw CellError.invalid("spec.user: an update cannot change the job's user (\"" + existing.getSpec().getUser()
                    + "\" to \"" + spec.getUser() + "\")");
        }
        if (spec.equals(existing.getSpec())) {
            return CommandResult.newBuilder().setJob(existing).build(); // nothing to change: no new version
        }
        quotas.admit(spec, band -> usage(spec.getUser(), band, name));
        Job updated = newVersion(index, now, existing, spec, c.getBy(), "updated", false);
        if (!c.getRequestId().isEmpty()) {
            requests.put(c.getRequestId(), RequestRecord.newBuilder().setRequestId(c.getRequestId()).setJob(name)
                    .setJobSubmittedMillis(existing.getSubmittedMillis()).setJobVersion(updated.getCurrentVersion()).build());
        }
        return CommandResult.newBuilder().setJob(updated).build();
    }

    private CommandResult revertJob(long index, long now, RevertJobCommand c) {
        Job job = requireJob(c.getName());
        requireOwner(job, c.getOwner(), "reverting it");
        if (job.getState() != JobState.JOB_RUNNING) {
            throw CellError.failedPrecondition("job \"" + c.getName() + "\" is " + job.getState()
                    + "; a finished job is started again with borg job run");
        }
        JobSpec spec = JobVersions.spec(job, c.getVersion()).filter(x -> c.getVersion() > 0).orElseThrow(() ->
                CellError.notFound("job \"" + c.getName() + "\" has no version " + c.getVersion() + " (it keeps "
                        + JobVersions.numbers(job) + ")"));
        if (spec.equals(job.getSpec())) {
            return CommandResult.newBuilder().setJob(job).build();
        }
        quotas.admit(spec, band -> usage(spec.getUser(), band, c.getName()));
        return CommandResult.newBuilder()
                .setJob(newVersion(index, now, job, spec, c.getBy(), "reverted to " + c.getVersion(), false)).build();
    }

    /**
     * Makes {@code spec} the job's next version and starts rolling it out: tasks whose template
     * did not change simply move to the new version (they are not restarted), tasks beyond a
     * smaller count are stopped, new ones for a larger count wait to be placed, and the rest
     * are replaced by the rollout's steps.
     */
    private Job newVersion(long index, long now, Job job, JobSpec spec, String by, String cause, boolean rollback) {
        long from = job.getCurrentVersion();
        Job.Builder b = job.toBuilder().setVersion(index);
        long to = JobVersions.add(b, spec, by, now, index, cause);
        int count = spec.getTaskCount();
        int outdated = 0;
        for (int i = 0; i < b.getTasksCount(); i++) {
            Task t = b.getTasks(i);
            if (isTerminal(t.getState())) {
                if (i < count && t.getState() != TaskState.SUCCEEDED) {
                    outdated++; // a slot whose task failed or was stopped: the rollout gives it a new one
                }
                continue;
            }
            if (i >= count) {
                stopTask(index, now, b, i, "stopped: version " + to + " has " + count + " tasks");
            } else if (JobVersions.templateOf(job, t).equals(spec.getTask())) {
                b.setTasks(i, t.toBuilder().setSpecVersion(to).setVersion(index));
            } else {
                outdated++;
            }
        }
        for (int i = b.getTasksCount(); i < count; i++) {
            b.addTasks(newTask(spec.getName(), i, to, index, now, "added by version " + to + "; waiting to be scheduled"));
            pending++;
        }
        UpdateRules rules = UpdateRules.of(spec);
        Rollout.Builder r = Rollout.newBuilder().setFromVersion(from).setToVersion(to).setStartedMillis(now)
                .setChangedMillis(now).setRollback(rollback).setPromoted(rules.canaries() == 0 || rollback)
                .setState(rollback ? Rollout.State.ROLLING_BACK : Rollout.State.ROLLING)
                .setDeadlineMillis(now + rules.progressDeadlineMillis())
                .setMessage((rollback ? "rolling back from version " : "rolling out from version ") + from + " to " + to
                        + " (" + outdated + " to replace)");
        b.setRollout(r);
        put(b.build());
        advanceRollout(index, now, spec.getName());
        return jobs.get(spec.getName());
    }

    /** One step of the job's rollout: the replacements, surge tasks and retirements its planner allows now. */
    private void advanceRollout(long index, long now, String name) {
        Job job = jobs.get(name);
        RolloutPlanner.Step step = RolloutPlanner.next(job, now);
        if (step.missedDeadline()) {
            failRollout(index, now, job);
            return;
        }
        if (!step.changesTasks() && step.rollout().equals(job.getRollout())) {
            return;
        }
        Job.Builder b = job.toBuilder().setRollout(step.rollout());
        long to = step.rollout().getToVersion();
        for (int i : step.replace()) {
            replaceTask(index, now, b, i, to, "replaced by version " + to + " (rolling update); waiting to be scheduled");
        }
        for (int i : step.surge()) {
            Task surge = newTask(name, i, to, index, now, "surge task of the update to version " + to
                    + "; waiting to be scheduled").build();
            if (i < b.getTasksCount()) {
                b.setTasks(i, b.getTasks(i).toBuilder().mergeFrom(surge).clearAvoidMachines().setExitCode(0).setRestarts(0));
            } else {
                b.addTasks(surge);
            }
            pending++;
        }
        for (int i : step.retire()) {
            stopTask(index, now, b, i, "stopped: the update to version " + to + " no longer needs this surge task");
        }
        if (step.changesTasks()) {
            b.setVersion(index);
        }
        put(b.build());
    }

    /** A rollout that made no progress in time: back to where it came from, or stopped there. */
    private void failRollout(long index, long now, Job job) {
        Rollout r = job.getRollout();
        UpdateRules rules = UpdateRules.of(job.getSpec());
        String why = "no task of version " + r.getToVersion() + " became ready within "
                + rules.progressDeadlineMillis() / 1000 + " s";
        java.util.Optional<JobSpec> previous = JobVersions.spec(job, r.getFromVersion());
        if (r.getRollback() || !rules.autoRollback() || previous.isEmpty() || r.getFromVersion() == 0) {
            put(job.toBuilder().setVersion(index).setRollout(r.toBuilder().setState(Rollout.State.FAILED)
                    .setDeadlineMillis(0).setChangedMillis(now).setMessage(why + "; stopped, tasks left as they are")).build());
            return;
        }
        newVersion(index, now, job, previous.get(), "cell", "rolled back to " + r.getFromVersion() + ": " + why, true);
    }

    private CommandResult controlRollout(long index, long now, RolloutControlCommand c) {
        Job job = requireJob(c.getName());
        requireOwner(job, c.getOwner(), "changing its update");
        Rollout r = job.getRollout();
        String who = c.getBy().isEmpty() ? "" : " by " + c.getBy();
        Rollout.Builder next = r.toBuilder().setChangedMillis(now);
        switch (c.getAction()) {
            case PAUSE -> {
                requireRollout(job, RolloutPlanner.active(r), "pause");
                next.setState(Rollout.State.PAUSED).setDeadlineMillis(0).setMessage("paused" + who);
            }
            case RESUME -> {
                requireRollout(job, r.getState() == Rollout.State.PAUSED, "resume");
                next.setState(r.getRollback() ? Rollout.State.ROLLING_BACK : Rollout.State.ROLLING)
                        .setDeadlineMillis(now + UpdateRules.of(job.getSpec()).progressDeadlineMillis()).setMessage("resumed" + who);
            }
            case ABORT -> {
                requireRollout(job, RolloutPlanner.active(r) || r.getState() == Rollout.State.PAUSED, "abort");
                next.setState(Rollout.State.ABORTED).setDeadlineMillis(0).setMessage("aborted" + who + "; tasks left as they are");
            }
            case PROMOTE -> {
                requireRollout(job, RolloutPlanner.active(r) && !r.getPromoted(), "promote");
                next.setState(Rollout.State.ROLLING).setPromoted(true)
                        .setDeadlineMillis(now + UpdateRules.of(job.getSpec()).progressDeadlineMillis()).setMessage("canaries promoted" + who);
            }
            default -> throw CellError.invalid("action: must be pause, resume, abort or promote");
        }
        put(job.toBuilder().setRollout(next).setVersion(index).build());
        if (rolling.contains(c.getName())) {
            advanceRollout(index, now, c.getName());
        }
        return CommandResult.newBuilder().setJob(jobs.get(c.getName())).build();
    }

    private static void requireRollout(Job job, boolean ok, String action) {
        if (!ok) {
            Rollout r = job.getRollout();
            String state = r.getState() == Rollout.State.ROLLOUT_STATE_UNSPECIFIED ? "has never been updated"
                    : "has no update to " + action + " (its last update is " + r.getState() + ")";
            throw CellError.failedPrecondition("job \"" + job.getSpec().getName() + "\" " + state);
        }
    }

    /** The leader's clock passed a deadline: each rollout under way takes its step (or fails) at this time. */
    private CommandResult tick(long index, long now) {
        for (String name : List.copyOf(rolling)) {
            advanceRollout(index, now, name);
        }
        advanceDrains(index, now);
        return CommandResult.getDefaultInstance();
    }

    /** The earliest deadline a tick must act on, or 0 when none is pending: for the leader's clock. */
    public long nextDeadline() {
        long next = 0;
        for (String name : rolling) {
            long d = jobs.get(name).getRollout().getDeadlineMillis();
            if (d > 0 && (next == 0 || d < next)) {
                next = d;
            }
        }
        for (String id : draining) {
            long d = machines.get(id).getDrainDeadlineMillis();
            if (d > 0 && (next == 0 || d < next)) {
                next = d;
            }
        }
        return next;
    }

    /** A slot's task gives way to a new one of version {@code to}, waiting to be placed. */
    private void replaceTask(long index, long now, Job.Builder b, int i, long to, String message) {
        Task t = b.getTasks(i);
        release(index, b, t);
        if (t.getState() != TaskState.PENDING) {
            pending++;
        }
        b.setTasks(i, Readiness.unplaced(t).setState(TaskState.PENDING).setSpecVersion(to).setRestarts(0).setExitCode(0)
                .setVersion(index).setStateChangedMillis(now).setMessage(message));
    }

    /** A task the job no longer wants: KILLED, its machine told so by the next heartbeat. */
    private void stopTask(long index, long now, Job.Builder b, int i, String message) {
        Task t = b.getTasks(i);
        release(index, b, t);
        if (t.getState() == TaskState.PENDING) {
            pending--;
        }
        b.setTasks(i, Readiness.unplaced(t).setState(TaskState.KILLED).setVersion(index).setStateChangedMillis(now)
                .setMessage(message));
    }

    /**
     * Refuses unless the job belongs to {@code owner}; an empty owner is a caller who may act for
     * anyone (an admin, or a cell without authentication).
     */
    private static void requireOwner(Job job, String owner, String doing) {
        if (!owner.isEmpty() && !owner.equals(job.getSpec().getUser())) {
            throw CellError.permissionDenied("job " + job.getSpec().getName() + " belongs to another user; "
                    + doing + " needs admin");
        }
    }

    private Job requireJob(String name) {
        return require(jobs, name, "job");
    }

    /** The entry under {@code key}, or NOT_FOUND naming what was looked for: {@code job "web" not found}. */
    private static <T> T require(Map<String, T> entries, String key, String what) {
        T found = entries.get(key);
        if (found == null) {
            throw CellError.notFound(what + " \"" + key + "\" not found");
        }
        return found;
    }

    // ---- machines ----

    private CommandResult registerMachine(long index, long now, RegisterMachineCommand c) {
        if (c.getMachineId().isBlank()) {
            throw CellError.invalid("machine_id: must not be empty");
        }
        Resources cap = c.getCapacity();
        if (cap.getCpuMillis() <= 0 || cap.getRamBytes() <= 0 || cap.getDiskBytes() < 0 || cap.getPorts() < 0) {
            throw CellError.invalid("capacity: cpu and ram must be > 0, disk and ports >= 0 (got " + oneLine(cap) + ")");
        }
        PortBook.checkRange(c.getPortRangeFirst(), c.getPortRangeLast(), cap);
        if (!c.getHttpAddress().isEmpty() && !HTTP_ADDRESS.matcher(c.getHttpAddress()).matches()) {
            throw CellError.invalid("http_address: must be http://HOST:PORT or https://HOST:PORT (got \"" + c.getHttpAddress() + "\")");
        }
        Machine old = machines.get(c.getMachineId());
        Machine.Builder m = (old == null ? Machine.newBuilder().setRegisteredMillis(now) : old.toBuilder())
                .setId(c.getMachineId())
                .setAddress(c.getAddress())
                .setHttpAddress(c.getHttpAddress())
                .setCapacity(cap)
                .setPortRangeFirst(c.getPortRangeFirst()).setPortRangeLast(c.getPortRangeLast())
                .clearAttributes().putAllAttributes(c.getAttributesMap())
                .clearRuntimes().addAllRuntimes(c.getRuntimesList().stream().sorted().toList())
                .setVersion(index);
        if (old == null || old.getState() == MachineState.DOWN) {
            m.setState(MachineState.UP);
        }
        if (old == null) {
            m.setDesiredVersion(index); // nothing is wanted here yet, as of now
        }
        Machine saved = m.build();
        machines.put(saved.getId(), saved);
        return CommandResult.newBuilder().setMachine(withAllocation(saved)).build();
    }

    private CommandResult setMachineState(long index, long now, SetMachineStateCommand c) {
        Machine m = requireMachine(c.getMachineId());
        if (c.getState() == MachineState.MACHINE_STATE_UNSPECIFIED || c.getState() == MachineState.UNRECOGNIZED) {
            throw CellError.invalid("state: must be UP, DRAINING or DOWN");
        }
        if (m.getState() == c.getState()) {
            return CommandResult.newBuilder().setMachine(withAllocation(m)).build();
        }
        boolean budgeted = c.getState() == MachineState.DRAINING && c.getDrainDeadlineMillis() > now;
        Machine changed = m.toBuilder().setState(c.getState()).setVersion(index)
                .setDrainDeadlineMillis(budgeted ? c.getDrainDeadlineMillis() : 0).build();
        machines.put(changed.getId(), changed);
        String why = c.getReason().isEmpty() ? "machine " + m.getId() + " is " + c.getState() : c.getReason();
        if (budgeted) {
            draining.add(m.getId());
            drainStep(index, now, m.getId());
        } else if (c.getState() != MachineState.UP) {
            draining.remove(m.getId());
            evictAll(index, now, m.getId(), why + "; rescheduling");
        } else {
            draining.remove(m.getId());
        }
        return CommandResult.newBuilder().setMachine(withAllocation(machines.get(changed.getId()))).build();
    }

    /**
     * One step of a drain that respects disruption budgets: every task on the machine whose job
     * may lose one more now (or that is not ready, so losing it costs nothing) goes back to
     * pending; the rest wait until their jobs have ready tasks to spare (their replacements come
     * up elsewhere) or the drain's deadline passes, when they go regardless, as Nomad's drain
     * deadline does.
     */
    private void drainStep(long index, long now, String machineId) {
        Machine m = machines.get(machineId);
        if (m == null || m.getState() != MachineState.DRAINING || m.getDrainDeadlineMillis() == 0) {
            draining.remove(machineId);
            return;
        }
        boolean pastDeadline = now >= m.getDrainDeadlineMillis();
        for (Holdings.TaskRef ref : List.copyOf(holdings.tasksOn(machineId))) {
            Job job = jobs.get(ref.job());
            Task t = job.getTasks(ref.index());
            if (pastDeadline || !t.getReady() || DisruptionBudgets.allowed(job) > 0) {
                evict(index, now, job, ref.index(), pastDeadline
                        ? "machine " + machineId + " drained: its deadline passed; rescheduling"
                        : "machine " + machineId + " is draining; rescheduling within the job's disruption budget");
            }
        }
        if (pastDeadline || holdings.tasksOn(machineId).isEmpty()) {
            draining.remove(machineId);
            machines.put(machineId, machines.get(machineId).toBuilder().setDrainDeadlineMillis(0).build());
        }
    }

    /** Drains waiting on budgets move on: after a task became ready somewhere, or at a tick. */
    private void advanceDrains(long index, long now) {
        for (String id : List.copyOf(draining)) {
            drainStep(index, now, id);
        }
    }

    /** Sends one placed task back to pending. */
    private void evict(long index, long now, Job job, int i, String message) {
        Task t = job.getTasks(i);
        release(index, job, t);
        Task back = Readiness.unplaced(t).setState(TaskState.PENDING).setRestarts(0).setVersion(index)
                .setStateChangedMillis(now).setMessage(message).build();
        put(job.toBuilder().setTasks(i, back).setVersion(index).build());
        pending++;
    }

    /** Sends every task placed on the machine back to pending. */
    private void evictAll(long index, long now, String machineId, String message) {
        for (Holdings.TaskRef ref : List.copyOf(holdings.tasksOn(machineId))) {
            evict(index, now, jobs.get(ref.job()), ref.index(), message);
        }
    }

    private Machine requireMachine(String id) {
        return require(machines, id, "machine");
    }

    // ---- tasks ----

    private CommandResult assignTasks(long index, long now, AssignTasksCommand c) {
        int evicted = 0;
        for (EvictionOrder e : c.getEvictionsList()) {
            if (tryEvict(index, now, e)) {
                evicted++;
            }
        }
        int applied = 0;
        int stale = 0;
        // A pass places many tasks of one job: each is rebuilt once (JobEdits), in the command's
        // order, so which assignment finds room first decides as it always did.
        for (Assignment a : c.getAssignmentsList()) {
            if (tryAssign(index, now, a)) {
                applied++;
            } else {
                stale++;
            }
        }
        return CommandResult.newBuilder()
                .setAssigned(AssignResult.newBuilder().setApplied(applied).setStale(stale).setEvicted(evicted)).build();
    }

    /** Preemption: the task goes back to pending, if it is still where the scheduler saw it. */
    private boolean tryEvict(long index, long now, EvictionOrder e) {
        Job job = jobs.get(e.getJob());
        if (job == null || e.getIndex() < 0 || e.getIndex() >= job.getTasksCount()) {
            return false;
        }
        Task t = job.getTasks(e.getIndex());
        if (!isPlaced(t.getState()) || !t.getMachineId().equals(e.getMachineId()) || t.getVersion() != e.getTaskVersion()) {
            return false;
        }
        evict(index, now, job, e.getIndex(), e.getReason().isEmpty() ? "preempted" : e.getReason());
        return true;
    }

    /** Optimistic concurrency: the scheduler read versions; anything changed since is skipped. */
    private boolean tryAssign(long index, long now, Assignment a) {
        Job job = jobs.get(a.getJob());
        Machine m = machines.get(a.getMachineId());
        if (job == null || m == null || a.getIndex() < 0 || a.getIndex() >= job.getTasksCount()) {
            return false;
        }
        Task t = edits.task(job, a.getIndex());
        TaskTemplate template = JobVersions.templateOf(job, t);
        Resources demand = template.getResources();
        Resources free = ResourceMath.minus(m.getCapacity(), allocatedOn(m.getId()));
        if (t.getState() != TaskState.PENDING || t.getVersion() != a.getTaskVersion()
                || m.getState() != MachineState.UP || m.getVersion() != a.getMachineVersion()
                || !RuntimeOffered.offers(m.getRuntimesList(), template.getRuntime())
                || !ResourceMath.fits(demand, free)) {
            return false;
        }
        Optional<List<AllocatedPort>> given = ports.take(m, template.getPortsList());
        if (given.isEmpty()) {
            return false;
        }
        Task assigned = t.toBuilder().setState(TaskState.ASSIGNED).setMachineId(m.getId()).clearPorts().addAllPorts(given.get())
                .setAttempt(t.getAttempt() + 1).setRestarts(0).setExitCode(0).setVersion(index)
                .setStateChangedMillis(now).setMessage("assigned to " + m.getId()).build();
        holdings.place(m.getId(), t.getJob(), t.getIndex(), demand);
        desiredChanged(m.getId(), index);
        pending--;
        edits.of(job).setTasks(a.getIndex(), assigned);
        return true;
    }

    private CommandResult taskStatus(long index, long now, TaskStatusBatchCommand c) {
        requireMachine(c.getMachineId());
        int applied = 0;
        for (TaskReport r : c.getReportsList()) {
            if (applyReport(index, now, c.getMachineId(), r)) {
                applied++;
            }
        }
        return CommandResult.newBuilder().setAppliedReports(applied).build();
    }

    /** A report counts only for the task's current placement on that machine; stale ones are dropped. */
    private boolean applyReport(long index, long now, String machineId, TaskReport r) {
        Job job = jobs.get(r.getJob());
        if (job == null || r.getIndex() < 0 || r.getIndex() >= job.getTasksCount()) {
            return false;
        }
        Task t = edits.task(job, r.getIndex());
        if (!isCurrent(t, machineId, r.getAttempt())) {
            return false;
        }
        TaskState next = r.getState();
        boolean valid = next == TaskState.RUNNING || isTerminal(next);
        if (!valid) {
            return false;
        }
        Task.Builder updated = t.toBuilder().setRestarts(r.getRestarts()).setVersion(index)
                .setReady(Readiness.of(JobVersions.templateOf(job, t), r)).setHealth(r.getHealth());
        if (next != t.getState()) {
            updated.setState(next).setStateChangedMillis(now);
        }
        if (isTerminal(next)) {
            updated.setExitCode(r.getExitCode()).clearPorts()
                    .setMessage(r.getMessage().isEmpty() ? "exited with code " + r.getExitCode() : r.getMessage());
            release(index, job, t);
        } else {
            updated.setMessage(r.getMessage().isEmpty() ? "running on " + machineId : r.getMessage());
        }
        // The entry's other reports of this job edit the same copy (JobEdits).
        Job.Builder b = edits.of(job).setTasks(r.getIndex(), updated);
        if (Reschedules.afterReport(b, r.getIndex(), machineId, r)) {
            pending++; // used up its restarts there: placed again elsewhere
        }
        // Only a task that ended can finish its job: a RUNNING report need not look at every task.
        if (isTerminal(next) && b.getTasksList().stream().allMatch(x -> isTerminal(x.getState()))) {
            b.setState(JobState.JOB_FINISHED);
        }
        boolean advancesRollout = rolling.contains(r.getJob());
        boolean advancesDrains = !draining.isEmpty() && updated.getReady() && !t.getReady();
        if (advancesRollout || advancesDrains) {
            edits.flush(index, this::put); // rollouts and drains read the cell's jobs
        }
        if (advancesRollout) {
            advanceRollout(index, now, r.getJob());
        }
        if (advancesDrains) {
            advanceDrains(index, now);
        }
        return true;
    }

    // ---- allocation ----

    /** A placed task leaves its machine (ended, evicted, killed): no longer wanted there as of {@code index}. */
    private void release(long index, JobOrBuilder job, Task t) {
        if (isPlaced(t.getState())) {
            holdings.release(t.getMachineId(), t.getJob(), t.getIndex(), JobVersions.templateOf(job, t).getResources());
            ports.release(t.getMachineId(), t.getPortsList());
            desiredChanged(t.getMachineId(), index);
        }
    }

    /**
     * The set of tasks wanted on the machine changed at {@code index}: that index becomes its
     * desired version, which the Borglet names back so that the leader answers only what changed
     * since. A task going from ASSIGNED to RUNNING is no change of the set; one placed, ended,
     * evicted or killed is.
     */
    private void desiredChanged(String machineId, long index) {
        Machine m = machines.get(machineId);
        if (m != null && m.getDesiredVersion() != index) {
            machines.put(machineId, m.toBuilder().setDesiredVersion(index).build());
        }
    }

    private Resources allocatedOn(String machineId) {
        return holdings.allocatedOn(machineId);
    }

    private Machine withAllocation(Machine m) {
        return m.toBuilder().setAllocated(allocatedOn(m.getId())).build();
    }

    // ---- reads ----

    public Optional<Job> job(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    /** The earlier, finished incarnations of a job's name, oldest first. */
    public List<Job> pastJobs(String name) {
        return pastJobs.of(name);
    }

    public List<Job> jobs() {
        return List.copyOf(jobs.values());
    }

    public Optional<Machine> machine(String id) {
        return Optional.ofNullable(machines.get(id)).map(this::withAllocation);
    }

    /** The address the machine registered with: where its tasks are reached (DNS names, endpoints). */
    public Optional<String> machineAddress(String id) {
        return Optional.ofNullable(machines.get(id)).map(Machine::getAddress);
    }

    /** How many tasks wait to be placed: whether a scheduling pass has anything to do, without reading the cell. */
    public int pendingCount() {
        return pending;
    }

    /** Each machine's state, by id: what the leader's liveness check needs, without copying every machine. */
    public Map<String, MachineState> machineStates() {
        Map<String, MachineState> out = new java.util.LinkedHashMap<>();
        for (Machine m : machines.values()) {
            out.put(m.getId(), m.getState());
        }
        return out;
    }

    /** Machines sorted by id, each with what its tasks hold. */
    /**
     * Each machine as stored (its {@code allocated} not filled in) with what is allocated on it,
     * in the cell's order, building nothing: the scheduler's read of a large cell.
     */
    public void forEachMachine(java.util.function.BiConsumer<Machine, Resources> each) {
        for (Machine m : machines.values()) {
            each.accept(m, allocatedOn(m.getId()));
        }
    }

    public List<Machine> machines() {
        List<Machine> out = new ArrayList<>(machines.size());
        for (Machine m : machines.values()) {
            out.add(withAllocation(m));
        }
        return out;
    }

    /**
     * One Borglet heartbeat, read at once: the machine (with the version of its desired set), the
     * reports that would change a task the cell holds (a stale one, of an older placement, is
     * simply not a change: the desired set tells the Borglet to drop it), and the tasks wanted
     * there. It costs what the machine holds, never a scan of the cell. A report in a state no
     * Borglet reports is INVALID_ARGUMENT; one of a task never given to this machine NOT_FOUND.
     */
    public HeartbeatView heartbeat(String machineId, List<TaskReport> reports) {
        return heartbeat(machineId, reports, version -> true);
    }

    /**
     * {@link #heartbeat(String, List)}, reading the desired set only if {@code desiredWanted}
     * says so of its version: a leader that knows the Borglet holds that version has nothing
     * to send, and the set costs what the machine holds to build.
     */
    public HeartbeatView heartbeat(String machineId, List<TaskReport> reports, java.util.function.LongPredicate desiredWanted) {
        // The stored machine as it is (its allocation is not needed here, and copying it per heartbeat is not free).
        Machine machine = Optional.ofNullable(machines.get(machineId)).orElseThrow(() ->
                CellError.notFound("machine \"" + machineId + "\" is not registered; register first"));
        List<TaskReport> changes = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            TaskReport r = reports.get(i);
            String name = r.getJob() + "/" + r.getIndex();
            if (r.getState() != TaskState.RUNNING && !isTerminal(r.getState())) {
                throw CellError.invalid("tasks[" + i + "].state: must be RUNNING, SUCCEEDED, FAILED, KILLED or LOST (got "
                        + r.getState() + " for task " + name + ")");
            }
            Optional<Task> known = task(r.getJob(), r.getIndex());
            if (known.isEmpty() || r.getAttempt() < 1 || r.getAttempt() > known.get().getAttempt()) {
                throw CellError.notFound("task " + name + " attempt " + r.getAttempt() + " was never given to machine \""
                        + machineId + "\"");
            }
            Task t = known.get();
            if (isCurrent(t, machineId, r.getAttempt()) && (t.getState() != r.getState() || t.getRestarts() != r.getRestarts()
                    || t.getReady() != Readiness.of(JobVersions.templateOf(jobs.get(r.getJob()), t), r) || !t.getHealth().equals(r.getHealth()))) {
                changes.add(r);
            }
        }
        return new HeartbeatView(machine, changes,
                desiredWanted.test(machine.getDesiredVersion()) ? desiredFor(machineId) : null);
    }

    /** Whether a report of this attempt on this machine is about the task's current placement. */
    private static boolean isCurrent(Task t, String machineId, int attempt) {
        return isPlaced(t.getState()) && t.getMachineId().equals(machineId) && t.getAttempt() == attempt;
    }

    /** Every task the cell wants running on the machine, by job and index: what a heartbeat answers. */
    public List<TaskAssignment> desiredFor(String machineId) {
        List<TaskAssignment> out = new ArrayList<>();
        for (Holdings.TaskRef ref : holdings.tasksOn(machineId)) {
            Job job = jobs.get(ref.job());
            Task t = job.getTasks(ref.index());
            out.add(TaskAssignment.newBuilder().setJob(t.getJob()).setIndex(t.getIndex())
                    .setAttempt(t.getAttempt()).setTemplate(JobVersions.templateOf(job, t)).setUser(job.getSpec().getUser())
                    .setSpecVersion(t.getSpecVersion()).addAllPorts(t.getPortsList()).build());
        }
        return out;
    }

    /** The task a Borglet names, if the cell has it. */
    public Optional<Task> task(String job, int index) {
        Job j = jobs.get(job);
        if (j == null || index < 0 || index >= j.getTasksCount()) {
            return Optional.empty();
        }
        return Optional.of(j.getTasks(index));
    }

    public static boolean isTerminal(TaskState s) {
        return s == TaskState.SUCCEEDED || s == TaskState.FAILED || s == TaskState.KILLED || s == TaskState.LOST;
    }

    public static boolean isPlaced(TaskState s) {
        return s == TaskState.ASSIGNED || s == TaskState.RUNNING;
    }

    // ---- snapshots ----

    /** The whole state, in a canonical order, so equal cells give byte-identical snapshots. */
    public CellSnapshot toSnapshot(long term, long index) {
        return CellSnapshot.newBuilder()
                .setLastAppliedTerm(term)
                .setLastAppliedIndex(index)
                .addAllMachines(machines.values())
                .addAllJobs(jobs.values())
                .addAllRequests(requests.values())
                .addAllQuotas(quotas.all())
                .addAllTokens(tokens.all())
                .addAllPastJobs(pastJobs.all())
                .build();
    }

    public static Cell fromSnapshot(CellSnapshot s) {
        Cell cell = new Cell();
        for (Machine m : s.getMachinesList()) {
            cell.machines.put(m.getId(), m.toBuilder().clearAllocated().build());
        }
        for (Job stored : s.getJobsList()) {
            Job j = JobVersions.withVersions(stored);
            cell.put(j);
            for (Task t : j.getTasksList()) {
                if (isPlaced(t.getState())) {
                    cell.holdings.place(t.getMachineId(), t.getJob(), t.getIndex(), JobVersions.templateOf(j, t).getResources());
                    cell.ports.hold(t.getMachineId(), t.getPortsList());
                } else if (t.getState() == TaskState.PENDING) {
                    cell.pending++;
                }
            }
        }
        for (RequestRecord r : s.getRequestsList()) {
            cell.requests.put(r.getRequestId(), r);
        }
        for (Quota q : s.getQuotasList()) {
            cell.quotas.put(q);
        }
        for (AccessToken t : s.getTokensList()) {
            cell.tokens.put(t);
        }
        for (Job past : s.getPastJobsList()) {
            cell.pastJobs.add(past);
        }
        for (Machine m : s.getMachinesList()) {
            if (m.getState() == MachineState.DRAINING && m.getDrainDeadlineMillis() > 0) {
                cell.draining.add(m.getId());
            }
        }
        return cell;
    }

    private static String oneLine(Resources r) {
        return "cpu_millis=" + r.getCpuMillis() + " ram_bytes=" + r.getRamBytes()
                + " disk_bytes=" + r.getDiskBytes() + " ports=" + r.getPorts();
    }
}
