package borgcell.cli.local;

import borgcell.api.v1.Job;
import borgcell.api.v1.JobSpec;
import borgcell.trust.TlsFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@code borg up} runs: the five replicas and three Borglets of a {@link CellLayout},
 * in this JVM ({@link InJvmCell}, the default) or each a process of its own ({@link LocalCell},
 * {@code borg up --processes}). Both are reached the same way, through the cell's API.
 */
public interface UpCell extends AutoCloseable {

    CellLayout layout();

    /** The admin certificate the cell's own clients call it with; empty for an insecure cell. */
    Optional<TlsFiles> clientTls();

    /** Where the log of a daemon ("r1", "m2") goes. */
    Path log(String daemonId);

    /** Starts the replicas and the Borglets; returns without waiting for them to form a cell. */
    void start() throws IOException;

    /** How this cell is waited on, through its API. */
    CellWaits waits();

    /** @return the leader's id, once any replica names one */
    default String awaitLeader(Duration timeout) {
        return waits().awaitLeader(timeout);
    }

    default void awaitMachinesUp(int count, Duration timeout) {
        waits().awaitMachinesUp(count, timeout);
    }

    /** Submits a job and waits until it has finished or was killed. */
    default Job runToCompletion(JobSpec spec, Duration timeout) {
        return waits().runToCompletion(spec, timeout);
    }

    default Job awaitJobDone(String name, Duration timeout) {
        return waits().awaitJobDone(name, timeout);
    }

    /** Calls {@code listener} with each daemon that ends while the cell is meant to run. */
    void onUnexpectedExit(Consumer<String> listener);

    /** Stops every daemon and every task they ran; safe to call more than once. */
    Stopped stop();

    @Override
    default void close() {
        stop();
    }

    /**
     * What stopping took.
     *
     * @param neededSigkill processes of the cell (or tasks) that outlived the grace period
     * @param orphansKilled tasks left running by a Borglet that had died without killing them
     */
    record Stopped(int neededSigkill, int orphansKilled) {}
}
