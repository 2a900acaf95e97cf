package borgcell.cli.vm;

import borgcell.borglet.vmm.Platform;
import borgcell.borglet.vmm.guest.ElfException;
import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.files.DirectoryTree;
import borgcell.cli.spec.Quantities;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code borg vm bench}: microVMs against processes on this host, in one run. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {
                "Measure the embedded VMM against its baselines, on each platform here.",
                "In one run, per platform:",
                "  hello    start-to-exit of a static hello in a microVM vs fork/exec,",
                "           p50/p99 and ratio;",
                "  syscall  time per getppid through the library OS; on ptrace also under a",
                "           bare PTRACE_SYSEMU loop that serves nothing, and the ratio",
                "           (what the library OS adds);",
                "  cpu      a CPU-bound guest in a microVM vs natively, ratio;",
                "  density  K idle microVMs at once (blocked in nanosleep): host KiB per VM",
                "           beyond the guest's touched pages (the JVM's growth, plus on",
                "           ptrace each stub process's own RSS and page tables), and the",
                "           creation time of the 1st vs the Kth.",
                "Prints a table per platform, then one JSON line last (stdout).",
        },
        footer = {
                "",
                "Examples:",
                "  borg vm bench",
                "  borg vm bench --runs 200 --vms 100",
                "  borg vm bench --platform ptrace --syscalls 100000",
                "  borg vm bench --hello ./hello-musl      # your own static hello",
        })
public final class VmBenchCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "100", paramLabel = "N", description = "Hello runs each way (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--platform", defaultValue = PlatformChoice.ALL, paramLabel = "NAME",
            description = "The platforms to measure: all that work here, one after the other (default), or one of "
                    + "auto, kvm, ptrace.")
    String platform;

    @Option(names = "--syscalls", defaultValue = "20000", paramLabel = "N",
            description = "getppid calls of the syscall guest per run (default: ${DEFAULT-VALUE}).")
    int syscalls;

    @Option(names = "--cpu-iterations", defaultValue = "1000000000", paramLabel = "N",
            description = "Loop iterations of the CPU-bound guest, about one per cycle (default: ${DEFAULT-VALUE}).")
    long cpuIterations;

    @Option(names = "--vms", defaultValue = "500", paramLabel = "K",
            description = "Idle microVMs held at once for the density figures (default: ${DEFAULT-VALUE}; 1 to 5000).")
    int vms;

    @Option(names = "--vm-ram", defaultValue = "8Mi", paramLabel = "SIZE",
            description = "Guest RAM of each idle microVM (default: ${DEFAULT-VALUE}); only touched pages cost host memory.")
    String vmRam;

    @Option(names = "--hello", paramLabel = "BINARY",
            description = "A static binary that exits 0, to use as the hello (default: a built-in 2-syscall program).")
    Path hello;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 100_000) {
            throw new CliException(ExitCodes.USAGE, "--runs: must be between 1 and 100000, not " + runs);
        }
        if (vms < 1 || vms > 5_000) {
            throw new CliException(ExitCodes.USAGE, "--vms: must be between 1 and 5000, not " + vms);
        }
        if (syscalls < 1 || syscalls > 100_000_000) {
            throw new CliException(ExitCodes.USAGE, "--syscalls: must be between 1 and 100000000, not " + syscalls);
        }
        if (cpuIterations < 1) {
            throw new CliException(ExitCodes.USAGE, "--cpu-iterations: must be positive");
        }
        long ram;
        try {
            ram = Quantities.bytes(vmRam);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--vm-ram: " + e.getMessage());
        }
        if (hello != null && !Files.isRegularFile(hello)) {
            throw new CliException(ExitCodes.USAGE, "--hello: " + hello + ": no such file");
        }
        List<Platform> platforms = PlatformChoice.many(platform);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path scratch = Files.createTempDirectory("borg-vm-bench");
        try {
            VmBench bench = new VmBench(new VmBench.Settings(runs, syscalls, cpuIterations, vms, ram, hello, platforms), scratch,
                    line -> {
                        if (!quiet) {
                            err.println(line);
                            err.flush();
                        }
                    });
            VmBenchResult result = bench.run();
            out.println("borg vm bench: " + result.cores() + " cores, platforms "
                    + platforms.stream().map(Platform::name).collect(Collectors.joining(", ")) + "; " + runs
                    + " hello runs each way, " + syscalls + " getppid calls a run, " + cpuIterations + " cpu iterations, "
                    + vms + " idle VMs of " + (ram >> 20) + " MiB"
                    + (hello == null ? ", built-in hello" : ", hello " + hello));
            out.print(result.table());
            out.println(result.json());
            out.flush();
            return 0;
        } catch (ElfException e) {
            throw new CliException(ExitCodes.USAGE, "--hello: " + e.getMessage());
        } finally {
            DirectoryTree.delete(scratch);
        }
    }
}
