package borgcell.cli.vm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.vmm.Platform;
import borgcell.borglet.vmm.ptrace.PtracePlatform;
import borgcell.cli.BorgCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The bench with tiny figures, so that it cannot rot: every phase runs on every platform here and the JSON line carries every key. */
class VmBenchTest {

    @TempDir Path scratch;

    @Test
    void aTinyBenchMeasuresEveryPhaseOnEveryPlatformHere() throws Exception {
        List<Platform> here = HostPlatforms.assumeOne();
        VmBenchResult r = new VmBench(new VmBench.Settings(5, 2_000, 10_000_000, 5, 8L << 20, null, here), scratch,
                line -> { }).run();

        assertThat(r.platforms()).extracting(PlatformFigures::platform).containsExactlyElementsOf(
                here.stream().map(Platform::name).toList());
        for (PlatformFigures p : r.platforms()) {
            assertThat(p.hello().microVmP50Ms()).as(p.platform()).isPositive();
            assertThat(p.hello().processP50Ms()).isPositive();
            assertThat(p.hello().startRatio()).isPositive();
            assertThat(p.syscalls().microVmP50Us()).as("getppid through the library OS on " + p.platform()).isPositive();
            assertThat(p.cpu().ratio()).isPositive();
            assertThat(p.density().vms()).isEqualTo(5);
            assertThat(p.density().guestKibPerVm()).as("the idle guest touches a few pages").isBetween(4.0, 4096.0);
            assertThat(p.density().firstMs()).isPositive();
            assertThat(p.density().lastMs()).isPositive();
            boolean ptrace = p.platform().equals(PtracePlatform.NAME);
            assertThat(p.syscalls().floorP50Us().isPresent()).as("a floor is measured on ptrace only").isEqualTo(ptrace);
            if (ptrace) {
                assertThat(p.syscalls().floorP50Us().getAsDouble()).isPositive();
                assertThat(p.syscalls().overheadRatio().getAsDouble()).isPositive();
                assertThat(p.density().stubKibPerVm()).as("each stub costs at least its page tables").isPositive();
            } else {
                assertThat(p.density().stubKibPerVm()).isZero();
            }
        }

        JsonNode json = JsonMapper.builder().build().readTree(r.json());
        assertThat(r.json()).doesNotContain("\n");
        assertThat(json.get("platform").asString()).isEqualTo(here.getFirst().name());
        for (String key : List.of("hello_microvm_p50_ms", "hello_process_p50_ms", "start_ratio", "syscall_us_p50",
                "cpu_ratio", "density_vms", "vms", "host_kib_per_vm", "overhead_kib_per_vm", "first_create_ms",
                "last_create_ms", "create_first_ms", "create_last_ms", "cores")) {
            assertThat(json.has(key)).as("top-level key " + key).isTrue();
        }
        assertThat(json.get("vms").asInt()).isEqualTo(5);
        for (Platform p : here) {
            JsonNode figures = json.get("platforms").get(p.name());
            assertThat(figures).as("figures of " + p.name()).isNotNull();
            assertThat(figures.get("syscall_us_p50").asDouble()).isPositive();
            assertThat(figures.get("start_ratio").asDouble()).isPositive();
            assertThat(figures.get("overhead_kib_per_vm")).isNotNull();
            assertThat(figures.get("stub_kib_per_vm")).isNotNull();
            assertThat(figures.get("kernel_kib_per_vm")).isNotNull();
            assertThat(figures.get("create_last_ms").asDouble()).isPositive();
            if (p.name().equals(PtracePlatform.NAME)) {
                assertThat(figures.get("syscall_floor_us_p50").asDouble()).isPositive();
                assertThat(figures.get("syscall_overhead_ratio").asDouble()).isPositive();
            }
        }
    }

    @Test
    void theCommandPrintsATablePerPlatformAndTheJsonLineLast() throws Exception {
        List<Platform> here = HostPlatforms.assumeOne();
        StringWriter out = new StringWriter();
        CommandLine borg = BorgCommand.commandLine(new BorgCommand());
        borg.setOut(new PrintWriter(out));
        borg.setErr(new PrintWriter(new StringWriter()));

        int code = borg.execute("vm", "bench", "--runs", "3", "--syscalls", "500", "--cpu-iterations", "1000000",
                "--vms", "3", "--quiet");

        assertThat(code).isZero();
        var lines = out.toString().lines().toList();
        assertThat(lines.getFirst()).startsWith("borg vm bench: ");
        for (Platform p : here) {
            assertThat(lines).as("a table for " + p.name()).anyMatch(line -> line.startsWith("platform " + p.name() + " "));
        }
        assertThat(out.toString()).contains("hello start-to-exit p50 (ms)", "getppid syscall p50 (us)",
                "host KiB per VM beyond guest pages");
        assertThat(lines.getLast()).startsWith("{\"bench\":\"vm\",\"platform\":\"" + here.getFirst().name() + "\"")
                .endsWith("}");
    }

    @Test
    void onePlatformIsMeasuredAlone() throws Exception {
        List<Platform> here = HostPlatforms.assumeOne();
        String last = here.getLast().name();
        StringWriter out = new StringWriter();
        CommandLine borg = BorgCommand.commandLine(new BorgCommand());
        borg.setOut(new PrintWriter(out));
        borg.setErr(new PrintWriter(new StringWriter()));

        int code = borg.execute("vm", "bench", "--platform", last, "--runs", "1", "--syscalls", "100",
                "--cpu-iterations", "1000", "--vms", "1", "--quiet");

        assertThat(code).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(out.toString().lines().toList().getLast());
        assertThat(json.get("platform").asString()).isEqualTo(last);
        assertThat(json.get("platforms").propertyNames()).containsExactly(last);
    }

    @Test
    void badFiguresAndUnknownPlatformsAreRefusedWithAUsageError() {
        CommandLine borg = BorgCommand.commandLine(new BorgCommand());
        StringWriter err = new StringWriter();
        borg.setErr(new PrintWriter(err));

        assertThat(borg.execute("vm", "bench", "--vms", "0")).isEqualTo(2);
        assertThat(borg.execute("vm", "bench", "--syscalls", "0")).isEqualTo(2);
        assertThat(borg.execute("vm", "bench", "--platform", "bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("--platform bogus: unknown platform; one of auto, kvm, ptrace, all");
    }
}
