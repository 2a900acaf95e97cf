package borgcell.borglet.vmm.arch;

import java.util.LinkedHashMap;
import java.util.Map;

/** Model-specific registers the VMM writes: where {@code syscall} goes, and the FS base for TLS. */
public final class Msrs {

    public static final int MSR_STAR = 0xC0000081;
    public static final int MSR_LSTAR = 0xC0000082;
    public static final int MSR_SYSCALL_MASK = 0xC0000084;
    public static final int MSR_FS_BASE = 0xC0000100;
    public static final int MSR_GS_BASE = 0xC0000101;

    // RFLAGS bits cleared on syscall entry, as Linux does: no single-step or interrupts in the stub.
    private static final long TF = 1 << 8;
    private static final long IF = 1 << 9;
    private static final long DF = 1 << 10;
    private static final long IOPL = 3 << 12;
    private static final long NT = 1 << 14;
    private static final long AC = 1 << 18;

    private Msrs() {}

    /** STAR (kernel CS at 47:32, sysret base at 63:48), LSTAR (the entry stub), SFMASK. */
    public static Map<Integer, Long> syscall() {
        Map<Integer, Long> msrs = new LinkedHashMap<>();
        msrs.put(MSR_STAR, ((long) Selectors.SYSRET_BASE << 48) | ((long) Selectors.KERNEL_CODE << 32));
        msrs.put(MSR_LSTAR, GuestLayout.SYSCALL_ENTRY);
        msrs.put(MSR_SYSCALL_MASK, TF | IF | DF | IOPL | NT | AC);
        return msrs;
    }
}
