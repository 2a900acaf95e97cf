package borgcell.master.web;

import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineState;
import borgcell.master.Replica;
import borgcell.master.leader.Liveness;
import borgcell.master.raft.RaftReplica;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import borgcell.trust.Action;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Machines: list (optionally by state), detail, drain and undrain. A drained machine takes no
 * new tasks and its tasks go back to pending to be placed elsewhere (like {@code kubectl drain}).
 */
@RestController
@RequestMapping("/api/v1/machines")
class MachineController {
    private static final Set<String> STATES = Set.of("up", "draining", "down");
    private final CellAccess cell;
    private final Liveness liveness;
    private final RaftReplica raft;
    private final Clock clock;

    MachineController(CellAccess cell, Replica replica) {
        this.cell = cell;
        this.liveness = replica.liveness();
        this.raft = replica.raft();
        // The replica's clock, the one liveness is measured by: "seconds since the last heartbeat" reads it too.
        this.clock = replica.clock();
    }

    @Requires(Action.READ_CELL)
    @GetMapping
    List<JsonViews.MachineJson> list(@RequestParam(required = false) String state) {
        if (state != null && !STATES.contains(state)) {
            throw ApiProblem.badRequest("state: must be one of up, draining, down (got \""
                    + ProblemAdvice.clip(state) + "\")");
        }
        return cell.machines().stream()
                .filter(m -> state == null || JsonViews.lower(m.getState().name()).equals(state))
                .map(this::view).toList();
    }

    @Requires(Action.READ_CELL)
    @GetMapping("/{id}")
    JsonViews.MachineJson get(@PathVariable String id) {
        return view(cell.machine(Names.machine(id)));
    }

    @Requires(Action.DRAIN_MACHINE)
    @PostMapping("/{id}/drain")
    JsonViews.MachineJson drain(@PathVariable String id) {
        return view(cell.setMachineState(Names.machine(id), MachineState.DRAINING, "machine " + id + " is draining"));
    }

    @Requires(Action.DRAIN_MACHINE)
    @PostMapping("/{id}/undrain")
    JsonViews.MachineJson undrain(@PathVariable String id) {
        return view(cell.setMachineState(Names.machine(id), MachineState.UP, "machine " + id + " undrained"));
    }

    /** Heartbeat age is known only on the leader (it is leader memory); elsewhere it is null. */
    private JsonViews.MachineJson view(Machine m) {
        // A follower's memory of heartbeats is stale (it saw at most a registration): only the leader's counts.
        Long last = raft.isLeader() ? liveness.lastHeartbeat(m.getId()) : null;
        return JsonViews.MachineJson.of(m, last == null ? null : Math.max(0, clock.millis() - last));
    }
}
