package borgcell.borglet.vmm.guest;

/** Auxiliary vector keys (elf.h): what the kernel tells a new program about itself and the machine. */
public final class AuxVector {

    public static final long AT_NULL = 0;
    public static final long AT_PHDR = 3;
    public static final long AT_PHENT = 4;
    public static final long AT_PHNUM = 5;
    public static final long AT_PAGESZ = 6;
    public static final long AT_BASE = 7;
    public static final long AT_FLAGS = 8;
    public static final long AT_ENTRY = 9;
    public static final long AT_UID = 11;
    public static final long AT_EUID = 12;
    public static final long AT_GID = 13;
    public static final long AT_EGID = 14;
    public static final long AT_CLKTCK = 17;
    public static final long AT_SECURE = 23;
    public static final long AT_RANDOM = 25;
    public static final long AT_EXECFN = 31;

    private AuxVector() {}
}
