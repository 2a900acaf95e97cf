package borgcell.cli.vm;

import borgcell.borglet.vmm.Platform;
import borgcell.borglet.vmm.Platforms;
import borgcell.borglet.vmm.kvm.KvmPlatform;
import borgcell.borglet.vmm.ptrace.PtracePlatform;
import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code --platform} of {@code borg vm run} and {@code bench}: a name to the platforms it means
 * on this host, or a usage error (status 2) in one line that names the platform, why it is not
 * here, and what is.
 */
final class PlatformChoice {

    /** {@code bench} only: every platform this host has, one after the other. */
    static final String ALL = "all";

    private PlatformChoice() {}

    /** {@code auto}, {@code kvm} or {@code ptrace}: the platform to run on. */
    static Platform one(String choice) {
        return resolve(choice, String.join(", ", Platforms.CHOICES));
    }

    /** {@link #one}'s names, or {@code all}: the platforms to measure, the one auto chooses first. */
    static List<Platform> many(String choice) {
        if (!ALL.equals(normal(choice))) {
            return List.of(resolve(choice, String.join(", ", Platforms.CHOICES) + ", " + ALL));
        }
        List<Platform> here = Platforms.available();
        if (here.isEmpty()) {
            throw notHere(choice);
        }
        return here;
    }

    private static Platform resolve(String choice, String choices) {
        Optional<Platform> platform;
        try {
            platform = Platforms.named(choice);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--platform " + choice + ": unknown platform; one of " + choices);
        }
        return platform.orElseThrow(() -> notHere(choice));
    }

    private static CliException notHere(String choice) {
        String name = normal(choice);
        String why = switch (name) {
            case KvmPlatform.NAME -> kvmMissing();
            case PtracePlatform.NAME -> ptraceMissing();
            default -> "no microVM platform works here: " + kvmMissing() + ", and " + ptraceMissing();
        };
        String available = Platforms.available().stream().map(Platform::name).collect(Collectors.joining(", "));
        return new CliException(ExitCodes.USAGE, "--platform " + name + ": not available on this host (" + why
                + "); available: " + (available.isEmpty() ? "none" : available));
    }

    private static String kvmMissing() {
        Path kvm = Path.of("/dev/kvm");
        if (!Files.exists(kvm)) {
            return "no /dev/kvm";
        }
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
            return "/dev/kvm is not read-writable for this user";
        }
        return "/dev/kvm did not run the self-test guest" + Platforms.whyNot(KvmPlatform.NAME).map(why -> ": " + why).orElse("");
    }

    private static String ptraceMissing() {
        return "a traced stub did not run the self-test guest (is ptrace forbidden here, by seccomp or Yama?)"
                + Platforms.whyNot(PtracePlatform.NAME).map(why -> ": " + why).orElse("");
    }

    private static String normal(String choice) {
        return choice == null ? "" : choice.trim().toLowerCase(Locale.ROOT);
    }
}
