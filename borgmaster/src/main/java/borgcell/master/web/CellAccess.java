package borgcell.master.web;

import borgcell.api.v1.Job;
import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.Quota;
import borgcell.api.v1.QuotaUsage;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandError;
import borgcell.api.v1.raft.CommandResult;
import borgcell.api.v1.raft.Query;
import borgcell.api.v1.raft.QueryResult;
import borgcell.cell.Commands;
import borgcell.master.Replica;
import borgcell.master.access.Access;
import borgcell.trust.Action;
import borgcell.trust.Identity;
import borgcell.master.api.TaskUsageReads;
import borgcell.master.raft.RaftReplica;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * The REST side's way into the cell: linearizable reads and Raft writes through this
 * replica, with the cell's refusals turned into {@link ApiProblem}s.
 */
@Component
public class CellAccess {
    private static final long TIMEOUT_SECONDS = 15;
    private final RaftReplica raft;
    private final Commands commands;
    private final TaskUsageReads usage;
    private final Access access;

    public CellAccess(Replica replica) {
        this.raft = replica.raft();
        this.usage = replica.taskUsage();
        this.commands = replica.commands();
        this.access = replica.access();
    }

    public List<Job> jobs() {
        return query(Query.newBuilder().setListJobs(true).build()).getJobs().getJobsList();
    }

    /** The job, with its running tasks' usage where the leader has it. */
    public Job job(String name) {
        return await(usage.withUsage(query(Query.newBuilder().setGetJob(name).build()).getJob()));
    }

    /**
     * The job, read linearizably by this replica itself (ReadIndex on a follower): what this
     * replica's own state shows afterwards is at least as new, as a dry run over it needs.
     */
    public Job jobHere(String name) {
        return answered(await(raft.queryHere(Query.newBuilder().setGetJob(name).build()))).getJob();
    }

    public List<Machine> machines() {
        return query(Query.newBuilder().setListMachines(true).build()).getMachines().getMachinesList();
    }

    public Machine machine(String id) {
        return machines().stream().filter(m -> m.getId().equals(id)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("machine \"" + id + "\" not found"));
    }

    public Machine setMachineState(String id, MachineState state, String reason) {
        return propose(commands.setMachineState(id, state, reason)).getMachine();
    }

    public List<QuotaUsage> quotas() {
        return query(Query.newBuilder().setListQuotas(true).build()).getQuotas().getQuotasList();
    }

    public Quota setQuota(Quota q) {
        return propose(commands.setQuota(q)).getQuota();
    }

    /**
     * Kills the job if {@code caller} may: whose job it is, the cell checks as it applies the
     * kill (no read-then-write race), as on gRPC.
     */
    public Job kill(String name, Optional<Identity> caller) {
        Command command = commands.killJob(name, access.ownerLimit(caller), caller.map(Identity::toString).orElse(""));
        CommandResult r = await(raft.propose(command));
        if (r.hasError() && r.getError().getCode() == CommandError.Code.PERMISSION_DENIED) {
            access.deniedByCell(caller, Action.KILL_JOB, "job " + name, r.getError().getMessage());
        }
        return answered(r).getJob();
    }

    private QueryResult query(Query q) {
        return answered(await(raft.query(q)));
    }

    private static QueryResult answered(QueryResult r) {
        if (r.hasError()) {
            throw problem(r.getError());
        }
        return r;
    }

    private CommandResult propose(Command c) {
        return answered(await(raft.propose(c)));
    }

    private static CommandResult answered(CommandResult r) {
        if (r.hasError()) {
            throw problem(r.getError());
        }
        return r;
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiProblem.unavailable("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw ApiProblem.unavailable("the cell's Raft group did not answer: " + cause.getMessage());
        }
    }

    static ApiProblem problem(CommandError e) {
        return switch (e.getCode()) {
            case NOT_FOUND -> ApiProblem.notFound(e.getMessage());
            case PERMISSION_DENIED -> ApiProblem.forbidden(e.getMessage());
            case ALREADY_EXISTS, FAILED_PRECONDITION, RESOURCE_EXHAUSTED -> ApiProblem.conflict(e.getMessage());
            default -> ApiProblem.badRequest(e.getMessage());
        };
    }
}
