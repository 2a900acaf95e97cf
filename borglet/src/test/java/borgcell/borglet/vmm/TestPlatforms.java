package borgcell.borglet.vmm;

import static org.assertj.core.api.Assertions.fail;

import borgcell.borglet.vmm.ptrace.PtracePlatform;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The platforms VMM tests run on: every one this host offers (here, where there is no
 * {@code /dev/kvm}, ptrace alone). ptrace works on any Linux host that lets a process trace
 * its children, so a host without it fails the tests under CI=true rather than skip them.
 */
public final class TestPlatforms {

    private TestPlatforms() {}

    /** For {@code @MethodSource}: each platform that passed its self-test here. */
    public static List<Platform> available() {
        List<Platform> found = Platforms.available();
        if (found.stream().noneMatch(p -> p.name().equals(PtracePlatform.NAME))) {
            String message = "the ptrace microVM platform does not work on this host (is ptrace forbidden here?)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " (CI=true: every Linux CI host can trace its children, so this is a failure)");
            }
            Assumptions.abort(message);
        }
        return found;
    }

    /** The platform the Borglet would choose here. */
    public static Platform host() {
        return available().getFirst();
    }
}
