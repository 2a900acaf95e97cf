package borgcell.cli.vm;

import borgcell.borglet.vmm.MicroVm;
import borgcell.borglet.vmm.Platform;
import borgcell.borglet.vmm.VmResult;
import borgcell.borglet.vmm.guest.ElfException;
import borgcell.borglet.vmm.ptrace.PtracePlatform;
import borgcell.borglet.vmm.ptrace.SyscallFloor;
import borgcell.sim.Percentile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * The measurements of {@code borg vm bench}, on each platform in turn, each of ours against its
 * baseline in the same run (absolute times on a shared, nested machine are noise; ratios hold):
 * <ol>
 *   <li>start to exit of a static hello, in a microVM and as a process by fork/exec;</li>
 *   <li>time per syscall (getppid) through the library OS, and on ptrace under a bare
 *       PTRACE_SYSEMU loop that serves nothing ({@link SyscallFloor});</li>
 *   <li>a CPU-bound guest in a microVM and natively;</li>
 *   <li>density: K idle microVMs at once ({@link IdleVms}).</li>
 * </ol>
 */
final class VmBench {

    /**
     * @param runs          hello runs of each kind (after a few untimed warm-up runs)
     * @param syscalls      getppid calls of the syscall guest per run
     * @param cpuIterations loop iterations of the CPU-bound guest (about one per cycle)
     * @param vms           idle microVMs held at once
     * @param vmRam         guest RAM of each idle microVM
     * @param hello         the hello binary; null for the built-in one
     * @param platforms     the platforms to measure, each in turn
     */
    record Settings(int runs, int syscalls, long cpuIterations, int vms, long vmRam, Path hello, List<Platform> platforms) {
        Settings {
            platforms = List.copyOf(platforms);
        }
    }

    private static final int WARM_UP = 5;
    private static final int SYSCALL_RUNS = 5;
    private static final int CPU_REPEATS = 3;
    private static final long GUEST_RAM = 16L << 20;

    private final Settings settings;
    private final Path scratch;
    private final Consumer<String> progress;

    VmBench(Settings settings, Path scratch, Consumer<String> progress) {
        this.settings = settings;
        this.scratch = scratch;
        this.progress = progress;
    }

    VmBenchResult run() throws IOException, InterruptedException, ElfException {
        byte[] hello = settings.hello() == null ? BenchGuests.hello() : Files.readAllBytes(settings.hello());
        Path helloFile = executable("hello", hello);
        byte[] spin = BenchGuests.spin(settings.cpuIterations());
        Path spinFile = executable("spin", spin);
        byte[] getppid = BenchGuests.getppidLoop(settings.syscalls());

        List<PlatformFigures> figures = new ArrayList<>();
        for (Platform platform : settings.platforms()) {
            progress.accept("platform " + platform.name());
            PlatformFigures.Hello start = hello(platform, hello, helloFile);
            PlatformFigures.Syscalls syscalls = syscalls(platform, getppid);
            PlatformFigures.Cpu cpu = cpu(platform, spin, spinFile);
            progress.accept("density: " + settings.vms() + " idle microVMs of " + (settings.vmRam() >> 20) + " MiB");
            PlatformFigures.Density density = new IdleVms(settings.vms(), settings.vmRam(), progress).measure(platform);
            figures.add(new PlatformFigures(platform.name(), start, syscalls, cpu, density));
        }
        return new VmBenchResult(figures, Runtime.getRuntime().availableProcessors());
    }

    private PlatformFigures.Hello hello(Platform platform, byte[] hello, Path helloFile)
            throws ElfException, IOException, InterruptedException {
        progress.accept("hello: " + settings.runs() + " runs in a microVM and as a process");
        for (int i = 0; i < WARM_UP; i++) {
            microVmMs(platform, hello, "hello");
            processMs(helloFile);
        }
        double[] vm = new double[settings.runs()];
        double[] process = new double[settings.runs()];
        // Interleaved, so that a noisy neighbour hurts both sides alike.
        for (int i = 0; i < settings.runs(); i++) {
            vm[i] = microVmMs(platform, hello, "hello");
            process[i] = processMs(helloFile);
        }
        return new PlatformFigures.Hello(settings.runs(), Percentile.of(vm, 0.5), Percentile.of(vm, 0.99),
                Percentile.of(process, 0.5), Percentile.of(process, 0.99));
    }

