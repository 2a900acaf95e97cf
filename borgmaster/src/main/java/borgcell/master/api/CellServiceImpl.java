package borgcell.master.api;

import borgcell.cell.Commands;
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
import borgcell.api.v1.raft.Query;
import borgcell.master.raft.PeerAddress;
import borgcell.master.raft.RaftReplica;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** Cell-wide views. GetCell answers from this replica's own view (it says who answered). */
public final class CellServiceImpl extends CellServiceGrpc.CellServiceImplBase {
    private final RaftReplica replica;
    private final Commands commands;

    public CellServiceImpl(RaftReplica replica, Commands commands) {
        this.commands = commands;
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
        for (PeerAddress p : replica.config().peers()) {
            info.addReplicas(Replica.newBuilder().setId(p.id()).setRaftAddress(p.raftAddress())
                    .setGrpcAddress(p.grpcAddress()).setHttpAddress(p.httpUrl()).setLeader(p.id().equals(leader)));
        }
        out.onNext(info.build());
        out.onCompleted();
    }

    @Override
    public void drainMachine(MachineRequest request, StreamObserver<Machine> out) {
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
        replica.propose(commands.setMachineState(id, state, reason)).whenComplete((r, t) -> {
                    if (t != null) {
                        Statuses.fail(out, t);
                    } else if (r.hasError()) {
                        out.onError(Statuses.of(r.getError()));
                    } else {
                        out.onNext(r.getMachine());
                        out.onCompleted();
                    }
                });
    }

    @Override
    public void setQuota(Quota request, StreamObserver<Quota> out) {
        replica.propose(commands.setQuota(request))
                .whenComplete((r, t) -> {
                    if (t != null) {
                        Statuses.fail(out, t);
                    } else if (r.hasError()) {
                        out.onError(Statuses.of(r.getError()));
                    } else {
                        out.onNext(r.getQuota());
                        out.onCompleted();
                    }
                });
    }

    @Override
    public void listQuotas(ListQuotasRequest request, StreamObserver<ListQuotasResponse> out) {
        replica.query(Query.newBuilder().setListQuotas(true).build()).whenComplete((r, t) -> {
            if (t != null) {
                Statuses.fail(out, t);
            } else {
                out.onNext(ListQuotasResponse.newBuilder().addAllQuotas(r.getQuotas().getQuotasList()).build());
                out.onCompleted();
            }
        });
    }

    @Override
    public void listMachines(ListMachinesRequest request, StreamObserver<ListMachinesResponse> out) {
        replica.query(Query.newBuilder().setListMachines(true).build()).whenComplete((r, t) -> {
            if (t != null) {
                Statuses.fail(out, t);
            } else {
                out.onNext(ListMachinesResponse.newBuilder().addAllMachines(r.getMachines().getMachinesList()).build());
                out.onCompleted();
            }
        });
    }
}
