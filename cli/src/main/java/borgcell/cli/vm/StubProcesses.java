package borgcell.cli.vm;

import borgcell.borglet.vmm.ptrace.PtracePlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ptrace platform's stub processes: children of this JVM whose name is {@code microvm-stub}.
 * What one costs the host on its own is its private memory and its page tables; the guest pages
 * it maps are the guest memory memfd's, shared with the JVM and counted as the guest's.
 * The kernel's own structures for each (its kernel stack, task and mm structs) show in no
 * per-process figure; {@link KernelMemory} estimates them host-wide.
 */
final class StubProcesses {

    /** How the guest memory's memfd shows in a stub's maps once it holds a guest (a prepared stub does not yet). */
    private static final String GUEST_MEMORY = "/memfd:microvm-guest";

    private StubProcesses() {}

    /** Pids of the stubs that hold a guest now. */
    static Set<Long> holdingGuests() {
        return ProcessHandle.current().children().map(ProcessHandle::pid)
                .filter(PtracePlatform::isStub)
                .filter(pid -> read(pid, "maps").contains(GUEST_MEMORY))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** KiB a stub holds beyond guest memory: VmRSS less RssShmem, plus VmPTE. */
    static long ownKib(ProcStatus stub) {
        return stub.vmRssKib() - stub.rssShmemKib() + stub.vmPteKib();
    }

    /** {@code /proc/PID/FILE}, or "" when the process is gone. */
    private static String read(long pid, String file) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/" + file));
        } catch (IOException e) {
            return "";
        }
    }
}
