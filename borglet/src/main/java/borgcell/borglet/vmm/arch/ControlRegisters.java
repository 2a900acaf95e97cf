package borgcell.borglet.vmm.arch;

/** CR0, CR4 and EFER bits for long mode with paging and SSE (Intel SDM vol. 3, 2.5 and 2.2.1). */
public final class ControlRegisters {

    public static final long CR0_PE = 1L;           // protected mode
    public static final long CR0_MP = 1L << 1;      // monitor coprocessor: wait/fwait honour TS
    public static final long CR0_ET = 1L << 4;      // extension type, hardwired on modern CPUs
    public static final long CR0_NE = 1L << 5;      // x87 errors as #MF, not the PC's IRQ 13
    public static final long CR0_WP = 1L << 16;     // ring 0 respects read-only pages
    public static final long CR0_PG = 1L << 31;     // paging

    public static final long CR4_PAE = 1L << 5;         // required for long mode
    public static final long CR4_OSFXSR = 1L << 9;      // fxsave/fxrstor and SSE in ring 3
    public static final long CR4_OSXMMEXCPT = 1L << 10; // SIMD exceptions as #XM

    public static final long EFER_SCE = 1L;         // syscall/sysret
    public static final long EFER_LME = 1L << 8;    // long mode enable
    public static final long EFER_LMA = 1L << 10;   // long mode active (we set both: there is no mode switch)

    public static final long CR0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
    public static final long CR4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
    public static final long EFER = EFER_SCE | EFER_LME | EFER_LMA;

    private ControlRegisters() {}
}
