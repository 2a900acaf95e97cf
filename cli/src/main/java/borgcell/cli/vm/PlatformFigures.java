package borgcell.cli.vm;

import borgcell.sim.JsonLine;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** What {@code borg vm bench} measured on one platform: a table for people, named fields for the JSON line. */
record PlatformFigures(String platform, Hello hello, Syscalls syscalls, Cpu cpu, Density density) {

    /** Start to exit of a static hello: in a microVM, and as a process by fork/exec. */
    record Hello(int runs, double microVmP50Ms, double microVmP99Ms, double processP50Ms, double processP99Ms) {
        double startRatio() {
            return microVmP50Ms / processP50Ms;
        }
    }

    /**
     * Time per getppid through the library OS, and (ptrace only) under a bare PTRACE_SYSEMU loop
     * that serves nothing: what the library OS adds to what ptrace itself costs.
     */
    record Syscalls(int calls, double microVmP50Us, OptionalDouble floorP50Us) {
        OptionalDouble overheadRatio() {
            return floorP50Us.isPresent() ? OptionalDouble.of(microVmP50Us / floorP50Us.getAsDouble()) : OptionalDouble.empty();
        }
    }

    /** A CPU-bound guest in a microVM and the same file run natively. */
    record Cpu(double microVmMs, double nativeMs) {
        double ratio() {
            return microVmMs / nativeMs;
        }
    }

    /**
     * K idle microVMs at once. Host memory per VM beyond the guest's own touched pages: the JVM's
     * growth less those pages, plus each stub process's own (ptrace; none on KVM). The kernel's
     * part is only known host-wide, so it is an estimate apart, not in {@link #hostKibPerVm}.
     */
    record Density(int vms, double jvmKibPerVm, double stubKibPerVm, double guestKibPerVm, double kernelKibPerVm,
                   double firstMs, double lastMs, double medianMs) {
        double hostKibPerVm() {
            return jvmKibPerVm + stubKibPerVm;
        }
    }

    String table() {
        StringBuilder t = new StringBuilder();
        row(t, "platform " + platform, "microVM", "baseline", "ratio", "baseline is");
        row(t, "hello start-to-exit p50 (ms)", f2(hello.microVmP50Ms()), f2(hello.processP50Ms()),
                f2(hello.startRatio()), "fork/exec of the same file");
        row(t, "hello start-to-exit p99 (ms)", f2(hello.microVmP99Ms()), f2(hello.processP99Ms()), "", "");
        row(t, "getppid syscall p50 (us)", f2(syscalls.microVmP50Us()),
                syscalls.floorP50Us().isPresent() ? f2(syscalls.floorP50Us().getAsDouble()) : "-",
                syscalls.overheadRatio().isPresent() ? f3(syscalls.overheadRatio().getAsDouble()) : "",
                syscalls.floorP50Us().isPresent() ? "bare PTRACE_SYSEMU loop, no library OS" : "");
        row(t, "cpu-bound guest (ms)", f1(cpu.microVmMs()), f1(cpu.nativeMs()), f3(cpu.ratio()), "the same file run natively");
        row(t, "idle microVMs held at once", Integer.toString(density.vms()), "", "", "");
        row(t, "host KiB per VM beyond guest pages", f1(density.hostKibPerVm()), "", "", "the JVM's part plus the stub's:");
        row(t, "  in the JVM", f1(density.jvmKibPerVm()), "", "", "VmRSS + VmPTE growth less guest pages");
        row(t, "  in its stub process", f1(density.stubKibPerVm()), "", "", "VmRSS - RssShmem + VmPTE (ptrace)");
        row(t, "guest pages touched, KiB per VM", f1(density.guestKibPerVm()), "", "", "");
        row(t, "kernel KiB per VM, not in the above", f1(density.kernelKibPerVm()), "", "",
                "host-wide estimate: kernel stacks, slab, other page tables");
        row(t, "create 1st VM (ms)", f2(density.firstMs()), "", "", "start to the guest's first output");
        row(t, "create last VM (ms)", f2(density.lastMs()), "", "", "with the others running");
        row(t, "create median VM (ms)", f2(density.medianMs()), "", "", "");
        return t.toString();
    }

    /** The figures under their JSON names; both the names and the older ones of the same figures. */
    Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("runs", hello.runs());
        f.put("hello_microvm_p50_ms", r3(hello.microVmP50Ms()));
        f.put("hello_microvm_p99_ms", r3(hello.microVmP99Ms()));
        f.put("hello_process_p50_ms", r3(hello.processP50Ms()));
        f.put("hello_process_p99_ms", r3(hello.processP99Ms()));
        f.put("start_ratio", r3(hello.startRatio()));
        f.put("syscall_calls", syscalls.calls());
        f.put("syscall_us_p50", r3(syscalls.microVmP50Us()));
        syscalls.floorP50Us().ifPresent(floor -> f.put("syscall_floor_us_p50", r3(floor)));
        syscalls.overheadRatio().ifPresent(ratio -> f.put("syscall_overhead_ratio", r3(ratio)));
        f.put("cpu_microvm_ms", JsonLine.round(cpu.microVmMs(), 1));
        f.put("cpu_native_ms", JsonLine.round(cpu.nativeMs(), 1));
        f.put("cpu_ratio", r3(cpu.ratio()));
        f.put("density_vms", density.vms());
        f.put("vms", density.vms());
        f.put("host_kib_per_vm", JsonLine.round(density.hostKibPerVm(), 1));
        f.put("overhead_kib_per_vm", JsonLine.round(density.hostKibPerVm(), 1));
        f.put("jvm_kib_per_vm", JsonLine.round(density.jvmKibPerVm(), 1));
        f.put("stub_kib_per_vm", JsonLine.round(density.stubKibPerVm(), 1));
        f.put("guest_kib_per_vm", JsonLine.round(density.guestKibPerVm(), 1));
        f.put("kernel_kib_per_vm", JsonLine.round(density.kernelKibPerVm(), 1));
        f.put("first_create_ms", r3(density.firstMs()));
        f.put("create_first_ms", r3(density.firstMs()));
        f.put("last_create_ms", r3(density.lastMs()));
        f.put("create_last_ms", r3(density.lastMs()));
        f.put("median_create_ms", r3(density.medianMs()));
        return f;
    }

    private static void row(StringBuilder t, String name, String microVm, String baseline, String ratio, String note) {
        t.append(String.format(Locale.ROOT, "%-36s %10s %10s %8s  %s", name, microVm, baseline, ratio, note).stripTrailing())
                .append('\n');
    }

    private static double r3(double v) {
        return JsonLine.round(v, 3);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
