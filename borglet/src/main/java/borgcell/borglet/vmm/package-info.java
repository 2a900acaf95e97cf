/**
 * The embedded VMM: each program runs in a KVM microVM of its own, in guest ring 3, and its
 * Linux syscalls are served by a library OS inside the VMM. {@link MicroVm} puts one together
 * in order (memory, vCPU, long mode, program, run loop); the subpackages hold the pieces:
 * {@code kvm} (ioctl bindings), {@code arch} (long-mode setup), {@code memory} (guest RAM),
 * {@code guest} (ELF loader, initial stack), {@code libos} (the syscall table).
 */
package borgcell.borglet.vmm;
