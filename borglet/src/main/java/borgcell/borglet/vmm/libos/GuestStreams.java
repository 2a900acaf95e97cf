package borgcell.borglet.vmm.libos;

import java.io.OutputStream;

/** Where the guest's stdout and stderr go: task log files, or the terminal for {@code borg vm run}. Stdin is empty. */
public record GuestStreams(OutputStream stdout, OutputStream stderr) {}
