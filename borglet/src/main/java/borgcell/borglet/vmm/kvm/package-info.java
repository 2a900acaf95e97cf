/**
 * Bindings to {@code /dev/kvm} through the Foreign Function &amp; Memory API: libc calls with
 * errno captured, the KVM ioctl numbers, and the {@code linux/kvm.h} structs as layouts over
 * native memory. No native library of our own; one kernel concept per file.
 */
package borgcell.borglet.vmm.kvm;