    /**
     * Time per call of the getppid guest, through the library OS and, on ptrace, under the bare
     * loop, interleaved. The guest's own loop costs a cycle or two a call, so this is the round
     * trip to the VMM and back.
     */
    private PlatformFigures.Syscalls syscalls(Platform platform, byte[] getppid) throws ElfException {
        boolean floor = platform.name().equals(PtracePlatform.NAME);
        int calls = settings.syscalls();
        progress.accept("syscalls: " + calls + " getppid calls, " + SYSCALL_RUNS + " runs through the library OS"
                + (floor ? " and as many under a bare PTRACE_SYSEMU loop" : ""));
        // One untimed run each way first: neither side is measured before the JIT has compiled its loop.
        servedMicros(platform, getppid, calls);
        if (floor) {
            SyscallFloor.microsPerSyscall(getppid);
        }
        double[] served = new double[SYSCALL_RUNS];
        double[] bare = new double[SYSCALL_RUNS];
        for (int i = 0; i < SYSCALL_RUNS; i++) {
            served[i] = servedMicros(platform, getppid, calls);
            if (floor) {
                bare[i] = SyscallFloor.microsPerSyscall(getppid);
            }
        }
        return new PlatformFigures.Syscalls(calls, Percentile.of(served, 0.5),
                floor ? OptionalDouble.of(Percentile.of(bare, 0.5)) : OptionalDouble.empty());
    }

    /** Microseconds per call of the getppid guest in a microVM: its run time (after loading) over its calls. */
    private static double servedMicros(Platform platform, byte[] getppid, int calls) throws ElfException {
        return (double) run(platform, getppid, "getppid").stats().runMicros() / calls;
    }

    private PlatformFigures.Cpu cpu(Platform platform, byte[] spin, Path spinFile)
            throws ElfException, IOException, InterruptedException {
        progress.accept("cpu: " + settings.cpuIterations() + " iterations, " + CPU_REPEATS + " times each way");
        double[] vm = new double[CPU_REPEATS];
        double[] process = new double[CPU_REPEATS];
        for (int i = 0; i < CPU_REPEATS; i++) {
            vm[i] = microVmMs(platform, spin, "spin");
            process[i] = processMs(spinFile);
        }
        return new PlatformFigures.Cpu(Percentile.of(vm, 0.5), Percentile.of(process, 0.5));
    }

    /** Start to exit in a microVM, in ms; the program must exit 0. */
    private static double microVmMs(Platform platform, byte[] program, String name) throws ElfException {
        long started = System.nanoTime();
        run(platform, program, name);
        return (System.nanoTime() - started) / 1e6;
    }

    /** Runs {@code program} in a microVM to its end, which must be exit 0. */
    private static VmResult run(Platform platform, byte[] program, String name) throws ElfException {
        VmResult result = MicroVm.builder().program(program).args(List.of(name)).platform(platform).ram(GUEST_RAM).build().run();
        if (result.exitCode() != 0) {
            throw new IllegalStateException(name + " in a microVM on " + platform.name() + " ended with " + result.outcome());
        }
        return result;
    }

    /** Start to exit by fork/exec (ProcessBuilder), in ms; the program must exit 0. */
    private static double processMs(Path binary) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process p = new ProcessBuilder(binary.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int code = p.waitFor();
        double ms = (System.nanoTime() - started) / 1e6;
        if (code != 0) {
            throw new IllegalStateException(binary + " ended with " + code);
        }
        return ms;
    }

    private Path executable(String name, byte[] program) throws IOException {
        Path file = scratch.resolve(name);
        Files.write(file, program);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
