package borgcell.borglet.vmm.arch;

import borgcell.borglet.vmm.host.Signals;

/**
 * The 32 architectural exception vectors: which push an error code (so the VMM finds the
 * faulting rip one slot further up the kernel stack), and the signal Linux would deliver for
 * each, which gives the exit status 128 + signal of a guest that takes one.
 */
public enum ExceptionVector {
    DE("#DE divide error", false, Signals.SIGFPE),
    DB("#DB debug", false, Signals.SIGTRAP),
    NMI("NMI", false, Signals.SIGSEGV),
    BP("#BP breakpoint", false, Signals.SIGTRAP),
    OF("#OF overflow", false, Signals.SIGSEGV),
    BR("#BR bound range", false, Signals.SIGSEGV),
    UD("#UD invalid opcode", false, Signals.SIGILL),
    NM("#NM device not available", false, Signals.SIGSEGV),
    DF("#DF double fault", true, Signals.SIGSEGV),
    CSO("coprocessor segment overrun", false, Signals.SIGFPE),
    TS("#TS invalid TSS", true, Signals.SIGSEGV),
    NP("#NP segment not present", true, Signals.SIGBUS),
    SS("#SS stack fault", true, Signals.SIGBUS),
    GP("#GP general protection", true, Signals.SIGSEGV),
    PF("#PF page fault", true, Signals.SIGSEGV),
    RESERVED_15("vector 15", false, Signals.SIGSEGV),
    MF("#MF x87 floating point", false, Signals.SIGFPE),
    AC("#AC alignment check", true, Signals.SIGBUS),
    MC("#MC machine check", false, Signals.SIGBUS),
    XM("#XM SIMD floating point", false, Signals.SIGFPE),
    VE("#VE virtualization", false, Signals.SIGSEGV),
    CP("#CP control protection", true, Signals.SIGSEGV),
    RESERVED_22("vector 22", false, Signals.SIGSEGV),
    RESERVED_23("vector 23", false, Signals.SIGSEGV),
    RESERVED_24("vector 24", false, Signals.SIGSEGV),
    RESERVED_25("vector 25", false, Signals.SIGSEGV),
    RESERVED_26("vector 26", false, Signals.SIGSEGV),
    RESERVED_27("vector 27", false, Signals.SIGSEGV),
    HV("#HV hypervisor injection", false, Signals.SIGSEGV),
    VC("#VC VMM communication", true, Signals.SIGSEGV),
    SX("#SX security", true, Signals.SIGSEGV),
    RESERVED_31("vector 31", false, Signals.SIGSEGV);

    public static final int COUNT = 32;

    private final String description;
    private final boolean errorCode;
    private final int signal;

    ExceptionVector(String description, boolean errorCode, int signal) {
        this.description = description;
        this.errorCode = errorCode;
        this.signal = signal;
    }

    public static ExceptionVector of(int vector) {
        return values()[vector];
    }

    public String description() {
        return description;
    }

    public boolean pushesErrorCode() {
        return errorCode;
    }

    public int signal() {
        return signal;
    }
}
