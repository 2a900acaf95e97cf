/**
 * The guest program: a static x86-64 ELF executable (ET_EXEC, or static-pie) parsed with every
 * header value checked, copied into guest memory, and given the System V initial stack
 * (argc, argv, envp, auxiliary vector) that the kernel's execve would have built.
 */
package borgcell.borglet.vmm.guest;
