package borgcell.master.web;

import borgcell.api.v1.MachineState;
import borgcell.cell.CellCensus;
import borgcell.master.Replica;
import borgcell.master.raft.RaftReplica;
import borgcell.scheduler.PriorityBand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import borgcell.trust.Action;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/cell}: the cell at a glance, as this replica sees it. */
@RestController
@RequestMapping("/api/v1")
class CellController {
    private final RaftReplica raft;
    /** A replica that checks its callers serves HTTPS: both come from its TLS files. */
    private final boolean https;

    CellController(Replica replica) {
        this.raft = replica.raft();
        this.https = replica.access().enforced();
    }

    record ReplicaJson(String id, String role, String grpc, String raft, String http) {}

    record CellJson(String leader, long term, String answeredBy, List<ReplicaJson> replicas,
                    Map<String, Integer> machines, Map<String, Map<String, Integer>> tasks, int jobs,
                    JsonViews.ResourcesJson capacity, JsonViews.ResourcesJson allocated) {}

    @Requires(Action.READ_CELL)
    @GetMapping("/cell")
    CellJson cell() {
        Map<String, String> roles = raft.memberRoles();
        List<ReplicaJson> replicas = raft.config().peers().stream()
                .map(p -> new ReplicaJson(p.id(), JsonViews.lower(roles.getOrDefault(p.id(), "UNREACHABLE")),
                        p.grpcAddress(), p.raftAddress(), p.httpUrl(https)))
                .toList();
        CellCensus census = raft.stateMachine().read(CellCensus::of);
        Map<String, Integer> machines = new LinkedHashMap<>();
        for (MachineState s : new MachineState[] {MachineState.UP, MachineState.DRAINING, MachineState.DOWN}) {
            machines.put(JsonViews.lower(s.name()), census.machines().getOrDefault(s, 0));
        }
        Map<String, Map<String, Integer>> tasks = new LinkedHashMap<>();
        census.tasks().forEach((state, byBand) -> {
            Map<String, Integer> bands = new LinkedHashMap<>();
            for (PriorityBand b : PriorityBand.values()) {
                bands.put(b.label(), byBand.getOrDefault(b, 0));
            }
            tasks.put(JsonViews.lower(state.name()), bands);
        });
        return new CellJson(raft.leaderId().orElse(null), raft.term(), raft.config().id(), replicas, machines, tasks,
                census.jobs(), JsonViews.ResourcesJson.of(census.capacity()), JsonViews.ResourcesJson.of(census.allocated()));
    }
}
