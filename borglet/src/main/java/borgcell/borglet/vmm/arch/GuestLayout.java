package borgcell.borglet.vmm.arch;

/**
 * Where everything lives in guest memory. Guest-virtual equals guest-physical (identity
 * mapping), so these are both. The first 2 MiB belong to the VMM; the guest's program, heap,
 * mappings and stack live in {@code [USER_BASE, ram)}.
 *
 * <pre>
 * 0x0000_0000  null page, not present: a null dereference faults
 * 0x0000_1000  system page (supervisor): GDT, TSS and its I/O bitmap, IDT, exception entries, kernel stack
 * 0x0000_2000  syscall page (user read-only): the syscall entry stub and its iretq frame
 * 0x0000_3000  PML4
 * 0x0000_4000  PDPT
 * 0x0000_5000  page table for the first 2 MiB (4 KiB pages, so the null page can be absent)
 * 0x0000_6000  page directories, one per GiB of RAM (2 MiB pages)
 * 0x0020_0000  USER_BASE: ELF image, then brk heap; mmap regions below the stack
 * ram - stack  the initial stack, growing down from the top of RAM
 * </pre>
 *
 * Everything a syscall or fault touches sits on two pages, so it costs at most two
 * shadow-paging fills, once.
 */
public final class GuestLayout {

    public static final long PAGE_SIZE = 4096;
    public static final long LARGE_PAGE_SIZE = 2L << 20;
    public static final long GIB = 1L << 30;

    public static final long SYSTEM_PAGE = 0x1000;
    public static final long GDT = SYSTEM_PAGE;                       // 8 descriptors, 64 bytes
    public static final long TSS = SYSTEM_PAGE + 0x100;               // 104 bytes and a 33-byte I/O bitmap
    public static final long IDT = SYSTEM_PAGE + 0x200;               // 32 gates of 16 bytes
    public static final long EXCEPTION_ENTRIES = SYSTEM_PAGE + 0x900; // one byte per vector
    public static final long KERNEL_STACK_TOP = SYSTEM_PAGE + PAGE_SIZE; // grows down to 0x1C00 at most

    public static final long SYSCALL_PAGE = 0x2000;
    public static final long SYSCALL_ENTRY = SYSCALL_PAGE;            // MSR_LSTAR points here
    public static final long SYSCALL_IRET_FRAME = SYSCALL_PAGE + 0x800; // 5 quadwords the VMM writes

    public static final long PML4 = 0x3000;
    public static final long PDPT = 0x4000;
    public static final long LOW_PAGE_TABLE = 0x5000;
    public static final long PAGE_DIRECTORIES = 0x6000;

    /** The lowest address the guest's ring 3 may use, and where page tables end at the latest. */
    public static final long USER_BASE = LARGE_PAGE_SIZE;

    /** One page directory per GiB; 64 of them end far below USER_BASE. */
    public static final long MAX_RAM = 64 * GIB;
    /** Room for page tables, an ELF image, a stack and a heap, however small the program. */
    public static final long MIN_RAM = 8L << 20;

    /** Load address for a position-independent (static-pie) program. */
    public static final long PIE_BASE = 0x400000;

    private GuestLayout() {}

    /** Stack reserved at the top of RAM: an eighth of it, between 256 KiB and 8 MiB (Linux's default). */
    public static long stackReserve(long ram) {
        return Math.clamp(ram / 8, 256L << 10, 8L << 20) & -PAGE_SIZE;
    }

    /** The lowest address of the stack reservation; nothing else may be placed at or above it. */
    public static long stackBottom(long ram) {
        return ram - stackReserve(ram);
    }
}
