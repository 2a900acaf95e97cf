package borgcell.borglet.vmm.ptrace;

import borgcell.borglet.vmm.GuestMachine;
import borgcell.borglet.vmm.Platform.MachineFactory;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A platform thread and the stub it traces: prepares the stub, then runs one guest on it (given
 * at once, or later through {@link #hand} while it waits in the pool), then ends. The stub dies
 * with the thread at the latest (PTRACE_O_EXITKILL).
 */
final class StubThread {

    private static final Logger log = LoggerFactory.getLogger(StubThread.class);
    /** Handed to a waiting thread to end it without a guest. */
    private static final Consumer<MachineFactory> NO_GUEST = factory -> { };

    private final PtracePlatform pool;
    private final BlockingQueue<Consumer<MachineFactory>> handoff = new ArrayBlockingQueue<>(1);

    private StubThread(PtracePlatform pool) {
        this.pool = pool;
    }

    /** Starts a thread for {@code guest}, or, when it is null, one that joins the pool once its stub is ready. */
    static void start(PtracePlatform pool, Consumer<MachineFactory> guest) {
        StubThread thread = new StubThread(pool);
        Thread.ofPlatform().name(guest == null ? "microvm-ptrace-prepared" : "microvm-ptrace").daemon(true)
                .start(() -> thread.run(guest));
    }

    /** Gives a waiting thread its guest (null: none, end). */
    void hand(Consumer<MachineFactory> guest) {
        handoff.add(guest == null ? NO_GUEST : guest);
    }

    private void run(Consumer<MachineFactory> given) {
        Stub stub;
        try {
            stub = Stub.prepare();
        } catch (RuntimeException | Error e) {
            if (given != null) {
                given.accept((ram, hugePages) -> {
                    throw e;
                });
            } else {
                log.warn("could not prepare a microVM stub ahead: {}", e.toString());
                pool.preparationFailed();
            }
            return;
        }
        Consumer<MachineFactory> guest = given;
        try {
            if (guest == null) {
                pool.ready(this);
                guest = handoff.take();
            }
            guest.accept(new OneMachine(stub));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Closed already by the machine, if one was made; a stub that is gone is only reaped.
            if (!stub.gone()) {
                stub.close();
            }
        }
    }

    /** The factory for the one machine this thread's stub can hold. */
    private static final class OneMachine implements MachineFactory {
        private final Stub stub;
        private boolean made;

        OneMachine(Stub stub) {
            this.stub = stub;
        }

        @Override
        public GuestMachine create(long ram, boolean hugePages) {
            if (made) {
                throw new IllegalStateException("a microVM stub holds one guest");
            }
            made = true;
            return new PtraceMachine(stub, ram);
        }
    }
}
