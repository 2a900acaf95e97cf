package borgcell.borglet.vmm.libos;

import static borgcell.borglet.vmm.libos.SyscallOutcome.error;
import static borgcell.borglet.vmm.libos.SyscallOutcome.ok;
import static borgcell.borglet.vmm.libos.SyscallOutcome.value;

import borgcell.borglet.vmm.arch.GuestLayout;
import borgcell.borglet.vmm.host.Errno;
import borgcell.borglet.vmm.memory.UserMemory;
import java.nio.charset.StandardCharsets;

/**
 * The process and who it is: exit, ids, thread-pointer setup (arch_prctl, set_tid_address,
 * set_robust_list), resource limits, uname. The guest is the only process of its machine,
 * pid 1, with one thread.
 */
public final class ProcessSyscalls {

    public static final long PID = 1;
    static final int ARCH_SET_GS = 0x1001;
    static final int ARCH_SET_FS = 0x1002;
    static final int ARCH_GET_FS = 0x1003;
    static final int ARCH_GET_GS = 0x1004;
    static final long ROBUST_LIST_HEAD_SIZE = 24;
    static final int RLIMIT_DATA = 2;
    static final int RLIMIT_STACK = 3;
    static final int RLIMIT_NOFILE = 7;
    static final int RLIMIT_AS = 9;
    static final int RLIM_NLIMITS = 16;
    static final long RLIM_INFINITY = -1;
    static final int UTS_FIELD = 65;
    /** The top of x86-64 user space, less the guard page (Linux's TASK_SIZE_MAX): the highest FS or GS base allowed. */
    static final long TASK_SIZE_MAX = (1L << 47) - 4096;

    /** What uname(2) reports: a Linux the guest's libc will accept, named for what it is. */
    static final String[] UTSNAME = {"Linux", "borg-microvm", "6.1.0-borg-libos", "#1 SMP borgcell microVM", "x86_64", "(none)"};

    private final UserMemory memory;
    private final GuestCpu cpu;
    private final long uid;
    private final long gid;
    private long clearChildTid;

    public ProcessSyscalls(UserMemory memory, GuestCpu cpu, long uid, long gid) {
        this.memory = memory;
        this.cpu = cpu;
        this.uid = uid;
        this.gid = gid;
    }

    /** exit(status) and exit_group(status): with one thread, both end the program. */
    public SyscallOutcome exit(SyscallArgs call) {
        return new SyscallOutcome.Exit(call.int0() & 0xff);
    }

    public SyscallOutcome getpid(SyscallArgs call) {
        return value(PID);
    }

    public SyscallOutcome getppid(SyscallArgs call) {
        return value(0);
    }

    public SyscallOutcome getuid(SyscallArgs call) {
        return value(uid);
    }

    public SyscallOutcome getgid(SyscallArgs call) {
        return value(gid);
    }

    /** set_tid_address(tidptr): remembered (a thread exit would clear it); answers the tid. */
    public SyscallOutcome setTidAddress(SyscallArgs call) {
        clearChildTid = call.a0();
        return value(PID);
    }

    /** set_robust_list(head, len): accepted; with one thread no one else waits on its futexes. */
    public SyscallOutcome setRobustList(SyscallArgs call) {
        return call.a1() == ROBUST_LIST_HEAD_SIZE ? ok() : error(Errno.EINVAL);
    }

    /** arch_prctl(code, addr): the FS base is how libc finds its thread-local storage. */
    public SyscallOutcome archPrctl(SyscallArgs call) {
        long address = call.a1();
        switch (call.int0()) {
            case ARCH_SET_FS, ARCH_SET_GS -> {
                if (address < 0 || address >= TASK_SIZE_MAX) {
                    return error(Errno.EPERM); // not a user address, as Linux answers
                }
                if (call.int0() == ARCH_SET_FS) {
                    cpu.fsBase(address);
                } else {
                    cpu.gsBase(address);
                }
                return ok();
            }
            case ARCH_GET_FS -> {
                memory.writeLong(address, cpu.fsBase());
                return ok();
            }
            case ARCH_GET_GS -> {
                memory.writeLong(address, cpu.gsBase());
                return ok();
            }
            default -> {
                return error(Errno.EINVAL);
            }
        }
    }

    /** prlimit64(pid, resource, new, old): reports the microVM's real limits; changing them is not allowed. */
    public SyscallOutcome prlimit64(SyscallArgs call) {
        if (call.a0() != 0 && call.a0() != PID) {
            return error(Errno.ESRCH);
        }
        return rlimit(call.int1(), call.a2(), call.a3());
    }

    /** getrlimit(resource, old). */
    public SyscallOutcome getrlimit(SyscallArgs call) {
        return rlimit(call.int0(), 0, call.a1());
    }

    public SyscallOutcome schedYield(SyscallArgs call) {
        return ok();
    }

    /** uname(buf): six NUL-padded fields of 65 bytes. */
    public SyscallOutcome uname(SyscallArgs call) {
        byte[] utsname = new byte[UTSNAME.length * UTS_FIELD];
        for (int i = 0; i < UTSNAME.length; i++) {
            byte[] field = UTSNAME[i].getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(field, 0, utsname, i * UTS_FIELD, Math.min(field.length, UTS_FIELD - 1));
        }
        memory.write(call.a0(), utsname);
        return ok();
    }

    long clearChildTid() {
        return clearChildTid;
    }

    private SyscallOutcome rlimit(int resource, long newLimit, long oldLimit) {
        if (resource < 0 || resource >= RLIM_NLIMITS) {
            return error(Errno.EINVAL);
        }
        if (oldLimit != 0) {
            long limit = switch (resource) {
                case RLIMIT_STACK -> GuestLayout.stackReserve(memory.end());
                case RLIMIT_AS, RLIMIT_DATA -> memory.end();
                case RLIMIT_NOFILE -> FdTable.MAX_FDS;
                default -> RLIM_INFINITY;
            };
            memory.writeLong(oldLimit, limit);
            memory.writeLong(oldLimit + 8, limit);
        }
        return newLimit == 0 ? ok() : error(Errno.EPERM);
    }
}
