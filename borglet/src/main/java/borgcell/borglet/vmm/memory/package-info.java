/**
 * Guest RAM: one anonymous host mapping, touched lazily, and the bounds-checked views through
 * which the VMM and the library OS read and write it. An address or length from the guest
 * never reaches native memory unchecked.
 */
package borgcell.borglet.vmm.memory;
