package borgcell.borglet.vmm.libos;

import static borgcell.borglet.vmm.libos.SyscallOutcome.error;
import static borgcell.borglet.vmm.libos.SyscallOutcome.ok;

import borgcell.borglet.vmm.host.Errno;
import borgcell.borglet.vmm.memory.UserMemory;

/**
 * rt_sigaction and rt_sigprocmask: remembered and answered faithfully, but no signal is ever
 * delivered (nothing in a lone microVM sends one yet). A fault ends the guest instead.
 */
public final class SignalSyscalls {

    static final long SIGSET_SIZE = 8;
    static final int SIGKILL = 9;
    static final int SIGSTOP = 19;
    static final int MAX_SIGNAL = 64;
    /** The kernel's struct sigaction on x86-64: handler, flags, restorer, mask. */
    static final int SIGACTION_SIZE = 32;
    static final int SIG_BLOCK = 0;
    static final int SIG_UNBLOCK = 1;
    static final int SIG_SETMASK = 2;

    private final UserMemory memory;
    private final byte[][] actions = new byte[MAX_SIGNAL + 1][];
    private long blocked;

    public SignalSyscalls(UserMemory memory) {
        this.memory = memory;
    }

    /** rt_sigaction(sig, act, oldact, sigsetsize). */
    public SyscallOutcome rtSigaction(SyscallArgs call) {
        int signal = call.int0();
        if (call.a3() != SIGSET_SIZE || signal < 1 || signal > MAX_SIGNAL) {
            return error(Errno.EINVAL);
        }
        if (call.a1() != 0 && (signal == SIGKILL || signal == SIGSTOP)) {
            return error(Errno.EINVAL);
        }
        byte[] next = call.a1() == 0 ? null : memory.read(call.a1(), SIGACTION_SIZE);
        if (call.a2() != 0) {
            memory.write(call.a2(), actions[signal] == null ? new byte[SIGACTION_SIZE] : actions[signal]);
        }
        if (next != null) {
            actions[signal] = next;
        }
        return ok();
    }

    /** rt_sigprocmask(how, set, oldset, sigsetsize). */
    public SyscallOutcome rtSigprocmask(SyscallArgs call) {
        if (call.a3() != SIGSET_SIZE) {
            return error(Errno.EINVAL);
        }
        long next = blocked;
        if (call.a1() != 0) {
            long set = memory.readLong(call.a1());
            switch (call.int0()) {
                case SIG_BLOCK -> next = blocked | set;
                case SIG_UNBLOCK -> next = blocked & ~set;
                case SIG_SETMASK -> next = set;
                default -> {
                    return error(Errno.EINVAL);
                }
            }
            // SIGKILL and SIGSTOP cannot be blocked.
            next &= ~((1L << (SIGKILL - 1)) | (1L << (SIGSTOP - 1)));
        }
        if (call.a2() != 0) {
            memory.writeLong(call.a2(), blocked);
        }
        blocked = next;
        return ok();
    }
}
