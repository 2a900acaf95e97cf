package borgcell.master.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.api.v1.JobSpec;
import borgcell.api.v1.ListJobsRequest;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.TaskTemplate;
import borgcell.api.v1.raft.CellSnapshot;
import borgcell.cell.Cell;
import borgcell.cell.SnapshotEncoding;
import borgcell.master.TestCluster;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica killed while it writes a snapshot must still start. The fault campaign once killed
 * a replica mid-write: the truncated file sat under the newest snapshot name and the replica
 * failed to start on every retry ("the input ended unexpectedly in the middle of a field").
 */
class SnapshotFilesTest {

    @TempDir
    Path dir;

    @Test
    void aWriteInterruptedHalfWayLeavesNothingUnderTheSnapshotName() throws IOException {
        File older = dir.resolve("snapshot.1_10").toFile();
        SnapshotFiles.write(older, out -> SnapshotEncoding.writeCanonical(snapshot(1, 10), out));
        byte[] newer = bytes(snapshot(2, 20));

        assertThatThrownBy(() -> SnapshotFiles.write(dir.resolve("snapshot.2_20").toFile(), out -> {
            out.write(newer, 0, newer.length / 2);
            throw new IOException("the disk went away half way");
        })).hasMessageContaining("half way");

        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("snapshot.1_10", "snapshot.1_10.md5");
        assertThat(SnapshotFiles.read(info(older, 1, 10)).getLastAppliedIndex()).isEqualTo(10);
    }

    @Test
    void aDamagedSnapshotIsNamedWithWhatToDo() throws IOException {
        byte[] whole = bytes(snapshot(1, 30));
        File damaged = dir.resolve("snapshot.1_30").toFile();
        Files.write(damaged.toPath(), Arrays.copyOf(whole, whole.length - 3));

        assertThatThrownBy(() -> SnapshotFiles.read(info(damaged, 1, 30)))
                .hasMessageContaining("snapshot.1_30 is damaged").hasMessageContaining("start it empty");
    }

    @Test
    void aReplicaKilledWhileWritingASnapshotStartsAgainFromTheSnapshotBefore() throws IOException {
        TestCluster cluster = new TestCluster(1, dir, TestCluster.fastSettings()).startAll();
        try {
            cluster.awaitLeader();
            for (int i = 0; i < 3; i++) {
                cluster.jobs("r1").submitJob(SubmitJobRequest.newBuilder().setRequestId("req-" + i)
                        .setSpec(spec("kept-" + i)).build());
            }
            long snapshotIndex = cluster.replica("r1").raft().snapshotNow();
            cluster.stop("r1");
            // What kill -9 leaves while the next snapshot is being written: a partial temporary file.
            File smDir = stateMachineDir(cluster.dataDir("r1"));
            byte[] next = bytes(snapshot(9, snapshotIndex + 5));
            File partial = new File(smDir, "snapshot.9_" + (snapshotIndex + 5) + ".tmp");
            Files.write(partial.toPath(), Arrays.copyOf(next, next.length / 2));

            cluster.start("r1");
            cluster.awaitLeader();

            List<String> names = cluster.jobs("r1").listJobs(ListJobsRequest.getDefaultInstance()).getJobsList().stream()
                    .map(j -> j.getSpec().getName()).toList();
            assertThat(names).containsExactlyInAnyOrder("kept-0", "kept-1", "kept-2");
            assertThat(partial).doesNotExist();
        } finally {
            cluster.close();
        }
    }

    private static File stateMachineDir(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(p -> p.getFileName().toString().equals("sm") && Files.isDirectory(p)).findFirst()
                    .orElseThrow(() -> new AssertionError("no state machine directory under " + dataDir)).toFile();
        }
    }

    private static SingleFileSnapshotInfo info(File file, long term, long index) {
        return new SingleFileSnapshotInfo(new FileInfo(file.toPath(), null), term, index);
    }

    private static JobSpec spec(String name) {
        return JobSpec.newBuilder().setName(name).setUser("ann").setPriority(100).setTaskCount(3)
                .setTask(TaskTemplate.newBuilder().addArgv("/bin/sleep").addArgv("60")
                        .setResources(Resources.newBuilder().setCpuMillis(100).setRamBytes(1 << 20)))
                .build();
    }

    /** A cell with one job: enough bytes that half of them is a truncated message. */
    private static CellSnapshot snapshot(long term, long index) {
        Cell cell = new Cell();
        cell.apply(1, borgcell.cell.Fixtures.submit("r-1", spec("web")));
        return cell.toSnapshot(term, index);
    }

    private static byte[] bytes(CellSnapshot snapshot) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotEncoding.writeCanonical(snapshot, out);
        return out.toByteArray();
    }
}
