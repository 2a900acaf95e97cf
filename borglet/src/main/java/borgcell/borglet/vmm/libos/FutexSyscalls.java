package borgcell.borglet.vmm.libos;

import static borgcell.borglet.vmm.libos.SyscallOutcome.error;
import static borgcell.borglet.vmm.libos.SyscallOutcome.value;

import borgcell.borglet.vmm.host.Errno;
import borgcell.borglet.vmm.memory.UserMemory;

/**
 * futex with one thread, which is all a microVM has: there is never another waiter to wake
 * and never anyone to wake us. So FUTEX_WAKE wakes no one (0); FUTEX_WAIT on a value that
 * already changed is EAGAIN, as Linux; a wait with a timeout sleeps it out (ETIMEDOUT), cut
 * short by a kill like nanosleep; a wait without one could only last forever and answers
 * EDEADLK instead, so the program sees its deadlock rather than hanging until its deadline.
 */
public final class FutexSyscalls {

    static final int FUTEX_WAIT = 0;
    static final int FUTEX_WAKE = 1;
    static final int FUTEX_CMP_REQUEUE = 4;
    static final int FUTEX_WAIT_BITSET = 9;
    static final int FUTEX_WAKE_BITSET = 10;
    static final int FUTEX_PRIVATE_FLAG = 128;
    static final int FUTEX_CLOCK_REALTIME = 256;

    private final UserMemory memory;
    private final Sleeper sleeper;

    public FutexSyscalls(UserMemory memory, Sleeper sleeper) {
        this.memory = memory;
        this.sleeper = sleeper;
    }

    /** futex(uaddr, op, val, timeout, uaddr2, val3). */
    public SyscallOutcome futex(SyscallArgs call) {
        int op = call.int1();
        int command = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
        long address = call.a0();
        return switch (command) {
            case FUTEX_WAIT, FUTEX_WAIT_BITSET -> {
                if (command == FUTEX_WAIT_BITSET && (int) call.a5() == 0) {
                    yield error(Errno.EINVAL);
                }
                if (word(address) != call.int2()) {
                    yield error(Errno.EAGAIN);
                }
                if (call.a3() == 0) {
                    yield error(Errno.EDEADLK);
                }
                long timeout = TimeSyscalls.timespecNanos(memory, call.a3());
                long deadline;
                if (command == FUTEX_WAIT) {
                    deadline = System.nanoTime() + timeout; // relative
                } else if ((op & FUTEX_CLOCK_REALTIME) != 0) {
                    java.time.Instant now = java.time.Instant.now();
                    long nowNanos = now.getEpochSecond() * TimeSyscalls.NANOS_PER_SECOND + now.getNano();
                    deadline = System.nanoTime() + Math.max(0, timeout - nowNanos);
                } else {
                    deadline = timeout; // absolute on CLOCK_MONOTONIC, which System.nanoTime reads
                }
                yield sleeper.sleepUntil(deadline) ? error(Errno.ETIMEDOUT) : error(Errno.EINTR);
            }
            case FUTEX_WAKE, FUTEX_WAKE_BITSET -> {
                word(address);
                yield value(0);
            }
            case FUTEX_CMP_REQUEUE -> value(word(address) == (int) call.a5() ? 0 : -Errno.EAGAIN);
            default -> error(Errno.ENOSYS);
        };
    }

    /** The futex word: 4-aligned (EINVAL) guest memory (EFAULT). */
    private int word(long address) {
        if ((address & 3) != 0) {
            throw new SyscallError(Errno.EINVAL);
        }
        return memory.readInt(address);
    }
}
