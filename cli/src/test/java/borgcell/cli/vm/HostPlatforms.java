package borgcell.cli.vm;

import borgcell.borglet.vmm.Platform;
import borgcell.borglet.vmm.Platforms;
import borgcell.borglet.vmm.kvm.KvmPlatform;
import borgcell.borglet.vmm.ptrace.PtracePlatform;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The microVM platforms this host has, for tests that run guests: they run on whichever there
 * is, and skip only where there is none, which on CI is a failure (ptrace works on every Linux
 * CI host, /dev/kvm or not).
 */
final class HostPlatforms {

    private HostPlatforms() {}

    /** Every platform that works here; skips the test (fails it on CI) when there is none. */
    static List<Platform> assumeOne() {
        List<Platform> here = Platforms.available();
        if (here.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("no microVM platform works on this CI host, and ptrace should work on every Linux host");
        }
        Assumptions.assumeFalse(here.isEmpty(), "no microVM platform works here: neither /dev/kvm nor ptrace");
        return here;
    }

    /** Skips the test (fails it on CI) where ptrace does not work. */
    static void assumePtrace() {
        boolean works = Platforms.named(PtracePlatform.NAME).isPresent();
        if (!works && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("the ptrace platform does not work on this CI host, and it should on every Linux host");
        }
        Assumptions.assumeTrue(works, "the ptrace platform does not work here (ptrace forbidden by seccomp or Yama?)");
    }

    static boolean kvmWorks() {
        return Platforms.named(KvmPlatform.NAME).isPresent();
    }
}
