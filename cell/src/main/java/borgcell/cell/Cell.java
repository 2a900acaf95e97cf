package borgcell.cell;

import borgcell.api.v1.Job;
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
    private final Quotas quotas = new Quotas();
    private final Tokens tokens = new Tokens();
    /** Derived from the tasks (never stored): the ASSIGNED and RUNNING tasks per machine, and what they hold. */
    private final Holdings holdings = new Holdings();
    /** Derived from the tasks (never stored): each machine's port range and the ports its placed tasks hold. */
    private final PortBook ports = new PortBook();
    /** Derived from the tasks (never stored): how many are PENDING, so the leader need not scan the cell to know. */
    private int pending;

    /** Applies one committed command at log position {@code index}. Never throws for bad input. */
    public CommandResult apply(long index, Command command) {
        long now = command.getTimestampMillis();
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
                case UPDATE_JOB, REVERT_JOB, ROLLOUT_CONTROL, TICK ->
                        throw CellError.invalid("command: " + command.getKindCase() + " is not applied by this version of the cell");
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
                    : apply(index, c));
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
            // A finished job's name can be used again (like re-running a Nomad job).
            removeJob(index, existing);
        }
        Job.Builder job = Job.newBuilder()
                .setSpec(spec)
                .setState(JobState.JOB_RUNNING)
                .setRequestId(c.getRequestId())
                .setVersion(index)
                .setSubmittedMillis(now);
        for (int i = 0; i < spec.getTaskCount(); i++) {
            job.addTasks(Task.newBuilder()
                    .setJob(spec.getName())
                    .setIndex(i)
                    .setState(TaskState.PENDING)
                    .setVersion(index)
                    .setStateChangedMillis(now)
                    .setMessage("waiting to be scheduled"));
        }
        Job created = job.build();
        jobs.put(spec.getName(), created);
        pending += spec.getTaskCount();
        if (!c.getRequestId().isEmpty()) {
            requests.put(c.getRequestId(), RequestRecord.newBuilder()
                    .setRequestId(c.getRequestId()).setJob(spec.getName()).setJobSubmittedMillis(now).build());
        }
        return CommandResult.newBuilder().setJob(created).build();
    }

    /** Quota admission (the rule is the quotas'; what the user holds is the cell's to say). */
    private void admit(JobSpec spec) {
        quotas.admit(spec, band -> usage(spec.getUser(), band));
    }

    /** What a user's unfinished tasks in a band ask for. */
    private Resources usage(String user, String band) {
        Resources used = ResourceMath.ZERO;
        for (Job job : jobs.values()) {
            if (job.getState() != JobState.JOB_RUNNING || !job.getSpec().getUser().equals(user)
                    || !PriorityBand.of(job.getSpec().getPriority()).label().equals(band)) {
                continue;
            }
            for (Task t : job.getTasksList()) {
                if (!isTerminal(t.getState())) {
                    used = ResourceMath.plus(used, job.getSpec().getTask().getResources());
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
            out.add(QuotaUsage.newBuilder().setQuota(q).setUsed(usage(q.getUser(), q.getBand())).build());
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

    private void removeJob(long index, Job job) {
        for (Task t : job.getTasksList()) {
            release(index, t, job.getSpec());
        }
        jobs.remove(job.getSpec().getName());
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
                release(index, t, job.getSpec());
                if (t.getState() == TaskState.PENDING) {
                    pending--;
                }
                b.setTasks(i, t.toBuilder().setState(TaskState.KILLED).setReady(false).clearPorts().setVersion(index)
                        .setStateChangedMillis(now).setMessage(c.getBy().isEmpty() ? "killed by user" : "killed by " + c.getBy()));
            }
        }
        Job killed = b.build();
        jobs.put(killed.getSpec().getName(), killed);
        return CommandResult.newBuilder().setJob(killed).build();
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
        Machine changed = m.toBuilder().setState(c.getState()).setVersion(index).build();
        machines.put(changed.getId(), changed);
        if (c.getState() != MachineState.UP) {
            String why = c.getReason().isEmpty() ? "machine " + m.getId() + " is " + c.getState() : c.getReason();
            evictAll(index, now, m.getId(), why + "; rescheduling");
        }
        return CommandResult.newBuilder().setMachine(withAllocation(machines.get(changed.getId()))).build();
    }

    /** Sends every task placed on the machine back to pending. */
    private void evictAll(long index, long now, String machineId, String message) {
        for (Holdings.TaskRef ref : List.copyOf(holdings.tasksOn(machineId))) {
            Job job = jobs.get(ref.job());
            Task t = job.getTasks(ref.index());
            release(index, t, job.getSpec());
            Task back = Readiness.unplaced(t).setState(TaskState.PENDING).setRestarts(0).setVersion(index)
                    .setStateChangedMillis(now).setMessage(message).build();
            jobs.put(ref.job(), job.toBuilder().setTasks(ref.index(), back).setVersion(index).build());
            pending++;
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
        release(index, t, job.getSpec());
        Task back = Readiness.unplaced(t).setState(TaskState.PENDING).setRestarts(0).setVersion(index)
                .setStateChangedMillis(now).setMessage(e.getReason().isEmpty() ? "preempted" : e.getReason()).build();
        jobs.put(job.getSpec().getName(), job.toBuilder().setTasks(e.getIndex(), back).setVersion(index).build());
        pending++;
        return true;
    }

    /** Optimistic concurrency: the scheduler read versions; anything changed since is skipped. */
    private boolean tryAssign(long index, long now, Assignment a) {
        Job job = jobs.get(a.getJob());
        Machine m = machines.get(a.getMachineId());
        if (job == null || m == null || a.getIndex() < 0 || a.getIndex() >= job.getTasksCount()) {
            return false;
        }
        Task t = job.getTasks(a.getIndex());
        Resources demand = job.getSpec().getTask().getResources();
        Resources free = ResourceMath.minus(m.getCapacity(), allocatedOn(m.getId()));
        if (t.getState() != TaskState.PENDING || t.getVersion() != a.getTaskVersion()
                || m.getState() != MachineState.UP || m.getVersion() != a.getMachineVersion()
                || !RuntimeOffered.offers(m.getRuntimesList(), job.getSpec().getTask().getRuntime())
                || !ResourceMath.fits(demand, free)) {
            return false;
        }
        Optional<List<AllocatedPort>> given = ports.take(m, job.getSpec().getTask().getPortsList());
        if (given.isEmpty()) {
            return false;
        }
        Task assigned = t.toBuilder().setState(TaskState.ASSIGNED).setMachineId(m.getId()).clearPorts().addAllPorts(given.get())
                .setAttempt(t.getAttempt() + 1).setRestarts(0).setExitCode(0).setVersion(index)
                .setStateChangedMillis(now).setMessage("assigned to " + m.getId()).build();
        holdings.place(m.getId(), t.getJob(), t.getIndex(), demand);
        desiredChanged(m.getId(), index);
        pending--;
        jobs.put(job.getSpec().getName(), job.toBuilder().setTasks(a.getIndex(), assigned).setVersion(index).build());
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
        Task t = job.getTasks(r.getIndex());
        if (!isCurrent(t, machineId, r.getAttempt())) {
            return false;
        }
        TaskState next = r.getState();
        boolean valid = next == TaskState.RUNNING || isTerminal(next);
        if (!valid) {
            return false;
        }
        Task.Builder updated = t.toBuilder().setRestarts(r.getRestarts()).setVersion(index)
                .setReady(Readiness.of(job.getSpec().getTask(), r)).setHealth(r.getHealth());
        if (next != t.getState()) {
            updated.setState(next).setStateChangedMillis(now);
        }
        if (isTerminal(next)) {
            updated.setExitCode(r.getExitCode()).clearPorts()
                    .setMessage(r.getMessage().isEmpty() ? "exited with code " + r.getExitCode() : r.getMessage());
            release(index, t, job.getSpec());
        } else {
            updated.setMessage(r.getMessage().isEmpty() ? "running on " + machineId : r.getMessage());
        }
        Job.Builder b = job.toBuilder().setTasks(r.getIndex(), updated).setVersion(index);
        if (b.getTasksList().stream().allMatch(x -> isTerminal(x.getState()))) {
            b.setState(JobState.JOB_FINISHED);
        }
        jobs.put(job.getSpec().getName(), b.build());
        return true;
    }

    // ---- allocation ----

    /** A placed task leaves its machine (ended, evicted, killed): no longer wanted there as of {@code index}. */
    private void release(long index, Task t, JobSpec spec) {
        if (isPlaced(t.getState())) {
            holdings.release(t.getMachineId(), t.getJob(), t.getIndex(), spec.getTask().getResources());
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
                    || t.getReady() != Readiness.of(jobs.get(r.getJob()).getSpec().getTask(), r) || !t.getHealth().equals(r.getHealth()))) {
                changes.add(r);
            }
        }
        return new HeartbeatView(machine, changes, desiredFor(machineId));
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
                    .setAttempt(t.getAttempt()).setTemplate(job.getSpec().getTask()).setUser(job.getSpec().getUser())
                    .addAllPorts(t.getPortsList()).build());
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
                .build();
    }

    public static Cell fromSnapshot(CellSnapshot s) {
        Cell cell = new Cell();
        for (Machine m : s.getMachinesList()) {
            cell.machines.put(m.getId(), m.toBuilder().clearAllocated().build());
        }
        for (Job j : s.getJobsList()) {
            cell.jobs.put(j.getSpec().getName(), j);
            for (Task t : j.getTasksList()) {
                if (isPlaced(t.getState())) {
                    cell.holdings.place(t.getMachineId(), t.getJob(), t.getIndex(), j.getSpec().getTask().getResources());
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
        return cell;
    }

    private static String oneLine(Resources r) {
        return "cpu_millis=" + r.getCpuMillis() + " ram_bytes=" + r.getRamBytes()
                + " disk_bytes=" + r.getDiskBytes() + " ports=" + r.getPorts();
    }
}
