package borgcell.cli.vm;

import borgcell.borglet.vmm.MicroVm;
import borgcell.borglet.vmm.VmResult;
import borgcell.borglet.vmm.guest.ElfException;
import borgcell.borglet.vmm.Platform;
import borgcell.borglet.vmm.Platforms;
import borgcell.borglet.vmm.libos.GuestStreams;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The three measurements of {@code borg vm bench}, each of ours against its baseline in the
 * same run (absolute times on a shared, nested machine are noise; ratios hold):
 * <ol>
 *   <li>start to exit of a static hello, in a microVM and as a process by fork/exec;</li>
 *   <li>a CPU-bound guest in a microVM and natively;</li>
 *   <li>density: K idle microVMs at once, each blocked in nanosleep: host memory per VM beyond
 *       the guest's own touched pages, and how long the 1st and the Kth took to come up.</li>
 * </ol>
 */
final class VmBench {

    /**
     * @param runs          hello runs of each kind (after a few untimed warm-up runs)
     * @param cpuIterations loop iterations of the CPU-bound guest (about one per cycle)
     * @param vms           idle microVMs held at once
     * @param vmRam         guest RAM of each idle microVM
     * @param hello         the hello binary; null for the built-in one
     */
    record Settings(int runs, long cpuIterations, int vms, long vmRam, Path hello) {}

    private static final int WARM_UP = 5;
    private static final int CPU_REPEATS = 3;

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

        Platform kvm = Platforms.host().orElseThrow(() -> new IllegalStateException("no microVM platform works here"));
        {
            progress.accept("hello: " + settings.runs() + " runs in a microVM and as a process");
            for (int i = 0; i < WARM_UP; i++) {
                microVm(kvm, hello, "hello");
                process(helloFile);
            }
            double[] vm = new double[settings.runs()];
            double[] native_ = new double[settings.runs()];
            // Interleaved, so that a noisy neighbour hurts both sides alike.
            for (int i = 0; i < settings.runs(); i++) {
                vm[i] = microVm(kvm, hello, "hello");
                native_[i] = process(helloFile);
            }

            progress.accept("cpu: " + settings.cpuIterations() + " iterations, " + CPU_REPEATS + " times each way");
            double[] cpuVm = new double[CPU_REPEATS];
            double[] cpuNative = new double[CPU_REPEATS];
            for (int i = 0; i < CPU_REPEATS; i++) {
                cpuVm[i] = microVm(kvm, spin, "spin");
                cpuNative[i] = process(spinFile);
            }

            progress.accept("density: " + settings.vms() + " idle microVMs of " + (settings.vmRam() >> 20) + " MiB");
            Density density = density(kvm);

            return new VmBenchResult(settings.runs(), percentile(vm, 50), percentile(vm, 99), percentile(native_, 50),
                    percentile(native_, 99), percentile(cpuVm, 50), percentile(cpuNative, 50), settings.vms(),
                    density.hostKibPerVm(), density.guestKibPerVm(), density.firstMs(), density.lastMs(),
                    density.medianMs(), Runtime.getRuntime().availableProcessors());
        }
    }

    /** Start to exit in a microVM, in ms; the program must exit 0. */
    private static double microVm(Platform kvm, byte[] program, String name) throws ElfException {
        long started = System.nanoTime();
        VmResult result = MicroVm.builder().program(program).args(List.of(name)).platform(kvm).ram(16L << 20).build().run();
        double ms = (System.nanoTime() - started) / 1e6;
        if (result.exitCode() != 0) {
            throw new IllegalStateException(name + " in a microVM ended with " + result.outcome());
        }
        return ms;
    }

    /** Start to exit by fork/exec (ProcessBuilder), in ms; the program must exit 0. */
    private static double process(Path binary) throws IOException, InterruptedException {
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

    /**
     * Starts the idle VMs one after the other, each waited for until it has written that it is
     * up (so the Kth is created with K-1 running), measures host RSS before and after, then
     * kills them all.
     */
    private Density density(Platform kvm) throws ElfException, InterruptedException {
        byte[] idle = BenchGuests.idle();
        List<MicroVm> running = new ArrayList<>();
        double[] createMs = new double[settings.vms()];
        System.gc();
        long rssBefore = rssKib();
        try {
            for (int i = 0; i < settings.vms(); i++) {
                CountDownLatch up = new CountDownLatch(1);
                MicroVm vm = MicroVm.builder().program(idle).args(List.of("idle")).platform(kvm).ram(settings.vmRam())
                        .streams(new GuestStreams(new FirstWrite(up), OutputStream.nullOutputStream())).build();
                long started = System.nanoTime();
                vm.start();
                running.add(vm);
                if (!up.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("idle microVM " + (i + 1) + " did not come up in 30 s: "
                            + (vm.result().isDone() ? vm.result().join().outcome() : "still starting"));
                }
                createMs[i] = (System.nanoTime() - started) / 1e6;
                if ((i + 1) % 100 == 0) {
                    progress.accept("  " + (i + 1) + " up");
                }
            }
            System.gc();
            long rssAfter = rssKib();
            long guestKib = running.stream().mapToLong(MicroVm::guestResidentBytes).sum() / 1024;
            int k = settings.vms();
            return new Density((double) (rssAfter - rssBefore - guestKib) / k, (double) guestKib / k,
                    createMs[0], createMs[k - 1], percentile(createMs, 50));
        } finally {
            running.forEach(MicroVm::kill);
            for (MicroVm vm : running) {
                vm.result().join();
            }
        }
    }

    private Path executable(String name, byte[] program) throws IOException {
        Path file = scratch.resolve(name);
        Files.write(file, program);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    /** VmRSS of this process, in KiB. */
    static long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private record Density(double hostKibPerVm, double guestKibPerVm, double firstMs, double lastMs, double medianMs) {}

    /** Counts the guest's output down once: the idle guest's first write means it is up. */
    private static final class FirstWrite extends OutputStream {
        private final CountDownLatch up;

        FirstWrite(CountDownLatch up) {
            this.up = up;
        }

        @Override
        public void write(int b) {
            up.countDown();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            up.countDown();
        }
    }
}
