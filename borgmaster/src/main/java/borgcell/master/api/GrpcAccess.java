package borgcell.master.api;

import borgcell.api.v1.CellServiceGrpc;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.MachineLinkGrpc;
import borgcell.api.v1.TokenServiceGrpc;
import borgcell.master.access.Access;
import borgcell.master.access.AccessDenied;
import borgcell.trust.Action;
import borgcell.trust.Callers;
import borgcell.trust.Role;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Map;
import java.util.Set;

/**
 * The gate of every gRPC call: which {@link Action} each method is, and whether the caller's
 * role may do it at all; the services then check what the caller owns. A method with no rule
 * here is refused, so a new method is closed until someone decides who may call it.
 */
public final class GrpcAccess implements ServerInterceptor {
    static final Map<String, Action> ACTIONS = Map.ofEntries(
            Map.entry(JobServiceGrpc.getSubmitJobMethod().getFullMethodName(), Action.SUBMIT_JOB),
            Map.entry(JobServiceGrpc.getKillJobMethod().getFullMethodName(), Action.KILL_JOB),
            // A plan says what a submit would do: whoever may submit the spec may plan it.
            Map.entry(JobServiceGrpc.getPlanJobMethod().getFullMethodName(), Action.SUBMIT_JOB),
            Map.entry(JobServiceGrpc.getGetJobMethod().getFullMethodName(), Action.READ_CELL),
            Map.entry(JobServiceGrpc.getListJobsMethod().getFullMethodName(), Action.READ_CELL),
            Map.entry(JobServiceGrpc.getWatchJobMethod().getFullMethodName(), Action.READ_CELL),
            Map.entry(JobServiceGrpc.getWhyPendingMethod().getFullMethodName(), Action.READ_CELL),
            Map.entry(JobServiceGrpc.getGetTaskUsageMethod().getFullMethodName(), Action.READ_CELL),
            Map.entry(JobServiceGrpc.getGetTaskLogsMethod().getFullMethodName(), Action.READ_LOGS),
            // Changing a job is submitting it again; whose job it is, the cell checks as it applies.
            Map.entry(JobServiceGrpc.getUpdateJobMethod().getFullMethodName(), Action.SUBMIT_JOB),
            Map.entry(JobServiceGrpc.getRevertJobMethod().getFullMethodName(), Action.SUBMIT_JOB),
            Map.entry(JobServiceGrpc.getControlRolloutMethod().getFullMethodName(), Action.SUBMIT_JOB),
            Map.entry(JobServiceGrpc.getGetJobHistoryMethod().getFullMethodName(), Action.READ_CELL),
            // Where ready tasks listen: what DNS tells anyone who asks, so whoever may read the cell.
            Map.entry(JobServiceGrpc.getGetEndpointsMethod().getFullMethodName(), Action.READ_CELL),
            Map.entry(JobServiceGrpc.getWatchEndpointsMethod().getFullMethodName(), Action.READ_CELL),
            Map.entry(CellServiceGrpc.getGetCellMethod().getFullMethodName(), Action.READ_CELL),
            Map.entry(CellServiceGrpc.getListMachinesMethod().getFullMethodName(), Action.READ_CELL),
            Map.entry(CellServiceGrpc.getListQuotasMethod().getFullMethodName(), Action.READ_CELL),
            Map.entry(CellServiceGrpc.getDrainMachineMethod().getFullMethodName(), Action.DRAIN_MACHINE),
            Map.entry(CellServiceGrpc.getUndrainMachineMethod().getFullMethodName(), Action.DRAIN_MACHINE),
            Map.entry(CellServiceGrpc.getSetQuotaMethod().getFullMethodName(), Action.SET_QUOTA),
            // Listing tokens names who may call: as much the admins' business as issuing them.
            Map.entry(TokenServiceGrpc.getIssueTokenMethod().getFullMethodName(), Action.ISSUE_TOKENS),
            Map.entry(TokenServiceGrpc.getRevokeTokenMethod().getFullMethodName(), Action.ISSUE_TOKENS),
            Map.entry(TokenServiceGrpc.getListTokensMethod().getFullMethodName(), Action.ISSUE_TOKENS),
            Map.entry(MachineLinkGrpc.getRegisterMethod().getFullMethodName(), Action.LINK_MACHINE),
            Map.entry(MachineLinkGrpc.getHeartbeatMethod().getFullMethodName(), Action.LINK_MACHINE));

    /**
     * Calls a follower forwards to the leader for its own caller, having checked that caller
     * itself ({@link ForwardedCalls}): a replica may make them, though its role may not submit.
     */
    static final Set<String> FORWARDED_BY_REPLICAS = Set.of(JobServiceGrpc.getPlanJobMethod().getFullMethodName());

    private final Access access;

    public GrpcAccess(Access access) {
        this.access = access;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Action action = ACTIONS.get(method);
        if (action == null) {
            call.close(Status.PERMISSION_DENIED.withDescription(method + " has no access rule, so nobody may call it"),
                    new Metadata());
            return new ServerCall.Listener<>() {};
        }
        if (FORWARDED_BY_REPLICAS.contains(method) && Callers.current().map(c -> c.role() == Role.REPLICA).orElse(false)) {
            return next.startCall(call, headers);
        }
        try {
            access.gate(Callers.current(), action, method);
        } catch (AccessDenied denied) {
            call.close(Statuses.of(denied).getStatus(), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
    }
}
