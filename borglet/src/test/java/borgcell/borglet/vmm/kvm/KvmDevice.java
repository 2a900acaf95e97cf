package borgcell.borglet.vmm.kvm;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests of KVM itself (the ioctl bindings, the vCPU) need {@code /dev/kvm}, a host device that
 * no CI script can install: without it they are skipped with the reason printed, under CI=true
 * too. What they cover above the CPU is tested on ptrace, which every host has.
 */
final class KvmDevice {

    private KvmDevice() {}

    static void assumePresent() {
        Path kvm = Path.of(Kvm.DEVICE);
        if (Files.isReadable(kvm) && Files.isWritable(kvm)) {
            return;
        }
        String reason = Kvm.DEVICE + " is missing or not read-writable on this host (its kernel is a guest without"
                + " nested virtualization?): KVM binding tests skipped; the VMM tests run on ptrace instead";
        System.err.println("skipped: " + reason);
        Assumptions.abort(reason);
    }
}
