package borgcell.cli.vm;

import borgcell.borglet.vmm.MicroVm;
import borgcell.borglet.vmm.Platform;
import borgcell.borglet.vmm.Platforms;
import borgcell.borglet.vmm.VmResult;
import borgcell.borglet.vmm.guest.ElfException;
import borgcell.borglet.vmm.libos.GuestStreams;
import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.spec.Quantities;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code borg vm run BINARY [ARGS...]}: one static binary in a microVM of its own. Its stdout
 * and stderr pass through; the command exits with the program's status (128 + signal after a
 * fault, 124 after the deadline). Bad input, or a {@code --platform} this host does not have,
 * exits 2 with one line saying what is wrong.
 */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        modelTransformer = ArgumentsBelongToTheProgram.class,
        description = {
                "Run a static x86-64 Linux executable in a microVM, on KVM or ptrace.",
                "The program runs natively (in guest ring 3 under KVM, in a traced stub",
                "process under ptrace) and the VMM's library OS serves its syscalls.",
                "Stdin is empty; stdout and stderr pass through.",
                "Exit status: the program's, 128+signal after a fault (139 for a segfault),",
                "124 when --timeout passed, 125 when the VMM failed, 2 for bad input or a",
                "--platform this host lacks.",
        },
        footer = {
                "",
                "Everything after BINARY is the program's own (options included).",
                "",
                "Examples:",
                "  borg vm run ./hello",
                "  borg vm run --ram 16Mi --timeout 2s ./spin",
                "  borg vm run --platform ptrace ./hello        # even where KVM works",
                "  borg vm run --stats ./hello 2>stats.txt      # the JSON line goes to stderr, last",
        })
public final class VmRunCommand implements Callable<Integer> {

    @Option(names = "--ram", defaultValue = "64Mi", paramLabel = "SIZE",
            description = "Guest RAM, the program's hard memory limit (default: ${DEFAULT-VALUE}; 8Mi to 64Gi).")
    String ram;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Stop the program after this long (500ms, 10s, 2m); default: no deadline.")
    String timeout;

    @Option(names = "--platform", defaultValue = Platforms.AUTO, paramLabel = "NAME",
            description = "Where the guest gets the CPU: kvm, ptrace, or auto, KVM where it works (default: ${DEFAULT-VALUE}).")
    String platform;

    @Option(names = "--stats",
            description = "Print one JSON line to stderr at the end: create_us, load_us, run_us, exits, syscalls, platform.")
    boolean stats;

    @Parameters(index = "0", paramLabel = "BINARY", description = "A static x86-64 ELF executable (not dynamically linked).")
    Path binary;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The program's arguments.")
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long ramBytes = parse("--ram", () -> Quantities.bytes(ram));
        Duration deadline = timeout == null ? null : Duration.ofMillis(parse("--timeout", () -> Quantities.durationMillis(timeout)));
        Platform on = PlatformChoice.one(platform);
        byte[] program = read(binary);
        List<String> argv = new ArrayList<>();
        argv.add(binary.toString());
        argv.addAll(args);

        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        MicroVm vm;
        try {
            vm = MicroVm.builder().platform(on).program(program).args(argv).env(List.of("PATH=/bin:/usr/bin", "HOME=/"))
                    .ram(ramBytes).timeout(deadline).streams(new GuestStreams(out, err)).build();
        } catch (ElfException e) {
            throw new CliException(ExitCodes.USAGE, binary + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--ram: " + e.getMessage());
        }
        VmResult result = vm.run();
        out.flush();
        if (stats) {
            err.println(StatsLine.of(result, on));
        }
        err.flush();
        // A fault, a deadline or a VMM failure has already been explained on stderr ("microvm: ...").
        return result.exitCode();
    }

    private static byte[] read(Path binary) {
        try {
            if (Files.isDirectory(binary)) {
                throw new CliException(ExitCodes.USAGE, binary + ": is a directory, not an executable");
            }
            return Files.readAllBytes(binary);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.USAGE, binary + ": no such file");
        } catch (OutOfMemoryError e) {
            throw new CliException(ExitCodes.USAGE, binary + ": too large to be a program for a microVM");
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, binary + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static long parse(String option, java.util.function.LongSupplier parser) {
        try {
            return parser.getAsLong();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, option + ": " + e.getMessage());
        }
    }
}
