package borgcell.borglet.vmm;

import borgcell.borglet.vmm.kvm.KvmPlatform;
import borgcell.borglet.vmm.ptrace.PtracePlatform;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which platform this host offers, found by running the self-test guest on each: {@code kvm}
 * where {@code /dev/kvm} runs it, {@code ptrace} where a traced stub does. Each is tried once
 * per JVM; the platforms are shared (the ptrace platform's prepared stubs with them).
 */
public final class Platforms {

    /** KVM where it works, ptrace otherwise. */
    public static final String AUTO = "auto";
    /** The names {@link #named} takes. */
    public static final List<String> CHOICES = List.of(AUTO, KvmPlatform.NAME, PtracePlatform.NAME);

    private static final Platform KVM = KvmPlatform.perVm();
    private static final Platform PTRACE = new PtracePlatform(PtracePlatform.DEFAULT_PREPARED);
    private static volatile List<Platform> available;
    /** Each platform's self-test verdict, taken once: a Borglet asks at start, and the choice of platform asked before. */
    private static final Map<Platform, Boolean> VERDICTS = new ConcurrentHashMap<>();

    private Platforms() {}

    /**
     * The platform for {@code choice} ({@code auto}, {@code kvm} or {@code ptrace}, any case);
     * empty when it does not work here. Throws {@link IllegalArgumentException} for another name.
     */
    public static Optional<Platform> named(String choice) {
        String name = choice == null ? "" : choice.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case AUTO -> available().stream().findFirst();
            case KvmPlatform.NAME, PtracePlatform.NAME -> available().stream().filter(p -> p.name().equals(name)).findFirst();
            default -> throw new IllegalArgumentException("unknown microVM platform '" + choice + "': one of " + CHOICES);
        };
    }

    /** The platform auto chooses; empty where no platform works (the Borglet then does not offer microvm). */
    public static Optional<Platform> host() {
        return named(AUTO);
    }

    /** Whether the self-test guest runs on {@code platform} here; run once per platform and JVM. */
    public static boolean passes(Platform platform) {
        return VERDICTS.computeIfAbsent(platform, MicroVm::selfTest);
    }

    /** Every platform that passes its self-test here, KVM first. */
    public static List<Platform> available() {
        List<Platform> found = available;
        if (found == null) {
            synchronized (Platforms.class) {
                found = available;
                if (found == null) {
                    List<Platform> working = new ArrayList<>();
                    for (Platform candidate : List.of(KVM, PTRACE)) {
                        if (passes(candidate)) {
                            working.add(candidate);
                        }
                    }
                    found = List.copyOf(working);
                    available = found;
                }
            }
        }
        return found;
    }
}
