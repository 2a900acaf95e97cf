package borgcell.borglet.vmm.ptrace;

import borgcell.borglet.vmm.arch.GuestLayout;
import borgcell.borglet.vmm.host.ChildProcess;
import borgcell.borglet.vmm.host.Errno;
import borgcell.borglet.vmm.host.LibC;
import borgcell.borglet.vmm.host.NativeCallException;
import borgcell.borglet.vmm.host.Signals;
import borgcell.borglet.vmm.host.WaitStatus;
import borgcell.borglet.vmm.memory.GuestMemory;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One stub process, seized by the thread that made it and used only from that thread. It is
 * prepared ahead of any guest ({@link #prepare}): spawned, seized with PTRACE_O_EXITKILL, its
 * vDSO, vvar and stack unmapped, its inherited descriptors closed, its seccomp filter in place.
 * It then waits in a ptrace stop until {@link #mapGuestMemory} gives it a guest's memory.
 *
 * <p>The Borglet makes the stub run a syscall by pointing its registers at
 * {@link StubImage#INJECT} and letting it go until the int3 after it.
 */
final class Stub implements AutoCloseable {

    private static final long SYS_CLOSE = 3;
    private static final long SYS_MMAP = 9;
    private static final long SYS_MUNMAP = 11;
    private static final long SYS_SETPGID = 109;
    private static final long SYS_PRCTL = 157;
    private static final long SYS_SECCOMP = 317;
    private static final long SYS_CLOSE_RANGE = 436;
    private static final long PR_SET_NAME = 15;
    private static final long PR_SET_NO_NEW_PRIVS = 38;
    private static final long SECCOMP_SET_MODE_FILTER = 1;
    private static final long PROT_RWX = 7;
    private static final long MAP_SHARED_FIXED = 0x01 | 0x10;
    /** In the stub: 0 is the pipe it blocks on until seized, 1 the guest's memfd. */
    private static final int PIPE_FD = 0;
    private static final int MEMORY_FD = 1;

    final int pid;
    private final int pidfd;
    private final int memfd;
    private final Arena arena = Arena.ofConfined();
    /** The registers at the last stop; the template for the guest's (segment registers as the kernel set them). */
    final UserRegs regs = new UserRegs(arena);
    final MemorySegment status = arena.allocate(4, 4);
    private boolean gone;
    private boolean memfdOpen = true;

    private Stub(int pid, int pidfd, int memfd) {
        this.pid = pid;
        this.pidfd = pidfd;
        this.memfd = memfd;
    }

    /** Spawns and prepares a stub, on the thread that will trace it. */
    static Stub prepare() {
        int memfd = LibC.memfdCreate("microvm-guest", LibC.MFD_CLOEXEC);
        int[] pipe;
        try {
            pipe = LibC.pipe(LibC.O_CLOEXEC);
        } catch (RuntimeException e) {
            LibC.close(memfd);
            throw e;
        }
        Stub stub = null;
        try {
            int pid = ChildProcess.spawn(StubImage.executable(), List.of("borg-" + StubImage.PROCESS_NAME),
                    new int[] {pipe[0], memfd});
            int pidfd;
            try {
                pidfd = ChildProcess.pidfdOpen(pid);
            } catch (RuntimeException e) {
                // Without a pidfd it cannot be killed safely later: end it now, while its pid is surely its own.
                ChildProcess.kill(pid, Signals.SIGKILL);
                ChildProcess.waitpid(pid, Arena.ofAuto().allocate(4), ChildProcess.WALL);
                throw e;
            }
            stub = new Stub(pid, pidfd, memfd);
            stub.seize();
            stub.confine();
            return stub;
        } catch (RuntimeException | Error e) {
            if (stub != null) {
                stub.close();
            } else {
                LibC.close(memfd);
            }
            throw e;
        } finally {
            LibC.close(pipe[0]);
            // The stub no longer reads it (or is gone): closing our end cannot wake it.
            LibC.close(pipe[1]);
        }
    }

    /** Seizes the stub and stops it wherever it is (in its read, or on the way to it). */
    private void seize() {
        Ptrace.seize(pid);
        Ptrace.interrupt(pid);
        int s = ChildProcess.waitpid(pid, status, ChildProcess.WALL);
        if (!WaitStatus.stopped(s)) {
            gone = true;
            throw new IllegalStateException("the microVM stub " + WaitStatus.describe(s) + " before it could be traced");
        }
        if (!Ptrace.getRegsOrGone(pid, regs.segment())) {
            throw new IllegalStateException("the microVM stub vanished while being seized");
        }
    }

    /**
     * Leaves the stub nothing a guest could use: no vDSO, vvar or stack (the guest's stack is in
     * guest memory), no descriptor but its memfd, its own process group (a terminal's ^C is the
     * Borglet's to handle), no new privileges, and the seccomp filter.
     */
    private void confine() {
        for (long[] range : unwantedMappings()) {
            inject("munmap", SYS_MUNMAP, range[0], range[1] - range[0], 0, 0, 0, 0);
        }
        inject("setpgid", SYS_SETPGID, 0, 0, 0, 0, 0, 0);
        inject("prctl(PR_SET_NAME)", SYS_PRCTL, PR_SET_NAME, StubImage.NAME, 0, 0, 0, 0);
        inject("close", SYS_CLOSE, PIPE_FD, 0, 0, 0, 0, 0);
        long closed = injectRaw(SYS_CLOSE_RANGE, MEMORY_FD + 1, 0xFFFF_FFFFL, 0, 0, 0, 0);
        if (closed < 0 && closed != -Errno.ENOSYS) {
            throw new NativeCallException("close_range in the microVM stub", (int) -closed);
        }
        inject("prctl(PR_SET_NO_NEW_PRIVS)", SYS_PRCTL, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
        inject("seccomp", SYS_SECCOMP, SECCOMP_SET_MODE_FILTER, 0, StubImage.FILTER_PROGRAM, 0, 0, 0);
    }

    /**
     * Maps guest memory {@code [USER_BASE, ram)} of the memfd at the same addresses in the stub
     * and the whole of it in the Borglet; the stub keeps no descriptor.
     */
    GuestMemory mapGuestMemory(long ram) {
        LibC.ftruncate(memfd, ram);
        GuestMemory memory = GuestMemory.shared(memfd, ram);
        try {
            long base = GuestLayout.USER_BASE;
            long at = inject("mmap", SYS_MMAP, base, ram - base, PROT_RWX, MAP_SHARED_FIXED, MEMORY_FD, base);
            if (at != base) {
                throw new IllegalStateException("the microVM stub mapped guest memory at 0x" + Long.toHexString(at));
            }
            inject("close", SYS_CLOSE, MEMORY_FD, 0, 0, 0, 0, 0);
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
        closeMemfd();
        return memory;
    }

    /** The Borglet's memfd descriptor goes once the memory is mapped: the mappings keep the file alive. */
    private void closeMemfd() {
        if (memfdOpen) {
            memfdOpen = false;
            LibC.close(memfd);
        }
    }

    /** Whether the stub has ended and been reaped. */
    boolean gone() {
        return gone;
    }

    /** The tracer saw it end (waitpid reaped it): no signal may be sent to its pid any more. */
    void markGone() {
        gone = true;
    }

    /** From any thread: SIGKILL through the pidfd, which cannot hit a process that reused the pid. */
    void kill() {
        ChildProcess.signal(pidfd, Signals.SIGKILL);
    }

    /** Kills and reaps the stub and releases what the Borglet held for it. On the tracer thread. */
    @Override
    public void close() {
        try {
            if (!gone) {
                kill();
                // Reap it, whatever stops it passes through on the way out.
                while (!gone) {
                    int s = ChildProcess.waitpid(pid, status, ChildProcess.WALL);
                    gone = WaitStatus.exited(s) || WaitStatus.signaled(s);
                }
            }
        } finally {
            LibC.close(pidfd);
            closeMemfd();
            arena.close();
        }
    }

    /** Runs one syscall in the stub; its result, or a failure naming {@code what}. */
    private long inject(String what, long number, long a0, long a1, long a2, long a3, long a4, long a5) {
        long result = injectRaw(number, a0, a1, a2, a3, a4, a5);
        if (result < 0 && result > -4096) {
            throw new NativeCallException(what + " in the microVM stub", (int) -result);
        }
        return result;
    }

    /** Runs one syscall in the stub from a ptrace stop; answers what it returned (-errno on failure). */
    private long injectRaw(long number, long a0, long a1, long a2, long a3, long a4, long a5) {
        regs.rip(StubImage.INJECT);
        regs.rax(number);
        regs.noSyscall();
        regs.rdi(a0);
        regs.rsi(a1);
        regs.rdx(a2);
        regs.r10(a3);
        regs.r8(a4);
        regs.r9(a5);
        if (!Ptrace.setRegsOrGone(pid, regs.segment()) || !Ptrace.contOrGone(pid)) {
            throw lost("syscall " + number);
        }
        int s = ChildProcess.waitpid(pid, status, ChildProcess.WALL);
        if (!WaitStatus.stopped(s) || WaitStatus.stopSignal(s) != Signals.SIGTRAP) {
            gone = !WaitStatus.stopped(s);
            throw new IllegalStateException("the microVM stub " + WaitStatus.describe(s) + " running syscall " + number);
        }
        if (!Ptrace.getRegsOrGone(pid, regs.segment())) {
            throw lost("syscall " + number);
        }
        return regs.rax();
    }

    private IllegalStateException lost(String doing) {
        return new IllegalStateException("the microVM stub vanished during " + doing);
    }

    /** [start, end) of the mappings the kernel gave the stub that a guest has no business with. */
    private List<long[]> unwantedMappings() {
        List<long[]> ranges = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/maps"))) {
                String[] fields = line.split("\\s+", 6);
                String name = fields.length == 6 ? fields[5].trim() : "";
                if (name.equals("[vdso]") || name.startsWith("[vvar") || name.equals("[stack]")) {
                    String[] range = line.substring(0, line.indexOf(' ')).split("-");
                    ranges.add(new long[] {Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16)});
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the microVM stub's mappings: " + e.getMessage(), e);
        }
        return ranges;
    }
}
