package borgcell.borglet.vmm.libos;

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
            case NoSuchFileException x -> GuestErrno.ENOENT;
            case AccessDeniedException x -> GuestErrno.EACCES;
            case FileAlreadyExistsException x -> GuestErrno.EEXIST;
            case NotDirectoryException x -> GuestErrno.ENOTDIR;
            case DirectoryNotEmptyException x -> GuestErrno.ENOTEMPTY;
            case FileSystemLoopException x -> GuestErrno.ELOOP;
            case NotLinkException x -> GuestErrno.EINVAL;
            case FileSystemException x when x.getReason() != null && x.getReason().contains("No space left") -> GuestErrno.ENOSPC;
            case FileSystemException x when x.getReason() != null && x.getReason().contains("Is a directory") -> GuestErrno.EISDIR;
            case FileSystemException x when x.getReason() != null && x.getReason().contains("Too many levels") -> GuestErrno.ELOOP;
            default -> GuestErrno.EIO;
        };
    }
}
