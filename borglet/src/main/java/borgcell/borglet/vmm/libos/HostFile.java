package borgcell.borglet.vmm.libos;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A regular file of the sandbox, open on the host. The channel's position is the file
 * position; O_APPEND is kept here and applied before each write (Java refuses APPEND with READ).
 * An O_PATH descriptor has no channel: it names the file for fstat and nothing else.
 */
final class HostFile implements OpenFile {

    private final FileChannel channel;
    private final Path hostPath;
    private final int accessMode;
    private boolean append;

    HostFile(FileChannel channel, Path hostPath, int accessMode, boolean append) {
        this.channel = channel;
        this.hostPath = hostPath;
        this.accessMode = accessMode;
        this.append = append;
    }

    FileChannel channel() {
        return channel;
    }

    Path hostPath() {
        return hostPath;
    }

    boolean readable() {
        return channel != null && (accessMode == OpenFlags.O_RDONLY || accessMode == OpenFlags.O_RDWR);
    }

    boolean writable() {
        return channel != null && (accessMode == OpenFlags.O_WRONLY || accessMode == OpenFlags.O_RDWR);
    }

    boolean append() {
        return append;
    }

    void append(boolean on) {
        append = on;
    }

    @Override
    public int statusFlags() {
        return (channel == null ? OpenFlags.O_PATH : accessMode) | (append ? OpenFlags.O_APPEND : 0);
    }

    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing the guest could do about it: close(2) has already answered.
        }
    }
}
