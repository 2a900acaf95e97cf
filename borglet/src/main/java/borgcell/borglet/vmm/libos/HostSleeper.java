package borgcell.borglet.vmm.libos;

import java.util.concurrent.locks.LockSupport;

/**
 * The vCPU thread parks on the host; {@link #wake()} (the VM's kill or deadline) unparks it and
 * every later sleep returns at once, so a guest in nanosleep ends as promptly as a spinning one.
 * A kick signal or a spurious unpark only makes it look at the clock again.
 */
public final class HostSleeper implements Sleeper {

    private volatile boolean woken;
    private volatile Thread sleeping;

    @Override
    public boolean sleepUntil(long deadlineNanos) {
        sleeping = Thread.currentThread();
        try {
            // woken is read after sleeping is written: a wake() in between sees the thread or is seen here.
            while (!woken) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                LockSupport.parkNanos(this, left);
            }
            return false;
        } finally {
            sleeping = null;
        }
    }

    /** From any thread: the current sleep and all later ones end now. */
    public void wake() {
        woken = true;
        Thread t = sleeping;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
