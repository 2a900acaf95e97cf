package borgcell.borglet.vmm;

import borgcell.borglet.vmm.kvm.KvmPlatform;
import borgcell.borglet.vmm.ptrace.PtracePlatform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which platform this host offers, found by running the self-test guest on each: {@code kvm}
 * where {@code /dev/kvm} runs it, {@code ptrace} where a traced stub does. Each is tried once
 * per JVM; the platforms are shared (the ptrace platform's prepared stubs with them). The choice
 * is logged once, with the reason each platform passed over gave (a missing device, an ioctl
 * the host's KVM refused, a guest fault), so that a host on ptrace says why it is not on KVM.
 */
public final class Platforms {

    private static final Logger log = LoggerFactory.getLogger(Platforms.class);

    /** KVM where it works, ptrace otherwise. */
    public static final String AUTO = "auto";
    /** The names {@link #named} takes. */
    public static final List<String> CHOICES = List.of(AUTO, KvmPlatform.NAME, PtracePlatform.NAME);

    private static final Platform KVM = KvmPlatform.perVm();
    private static final Platform PTRACE = new PtracePlatform(PtracePlatform.DEFAULT_PREPARED);
    private static volatile List<Platform> available;
    /** Each platform's self-test failure (empty: it passed), taken once: a Borglet asks at start, and the choice of platform asked before. */
    private static final Map<Platform, Optional<String>> FAILURES = new ConcurrentHashMap<>();

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
        return failure(platform).isEmpty();
    }

    /**
     * Why {@code name} ({@code kvm} or {@code ptrace}) does not work here, as its self-test said;
     * empty when it works. Throws {@link IllegalArgumentException} for another name.
     */
    public static Optional<String> whyNot(String name) {
        return switch (name) {
            case KvmPlatform.NAME -> failure(KVM);
            case PtracePlatform.NAME -> failure(PTRACE);
            default -> throw new IllegalArgumentException("unknown microVM platform '" + name + "'");
        };
    }

    private static Optional<String> failure(Platform platform) {
        return FAILURES.computeIfAbsent(platform, MicroVm::selfTestFailure);
    }

    /** Every platform that passes its self-test here, KVM first. */
    public static List<Platform> available() {
        List<Platform> found = available;
        if (found == null) {
            synchronized (Platforms.class) {
                found = available;
                if (found == null) {
                    Map<Platform, Optional<String>> failures = new LinkedHashMap<>();
                    for (Platform candidate : List.of(KVM, PTRACE)) {
                        failures.put(candidate, failure(candidate));
                    }
                    found = failures.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
                    available = found;
                    log.info(choice(failures));
                }
            }
        }
        return found;
    }

    /**
     * One line for the log: the platform auto chooses among {@code failures}' keys (in order of
     * preference; a value is why that one failed its self-test, empty if it passed), and why each
     * one passed over was.
     */
    static String choice(Map<Platform, Optional<String>> failures) {
        List<String> working = failures.entrySet().stream().filter(e -> e.getValue().isEmpty())
                .map(e -> e.getKey().name()).toList();
        String chosen = working.isEmpty() ? "no microVM platform works on this host"
                : "microVM platform " + working.getFirst() + " (working here: " + String.join(", ", working) + ")";
        String passedOver = failures.entrySet().stream().filter(e -> e.getValue().isPresent())
                .map(e -> e.getKey().name() + " does not work here: " + e.getValue().get())
                .collect(Collectors.joining("; "));
        return passedOver.isEmpty() ? chosen : chosen + "; " + passedOver;
    }
}
