package borgcell.borglet.vmm;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** VMM tests need /dev/kvm: without it they are skipped, except under CI, which has it and must not skip. */
public final class KvmAvailability {

    private KvmAvailability() {}

    public static void assumeKvm() {
        Path kvm = Path.of("/dev/kvm");
        if (Files.isReadable(kvm) && Files.isWritable(kvm)) {
            return;
        }
        String message = "/dev/kvm is missing or not read-writable for this user: microVM tests need KVM";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true: CI machines have KVM, so this is a failure)");
        }
        Assumptions.abort(message);
    }
}
