package borgcell.borglet.vmm.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** st_blocks is what the host allocated, not the size rounded: empty, sparse and written files differ. */
class HostStatTest {

    @TempDir Path dir;

    @Test
    void blocksAreWhatTheHostAllocatedNotTheSize() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty"));
        Path written = Files.write(dir.resolve("written"), new byte[100_000]);
        Path sparse = dir.resolve("sparse");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(100_000_000);
        }

        assertThat(HostStat.blocks(empty)).isZero();
        assertThat(HostStat.blocks(written)).isGreaterThanOrEqualTo(100_000 / 512);
        assertThat(HostStat.blocks(sparse)).as("a hole allocates nothing").isLessThan(100_000_000 / 512 / 100);
    }

    @Test
    void aMissingPathOrADanglingLinkAnswersWithoutFollowingIt() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("nowhere"));

        assertThat(HostStat.blocks(dir.resolve("missing"))).isEqualTo(-1);
        assertThat(HostStat.blocks(link)).as("the link itself, not its target").isGreaterThanOrEqualTo(0);
    }
}
