package borgcell.master.web;

import borgcell.master.Replica;
import borgcell.master.raft.RaftReplica;
import java.io.IOException;
import java.util.Map;
import borgcell.trust.Action;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** This replica's Raft state; a snapshot now; leadership handed to a named replica. */
@RestController
@RequestMapping("/api/v1/raft")
class RaftController {
    private final RaftReplica raft;

    RaftController(Replica replica) {
        this.raft = replica.raft();
    }

    record RaftJson(String id, String role, long term, String leader, long commitIndex, long appliedIndex,
                    long lastSnapshotIndex, long logStartIndex, Map<String, String> members) {}

    record SnapshotJson(String replica, long index) {}

    record TransferRequest(String replica) {}

    record TransferJson(String requested, String leader, long term) {}

    @Requires(Action.READ_CELL)
    @GetMapping
    RaftJson get() {
        Map<String, String> members = new java.util.TreeMap<>();
        raft.memberRoles().forEach((id, role) -> members.put(id, JsonViews.lower(role)));
        return new RaftJson(raft.config().id(), JsonViews.lower(raft.role()), raft.term(), raft.leaderId().orElse(null),
                raft.commitIndex(), raft.appliedIndex(), raft.stateMachine().latestSnapshotIndex(),
                raft.logStartIndex(), members);
    }

    @Requires(Action.ADMINISTER_RAFT)
    @PostMapping("/snapshot")
    SnapshotJson snapshot() {
        try {
            return new SnapshotJson(raft.config().id(), raft.snapshotNow());
        } catch (IOException e) {
            throw ApiProblem.unavailable(e.getMessage());
        }
    }

    @Requires(Action.ADMINISTER_RAFT)
    @PostMapping("/leader")
    TransferJson transfer(@RequestBody TransferRequest request) {
        if (request == null || request.replica() == null || request.replica().isBlank()) {
            throw ApiProblem.badRequest("replica: required, the id of the member to lead (e.g. {\"replica\": \"r2\"})");
        }
        String target = request.replica();
        if (raft.config().peer(target) == null) {
            throw ApiProblem.notFound("replica \"" + ProblemAdvice.clip(target) + "\" is not a member of the group "
                    + raft.config().peers().stream().map(p -> p.id()).toList());
        }
        try {
            raft.transferLeadership(target);
        } catch (IOException e) {
            throw ApiProblem.unavailable(e.getMessage());
        }
        return new TransferJson(target, raft.leaderId().orElse(null), raft.term());
    }
}
