package borgcell.borglet.vmm.libos;

/** A row of the syscall table: number, name (as in the kernel's syscall_64.tbl) and handler. */
public record Syscall(int number, String name, SyscallHandler handler) {}
