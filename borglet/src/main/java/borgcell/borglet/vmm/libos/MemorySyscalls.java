package borgcell.borglet.vmm.libos;

import static borgcell.borglet.vmm.libos.SyscallOutcome.error;
import static borgcell.borglet.vmm.libos.SyscallOutcome.ok;
import static borgcell.borglet.vmm.libos.SyscallOutcome.value;

import borgcell.borglet.vmm.host.Errno;

/**
 * brk, mmap (anonymous, and private file mappings), munmap, mprotect, madvise over the
 * {@link AddressSpace}. A file mapping is a copy: anonymous memory filled from the file at
 * mmap time (there is no page cache to share, and with one process no one could tell).
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
    static final int PROT_WRITE = 0x2;
    static final int PROT_ALL = 0x7;
    static final int MADV_DONTNEED = 4;
    static final int MADV_FREE = 8;

    private final AddressSpace space;
    private final FdTable fds;
    private final FileSyscalls files;

    MemorySyscalls(AddressSpace space, FdTable fds, FileSyscalls files) {
        this.space = space;
        this.fds = fds;
        this.files = files;
    }

    /** brk(addr): the new break, or the old one when it cannot move (that is how brk fails). */
    public SyscallOutcome brk(SyscallArgs call) {
        return value(space.brk(call.a0()));
    }

    /** mmap(addr, length, prot, flags, fd, offset): anonymous memory, or a private copy of a file's pages. */
    public SyscallOutcome mmap(SyscallArgs call) {
        int flags = (int) call.a3();
        int type = flags & MAP_SHARED_VALIDATE;
        if (type == 0 || (call.int2() & ~PROT_ALL) != 0) {
            return error(Errno.EINVAL);
        }
        if ((flags & MAP_ANONYMOUS) == 0) {
            return mapFile(call, type);
        }
        // With one process and no fork, a shared anonymous mapping behaves as a private one.
        return value(space.map(call.a0(), call.a1(), (flags & MAP_FIXED) != 0, (flags & MAP_FIXED_NOREPLACE) != 0));
    }

    /**
     * A file mapping: the file must be a readable sandbox file and the offset page-aligned. A
     * shared writable mapping would have to write back to the file: not served (ENODEV). A
     * shared read-only one is the same as a private copy as long as no one else writes the file.
     */
    private SyscallOutcome mapFile(SyscallArgs call, int type) {
        long offset = call.a5();
        if (offset < 0 || offset % AddressSpace.PAGE != 0) {
            return error(Errno.EINVAL);
        }
        if (type != MAP_PRIVATE && (call.int2() & PROT_WRITE) != 0) {
            return error(Errno.ENODEV);
        }
        OpenFile file = fds.get(call.int4());
        if (!(file instanceof HostFile f)) {
            return error(Errno.ENODEV);
        }
        if (!f.readable()) {
            return error(Errno.EACCES);
        }
        int flags = (int) call.a3();
        long address = space.map(call.a0(), call.a1(), (flags & MAP_FIXED) != 0, (flags & MAP_FIXED_NOREPLACE) != 0);
        if (address < 0) {
            return value(address);
        }
        try {
            files.readInto(file, space.memory().slice(address, call.a1()), offset);
        } catch (SyscallError e) {
            space.unmap(address, call.a1());
            throw e;
        }
        return value(address);
    }

    /** munmap(addr, length). */
    public SyscallOutcome munmap(SyscallArgs call) {
        return value(space.unmap(call.a0(), call.a1()));
    }

    /** mprotect(addr, length, prot): checked, then accepted without effect (see the class comment). */
    public SyscallOutcome mprotect(SyscallArgs call) {
        if (call.a0() % AddressSpace.PAGE != 0 || (call.int2() & ~PROT_ALL) != 0) {
            return error(Errno.EINVAL);
        }
        long length = AddressSpace.pageUp(call.a1());
        return length >= 0 && space.inUserMemory(call.a0(), length) ? ok() : error(Errno.ENOMEM);
    }

    /** madvise(addr, length, advice): DONTNEED and FREE give the pages back (they read zero after); other advice is a hint we may ignore. */
    public SyscallOutcome madvise(SyscallArgs call) {
        long length = AddressSpace.pageUp(call.a1());
        if (call.a0() % AddressSpace.PAGE != 0 || length < 0) {
            return error(Errno.EINVAL);
        }
        if (!space.inUserMemory(call.a0(), length)) {
            return error(Errno.ENOMEM);
        }
        if (call.int2() == MADV_DONTNEED || call.int2() == MADV_FREE) {
            space.memory().discard(call.a0(), length);
        }
        return ok();
    }
}
