package borgcell.borglet.vmm.libos;

import static borgcell.borglet.vmm.libos.SyscallOutcome.error;
import static borgcell.borglet.vmm.libos.SyscallOutcome.ok;

import borgcell.borglet.vmm.host.Errno;
import borgcell.borglet.vmm.memory.UserMemory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;

/**
 * clock_gettime and gettimeofday, from the host's clocks: the wall clock, and for the
 * monotonic clocks {@link System#nanoTime()} (CLOCK_MONOTONIC on Linux, so a guest and a host
 * process read the same clock). CPU-time clocks report the vCPU thread's CPU time.
 * nanosleep and clock_nanosleep block the vCPU thread through the {@link Sleeper}, which the
 * VM's kill and deadline cut short (the call then answers EINTR, and the VM ends).
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

    static final int CLOCK_TAI = 11;
    static final int TIMER_ABSTIME = 1;
    static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Longer sleeps are this long: a century keeps every deadline sum far from overflow. */
    static final long MAX_SLEEP_NANOS = 100L * 365 * 24 * 3600 * NANOS_PER_SECOND;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final UserMemory memory;
    private final Sleeper sleeper;

    public TimeSyscalls(UserMemory memory, Sleeper sleeper) {
        this.memory = memory;
        this.sleeper = sleeper;
    }

    /** nanosleep(req, rem): what is left goes to rem when the sleep is cut short. */
    public SyscallOutcome nanosleep(SyscallArgs call) {
        long deadline = System.nanoTime() + timespecNanos(memory, call.a0());
        return sleepUntil(deadline, call.a1());
    }

    /** clock_nanosleep(clockid, flags, req, rem): relative, or absolute on the monotonic or real-time clock (TIMER_ABSTIME). */
    public SyscallOutcome clockNanosleep(SyscallArgs call) {
        int clock = call.int0();
        boolean realtime = switch (clock) {
            case CLOCK_REALTIME, CLOCK_TAI -> true;
            case CLOCK_MONOTONIC, CLOCK_BOOTTIME -> false;
            default -> throw new SyscallError(Errno.EINVAL); // CPU-time clocks: no sleeping on them here
        };
        long requested = timespecNanos(memory, call.a2());
        if ((call.int1() & TIMER_ABSTIME) == 0) {
            return sleepUntil(System.nanoTime() + requested, call.a3());
        }
        long now = System.nanoTime();
        long deadline = realtime ? now + Math.max(0, requested - realtimeNanos()) : requested;
        return sleeper.sleepUntil(deadline) ? ok() : error(Errno.EINTR); // no rem for absolute sleeps
    }

    /**
     * A struct timespec from guest memory as nanoseconds, capped at {@link #MAX_SLEEP_NANOS};
     * EINVAL for a negative time or tv_nsec outside [0, 1e9), as Linux checks.
     */
    static long timespecNanos(UserMemory memory, long address) {
        long seconds = memory.readLong(address);
        long nanos = memory.readLong(address + 8);
        if (seconds < 0 || nanos < 0 || nanos >= NANOS_PER_SECOND) {
            throw new SyscallError(Errno.EINVAL);
        }
        if (seconds >= MAX_SLEEP_NANOS / NANOS_PER_SECOND) {
            return MAX_SLEEP_NANOS;
        }
        return seconds * NANOS_PER_SECOND + nanos;
    }

    private SyscallOutcome sleepUntil(long deadline, long remaining) {
        if (sleeper.sleepUntil(deadline)) {
            return ok();
        }
        if (remaining != 0) {
            long left = Math.max(0, deadline - System.nanoTime());
            memory.writeLong(remaining, left / NANOS_PER_SECOND);
            memory.writeLong(remaining + 8, left % NANOS_PER_SECOND);
        }
        return error(Errno.EINTR);
    }

    private static long realtimeNanos() {
        Instant now = Instant.now();
        return Math.min(now.getEpochSecond(), MAX_SLEEP_NANOS / NANOS_PER_SECOND) * NANOS_PER_SECOND + now.getNano();
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
                return error(Errno.EINVAL);
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
