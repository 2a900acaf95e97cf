package borgcell.borglet.vmm.guest;

/** One {@code Elf64_Phdr}, as read (values unsigned in the file; the parser rejects any with bit 63 set). */
public record ProgramHeader(int type, int flags, long offset, long vaddr, long fileSize, long memorySize, long align) {

    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final int PT_INTERP = 3;
    public static final int PT_PHDR = 6;

    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;

    public long end() {
        return vaddr + memorySize;
    }

    public boolean executable() {
        return (flags & PF_X) != 0;
    }
}
