/**
 * x86-64 long mode as the VMM sets it up, without any guest boot code: identity page tables,
 * GDT, TSS, IDT, control registers, syscall MSRs, and the few hand-assembled ring-0 bytes the
 * guest ever runs. One hardware concept per file; the guest-memory layout in {@link GuestLayout}.
 */
package borgcell.borglet.vmm.arch;
