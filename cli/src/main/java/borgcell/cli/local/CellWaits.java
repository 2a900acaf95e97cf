package borgcell.cli.local;

import borgcell.api.v1.CellInfo;
import borgcell.api.v1.GetCellRequest;
import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.ListMachinesRequest;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.MasterAddress;
import borgcell.cli.client.MasterEndpoints;
import borgcell.cli.output.Views;
import borgcell.trust.TlsFiles;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Waiting on a starting local cell through its API, as its own client: for a leader, for its
 * machines, for a job. Each wait first asks {@code failFast} to throw when a daemon of the cell
 * has died, so that a crash is reported at once, not at the timeout.
 *
 * @param logs where the cell's logs are, named when a wait times out
 */
public record CellWaits(CellClient client, Runnable failFast, Path logs) implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(2);

    /** Waits on the cell of {@code layout}, calling it with {@code clientTls} (plaintext when empty). */
    static CellWaits of(CellLayout layout, Optional<TlsFiles> clientTls, Runnable failFast) {
        List<MasterAddress> masters = layout.replicas().stream().map(r -> MasterAddress.parse(r.grpcAddress())).toList();
        CellClient client = new CellClient(new MasterEndpoints(masters, layout.cellFile().toString(), clientTls),
                CALL_DEADLINE);
        return new CellWaits(client, failFast, layout.log("*").getParent());
    }

    @Override
    public void close() {
        client.close();
    }

    /** @return the leader's id, once any replica names one */
    String awaitLeader(Duration timeout) {
        return await("a leader", timeout, () -> {
            CellInfo cell = client.cell(CellClient.Retry.IDEMPOTENT, c -> c.getCell(GetCellRequest.getDefaultInstance()));
            return cell.getLeaderId().isEmpty() ? null : cell.getLeaderId();
        });
    }

    void awaitMachinesUp(int count, Duration timeout) {
        await(count + " machines UP", timeout, () -> {
            long up = client.cell(CellClient.Retry.IDEMPOTENT, c -> c.listMachines(ListMachinesRequest.getDefaultInstance()))
                    .getMachinesList().stream().filter(m -> m.getState() == MachineState.UP).count();
            return up >= count ? Boolean.TRUE : null;
        });
    }

    /** Submits a job and waits until it has finished or was killed. */
    Job runToCompletion(JobSpec spec, Duration timeout) {
        SubmitJobRequest request = SubmitJobRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSpec(spec)
                .build();
        client.jobs(CellClient.Retry.IDEMPOTENT, jobs -> jobs.submitJob(request));
        return awaitJobDone(spec.getName(), timeout);
    }

    Job awaitJobDone(String name, Duration timeout) {
        return await("job " + name + " to finish", timeout, () -> {
            Job job = client.jobs(CellClient.Retry.IDEMPOTENT,
                    jobs -> jobs.getJob(GetJobRequest.newBuilder().setName(name).build()));
            return Views.isDone(job) ? job : null;
        });
    }

    /** Polls until {@code probe} returns non-null; gives up when a daemon died or the time is up. */
    private <T> T await(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = "no answer yet";
        while (true) {
            failFast.run();
            try {
                T result = probe.get();
                if (result != null) {
                    return result;
                }
            } catch (StatusRuntimeException e) {
                lastError = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.FAILURE, "gave up waiting for " + what + " after "
                        + timeout.toSeconds() + " s (last: " + lastError + "); logs are in " + logs);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.FAILURE, "interrupted while waiting for " + what);
            }
        }
    }
}
