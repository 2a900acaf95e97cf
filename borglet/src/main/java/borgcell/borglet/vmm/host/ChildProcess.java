package borgcell.borglet.vmm.host;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * Child processes the JDK does not know about: started with {@code posix_spawn}, waited for
 * with {@code waitpid}, signalled through a pidfd. A process started with {@link ProcessBuilder}
 * is waited for by the JDK's reaper thread, which would take the stops of a traced child from
 * its tracer; these are waited for only by whoever started them.
 */
public final class ChildProcess {

    public static final int WALL = 0x40000000;   // __WALL: any child, traced or cloned
    public static final int WNOHANG = 1;

    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;
    /** glibc's posix_spawn_file_actions_t is 80 bytes on x86-64; room to spare. */
    private static final long FILE_ACTIONS_SIZE = 256;

    private static final MethodHandle POSIX_SPAWN = LibC.plainDowncall("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_INIT = LibC.plainDowncall("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FILE_ACTIONS_ADDDUP2 = LibC.plainDowncall("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FILE_ACTIONS_DESTROY = LibC.plainDowncall("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle WAITPID = LibC.downcall("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle KILL = LibC.downcall("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    // long syscall(long number, ...): the pidfd calls have no glibc wrapper before 2.36.
    private static final MethodHandle SYSCALL_2 = LibC.downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SYSCALL_4 = LibC.downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));

    private ChildProcess() {}

    /**
     * Starts {@code path} with {@code argv}, an empty environment, and {@code fds[i]} of this
     * process as its descriptor {@code i}; answers its pid. Descriptors of this process that are
     * not close-on-exec are inherited too: the child should close what it does not need.
     */
    public static int spawn(String path, List<String> argv, int[] fds) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 8);
            check("posix_spawn_file_actions_init", (int) FILE_ACTIONS_INIT.invokeExact(actions));
            try {
                for (int i = 0; i < fds.length; i++) {
                    check("posix_spawn_file_actions_adddup2", (int) FILE_ACTIONS_ADDDUP2.invokeExact(actions, fds[i], i));
                }
                MemorySegment cArgv = arena.allocate(ADDRESS, argv.size() + 1L);
                for (int i = 0; i < argv.size(); i++) {
                    cArgv.setAtIndex(ADDRESS, i, arena.allocateFrom(argv.get(i)));
                }
                MemorySegment envp = arena.allocate(ADDRESS, 1);
                MemorySegment pid = arena.allocate(JAVA_INT);
                int error = (int) POSIX_SPAWN.invokeExact(pid, arena.allocateFrom(path), actions, MemorySegment.NULL, cArgv, envp);
                check("posix_spawn(" + path + ")", error);
                return pid.get(JAVA_INT, 0);
            } finally {
                int ignored = (int) FILE_ACTIONS_DESTROY.invokeExact(actions);
            }
        } catch (Throwable t) {
            throw LibC.rethrown(t);
        }
    }

    /**
     * Waits for a state change of {@code pid} ({@code waitpid}), retrying on EINTR; the wait
     * status is written to {@code status} (an int) and returned, or -1 with WNOHANG and nothing to report.
     */
    public static int waitpid(int pid, MemorySegment status, int options) {
        try {
            while (true) {
                int r = (int) WAITPID.invokeExact(LibC.state(), pid, status, options);
                if (r > 0) {
                    return status.get(JAVA_INT, 0);
                }
                if (r == 0) {
                    return -1;
                }
                if (LibC.errno() != Errno.EINTR) {
                    throw new NativeCallException("waitpid(" + pid + ")", LibC.errno());
                }
            }
        } catch (Throwable t) {
            throw LibC.rethrown(t);
        }
    }

    /** kill(2); false when there is no such process. Only for a child not yet waited for, whose pid cannot have been reused. */
    public static boolean kill(int pid, int signal) {
        try {
            if ((int) KILL.invokeExact(LibC.state(), pid, signal) < 0) {
                if (LibC.errno() == Errno.ESRCH) {
                    return false;
                }
                throw new NativeCallException("kill(" + pid + ", " + Signals.name(signal) + ")", LibC.errno());
            }
            return true;
        } catch (Throwable t) {
            throw LibC.rethrown(t);
        }
    }

    /** A pidfd for {@code pid}: signals through it cannot reach a process that later reuses the pid. */
    public static int pidfdOpen(int pid) {
        try {
            long fd = (long) SYSCALL_2.invokeExact(LibC.state(), SYS_PIDFD_OPEN, (long) pid, 0L);
            if (fd < 0) {
                throw new NativeCallException("pidfd_open(" + pid + ")", LibC.errno());
            }
            return (int) fd;
        } catch (Throwable t) {
            throw LibC.rethrown(t);
        }
    }

    /** Sends {@code signal} through a pidfd; false when the process is already gone. */
    public static boolean signal(int pidfd, int signal) {
        try {
            long r = (long) SYSCALL_4.invokeExact(LibC.state(), SYS_PIDFD_SEND_SIGNAL, (long) pidfd, (long) signal, 0L, 0L);
            if (r < 0) {
                if (LibC.errno() == Errno.ESRCH) {
                    return false;
                }
                throw new NativeCallException("pidfd_send_signal(" + Signals.name(signal) + ")", LibC.errno());
            }
            return true;
        } catch (Throwable t) {
            throw LibC.rethrown(t);
        }
    }

    private static void check(String call, int error) {
        if (error != 0) {
            throw new NativeCallException(call, error);
        }
    }
}
