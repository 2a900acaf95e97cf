package borgcell.borglet.vmm.libos;

import java.util.Map;
import java.util.TreeMap;

/**
 * The syscall table of the library OS, numbered as x86-64 Linux numbers them
 * (arch/x86/entry/syscalls/syscall_64.tbl). Read it top to bottom: every call served is here,
 * with the family that serves it. Anything else answers -ENOSYS and is counted; the calls we
 * know programs will try and deliberately do not serve are listed in {@link #UNSUPPORTED} with why.
 */
public final class Linux64 {

    /** Not served on purpose; answered -ENOSYS like any unknown number. */
    public static final Map<Integer, String> UNSUPPORTED = Map.of(
            56, "clone: one thread per microVM for now",
            57, "fork: one process per microVM",
            58, "vfork: one process per microVM",
            59, "execve: the microVM runs the one program it was started with",
            15, "rt_sigreturn: no signal is ever delivered, so none returns",
            62, "kill: no signal delivery yet",
            200, "tkill: no signal delivery yet",
            234, "tgkill: no signal delivery yet",
            435, "clone3: one thread per microVM for now");

    private final Map<Integer, Syscall> table = new TreeMap<>();

    /** The table over one guest's families of handlers. */
    public Linux64(FileSyscalls files, PathSyscalls paths, MemorySyscalls memory, ProcessSyscalls process,
                   SignalSyscalls signals, TimeSyscalls time, FutexSyscalls futex, RandomSyscalls random) {
        add(0, "read", files::read);
        add(1, "write", files::write);
        add(2, "open", paths::open);
        add(3, "close", files::close);
        add(4, "stat", paths::stat);
        add(5, "fstat", files::fstat);
        add(6, "lstat", paths::lstat);
        add(8, "lseek", files::lseek);
        add(9, "mmap", memory::mmap);
        add(10, "mprotect", memory::mprotect);
        add(11, "munmap", memory::munmap);
        add(12, "brk", memory::brk);
        add(13, "rt_sigaction", signals::rtSigaction);
        add(14, "rt_sigprocmask", signals::rtSigprocmask);
        add(16, "ioctl", files::ioctl);
        add(17, "pread64", files::pread64);
        add(18, "pwrite64", files::pwrite64);
        add(19, "readv", files::readv);
        add(20, "writev", files::writev);
        add(21, "access", paths::access);
        add(24, "sched_yield", process::schedYield);
        add(28, "madvise", memory::madvise);
        add(35, "nanosleep", time::nanosleep);
        add(39, "getpid", process::getpid);
        add(60, "exit", process::exit);
        add(63, "uname", process::uname);
        add(72, "fcntl", files::fcntl);
        add(79, "getcwd", paths::getcwd);
        add(80, "chdir", paths::chdir);
        add(81, "fchdir", paths::fchdir);
        add(96, "gettimeofday", time::gettimeofday);
        add(97, "getrlimit", process::getrlimit);
        add(102, "getuid", process::getuid);
        add(104, "getgid", process::getgid);
        add(107, "geteuid", process::getuid);
        add(108, "getegid", process::getgid);
        add(110, "getppid", process::getppid);
        add(158, "arch_prctl", process::archPrctl);
        add(186, "gettid", process::getpid);
        add(202, "futex", futex::futex);
        add(217, "getdents64", paths::getdents64);
        add(218, "set_tid_address", process::setTidAddress);
        add(228, "clock_gettime", time::clockGettime);
        add(230, "clock_nanosleep", time::clockNanosleep);
        add(231, "exit_group", process::exit);
        add(257, "openat", paths::openat);
        add(262, "newfstatat", paths::newfstatat);
        add(269, "faccessat", paths::faccessat);
        add(273, "set_robust_list", process::setRobustList);
        add(302, "prlimit64", process::prlimit64);
        add(318, "getrandom", random::getrandom);
    }

    /** The row for {@code number}, or null: unsupported. */
    public Syscall lookup(long number) {
        return number >= 0 && number <= Integer.MAX_VALUE ? table.get((int) number) : null;
    }

    /** The name of a served syscall, or {@code "syscall_N"}. */
    public String name(long number) {
        Syscall syscall = lookup(number);
        if (syscall != null) {
            return syscall.name();
        }
        String reason = number >= 0 && number <= Integer.MAX_VALUE ? UNSUPPORTED.get((int) number) : null;
        return reason != null ? reason.substring(0, reason.indexOf(':')) : "syscall_" + number;
    }

    private void add(int number, String name, SyscallHandler handler) {
        table.put(number, new Syscall(number, name, handler));
    }
}
