package borgcell.borglet.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files each cgroup layout writes and reads, on a tree laid out as the kernel's: v2, which
 * these hosts cannot mount with controllers, and v1 beside it. (v1 runs against the real
 * kernel in {@link ContainerRuntimeTest}.)
 */
class TaskCgroupLayoutTest {
    private static final long MIB = 1L << 20;

    @TempDir Path root;

    @Test
    void onCgroupV2TheLimitsGoInTheUnifiedHierarchyWithTheControllersHandedDown() throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");

        assertThat(TaskCgroup.supported(root)).isEmpty();
        TaskCgroup cgroup = TaskCgroup.create(root, "t1", 64 * MIB, 250, 500, 32);

        assertThat(cgroup).isInstanceOf(CgroupV2.class);
        Path dir = root.resolve("borg/t1");
        assertThat(Files.readString(root.resolve("cgroup.subtree_control"))).isEqualTo("+memory +pids +cpu");
        assertThat(Files.readString(root.resolve("borg/cgroup.subtree_control"))).isEqualTo("+memory +pids +cpu");
        assertThat(Files.readString(dir.resolve("cgroup.subtree_control"))).as("for runc's cgroup").isEqualTo("+memory +pids +cpu");
        assertThat(Files.readString(dir.resolve("memory.max"))).isEqualTo(Long.toString(64 * MIB));
        assertThat(Files.readString(dir.resolve("pids.max"))).isEqualTo("32");
        assertThat(Files.readString(dir.resolve("cpu.weight"))).as("250m: shares 256, as runc maps them").isEqualTo("10");
        assertThat(Files.readString(dir.resolve("cpu.max"))).as("500m: half of each 100 ms").isEqualTo("50000 100000");
        assertThat(cgroup.containerPath()).isEqualTo("/borg/t1/task");
    }

    @Test
    void onCgroupV2AnOomKillIsReadFromTheTasksOwnEventsAndUsageFromItsFiles() throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        TaskCgroup cgroup = TaskCgroup.create(root, "t1", 64 * MIB, 100, 0, 32);
        Path dir = root.resolve("borg/t1");
        Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 0\n");
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n");
        Files.writeString(dir.resolve("memory.current"), "4096\n");
        Files.writeString(dir.resolve("memory.peak"), "8192\n");

        assertThat(cgroup.killedForMemory(true)).as("no kill counted: a SIGKILL is someone else's").isFalse();
        Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");
        assertThat(cgroup.killedForMemory(false)).isTrue();
        assertThat(cgroup.cpuNanos()).isEqualTo(1_500_000_000L);
        assertThat(cgroup.memoryNow()).isEqualTo(4096);
        assertThat(cgroup.memoryPeak()).isEqualTo(8192);
        assertThat(cgroup.memoryLimit()).isEqualTo(64 * MIB);
        Files.writeString(dir.resolve("memory.max"), "max\n");
        assertThat(cgroup.memoryLimit()).as("no limit").isEqualTo(-1);
        assertThat(cgroup.cpuNanos()).isPositive();
        Files.delete(dir.resolve("cpu.stat"));
        assertThat(cgroup.cpuNanos()).as("gone").isEqualTo(-1);
    }

    @Test
    void aV2HostWithoutAControllerIsRefusedNamingIt() throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory\n");

        assertThat(TaskCgroup.supported(root)).hasValueSatisfying(why -> assertThat(why)
                .contains("does not offer the pids controller"));
    }

    @Test
    void onCgroupV1EachControllerHasItsOwnHierarchy() throws Exception {
        for (String c : new String[] {"memory", "pids", "cpu", "cpuacct"}) {
            Files.createDirectories(root.resolve(c));
        }

        assertThat(TaskCgroup.supported(root)).isEmpty();
        TaskCgroup cgroup = TaskCgroup.create(root, "t1", 64 * MIB, 250, 500, 32);

        assertThat(cgroup).isInstanceOf(CgroupV1.class);
        assertThat(Files.readString(root.resolve("memory/borg/t1/memory.limit_in_bytes"))).isEqualTo(Long.toString(64 * MIB));
        assertThat(Files.readString(root.resolve("pids/borg/t1/pids.max"))).isEqualTo("32");
        assertThat(Files.readString(root.resolve("cpu/borg/t1/cpu.shares"))).isEqualTo("256");
        assertThat(Files.readString(root.resolve("cpu/borg/t1/cpu.cfs_quota_us"))).isEqualTo("50000");
        assertThat(Files.readString(root.resolve("cpu/borg/t1/cpu.cfs_period_us"))).isEqualTo("100000");
        assertThat(cgroup.containerPath()).isEqualTo("/borg/t1/task");
    }

    @Test
    void theCpuWeightFollowsTheRequestAcrossItsWholeRange() {
        assertThat(CgroupFiles.weight(1)).isEqualTo(1);
        assertThat(CgroupFiles.weight(1000)).isEqualTo(39);
        assertThat(CgroupFiles.weight(1_000_000)).isEqualTo(10_000);
        assertThat(CgroupFiles.weight(750) * 1.0 / CgroupFiles.weight(250)).isBetween(2.5, 3.5);
    }
}
