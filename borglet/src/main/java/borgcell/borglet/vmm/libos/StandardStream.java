package borgcell.borglet.vmm.libos;

import java.io.OutputStream;

/** Descriptor 0, 1 or 2: stdin is empty; stdout and stderr are the caller's streams (the task's logs). */
record StandardStream(int fd, OutputStream out) implements OpenFile {

    boolean readable() {
        return out == null;
    }

    @Override
    public int statusFlags() {
        return out == null ? OpenFlags.O_RDONLY : OpenFlags.O_WRONLY;
    }

    @Override
    public void close() {
        // The streams belong to the caller, who flushes and closes them when the VM ends.
    }
}
