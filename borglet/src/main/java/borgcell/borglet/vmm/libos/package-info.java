/**
 * The library OS: the Linux x86-64 syscall ABI served inside the VMM. {@link Linux64} is the
 * table from number to handler, read top to bottom; handlers live by family, one family a
 * file. Anything not in the table answers -ENOSYS and is counted, never "succeeds".
 */
package borgcell.borglet.vmm.libos;
