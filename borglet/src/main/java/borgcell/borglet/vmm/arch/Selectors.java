package borgcell.borglet.vmm.arch;

/**
 * GDT slots and the selectors built from them (index * 8 | requested privilege level). The
 * order follows what {@code syscall}/{@code sysret} expect from MSR_STAR: kernel code, kernel
 * data; then user data and user code 16 and 24 bytes after the sysret base.
 */
public final class Selectors {

    public static final int KERNEL_CODE = 0x08;
    public static final int KERNEL_DATA = 0x10;
    /** Slot 3 is the 32-bit user code sysret would use; we never run 32-bit code, so it stays null. */
    public static final int SYSRET_BASE = 0x18;
    public static final int USER_DATA = 0x20 | 3;
    public static final int USER_CODE = 0x28 | 3;
    /** A 64-bit TSS descriptor takes two slots (6 and 7). */
    public static final int TSS = 0x30;

    public static final int GDT_ENTRIES = 8;

    private Selectors() {}
}
