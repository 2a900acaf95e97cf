package borgcell.cli.vm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.cli.BorgCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The bench with tiny figures, so that it cannot rot: every phase runs and the JSON line carries every key. */
class VmBenchTest {

    @TempDir Path scratch;

    @Test
    void aTinyBenchMeasuresAllThreePhases() throws Exception {
        assumeKvm();
        VmBenchResult r = new VmBench(new VmBench.Settings(5, 10_000_000, 5, 8L << 20, null), scratch, line -> { }).run();

        assertThat(r.helloMicroVmP50Ms()).isPositive();
        assertThat(r.helloProcessP50Ms()).isPositive();
        assertThat(r.startRatio()).isPositive();
        assertThat(r.cpuRatio()).isPositive();
        assertThat(r.densityVms()).isEqualTo(5);
        assertThat(r.guestKibPerVm()).as("the idle guest touches a few pages").isBetween(4.0, 4096.0);
        assertThat(r.firstCreateMs()).isPositive();
        assertThat(r.lastCreateMs()).isPositive();
        assertThat(r.json()).startsWith("{").endsWith("}").doesNotContain("\n").contains(
                "\"hello_microvm_p50_ms\":", "\"hello_process_p50_ms\":", "\"start_ratio\":", "\"cpu_ratio\":",
                "\"density_vms\":5", "\"host_kib_per_vm\":", "\"first_create_ms\":", "\"last_create_ms\":", "\"cores\":",
                "\"vms\":5", "\"overhead_kib_per_vm\":", "\"create_first_ms\":", "\"create_last_ms\":");
    }

    @Test
    void theCommandPrintsATableAndTheJsonLineLast() throws Exception {
        assumeKvm();
        StringWriter out = new StringWriter();
        CommandLine borg = BorgCommand.commandLine(new BorgCommand());
        borg.setOut(new PrintWriter(out));
        borg.setErr(new PrintWriter(new StringWriter()));

        int code = borg.execute("vm", "bench", "--runs", "5", "--cpu-iterations", "1000000", "--vms", "3", "--quiet");

        assertThat(code).isZero();
        var lines = out.toString().lines().toList();
        assertThat(lines.getFirst()).startsWith("borg vm bench: ");
        assertThat(out.toString()).contains("hello start-to-exit p50 (ms)", "host KiB per VM beyond guest pages");
        assertThat(lines.getLast()).startsWith("{\"bench\":\"vm\"").endsWith("}");
    }

    @Test
    void badFiguresAreRefusedWithAUsageError() {
        CommandLine borg = BorgCommand.commandLine(new BorgCommand());
        StringWriter err = new StringWriter();
        borg.setErr(new PrintWriter(err));

        assertThat(borg.execute("vm", "bench", "--vms", "0")).isEqualTo(2);
    }

    private static void assumeKvm() {
        Path kvm = Path.of("/dev/kvm");
        Assumptions.assumeTrue(Files.isReadable(kvm) && Files.isWritable(kvm) || "true".equals(System.getenv("CI")),
                "/dev/kvm is needed");
    }
}
