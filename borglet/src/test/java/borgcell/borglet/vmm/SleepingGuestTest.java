package borgcell.borglet.vmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.borglet.vmm.libos.GuestStreams;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** nanosleep, clock_nanosleep and futex in a real program; a guest asleep on the host still stops at once. */
@ParameterizedClass(name = "on {0}")
@MethodSource("borgcell.borglet.vmm.TestPlatforms#available")
class SleepingGuestTest {

    @Parameter Platform platform;

    @BeforeAll
    static void needsMusl() {
        MuslGuests.assumeMuslGcc();
    }

    @Test
    void sleepsLastAsLongAsAskedAndAFutexWithOneThreadNeverHangs() throws Exception {
        GuestRun run = GuestRun.inMicroVm(platform, MuslGuests.compiled("sleep"), List.of("sleep"), List.of());

        assertThat(run.stdout()).isEqualTo("""
                nanosleep: 0
                slept 30 ms: yes
                clock_nanosleep absolute: 0
                slept until: yes
                usleep: 0
                nanosleep bad: -1 Invalid argument
                futex wait changed: Resource temporarily unavailable
                futex wake: 0
                futex wait timeout: Operation timed out
                futex wait forever: Resource deadlock would occur
                """);
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void killEndsAGuestAsleepInNanosleepWithin100Milliseconds() throws Exception {
        var out = new ByteArrayOutputStream();
        MicroVm vm = sleeper(out, null).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(StandardCharsets.UTF_8).contains("sleeping"));

        long kicked = System.nanoTime();
        vm.kill();
        VmResult result = vm.result().get(5, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - kicked) / 1_000_000;

        assertThat(result.outcome()).isEqualTo(new VmOutcome.Killed());
        assertThat(millis).isLessThan(100);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("woke up");
    }

    @Test
    void aDeadlineEndsAGuestAsleepInNanosleep() throws Exception {
        long started = System.nanoTime();
        VmResult result = sleeper(new ByteArrayOutputStream(), Duration.ofMillis(500)).run();
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(result.outcome()).isEqualTo(new VmOutcome.TimedOut(Duration.ofMillis(500)));
        assertThat(millis).isBetween(500L, 1_500L);
    }

    private MicroVm sleeper(ByteArrayOutputStream out, Duration timeout) throws Exception {
        return MicroVm.builder().platform(platform).program(Files.readAllBytes(MuslGuests.compiled("sleep"))).args(List.of("sleep", "forever"))
                .timeout(timeout).streams(new GuestStreams(out, new ByteArrayOutputStream())).build();
    }
}
