package borgcell.borglet.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A way to run a task on this machine ("process", "microvm"). The Borglet advertises a
 * runtime to the cell only after its {@link #selfTest()} passed here.
 */
public interface TaskRuntime {

    /** The name a task template asks for in its {@code runtime} field. */
    String name();

    /** Runs a trivial task and says whether this runtime works on this host. */
    boolean selfTest();

    /**
     * Machine attributes this runtime adds when it is offered (the microVM's {@code platform}),
     * for jobs to constrain on; the Borglet's configured attributes win over these.
     */
    default Map<String, String> attributes() {
        return Map.of();
    }

    /**
     * Kills what an earlier Borglet on {@code workDir} left running in this runtime when it died
     * without closing (SIGKILL, a crash), and returns how many tasks that was. Called before
     * the Borglet registers: the cell may have started them elsewhere since.
     */
    default int reapOrphans(Path workDir) {
        return 0;
    }

    /**
     * Starts one run of a task. A task that cannot start for a reason of its own (no such
     * binary) is returned as a {@link RunningTask} that has already ended with
     * {@link TaskExit.NotStarted}; an IOException means the host failed us.
     */
    RunningTask start(TaskLaunch launch) throws IOException;
}
