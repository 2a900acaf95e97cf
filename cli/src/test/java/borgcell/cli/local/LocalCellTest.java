package borgcell.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.process.ProcessRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCellTest {

    @Test
    void stoppingTheCellKillsTheTasksOfABorgletThatWasKilled(@TempDir Path dir) throws Exception {
        CellLayout layout = CellLayout.withFreePorts(dir, 5, 3);
        LocalCell cell = new LocalCell(layout, new LocalCell.Launcher(Path.of("/jdk/bin/java"), Path.of("/x/borg.jar")));
        // What m2 leaves when it is killed with SIGKILL: a task tree running, its record in m2's work directory.
        RunningTask orphan = new ProcessRuntime().start(new TaskLaunch("sleep", 0, 1,
                TaskTemplate.newBuilder().addArgv("/bin/sh").addArgv("-c").addArgv("sleep 60 & sleep 60; true").build(),
                layout.workDir(layout.borglets().get(1)).resolve("tasks/sleep.0.1"), "m2"));
        ProcessHandle root = ProcessHandle.of(orphan.pid()).orElseThrow();
        try {
            await().until(() -> root.descendants().count() >= 2);
            List<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants()).toList();

            UpCell.Stopped stopped = cell.stop();

            assertThat(stopped).isEqualTo(new UpCell.Stopped(0, 1));
            assertThat(tree).allMatch(LocalCellTest::isGone);
        } finally {
            orphan.kill();
        }
    }

    @Test
    void theStopMessageSaysWhatHadToBeKilled() {
        assertThat(UpCommand.stopDetails(new UpCell.Stopped(0, 0))).isEmpty();
        assertThat(UpCommand.stopDetails(new UpCell.Stopped(2, 0))).isEqualTo(" (2 processes needed SIGKILL)");
        assertThat(UpCommand.stopDetails(new UpCell.Stopped(2, 1)))
                .isEqualTo(" (2 processes needed SIGKILL; killed 1 task left behind by a killed Borglet)");
    }

    /** Gone or a zombie: a killed grandchild may wait for init to reap it. */
    private static boolean isGone(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }
}
