package borgcell.master.raft;

import borgcell.api.v1.raft.CellSnapshot;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandError;
import borgcell.api.v1.raft.CommandResult;
import borgcell.api.v1.raft.Query;
import borgcell.api.v1.raft.QueryResult;
import borgcell.cell.Cell;
import borgcell.cell.CellQueries;
import borgcell.cell.SnapshotEncoding;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;

/**
 * The thin Ratis side of the cell: decodes log entries into {@link Command}s for the plain
 * {@link Cell}, answers read-only {@link Query}s, and writes and loads {@link CellSnapshot}s.
 * Nothing here throws out of {@code applyTransaction} (that would stop the server): a command
 * that cannot even be decoded answers with an error result like any refused command.
 *
 * <p>The cell is guarded by a read-write lock: an apply (or a snapshot loaded) changes it alone,
 * while any number of readers (the leader's heartbeat batches, its scheduling pass, API reads,
 * a snapshot being written) read it side by side. With one exclusive lock, heartbeats queued
 * behind the scheduling pass's read of every pending task, and applies behind both: at 10,000
 * machines a heartbeat waited up to half a second for the lock while 100,000 tasks were
 * placed. Readers must not change the cell; its read methods change nothing.
 */
public final class CellStateMachine extends BaseStateMachine {
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Lock readLock = lock.readLock();
    private final Lock writeLock = lock.writeLock();
    private Cell cell = new Cell(); // guarded by lock
    private volatile long lastSnapshotMillis = -1;
    private volatile java.util.function.LongConsumer snapshotNanosListener = nanos -> { };
    private volatile java.util.function.LongConsumer commitNanosListener = nanos -> { };
    private volatile boolean initialized;
    private final java.util.concurrent.atomic.AtomicInteger snapshotsInstalled = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            SnapshotFiles.removeUnfinished(raftStorage.getStorageDir().getStateMachineDir());
            loadLatestSnapshot();
        });
        initialized = true;
    }

    /** Ratis pauses us before it installs a leader's snapshot, then calls {@link #reinitialize}. */
    @Override
    public synchronized void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public void reinitialize() throws IOException {
        loadLatestSnapshot();
        synchronized (this) {
            if (getLifeCycleState() == LifeCycle.State.PAUSED) {
                getLifeCycle().transition(LifeCycle.State.STARTING);
                getLifeCycle().transition(LifeCycle.State.RUNNING);
            }
        }
    }

    /** Loads the newest snapshot: at start, and after the leader installed one on us. */
    private void loadLatestSnapshot() throws IOException {
        SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
        if (snapshot == null) {
            return;
        }
        CellSnapshot loaded = SnapshotFiles.read(snapshot);
        Cell fromSnapshot = Cell.fromSnapshot(loaded);
        writeLock.lock();
        try {
            cell = fromSnapshot;
            updateLastAppliedTermIndex(snapshot.getTerm(), snapshot.getIndex());
        } finally {
            writeLock.unlock();
        }
        if (initialized) {
            snapshotsInstalled.incrementAndGet(); // reloaded after the leader installed a snapshot on us
        }
    }

    /** How many snapshots the leader installed on this replica since it started. */
    public int snapshotsInstalled() {
        return snapshotsInstalled.get();
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    /** On the leader, a client's entry notes when it arrived, so its apply can tell how long committing took. */
    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        return super.startTransaction(request).setStateMachineContext(System.nanoTime());
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        if (trx.getStateMachineContext() instanceof Long arrived) {
            commitNanosListener.accept(System.nanoTime() - arrived);
        }
        var entry = trx.getLogEntry();
        TermIndex at = TermIndex.valueOf(entry);
        CommandResult result;
        Command command = null;
        try {
            command = Command.parseFrom(entry.getStateMachineLogEntry().getLogData().toByteArray());
        } catch (InvalidProtocolBufferException e) {
            result = CommandResult.newBuilder().setError(CommandError.newBuilder()
                    .setCode(CommandError.Code.INVALID_ARGUMENT).setMessage("undecodable command: " + e.getMessage())).build();
            writeLock.lock();
            try {
                updateLastAppliedTermIndex(at.getTerm(), at.getIndex());
            } finally {
                writeLock.unlock();
            }
            return CompletableFuture.completedFuture(new ResultMessage(result));
        }
        writeLock.lock();
        try {
            result = cell.apply(at.getIndex(), command);
            updateLastAppliedTermIndex(at.getTerm(), at.getIndex());
        } finally {
            writeLock.unlock();
        }
        return CompletableFuture.completedFuture(new ResultMessage(result));
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        QueryResult result;
        try {
            Query q = Query.parseFrom(request.getContent().toByteArray());
            result = read(c -> CellQueries.answer(c, q));
        } catch (InvalidProtocolBufferException e) {
            result = QueryResult.newBuilder().setError(CommandError.newBuilder()
                    .setCode(CommandError.Code.INVALID_ARGUMENT).setMessage("undecodable query")).build();
        }
        return CompletableFuture.completedFuture(toMessage(result.toByteArray()));
    }

    @Override
    public long takeSnapshot() throws IOException {
        long started = System.nanoTime();
        CellSnapshot snapshot;
        readLock.lock();
        try {
            TermIndex last = getLastAppliedTermIndex();
            if (last == null || last.getIndex() < 0) {
                return -1;
            }
            snapshot = cell.toSnapshot(last.getTerm(), last.getIndex());
        } finally {
            readLock.unlock();
        }
        File file = storage.getSnapshotFile(snapshot.getLastAppliedTerm(), snapshot.getLastAppliedIndex());
        MD5Hash md5 = SnapshotFiles.write(file, out -> SnapshotEncoding.writeCanonical(snapshot, out));
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5),
                snapshot.getLastAppliedTerm(), snapshot.getLastAppliedIndex()));
        long took = System.nanoTime() - started;
        lastSnapshotMillis = took / 1_000_000;
        snapshotNanosListener.accept(took);
        return snapshot.getLastAppliedIndex();
    }

    /**
     * The whole state as applied so far, with the index and term of the last entry: a consistent
     * copy to work on without the lock (a plan's dry run). Cheap: it shares the cell's immutable
     * messages and copies only the lists that hold them.
     */
    public CellSnapshot appliedState() {
        return read(c -> {
            TermIndex last = getLastAppliedTermIndex();
            return last == null ? c.toSnapshot(0, 0) : c.toSnapshot(last.getTerm(), last.getIndex());
        });
    }

    /**
     * Reads the local state (possibly behind the leader's), no apply in between; other readers
     * may read at the same time, so {@code reader} must not change the cell.
     */
    public <T> T read(Function<Cell, T> reader) {
        readLock.lock();
        try {
            return reader.apply(cell);
        } finally {
            readLock.unlock();
        }
    }

    /** The index of the newest snapshot this replica holds, or -1. */
    public long latestSnapshotIndex() {
        var s = storage.getLatestSnapshot();
        return s == null ? -1 : s.getIndex();
    }

    public long lastSnapshotDurationMillis() {
        return lastSnapshotMillis;
    }

    /** Told how long each snapshot took to write (the metrics time it). */
    public void onSnapshotTaken(java.util.function.LongConsumer nanos) {
        this.snapshotNanosListener = nanos;
    }

    /**
     * Told, on the leader, how long each client's entry took from its arrival to its apply:
     * appended, replicated to a majority, forced to disk there and here, committed (the metrics
     * time it). Followers apply entries that arrived elsewhere and tell nothing.
     */
    public void onEntryCommitted(java.util.function.LongConsumer nanos) {
        this.commitNanosListener = nanos;
    }

    private static Message toMessage(byte[] bytes) {
        return Message.valueOf(UnsafeByteOperations.unsafeWrap(bytes));
    }

    /**
     * A command's answer, encoded only when Ratis sends it. Every replica applies every entry,
     * but only the leader answers the client; a follower keeps its answer in Ratis' retry
     * cache, read only if it becomes leader and the client retries. Encoding every answer on
     * every replica (a whole job, template included, per submit) was a tenth of a follower's
     * apply. The result shares the cell's own immutable objects, so holding it costs less than
     * holding its bytes.
     */
    private static final class ResultMessage implements Message {
        private final CommandResult result;
        private volatile ByteString content;

        ResultMessage(CommandResult result) {
            this.result = result;
        }

        @Override
        public ByteString getContent() {
            var encoded = content;
            if (encoded == null) {
                encoded = UnsafeByteOperations.unsafeWrap(result.toByteArray()); // a race encodes twice, the same bytes
                content = encoded;
            }
            return encoded;
        }

        @Override
        public String toString() {
            return "CommandResult(" + result.getKindCase() + ")";
        }
    }
}
