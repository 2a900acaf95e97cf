package borgcell.master.raft;

import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandResult;
import borgcell.cell.Commands;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Group commit for one replica's writes: while {@code maxInFlight} log entries are on their way
 * through Raft, the commands proposed meanwhile wait here and then go together as the next
 * entry. A lone writer never waits (its command leaves at once, alone, as before); under load,
 * one append, one round of replication and one fsync on each member serve a whole batch, so
 * throughput grows with the number of writers instead of with the number of entries Ratis can
 * push through (about 150 a second on our two-core hosts, where each entry costs its own
 * append, replication and fsync).
 *
 * <p>Nothing about the guarantees changes: a batch is one Raft entry, committed or not as a
 * whole, and each command in it gets its own answer; a failed entry fails each of its commands
 * with the same error, as it would have failed each alone. Ratis' retry cache, which makes a
 * retried entry apply once, covers the batch as it covered the single command.
 */
final class GroupCommit {
    private final Function<Command, CompletableFuture<CommandResult>> send;
    private final int maxInFlight;
    private final int maxCommands;
    private final int maxBytes;
    private final int maxWaiting;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>(); // guarded by this
    private int inFlight; // guarded by this

    private record Waiting(Command command, CompletableFuture<CommandResult> answer) {}

    /**
     * @param send proposes one log entry and completes with the state machine's answer
     * @param maxInFlight entries on their way at once before writers start to share one
     * @param maxCommands at most this many commands per entry
     * @param maxBytes at most about this many bytes of commands per entry (a single larger
     *     command still goes, alone)
     * @param maxWaiting beyond this many commands waiting, a new one is refused at once
     */
    GroupCommit(Function<Command, CompletableFuture<CommandResult>> send, int maxInFlight, int maxCommands,
                int maxBytes, int maxWaiting) {
        if (maxInFlight < 1 || maxCommands < 1 || maxBytes < 1 || maxWaiting < 1) {
            throw new IllegalArgumentException("group commit limits must be positive: in flight " + maxInFlight
                    + ", commands " + maxCommands + ", bytes " + maxBytes + ", waiting " + maxWaiting);
        }
        this.send = send;
        this.maxInFlight = maxInFlight;
        this.maxCommands = maxCommands;
        this.maxBytes = maxBytes;
        this.maxWaiting = maxWaiting;
    }

    CompletableFuture<CommandResult> propose(Command command) {
        CompletableFuture<CommandResult> answer = new CompletableFuture<>();
        List<Waiting> entry;
        synchronized (this) {
            if (waiting.size() >= maxWaiting) {
                // Raft is not keeping up (no leader, or more writers than it can serve): refuse
                // now, as UNAVAILABLE, rather than hold writes and memory without bound.
                return CompletableFuture.failedFuture(new RaftUnavailableException("this replica already has "
                        + waiting.size() + " writes waiting for the Raft log; try again later"));
            }
            waiting.add(new Waiting(command, answer));
            entry = nextEntry();
        }
        if (entry != null) {
            sendEntry(entry);
        }
        return answer;
    }

    /** The commands of the next entry, if one may leave now; counts it in flight. */
    private List<Waiting> nextEntry() {
        if (inFlight >= maxInFlight || waiting.isEmpty()) {
            return null;
        }
        List<Waiting> entry = new ArrayList<>(Math.min(waiting.size(), maxCommands));
        int bytes = 0;
        while (!waiting.isEmpty() && entry.size() < maxCommands) {
            int size = waiting.peek().command().getSerializedSize();
            if (!entry.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            entry.add(waiting.poll());
        }
        inFlight++;
        return entry;
    }

    private void sendEntry(List<Waiting> entry) {
        CompletableFuture<CommandResult> sent;
        try {
            sent = send.apply(entry.size() == 1 ? entry.get(0).command()
                    : Commands.batch(entry.stream().map(Waiting::command).toList()));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((result, failure) -> {
            answer(entry, result, failure);
            List<Waiting> next;
            synchronized (this) {
                inFlight--;
                next = nextEntry();
            }
            if (next != null) {
                sendEntry(next);
            }
        });
    }

    private static void answer(List<Waiting> entry, CommandResult result, Throwable failure) {
        if (failure != null) {
            entry.forEach(w -> w.answer().completeExceptionally(failure));
        } else if (entry.size() == 1) {
            entry.get(0).answer().complete(result);
        } else if (!result.hasBatch() || result.getBatch().getResultsCount() != entry.size()) {
            // The state machine answers a batch with one result per command; anything else
            // (an undecodable entry) is that answer for every command in it.
            entry.forEach(w -> w.answer().complete(result));
        } else {
            for (int i = 0; i < entry.size(); i++) {
                entry.get(i).answer().complete(result.getBatch().getResults(i));
            }
        }
    }
}
