package borgcell.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessesTest {

    @Test
    void stoppingEndsChildrenAndTheirDescendantsEvenWhenTheyIgnoreSigterm(@TempDir Path dir) throws Exception {
        ChildProcesses processes = new ChildProcesses();
        // A shell that ignores SIGTERM and has a child of its own (the sleep).
        ChildProcesses.Child stubborn = processes.start("stubborn",
                List.of("/bin/sh", "-c", "trap '' TERM; sleep 300 & wait"), dir.resolve("logs/stubborn.log"));
        ChildProcesses.Child polite = processes.start("polite", List.of("/bin/sleep", "300"), dir.resolve("logs/polite.log"));
        awaitDescendant(stubborn);
        List<ProcessHandle> all = List.of(stubborn.process().toHandle(), polite.process().toHandle(),
                stubborn.process().toHandle().descendants().findFirst().orElseThrow());

        int killed = processes.stopAll(Duration.ofMillis(500));

        assertThat(all).noneMatch(ProcessHandle::isAlive);
        assertThat(killed).isGreaterThanOrEqualTo(1);
        assertThat(ChildProcesses.tail(dir.resolve("logs/polite.log"), 5)).singleElement().asString().startsWith("=== ");
    }

    private static void awaitDescendant(ChildProcesses.Child child) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> child.process().toHandle().descendants().findAny().isPresent());
    }
}
