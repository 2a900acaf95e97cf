package borgcell.borglet.vmm.libos;

/**
 * What a guest file descriptor refers to. A closed set, so each file syscall says, in one
 * switch, what it does with each kind. Several descriptors may share one (F_DUPFD), and with
 * it the file position.
 */
public sealed interface OpenFile permits StandardStream, HostFile, HostDirectory {

    /** O_RDONLY=0, O_WRONLY=1, O_RDWR=2, or O_PATH, plus O_APPEND: what F_GETFL answers. */
    int statusFlags();

    /** Releases what the host holds for it (a channel); the table calls it when the last descriptor goes. */
    void close();
}
