package borgcell.borglet.vmm.libos;

/**
 * How the library OS waits (nanosleep, a futex wait with a timeout): the vCPU thread blocks on
 * the host, and whoever stops the VM must be able to cut that short. Tests pass one that does
 * not sleep at all.
 */
public interface Sleeper {

    /**
     * Blocks until {@link System#nanoTime()} reaches {@code deadlineNanos} or the VM is being
     * stopped; true when the whole time passed, false when it was cut short.
     */
    boolean sleepUntil(long deadlineNanos);
}
