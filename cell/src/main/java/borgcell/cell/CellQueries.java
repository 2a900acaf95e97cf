package borgcell.cell;

import borgcell.api.v1.raft.CommandError;
import borgcell.api.v1.raft.JobList;
import borgcell.api.v1.raft.MachineList;
import borgcell.api.v1.raft.Query;
import borgcell.api.v1.raft.QueryResult;
import borgcell.api.v1.raft.QuotaList;
import borgcell.api.v1.raft.TokenList;

/** Answers the read-only queries a replica sends through Raft for linearizable reads. */
public final class CellQueries {
    private CellQueries() {}

    public static QueryResult answer(Cell cell, Query q) {
        return switch (q.getKindCase()) {
            case GET_JOB -> cell.job(q.getGetJob())
                    .map(j -> QueryResult.newBuilder().setJob(j).build())
                    .orElseGet(() -> error(CommandError.Code.NOT_FOUND, "job \"" + q.getGetJob() + "\" not found"));
            case LIST_JOBS -> QueryResult.newBuilder().setJobs(JobList.newBuilder().addAllJobs(cell.jobs())).build();
            case LIST_MACHINES -> QueryResult.newBuilder()
                    .setMachines(MachineList.newBuilder().addAllMachines(cell.machines())).build();
            case LIST_QUOTAS -> QueryResult.newBuilder()
                    .setQuotas(QuotaList.newBuilder().addAllQuotas(cell.quotas())).build();
            case LIST_TOKENS -> QueryResult.newBuilder()
                    .setTokens(TokenList.newBuilder().addAllTokens(cell.tokens())).build();
            case KIND_NOT_SET -> error(CommandError.Code.INVALID_ARGUMENT, "query: no kind set");
        };
    }

    private static QueryResult error(CommandError.Code code, String message) {
        return QueryResult.newBuilder().setError(CommandError.newBuilder().setCode(code).setMessage(message)).build();
    }
}
