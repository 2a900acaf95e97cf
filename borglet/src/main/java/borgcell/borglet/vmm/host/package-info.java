/**
 * The host's libc through the Foreign Function &amp; Memory API, for every platform of the VMM:
 * memory mappings, descriptors, processes and signals, with errno captured and named in
 * failures. No native library of our own.
 */
package borgcell.borglet.vmm.host;
