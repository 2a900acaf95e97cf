package borgcell.borglet.vmm.arch;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * Identity-mapped 4-level page tables over all of guest RAM: 2 MiB pages above
 * {@link GuestLayout#USER_BASE}, user-accessible and writable; 4 KiB pages for the first
 * 2 MiB, supervisor-only except the read-only syscall page, with the null page absent. Addresses past RAM are not mapped, so
 * the guest takes a page fault there rather than an MMIO exit.
 */
public final class PageTables {

    private static final long PRESENT = 1;
    private static final long WRITABLE = 1 << 1;
    private static final long USER = 1 << 2;
    private static final long LARGE = 1 << 7;
    private static final int ENTRIES = 512;

    private PageTables() {}

    /** Writes the tables into {@code lowMemory} (guest memory from address 0) for {@code ram} bytes of RAM. */
    public static void write(MemorySegment lowMemory, long ram) {
        long directories = (ram + GuestLayout.GIB - 1) / GuestLayout.GIB;
        // Intermediate entries allow everything; the leaf entries decide.
        entry(lowMemory, GuestLayout.PML4, 0, GuestLayout.PDPT | PRESENT | WRITABLE | USER);
        for (long gib = 0; gib < directories; gib++) {
            long directory = GuestLayout.PAGE_DIRECTORIES + gib * GuestLayout.PAGE_SIZE;
            entry(lowMemory, GuestLayout.PDPT, gib, directory | PRESENT | WRITABLE | USER);
        }
        long largePages = ram / GuestLayout.LARGE_PAGE_SIZE;
        // The directories are contiguous, so 2 MiB page n is entry n counted from the first one.
        entry(lowMemory, GuestLayout.PAGE_DIRECTORIES, 0, GuestLayout.LOW_PAGE_TABLE | PRESENT | WRITABLE | USER);
        for (long page = 1; page < largePages; page++) {
            long address = page * GuestLayout.LARGE_PAGE_SIZE;
            entry(lowMemory, GuestLayout.PAGE_DIRECTORIES, page, address | PRESENT | WRITABLE | USER | LARGE);
        }
        for (long page = 1; page < ENTRIES; page++) {
            // The syscall page is read-only for ring 3, which may have to run the stub (see GuestCode).
            long flags = page * GuestLayout.PAGE_SIZE == GuestLayout.SYSCALL_PAGE ? PRESENT | USER : PRESENT | WRITABLE;
            entry(lowMemory, GuestLayout.LOW_PAGE_TABLE, page, page * GuestLayout.PAGE_SIZE | flags);
        }
    }

    /** Pages that hold the tables for {@code ram} bytes, to check they fit below USER_BASE. */
    static long tableBytes(long ram) {
        return GuestLayout.PAGE_DIRECTORIES + (ram + GuestLayout.GIB - 1) / GuestLayout.GIB * GuestLayout.PAGE_SIZE;
    }

    private static void entry(MemorySegment memory, long table, long index, long value) {
        memory.set(JAVA_LONG_UNALIGNED, table + index * 8, value);
    }
}
