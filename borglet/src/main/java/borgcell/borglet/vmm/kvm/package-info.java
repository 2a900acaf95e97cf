/**
 * The KVM platform: a guest in ring 3 of a VM of its own made through {@code /dev/kvm}. The
 * KVM ioctl numbers and the {@code linux/kvm.h} structs as layouts over native memory, one
 * kernel concept per file, and the {@code GuestMachine} they make together.
 */
package borgcell.borglet.vmm.kvm;
