package borgcell.borglet.vmm.libos;

import static borgcell.borglet.vmm.libos.SyscallOutcome.error;
import static borgcell.borglet.vmm.libos.SyscallOutcome.ok;
import static borgcell.borglet.vmm.libos.SyscallOutcome.value;

/**
 * brk, mmap (anonymous), munmap, mprotect, madvise over the {@link AddressSpace}.
 * Protections are accepted but not enforced yet: all of guest RAM is mapped read-write-execute
 * with 2 MiB pages, so a PROT_NONE guard page does not fault.
 */
public final class MemorySyscalls {

    static final int MAP_SHARED = 0x01;
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_SHARED_VALIDATE = 0x03;
    static final int MAP_FIXED = 0x10;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_FIXED_NOREPLACE = 0x100000;
    static final int PROT_ALL = 0x7;
    static final int MADV_DONTNEED = 4;
    static final int MADV_FREE = 8;

    private final AddressSpace space;

    public MemorySyscalls(AddressSpace space) {
        this.space = space;
    }

    /** brk(addr): the new break, or the old one when it cannot move (that is how brk fails). */
    public SyscallOutcome brk(SyscallArgs call) {
        return value(space.brk(call.a0()));
    }

    /** mmap(addr, length, prot, flags, fd, offset): anonymous private or shared memory; file mappings are not served yet. */
    public SyscallOutcome mmap(SyscallArgs call) {
        int flags = (int) call.a3();
        int type = flags & MAP_SHARED_VALIDATE;
        if (type == 0 || (call.int2() & ~PROT_ALL) != 0) {
            return error(GuestErrno.EINVAL);
        }
        if ((flags & MAP_ANONYMOUS) == 0) {
            return error(GuestErrno.ENODEV);
        }
        // With one process and no fork, a shared anonymous mapping behaves as a private one.
        return value(space.map(call.a0(), call.a1(), (flags & MAP_FIXED) != 0, (flags & MAP_FIXED_NOREPLACE) != 0));
    }

    /** munmap(addr, length). */
    public SyscallOutcome munmap(SyscallArgs call) {
        return value(space.unmap(call.a0(), call.a1()));
    }

    /** mprotect(addr, length, prot): checked, then accepted without effect (see the class comment). */
    public SyscallOutcome mprotect(SyscallArgs call) {
        if (call.a0() % AddressSpace.PAGE != 0 || (call.int2() & ~PROT_ALL) != 0) {
            return error(GuestErrno.EINVAL);
        }
        long length = AddressSpace.pageUp(call.a1());
        return length >= 0 && space.inUserMemory(call.a0(), length) ? ok() : error(GuestErrno.ENOMEM);
    }

    /** madvise(addr, length, advice): DONTNEED and FREE give the pages back (they read zero after); other advice is a hint we may ignore. */
    public SyscallOutcome madvise(SyscallArgs call) {
        long length = AddressSpace.pageUp(call.a1());
        if (call.a0() % AddressSpace.PAGE != 0 || length < 0) {
            return error(GuestErrno.EINVAL);
        }
        if (!space.inUserMemory(call.a0(), length)) {
            return error(GuestErrno.ENOMEM);
        }
        if (call.int2() == MADV_DONTNEED || call.int2() == MADV_FREE) {
            space.memory().discard(call.a0(), length);
        }
        return ok();
    }
}
