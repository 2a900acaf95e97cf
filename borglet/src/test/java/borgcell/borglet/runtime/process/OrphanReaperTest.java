package borgcell.borglet.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskLaunch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanReaperTest {

    @TempDir Path workDir;

    private final ProcessRuntime runtime = new ProcessRuntime(Duration.ofMillis(500));
    private final List<ProcessHandle> toKill = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        toKill.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void killsTheProcessTreeOfATaskWhoseBorgletDiedAndRemovesItsRecord() throws Exception {
        List<ProcessHandle> tree = orphanTree("web", 0, 1);

        int killed = OrphanReaper.reap(workDir);

        assertThat(killed).isEqualTo(1);
        assertThat(tree).allMatch(ProcessTree::isGone);
        assertThat(record("web.0.1")).doesNotExist();
    }

    @Test
    void killsEveryOrphanOfTheWorkDirectory() throws Exception {
        List<ProcessHandle> trees = new ArrayList<>(orphanTree("web", 0, 1));
        trees.addAll(orphanTree("web", 1, 1));
        trees.addAll(orphanTree("batch", 0, 3));

        assertThat(OrphanReaper.reap(workDir)).isEqualTo(3);
        assertThat(trees).allMatch(ProcessTree::isGone);
    }

    @Test
    void leavesAloneAProcessWhoseStartInstantDoesNotMatchTheRecord() throws Exception {
        ProcessHandle stranger = sleeper();
        ProcessRecord recorded = ProcessRecord.of(stranger).orElseThrow();
        // The same pid, started at another time: the kernel gave our pid to someone else.
        writeRecord("web.0.1", new ProcessRecord(recorded.pid(), recorded.startInstant().minusSeconds(5)));

        int killed = OrphanReaper.reap(workDir);

        assertThat(killed).isZero();
        assertThat(stranger.isAlive()).isTrue();
    }

    @Test
    void removesTheRecordOfAProcessThatHasEnded() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        writeRecord("web.0.1", new ProcessRecord(ended.pid(), Instant.now()));

        assertThat(OrphanReaper.reap(workDir)).isZero();
        assertThat(record("web.0.1")).doesNotExist();
    }

    @Test
    void skipsMalformedRecordsAndStillKillsTheOrphansBesideThem() throws Exception {
        ProcessHandle bystander = sleeper();
        long pid = bystander.pid();
        writeRecordText("empty.0.1", "");
        Files.createDirectories(workDir.resolve("tasks/garbage.0.1"));
        Files.write(record("garbage.0.1"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        writeRecordText("prose.0.1", "this task is pid 12\n");
        writeRecordText("no-start.0.1", "pid " + pid + "\n");
        writeRecordText("bad-pid.0.1", "pid twelve\nstart 2025-01-01T00:00:00Z\n");
        writeRecordText("bad-instant.0.1", "pid " + pid + "\nstart yesterday\n");
        writeRecordText("negative-pid.0.1", "pid -1\nstart 2025-01-01T00:00:00Z\n");
        Files.createDirectories(workDir.resolve("tasks/dir-record.0.1").resolve(ProcessRecord.FILE_NAME));
        Files.writeString(workDir.resolve("tasks/not-a-directory"), "x");
        List<ProcessHandle> orphan = orphanTree("web", 0, 1);

        int killed = OrphanReaper.reap(workDir);

        assertThat(killed).isEqualTo(1);
        assertThat(orphan).allMatch(ProcessTree::isGone);
        assertThat(bystander.isAlive()).isTrue();
        assertThat(record("garbage.0.1")).exists();
    }

    @Test
    void findsNothingInAWorkDirectoryWithoutTasks() {
        assertThat(OrphanReaper.reap(workDir.resolve("never-used"))).isZero();
    }

    /**
     * Starts a task whose shell has a child of its own, then drops it the way a Borglet killed
     * with SIGKILL does: no kill, no close. Returns the tree as it was.
     */
    private List<ProcessHandle> orphanTree(String job, int index, int attempt) throws Exception {
        TaskTemplate template = TaskTemplate.newBuilder().addArgv("/bin/sh").addArgv("-c")
                .addArgv("sleep 60 & sleep 60; true").build();
        Path taskDir = workDir.resolve("tasks").resolve(job + "." + index + "." + attempt);
        RunningTask task = runtime.start(new TaskLaunch(job, index, attempt, template, taskDir, "m1"));
        ProcessHandle root = ProcessHandle.of(task.pid()).orElseThrow();
        toKill.add(root);
        await().until(() -> root.descendants().count() >= 2);
        List<ProcessHandle> tree = new ArrayList<>(List.of(root));
        root.descendants().forEach(tree::add);
        toKill.addAll(tree);
        assertThat(taskDir.resolve(ProcessRecord.FILE_NAME)).exists();
        return tree;
    }

    private ProcessHandle sleeper() throws Exception {
        ProcessHandle process = new ProcessBuilder("sleep", "60").start().toHandle();
        toKill.add(process);
        return process;
    }

    private void writeRecord(String taskDir, ProcessRecord record) throws Exception {
        Path dir = Files.createDirectories(workDir.resolve("tasks").resolve(taskDir));
        record.writeTo(dir);
    }

    private void writeRecordText(String taskDir, String text) throws Exception {
        Path dir = Files.createDirectories(workDir.resolve("tasks").resolve(taskDir));
        Files.writeString(dir.resolve(ProcessRecord.FILE_NAME), text);
    }

    private Path record(String taskDir) {
        return workDir.resolve("tasks").resolve(taskDir).resolve(ProcessRecord.FILE_NAME);
    }
}
