package borgcell.borglet.vmm.guest;

/**
 * Where a program ended up in guest memory: what the initial stack's auxiliary vector and
 * the library OS's heap need to know.
 *
 * @param entry            where ring 3 starts (e_entry plus the load bias)
 * @param programHeaders   address of the program headers in guest memory (AT_PHDR)
 * @param programHeaderCount AT_PHNUM
 * @param imageStart       lowest byte of the image
 * @param imageEnd         one past the highest byte of any segment, bss included
 * @param bias             what was added to every vaddr (0 for ET_EXEC)
 */
public record LoadedProgram(long entry, long programHeaders, int programHeaderCount, long imageStart, long imageEnd, long bias) {}
