package borgcell.borglet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: a killed grandchild may linger as a zombie of init, which counts as gone. */
final class Processes {

    private Processes() {}

    static boolean isGone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;  // no such process
        }
    }

    /**
     * A prepared microVM stub of the JVM's shared ptrace platform (its name is "microvm-stub"):
     * it belongs to the platform, not to any Borglet, and dies with the JVM.
     */
    static boolean isMicroVmStub(ProcessHandle process) {
        return borgcell.borglet.vmm.ptrace.PtracePlatform.isStub(process.pid());
    }
}
