package borgcell.borglet.vmm.libos;

import borgcell.borglet.vmm.host.Errno;
import borgcell.borglet.vmm.memory.BadGuestAddressException;
import borgcell.borglet.vmm.memory.UserMemory;
import java.util.random.RandomGenerator;

/**
 * The library OS of one guest: its syscall table over its state (memory, heap, descriptors,
 * working directory, signal masks), and the counts. {@link #serve} is the one entry point: it
 * counts the call, dispatches it, and turns a bad guest pointer into -EFAULT, a
 * {@link SyscallError} into its -errno and an unknown number into -ENOSYS.
 */
public final class LibOs {

    private final Linux64 table;
    private final FileSyscalls files;
    private final FdTable fds;
    private final SyscallCounts counts = new SyscallCounts();
    private long lastNumber = -1;
    private long lastResult;

    /**
     * @param sandbox the directory the guest sees as {@code /}; null for none (every path is ENOENT)
     * @param sleeper how the vCPU thread waits in nanosleep and futex (the VM's stop must end it)
     */
    public LibOs(UserMemory memory, long imageEnd, GuestStreams streams, GuestCpu cpu, RandomGenerator random,
                 Sandbox sandbox, Sleeper sleeper) {
        this.fds = new FdTable(streams);
        this.files = new FileSyscalls(memory, fds, streams, sandbox == null ? Long.MAX_VALUE : sandbox.fileSizeLimit());
        this.table = new Linux64(files, new PathSyscalls(memory, fds, files, sandbox),
                new MemorySyscalls(new AddressSpace(memory, imageEnd), fds, files),
                new ProcessSyscalls(memory, cpu, 0, 0), new SignalSyscalls(memory), new TimeSyscalls(memory, sleeper),
                new FutexSyscalls(memory, sleeper), new RandomSyscalls(memory, random));
    }

    public SyscallOutcome serve(SyscallArgs call) {
        counts.call(call.number());
        lastNumber = call.number();
        Syscall syscall = table.lookup(call.number());
        SyscallOutcome outcome;
        if (syscall == null) {
            counts.unsupported(call.number());
            outcome = SyscallOutcome.error(Errno.ENOSYS);
        } else {
            try {
                outcome = syscall.handler().handle(call);
            } catch (BadGuestAddressException e) {
                outcome = SyscallOutcome.error(Errno.EFAULT);
            } catch (SyscallError e) {
                outcome = SyscallOutcome.error(e.errno());
            }
        }
        lastResult = outcome instanceof SyscallOutcome.Return(long value) ? value : 0;
        return outcome;
    }

    public SyscallCounts counts() {
        return counts;
    }

    public Linux64 table() {
        return table;
    }

    /** {@code "write = 3"}: the last call and its answer, for crash reports; "none" before the first. */
    public String lastCall() {
        return lastNumber < 0 && counts.total() == 0 ? "none" : table.name(lastNumber) + " = " + lastResult;
    }

    /** Flushes the guest's output streams. */
    public void flush() {
        files.flush();
    }

    /** When the guest has ended: closes every sandbox file it left open (host descriptors are the Borglet's). */
    public void closeFiles() {
        fds.closeAll();
    }

    /** Open descriptors, the standard three included. */
    public int openFiles() {
        return fds.openCount();
    }
}
