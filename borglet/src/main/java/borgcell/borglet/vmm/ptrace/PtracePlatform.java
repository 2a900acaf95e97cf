package borgcell.borglet.vmm.ptrace;

import borgcell.borglet.vmm.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The ptrace platform: each guest in a stub process of its own, traced by one platform thread
 * of the Borglet that serves its syscalls. Where there is no {@code /dev/kvm} (a host that is
 * itself a guest without nested virtualization), this is how the library OS gets the CPU.
 *
 * <p>Stubs are prepared ahead (LightVM's lesson): a few threads wait, each with a stub already
 * spawned, seized and confined, so that starting a guest only maps its memory and loads its
 * program. A thread must stay with its stub (ptrace requests come only from the tracer thread),
 * so the pool holds threads, not processes. When the pool is empty a guest prepares its own
 * stub on a new thread; each start refills the pool in the background.
 */
public final class PtracePlatform implements Platform {

    public static final String NAME = "ptrace";
    public static final int DEFAULT_PREPARED = 4;

    private final int prepared;
    private final LinkedBlockingDeque<StubThread> ready = new LinkedBlockingDeque<>();
    private final AtomicInteger preparing = new AtomicInteger();
    private volatile boolean closed;

    /** @param prepared how many stubs to keep ready (0: every guest prepares its own) */
    public PtracePlatform(int prepared) {
        if (prepared < 0) {
            throw new IllegalArgumentException("prepared stubs must be >= 0, not " + prepared);
        }
        this.prepared = prepared;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void launch(Consumer<MachineFactory> guest) {
        if (closed) {
            throw new IllegalStateException("the ptrace platform is closed");
        }
        StubThread waiting = ready.pollFirst();
        if (waiting != null) {
            waiting.hand(guest);
        } else {
            StubThread.start(this, guest);
        }
        refill();
    }

    /**
     * Whether {@code pid} is a stub of this platform (its name, set when it is prepared, is
     * {@code microvm-stub}): how tests and figures tell stubs from other children of the JVM.
     */
    public static boolean isStub(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).strip().equals(StubImage.PROCESS_NAME);
        } catch (IOException e) {
            return false; // gone
        }
    }

    /** Stubs ready or being prepared now, for tests and figures. */
    public int preparedNow() {
        return ready.size() + preparing.get();
    }

    /** Ends the prepared stubs (their threads exit, and their stubs with them); guests already running go on. */
    public void close() {
        closed = true;
        for (StubThread waiting; (waiting = ready.pollFirst()) != null; ) {
            waiting.hand(null);
        }
    }

    /** Prepares stubs in the background until {@code prepared} are ready or on their way. */
    private void refill() {
        while (!closed) {
            int now = preparing.get();
            if (ready.size() + now >= prepared) {
                return;
            }
            if (preparing.compareAndSet(now, now + 1)) {
                StubThread.start(this, null);
            }
        }
    }

    /** A stub thread has its stub ready and waits for a guest. */
    void ready(StubThread thread) {
        preparing.decrementAndGet();
        if (closed) {
            thread.hand(null);
        } else {
            ready.addLast(thread);
        }
    }

    /** A stub prepared ahead could not be made; the next launch tries again. */
    void preparationFailed() {
        preparing.decrementAndGet();
    }

    @Override
    public String toString() {
        return NAME;
    }
}
