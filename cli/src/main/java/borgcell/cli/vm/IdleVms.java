package borgcell.cli.vm;

import borgcell.borglet.vmm.MicroVm;
import borgcell.borglet.vmm.Platform;
import borgcell.borglet.vmm.guest.ElfException;
import borgcell.borglet.vmm.libos.GuestStreams;
import borgcell.sim.Percentile;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The density phase of {@code borg vm bench}: K idle microVMs at once, each blocked in
 * nanosleep. Host memory per VM beyond the guest's own touched pages, counted where it is: the
 * JVM's VmRSS and page-table growth less the guests' resident pages (what remains is each VM's
 * thread and the VMM's structures), plus on ptrace each VM's stub process on its own
 * ({@link StubProcesses}). Apart from that, an estimate of what the kernel holds per VM
 * ({@link KernelMemory}), host-wide and so blurred by whatever else the host does meanwhile.
 */
final class IdleVms {

    private final int vms;
    private final long ram;
    private final Consumer<String> progress;

    IdleVms(int vms, long ram, Consumer<String> progress) {
        this.vms = vms;
        this.ram = ram;
        this.progress = progress;
    }

    /**
     * Starts the idle VMs one after the other, each waited for until it has written that it is
     * up (so the Kth is created with K-1 running), measures, then kills them all.
     */
    PlatformFigures.Density measure(Platform platform) throws ElfException, InterruptedException {
        byte[] idle = BenchGuests.idle();
        List<MicroVm> running = new ArrayList<>();
        double[] createMs = new double[vms];
        // Stubs of earlier phases' guests, still being torn down, are not this phase's.
        Set<Long> earlierStubs = StubProcesses.holdingGuests();
        System.gc();
        ProcStatus jvmBefore = ProcStatus.self();
        KernelMemory kernelBefore = KernelMemory.now();
        try {
            for (int i = 0; i < vms; i++) {
                CountDownLatch up = new CountDownLatch(1);
                MicroVm vm = MicroVm.builder().program(idle).args(List.of("idle")).platform(platform).ram(ram)
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
            ProcStatus jvm = ProcStatus.self();
            long kernelKib = KernelMemory.now().totalKib() - kernelBefore.totalKib();
            long jvmTablesKib = jvm.vmPteKib() - jvmBefore.vmPteKib();
            long jvmKib = jvm.vmRssKib() - jvmBefore.vmRssKib() + jvmTablesKib;
            long guestKib = running.stream().mapToLong(MicroVm::guestResidentBytes).sum() / 1024;
            List<ProcStatus> stubs = StubProcesses.holdingGuests().stream().filter(pid -> !earlierStubs.contains(pid))
                    .flatMap(pid -> ProcStatus.of(pid).stream()).toList();
            long stubKib = stubs.stream().mapToLong(StubProcesses::ownKib).sum();
            long stubTablesKib = stubs.stream().mapToLong(ProcStatus::vmPteKib).sum();
            if (!stubs.isEmpty()) {
                progress.accept("  " + stubs.size() + " stub processes hold the idle guests");
            }
            // The host-wide page tables include the JVM's and the stubs' counted above.
            double kernelPerVm = (double) (kernelKib - jvmTablesKib - stubTablesKib) / vms;
            return new PlatformFigures.Density(vms, (double) (jvmKib - guestKib) / vms, (double) stubKib / vms,
                    (double) guestKib / vms, kernelPerVm, createMs[0], createMs[vms - 1], Percentile.of(createMs, 0.5));
        } finally {
            running.forEach(MicroVm::kill);
            for (MicroVm vm : running) {
                vm.result().join();
            }
        }
    }

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
