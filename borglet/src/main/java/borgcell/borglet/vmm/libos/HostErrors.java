package borgcell.borglet.vmm.libos;

import borgcell.borglet.vmm.host.Errno;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/** A host I/O failure as the errno the guest gets. What Java does not name is EIO: the guest learns no host detail. */
final class HostErrors {

    private HostErrors() {}

    static SyscallError toSyscallError(IOException e) {
        return new SyscallError(errno(e));
    }

    static int errno(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> Errno.ENOENT;
            case AccessDeniedException x -> Errno.EACCES;
            case FileAlreadyExistsException x -> Errno.EEXIST;
            case NotDirectoryException x -> Errno.ENOTDIR;
            case DirectoryNotEmptyException x -> Errno.ENOTEMPTY;
            case FileSystemLoopException x -> Errno.ELOOP;
            case NotLinkException x -> Errno.EINVAL;
            case FileSystemException x when x.getReason() != null && x.getReason().contains("No space left") -> Errno.ENOSPC;
            case FileSystemException x when x.getReason() != null && x.getReason().contains("Is a directory") -> Errno.EISDIR;
            case FileSystemException x when x.getReason() != null && x.getReason().contains("Too many levels") -> Errno.ELOOP;
            default -> Errno.EIO;
        };
    }
}
