package borgcell.borglet.vmm.memory;

import borgcell.borglet.vmm.kvm.LibC;
import java.lang.foreign.MemorySegment;

/**
 * Guest-physical memory {@code [0, size)}: an anonymous private mapping with MAP_NORESERVE, so
 * a VM costs host memory only for the pages its guest touches. The guest sees it at
 * guest-physical address 0 (one KVM memory slot).
 */
public final class GuestMemory implements AutoCloseable {

    public static final long PAGE_SIZE = 4096;

    private final MemorySegment ram;

    private GuestMemory(MemorySegment ram) {
        this.ram = ram;
    }

    /**
     * Maps {@code size} bytes (a multiple of 2 MiB). With {@code hugePages}, asks for transparent
     * huge pages: first touches are far cheaper under shadow paging, at 2 MiB of host memory each.
     */
    public static GuestMemory allocate(long size, boolean hugePages) {
        if (size <= 0 || size % (2L << 20) != 0) {
            throw new IllegalArgumentException("guest RAM must be a positive multiple of 2 MiB: " + size);
        }
        MemorySegment ram = LibC.mmap(size, LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | LibC.MAP_NORESERVE, -1, "guest RAM");
        if (hugePages) {
            LibC.madvise(ram, LibC.MADV_HUGEPAGE);
        }
        return new GuestMemory(ram);
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
            LibC.madvise(ram.asSlice(address, length), LibC.MADV_DONTNEED);
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
