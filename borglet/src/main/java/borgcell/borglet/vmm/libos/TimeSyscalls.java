package borgcell.borglet.vmm.libos;

import static borgcell.borglet.vmm.libos.SyscallOutcome.error;
import static borgcell.borglet.vmm.libos.SyscallOutcome.ok;

import borgcell.borglet.vmm.memory.UserMemory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;

/**
 * clock_gettime and gettimeofday, from the host's clocks: the wall clock, and for the
 * monotonic clocks {@link System#nanoTime()} (CLOCK_MONOTONIC on Linux, so a guest and a host
 * process read the same clock). CPU-time clocks report the vCPU thread's CPU time.
 */
public final class TimeSyscalls {

    static final int CLOCK_REALTIME = 0;
    static final int CLOCK_MONOTONIC = 1;
    static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    static final int CLOCK_THREAD_CPUTIME_ID = 3;
    static final int CLOCK_MONOTONIC_RAW = 4;
    static final int CLOCK_REALTIME_COARSE = 5;
    static final int CLOCK_MONOTONIC_COARSE = 6;
    static final int CLOCK_BOOTTIME = 7;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final UserMemory memory;

    public TimeSyscalls(UserMemory memory) {
        this.memory = memory;
    }

    /** clock_gettime(clockid, tp). */
    public SyscallOutcome clockGettime(SyscallArgs call) {
        long nanos;
        switch (call.int0()) {
            case CLOCK_REALTIME, CLOCK_REALTIME_COARSE -> {
                Instant now = Instant.now();
                return timespec(call.a1(), now.getEpochSecond(), now.getNano());
            }
            case CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME -> nanos = System.nanoTime();
            case CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID -> nanos = THREADS.getCurrentThreadCpuTime();
            default -> {
                return error(GuestErrno.EINVAL);
            }
        }
        return timespec(call.a1(), Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** gettimeofday(tv, tz): either may be null; the time zone is always UTC. */
    public SyscallOutcome gettimeofday(SyscallArgs call) {
        Instant now = Instant.now();
        if (call.a0() != 0) {
            memory.writeLong(call.a0(), now.getEpochSecond());
            memory.writeLong(call.a0() + 8, now.getNano() / 1000);
        }
        if (call.a1() != 0) {
            memory.writeLong(call.a1(), 0);
        }
        return ok();
    }

    private SyscallOutcome timespec(long address, long seconds, long nanos) {
        memory.writeLong(address, seconds);
        memory.writeLong(address + 8, nanos);
        return ok();
    }
}
