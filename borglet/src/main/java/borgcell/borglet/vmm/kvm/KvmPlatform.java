package borgcell.borglet.vmm.kvm;

import borgcell.borglet.vmm.GuestMachine;
import borgcell.borglet.vmm.Platform;
import java.util.function.Consumer;

/**
 * The KVM platform: each guest in ring 3 of a VM of its own, on a platform thread of its own
 * (the vCPU's). Each VM opens {@code /dev/kvm}, or all share one descriptor.
 */
public final class KvmPlatform implements Platform {

    public static final String NAME = "kvm";

    /** null: each VM opens its own. */
    private final Kvm shared;

    private KvmPlatform(Kvm shared) {
        this.shared = shared;
    }

    /** Each VM opens /dev/kvm for itself. */
    public static KvmPlatform perVm() {
        return new KvmPlatform(null);
    }

    /** Every VM uses {@code kvm}, which stays the caller's to close. */
    public static KvmPlatform sharing(Kvm kvm) {
        return new KvmPlatform(kvm);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void launch(Consumer<MachineFactory> guest) {
        Thread.ofPlatform().name("microvm-vcpu").daemon(true).start(() -> guest.accept(this::create));
    }

    private GuestMachine create(long ram, boolean hugePages) {
        return shared != null ? new KvmMachine(shared, false, ram, hugePages) : new KvmMachine(Kvm.open(), true, ram, hugePages);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
