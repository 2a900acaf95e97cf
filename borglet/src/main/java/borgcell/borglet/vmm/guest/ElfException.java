package borgcell.borglet.vmm.guest;

/** An ELF file the VMM will not run, with a message that says why in terms of the file. */
public final class ElfException extends Exception {

    public ElfException(String message) {
        super(message);
    }
}
