package borgcell.master.api;

import borgcell.api.v1.CellInfo;
import borgcell.api.v1.CellServiceGrpc;
import borgcell.api.v1.GetCellRequest;
import borgcell.api.v1.ListMachinesRequest;
import borgcell.api.v1.ListMachinesResponse;
import borgcell.api.v1.ListQuotasRequest;
import borgcell.api.v1.ListQuotasResponse;
import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineRequest;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.Quota;
import borgcell.api.v1.Replica;
import borgcell.api.v1.raft.CommandResult;
import borgcell.api.v1.raft.Query;
import borgcell.cell.Commands;
import borgcell.master.access.Access;
import borgcell.master.raft.PeerAddress;
import borgcell.master.raft.RaftReplica;
import borgcell.trust.Action;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** Cell-wide views. GetCell answers from this replica's own view (it says who answered). */
public final class CellServiceImpl extends CellServiceGrpc.CellServiceImplBase {
    private final RaftReplica replica;
    private final Commands commands;
    private final Access access;

    public CellServiceImpl(RaftReplica replica, Commands commands, Access access) {
        this.commands = commands;
        this.access = access;
        this.replica = replica;
    }

    @Override
    public void getCell(GetCellRequest request, StreamObserver<CellInfo> out) {
        String leader = replica.leaderId().orElse("");
        List<Machine> machines = replica.stateMachine().read(c -> c.machines());
        int jobs = replica.stateMachine().read(c -> c.jobs().size());
        CellInfo.Builder info = CellInfo.newBuilder()
                .setLeaderId(leader)
                .setTerm(replica.term())
                .setMachinesTotal(machines.size())
                .setMachinesUp((int) machines.stream().filter(m -> m.getState() == MachineState.UP).count())
                .setJobs(jobs)
                .setAppliedIndex(replica.appliedIndex())
                .setSnapshotsInstalled(replica.stateMachine().snapshotsInstalled())
                .setAnsweredBy(replica.config().id());
        // A replica that checks its callers serves HTTPS: both come from its TLS files.
        for (PeerAddress p : replica.config().peers()) {
            info.addReplicas(Replica.newBuilder().setId(p.id()).setRaftAddress(p.raftAddress())
                    .setGrpcAddress(p.grpcAddress()).setHttpAddress(p.httpUrl(access.enforced())).setLeader(p.id().equals(leader)));
        }
        out.onNext(info.build());
        out.onCompleted();
    }

    /** A drain that waits on budgets longer than this is more likely forgotten than meant. */
    private static final java.time.Duration MAX_DRAIN_DEADLINE = java.time.Duration.ofDays(7);

    @Override
    public void drainMachine(MachineRequest request, StreamObserver<Machine> out) {
        if (request.getDeadlineMillis() < 0 || request.getDeadlineMillis() > MAX_DRAIN_DEADLINE.toMillis()) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("deadline_millis: must be between 0 (evict every task now) and "
                    + MAX_DRAIN_DEADLINE.toMillis() + " (7 days) (got " + request.getDeadlineMillis() + ")").asRuntimeException());
            return;
        }
        setState(request, MachineState.DRAINING, "machine " + request.getMachineId() + " is draining", out);
    }

    @Override
    public void undrainMachine(MachineRequest request, StreamObserver<Machine> out) {
        setState(request, MachineState.UP, "machine " + request.getMachineId() + " undrained", out);
    }

    private void setState(MachineRequest request, MachineState state, String reason, StreamObserver<Machine> out) {
        String id = request.getMachineId();
        if (id.isBlank() || id.length() > 63) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("machine_id: must be 1-63 characters")
                    .asRuntimeException());
            return;
        }
        if (!Permits.permitted(access, Action.DRAIN_MACHINE, "machine " + id, null, out)) {
            return;
        }
        var command = state == MachineState.DRAINING
                ? commands.drainMachine(id, reason, java.time.Duration.ofMillis(request.getDeadlineMillis()))
                : commands.setMachineState(id, state, reason);
        Answers.command(replica.propose(command), out, CommandResult::getMachine);
    }

    @Override
    public void setQuota(Quota request, StreamObserver<Quota> out) {
        if (!Permits.permitted(access, Action.SET_QUOTA, "quota of user " + request.getUser(), null, out)) {
            return;
        }
        Answers.command(replica.propose(commands.setQuota(request)), out, CommandResult::getQuota);
    }

    @Override
    public void listQuotas(ListQuotasRequest request, StreamObserver<ListQuotasResponse> out) {
        Answers.query(replica.query(Query.newBuilder().setListQuotas(true).build()), out,
                r -> ListQuotasResponse.newBuilder().addAllQuotas(r.getQuotas().getQuotasList()).build());
    }

    @Override
    public void listMachines(ListMachinesRequest request, StreamObserver<ListMachinesResponse> out) {
        Answers.query(replica.query(Query.newBuilder().setListMachines(true).build()), out,
                r -> ListMachinesResponse.newBuilder().addAllMachines(r.getMachines().getMachinesList()).build());
    }
}
