package borgcell.cli.vm;

import java.util.Locale;

/** The figures of one {@code borg vm bench}: a table for people, one JSON line for scripts. */
record VmBenchResult(int runs, double helloMicroVmP50Ms, double helloMicroVmP99Ms, double helloProcessP50Ms,
                     double helloProcessP99Ms, double cpuMicroVmMs, double cpuNativeMs, int densityVms,
                     double hostKibPerVm, double guestKibPerVm, double firstCreateMs, double lastCreateMs,
                     double medianCreateMs, int cores) {

    double startRatio() {
        return helloMicroVmP50Ms / helloProcessP50Ms;
    }

    double cpuRatio() {
        return cpuMicroVmMs / cpuNativeMs;
    }

    String table() {
        return String.format(Locale.ROOT, """
                %-34s %12s %12s %8s
                %-34s %12.2f %12.2f %8.2f
                %-34s %12.2f %12.2f
                %-34s %12.1f %12.1f %8.3f
                %-34s %12d
                %-34s %12.1f
                %-34s %12.1f
                %-34s %12.2f
                %-34s %12.2f
                %-34s %12.2f
                """,
                "", "microVM", "process", "ratio",
                "hello start-to-exit p50 (ms)", helloMicroVmP50Ms, helloProcessP50Ms, startRatio(),
                "hello start-to-exit p99 (ms)", helloMicroVmP99Ms, helloProcessP99Ms,
                "cpu-bound guest (ms)", cpuMicroVmMs, cpuNativeMs, cpuRatio(),
                "idle microVMs held at once", densityVms,
                "host KiB per VM beyond guest pages", hostKibPerVm,
                "guest pages touched, KiB per VM", guestKibPerVm,
                "create 1st VM (ms)", firstCreateMs,
                "create last VM (ms)", lastCreateMs,
                "create median VM (ms)", medianCreateMs);
    }

    /** One line, numbers only; the names and the brief's for the same figures are both there. */
    String json() {
        return String.format(Locale.ROOT, "{\"bench\":\"vm\",\"runs\":%d,\"hello_microvm_p50_ms\":%.3f,\"hello_microvm_p99_ms\":%.3f,"
                        + "\"hello_process_p50_ms\":%.3f,\"hello_process_p99_ms\":%.3f,\"start_ratio\":%.3f,"
                        + "\"cpu_microvm_ms\":%.1f,\"cpu_native_ms\":%.1f,\"cpu_ratio\":%.3f,"
                        + "\"density_vms\":%d,\"vms\":%d,\"host_kib_per_vm\":%.1f,\"overhead_kib_per_vm\":%.1f,"
                        + "\"guest_kib_per_vm\":%.1f,\"first_create_ms\":%.3f,\"create_first_ms\":%.3f,"
                        + "\"last_create_ms\":%.3f,\"create_last_ms\":%.3f,\"median_create_ms\":%.3f,\"cores\":%d}",
                runs, helloMicroVmP50Ms, helloMicroVmP99Ms, helloProcessP50Ms, helloProcessP99Ms, startRatio(),
                cpuMicroVmMs, cpuNativeMs, cpuRatio(), densityVms, densityVms, hostKibPerVm, hostKibPerVm,
                guestKibPerVm, firstCreateMs, firstCreateMs, lastCreateMs, lastCreateMs, medianCreateMs, cores);
    }
}
