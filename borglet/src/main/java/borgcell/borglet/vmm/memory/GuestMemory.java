package borgcell.borglet.vmm.memory;

import borgcell.borglet.vmm.host.LibC;
import java.lang.foreign.MemorySegment;

/**
 * Guest memory {@code [0, size)} as mapped in the Borglet; the guest sees byte N at its
 * address N on every platform. Two backings:
 * <ul>
 *   <li>{@link #anonymous}: a private anonymous mapping with MAP_NORESERVE, the RAM of a KVM
 *       VM (one memory slot at guest-physical 0);
 *   <li>{@link #shared}: a memfd mapped shared, the same pages the ptrace platform's stub
 *       process maps at the guest's addresses.
 * </ul>
 * Either way a guest costs host memory only for the pages it touches.
 */
public final class GuestMemory implements AutoCloseable {

    public static final long PAGE_SIZE = 4096;

    private final MemorySegment ram;
    /** How pages are given back: MADV_DONTNEED drops private pages; shared ones need MADV_REMOVE to free the file's. */
    private final int discardAdvice;

    private GuestMemory(MemorySegment ram, int discardAdvice) {
        this.ram = ram;
        this.discardAdvice = discardAdvice;
    }

    /**
     * Maps {@code size} bytes (a multiple of 2 MiB) of anonymous memory. With {@code hugePages},
     * asks for transparent huge pages: first touches are far cheaper under shadow paging, at
     * 2 MiB of host memory each.
     */
    public static GuestMemory anonymous(long size, boolean hugePages) {
        checkSize(size);
        MemorySegment ram = LibC.mmap(size, LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | LibC.MAP_NORESERVE, -1, "guest RAM");
        if (hugePages) {
            LibC.madvise(ram, LibC.MADV_HUGEPAGE);
        }
        return new GuestMemory(ram, LibC.MADV_DONTNEED);
    }

    /** Maps the first {@code size} bytes of {@code memfd} shared; the descriptor stays the caller's. */
    public static GuestMemory shared(int memfd, long size) {
        checkSize(size);
        MemorySegment ram = LibC.mmap(size, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, memfd, "guest RAM (memfd)");
        return new GuestMemory(ram, LibC.MADV_REMOVE);
    }

    private static void checkSize(long size) {
        if (size <= 0 || size % (2L << 20) != 0) {
            throw new IllegalArgumentException("guest RAM must be a positive multiple of 2 MiB: " + size);
        }
    }

    public long size() {
        return ram.byteSize();
    }

    /** The host mapping, for the KVM memory slot. */
    public MemorySegment host() {
        return ram;
    }

    /** {@code [address, address + length)} of guest memory; throws {@link BadGuestAddressException} outside it. */
    public MemorySegment slice(long address, long length) {
        check(address, length, 0);
        return ram.asSlice(address, length);
    }

    /** Whether {@code [address, address + length)} lies within {@code [floor, size)}, without overflow. */
    boolean contains(long address, long length, long floor) {
        return address >= floor && length >= 0 && address <= size() && length <= size() - address;
    }

    void check(long address, long length, long floor) {
        if (!contains(address, length, floor)) {
            throw new BadGuestAddressException(address, length);
        }
    }

    /**
     * Gives the host pages of a page-aligned range back: the guest reads zeros there next time
     * (what anonymous memory that was unmapped and mapped again must show).
     */
    public void discard(long address, long length) {
        check(address, length, 0);
        if (address % PAGE_SIZE != 0 || length % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("discard needs page-aligned ranges");
        }
        if (length > 0) {
            LibC.madvise(ram.asSlice(address, length), discardAdvice);
        }
    }

    /** Host memory the guest's RAM holds now: the pages touched and not given back. */
    public long residentBytes() {
        return LibC.residentBytes(ram);
    }

    @Override
    public void close() {
        LibC.munmap(ram);
    }
}
