package borgcell.master.api;

import borgcell.api.v1.CellInfo;
import borgcell.api.v1.CellServiceGrpc;
import borgcell.api.v1.GetCellRequest;
import borgcell.api.v1.ListMachinesRequest;
import borgcell.api.v1.ListMachinesResponse;
import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.Replica;
import borgcell.api.v1.raft.Query;
import borgcell.master.raft.PeerAddress;
import borgcell.master.raft.RaftReplica;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** Cell-wide views. GetCell answers from this replica's own view (it says who answered). */
public final class CellServiceImpl extends CellServiceGrpc.CellServiceImplBase {
    private final RaftReplica replica;

    public CellServiceImpl(RaftReplica replica) {
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
                .setAnsweredBy(replica.config().id());
        for (PeerAddress p : replica.config().peers()) {
            info.addReplicas(Replica.newBuilder().setId(p.id()).setRaftAddress(p.raftAddress())
                    .setGrpcAddress(p.grpcAddress()).setHttpAddress(p.httpUrl()).setLeader(p.id().equals(leader)));
        }
        out.onNext(info.build());
        out.onCompleted();
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
