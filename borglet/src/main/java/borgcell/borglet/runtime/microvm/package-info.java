/**
 * The {@code microvm} runtime: each task a static Linux binary in a KVM microVM of the embedded
 * VMM ({@link borgcell.borglet.vmm}), with its task directory as the guest's {@code /}.
 */
package borgcell.borglet.runtime.microvm;
