package borgcell.borglet.vmm.libos;

/** The bits of vCPU state a syscall may change: the FS and GS bases of arch_prctl. */
public interface GuestCpu {
    long fsBase();

    void fsBase(long base);

    long gsBase();

    void gsBase(long base);
}
