package borgcell.borglet.runtime.microvm;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.runtime.TaskExit;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.vmm.MuslGuests;
import borgcell.borglet.vmm.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** A guest that floods stdout cannot fill the Borglet's disk: its log is capped, one rotated file kept. */
@ParameterizedClass(name = "on {0}")
@MethodSource("borgcell.borglet.vmm.TestPlatforms#available")
class FloodingGuestTest {

    private static final long CAP = 64 * 1024;

    @TempDir Path workDir;
    private final MicroVmRuntime runtime;

    FloodingGuestTest(Platform platform) {
        this.runtime = new MicroVmRuntime(CAP, platform);
    }

    @BeforeAll
    static void needsMusl() {
        MuslGuests.assumeMuslGcc();
    }

    @Test
    void aGuestWriting256TimesTheLogCapLeavesAtMostTheCapPlusOneRotatedFileAndExitsCleanly() throws Exception {
        TaskLaunch launch = launch("flood", "16");

        TaskExit exit = runtime.start(launch).onExit().get(60, TimeUnit.SECONDS);

        assertThat(exit).isEqualTo(new TaskExit.Exited(0));
        Path dir = launch.taskDir();
        assertThat(logFiles(dir)).containsExactlyInAnyOrder("stdout", "stdout.1", "stderr");
        assertThat(Files.size(dir.resolve("stdout"))).isLessThanOrEqualTo(CAP);
        assertThat(Files.size(dir.resolve("stdout.1"))).isEqualTo(CAP);
        assertThat(Files.readString(dir.resolve("stdout"))).as("the newest output is kept").endsWith("flood done: 16777216 bytes\n");
        assertThat(Files.readString(dir.resolve("stderr"))).isEqualTo("flood done\n");
    }

    @Test
    void aGuestFloodingUntilItsDeadlineEndsWith124WithinTheSameCap() throws Exception {
        TaskLaunch launch = launch("forever", "forever", 500);

        TaskExit exit = runtime.start(launch).onExit().get(30, TimeUnit.SECONDS);

        assertThat(exit.exitCode()).isEqualTo(124);
        Path dir = launch.taskDir();
        assertThat(logFiles(dir)).containsExactlyInAnyOrder("stdout", "stdout.1", "stderr");
        assertThat(Files.size(dir.resolve("stdout"))).isLessThanOrEqualTo(CAP);
        assertThat(Files.size(dir.resolve("stdout.1"))).isEqualTo(CAP);
        assertThat(Files.readString(dir.resolve("stderr"))).contains("deadline of 500 ms passed");
    }

    /** The task directory's files other than the program the runtime copied in. */
    private static List<String> logFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

    private TaskLaunch launch(String job, String arg) throws Exception {
        return launch(job, arg, 0);
    }

    private TaskLaunch launch(String job, String arg, long deadlineMillis) throws Exception {
        TaskTemplate template = TaskTemplate.newBuilder().setRuntime("microvm").setDeadlineMillis(deadlineMillis)
                .addArgv(MuslGuests.compiled("flood").toAbsolutePath().toString()).addArgv(arg).build();
        return new TaskLaunch(job, 0, 1, template, workDir.resolve("tasks/" + job + ".0.1"), "m1");
    }
}
