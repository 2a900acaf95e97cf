package borgcell.borglet.vmm.memory;

/** A guest address range outside the memory it may use: the library OS answers -EFAULT. */
public final class BadGuestAddressException extends RuntimeException {

    public BadGuestAddressException(long address, long length) {
        super("bad guest address 0x" + Long.toHexString(address) + " (+" + Long.toUnsignedString(length) + " bytes)");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // A hostile guest can raise this at every syscall; a stack trace says nothing about the guest.
        return this;
    }
}
