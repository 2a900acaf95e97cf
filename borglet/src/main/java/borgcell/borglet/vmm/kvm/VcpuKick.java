package borgcell.borglet.vmm.kvm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import borgcell.borglet.vmm.host.LibC;
import borgcell.borglet.vmm.host.NativeCallException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Gets a vCPU thread out of KVM_RUN even while the guest spins, the way Firecracker does:
 * set {@code kvm_run.immediate_exit}, then {@code pthread_kill} the vCPU thread with a
 * real-time signal the JVM does not use. The signal's handler is libc's {@code abs}, a native
 * function with no effect, so the signal only interrupts the ioctl (KVM_RUN returns EINTR).
 * The immediate_exit flag covers the race where the signal lands just before KVM_RUN.
 */
public final class VcpuKick {

    private static final MethodHandle PTHREAD_SELF = LibC.plainDowncall("pthread_self", FunctionDescriptor.of(JAVA_LONG));
    private static final MethodHandle PTHREAD_KILL = LibC.plainDowncall("pthread_kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CURRENT_SIGRTMIN = LibC.plainDowncall("__libc_current_sigrtmin",
            FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle SIGACTION = LibC.downcall("sigaction",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    /** glibc's x86-64 struct sigaction: handler, 128-byte mask, flags, restorer. */
    private static final long SIGACTION_SIZE = 152;
    private static final long SA_FLAGS_OFFSET = 136;

    /** SIGRTMIN+2: libc keeps the first two for itself, the JVM uses none of the real-time ones. */
    private static final int SIGNAL = installHandler();

    private final KvmRun run;
    private long thread;
    private boolean running;

    public VcpuKick(KvmRun run) {
        this.run = run;
    }

    /** Called by the vCPU thread before its run loop. */
    public synchronized void enter() {
        try {
            thread = (long) PTHREAD_SELF.invokeExact();
        } catch (Throwable t) {
            throw LibC.rethrown(t);
        }
        running = true;
    }

    /** Called by the vCPU thread when its run loop ends: after it, kicks do nothing (the thread may be gone). */
    public synchronized void leave() {
        running = false;
    }

    /** From any thread: the vCPU leaves KVM_RUN soon, with EINTR. */
    public synchronized void kick() {
        // Before enter() the run loop has not begun (it checks for a stop first); after leave()
        // the vCPU and its kvm_run mapping may already be gone: writing there would crash the JVM.
        if (!running) {
            return;
        }
        run.immediateExit(true);
        try {
            int error = (int) PTHREAD_KILL.invokeExact(thread, SIGNAL);
            if (error != 0) {
                throw new NativeCallException("pthread_kill", error);
            }
        } catch (Throwable t) {
            throw LibC.rethrown(t);
        }
    }

    private static int installHandler() {
        try (Arena arena = Arena.ofConfined()) {
            int signal = (int) CURRENT_SIGRTMIN.invokeExact() + 2;
            MemorySegment action = arena.allocate(SIGACTION_SIZE, 8);
            action.set(ADDRESS, 0, LibC.symbol("abs"));
            // No SA_RESTART: the interrupted KVM_RUN must return EINTR, not be restarted.
            action.set(JAVA_INT, SA_FLAGS_OFFSET, 0);
            if ((int) SIGACTION.invokeExact(LibC.state(), signal, action, MemorySegment.NULL) < 0) {
                throw new NativeCallException("sigaction(SIGRTMIN+2)", LibC.errno());
            }
            return signal;
        } catch (Throwable t) {
            throw LibC.rethrown(t);
        }
    }
}
