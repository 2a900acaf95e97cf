package borgcell.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {

    static final String MACHINES = """
            0,5,0,HofLGzk1Or/8Ildj2+Lqv0UGGvY82NLoni8+J/Yy0RU=,0.5,0.2493
            0,6,0,HofLGzk1Or/8Ildj2+Lqv0UGGvY82NLoni8+J/Yy0RU=,1,1
            835150655,5,1,HofLGzk1Or/8Ildj2+Lqv0UGGvY82NLoni8+J/Yy0RU=,,
            900000000,6,2,HofLGzk1Or/8Ildj2+Lqv0UGGvY82NLoni8+J/Yy0RU=,1,0.5
            """;

    static final String TASKS = """
            0,,3418309,0,,0,wSHfc9UvS5TLBVmHDmdVRiumEtF4eNbkTt3uF5eISak=,3,9,0.125,0.07446,0.0004244,0
            0,,3418309,0,6,1,wSHfc9UvS5TLBVmHDmdVRiumEtF4eNbkTt3uF5eISak=,3,9,0.125,0.07446,0.0004244,0
            0,,3418309,1,,0,wSHfc9UvS5TLBVmHDmdVRiumEtF4eNbkTt3uF5eISak=,3,9,0.0625,0.1,0.0004244,1
            600000000,,3418309,1,5,1,wSHfc9UvS5TLBVmHDmdVRiumEtF4eNbkTt3uF5eISak=,3,9,0.0625,0.1,0.0004244,1
            700000000,2,4000000,0,,0,fJYeclskJqPWsAT6TX/r9X5OiIZpSEb2PxGliYAOMxM=,0,0,,,,
            720000000,,3418309,1,5,2,wSHfc9UvS5TLBVmHDmdVRiumEtF4eNbkTt3uF5eISak=,3,9,0.0625,0.1,0.0004244,1
            720000001,,3418309,1,,0,wSHfc9UvS5TLBVmHDmdVRiumEtF4eNbkTt3uF5eISak=,3,9,0.0625,0.1,0.0004244,1
            800000000,,3418309,0,6,4,wSHfc9UvS5TLBVmHDmdVRiumEtF4eNbkTt3uF5eISak=,3,9,0.125,0.07446,0.0004244,0
            810000000,,4000000,0,,5,fJYeclskJqPWsAT6TX/r9X5OiIZpSEb2PxGliYAOMxM=,0,0,,,,
            """;

    @TempDir
    Path dir;

    @Test
    void aTinyTraceIsReadExactly() throws IOException {
        write(dir.resolve("machine_events/part-00000-of-00001.csv"), MACHINES, false);
        write(dir.resolve("task_events/part-00000-of-00001.csv"), TASKS, false);
        Trace t = TraceReader.read(dir, OnMalformed.FAIL);
        assertThat(t.malformed()).isEmpty();
        assertThat(t.machineEventCounts()).containsEntry(MachineEvent.Type.ADD, 2).containsEntry(MachineEvent.Type.REMOVE, 1)
                .containsEntry(MachineEvent.Type.UPDATE, 1);
        assertThat(t.taskEventCounts()).containsEntry(TaskEvent.Type.SUBMIT, 4).containsEntry(TaskEvent.Type.SCHEDULE, 2)
                .containsEntry(TaskEvent.Type.EVICT, 1).containsEntry(TaskEvent.Type.FINISH, 1)
                .containsEntry(TaskEvent.Type.KILL, 1).containsEntry(TaskEvent.Type.FAIL, 0);
        assertThat(t.machineEvents().getFirst()).isEqualTo(new MachineEvent(0, 5, MachineEvent.Type.ADD,
                "HofLGzk1Or/8Ildj2+Lqv0UGGvY82NLoni8+J/Yy0RU=", 0.5, 0.2493));
        assertThat(t.machineEvents().get(2).cpus()).isNull();
        assertThat(t.machineEvents().get(3).memory()).isEqualTo(0.5);
        TaskEvent apart = t.taskEvents().get(2);
        assertThat(apart.jobId()).isEqualTo(3418309);
        assertThat(apart.taskIndex()).isEqualTo(1);
        assertThat(apart.machineId()).isNull();
        assertThat(apart.priority()).isEqualTo(9);
        assertThat(apart.schedulingClass()).isEqualTo(3);
        assertThat(apart.cpuRequest()).isEqualTo(0.0625);
        assertThat(apart.differentMachines()).isTrue();
        TaskEvent unknownRequests = t.taskEvents().get(4);
        assertThat(unknownRequests.missingInfo()).isEqualTo(2);
        assertThat(unknownRequests.cpuRequest()).isNull();
        assertThat(unknownRequests.differentMachines()).isFalse();
        assertThat(t.lastTimeMicros()).isEqualTo(900_000_000L);
        assertThat(t.files()).containsExactly("machine_events/part-00000-of-00001.csv", "task_events/part-00000-of-00001.csv");
    }

    @Test
    void gzipFilesReadTheSameAsPlainOnes() throws IOException {
        write(dir.resolve("plain/machine_events.csv"), MACHINES, false);
        write(dir.resolve("plain/task_events.csv"), TASKS, false);
        write(dir.resolve("gz/machine_events/part-00000-of-00001.csv.gz"), MACHINES, true);
        write(dir.resolve("gz/task_events/part-00000-of-00002.csv.gz"), TASKS.lines().limit(4).map(l -> l + "\n")
                .reduce("", String::concat), true);
        write(dir.resolve("gz/task_events/part-00001-of-00002.csv.gz"), TASKS.lines().skip(4).map(l -> l + "\n")
                .reduce("", String::concat), true);
        Trace plain = TraceReader.read(dir.resolve("plain"), OnMalformed.FAIL);
        Trace gz = TraceReader.read(dir.resolve("gz"), OnMalformed.FAIL);
        assertThat(gz.machineEvents()).isEqualTo(plain.machineEvents());
        assertThat(gz.taskEvents()).isEqualTo(plain.taskEvents());
    }

    @Test
    void malformedLinesAreReportedWithFileAndLineAndLeftOut() throws IOException {
        write(dir.resolve("machine_events.csv"), MACHINES + "12,7,9,p,0.5,0.5\n", false);
        write(dir.resolve("task_events.csv.gz"), """
                0,,1,0,,0,u,0,2,0.1,0.1,0,0
                0,,1,1,,0,u,0,12,0.1,0.1,0,0
                zero,,1,2,,0,u,0,2,0.1,0.1,0,0
                0,,1,3,,0,u,0,2,0.1

                0,,1,4,,0,u,0,2,-0.1,0.1,0,0
                0,,1,5,,0,u,0,2,0.1,0.1,0,yes
                0,,1,6,,0,u,0,2,0.1,0.1,0,1
                """, true);
        Trace t = TraceReader.read(dir, OnMalformed.SKIP);
        assertThat(t.malformed()).extracting(Malformed::toString).containsExactly(
                "machine_events.csv:5: event type must be 0 (add), 1 (remove) or 2 (update), not 9",
                "task_events.csv.gz:2: field 9 (priority): must be 0-11 (got 12)",
                "task_events.csv.gz:3: field 1 (timestamp): not an integer (got \"zero\")",
                "task_events.csv.gz:4: expected 13 comma-separated fields, found 10",
                "task_events.csv.gz:5: empty line",
                "task_events.csv.gz:6: field 10 (CPU request): must be a finite number >= 0 (got -0.1)",
                "task_events.csv.gz:7: field 13 (different-machine restriction): must be 0, 1 or empty (got \"yes\")");
        assertThat(t.taskEvents()).extracting(TaskEvent::taskIndex).containsExactly(0, 6);
        assertThat(t.machineEvents()).hasSize(4);
    }

    @Test
    void withFailTheFirstMalformedLineStopsTheRead() throws IOException {
        write(dir.resolve("machine_events.csv"), MACHINES, false);
        write(dir.resolve("task_events.csv"), TASKS + "1,,2,0,,0,u,0,2,0.1,0.1\n" + TASKS, false);
        assertThatThrownBy(() -> TraceReader.read(dir, OnMalformed.FAIL))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage("malformed trace line task_events.csv:10: expected 13 comma-separated fields, found 11");
    }

    @Test
    void aMissingTableOrDirectoryIsAClearError() throws IOException {
        assertThatThrownBy(() -> TraceReader.read(dir.resolve("nowhere"), OnMalformed.SKIP))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("does not exist");
        write(dir.resolve("machine_events.csv"), MACHINES, false);
        assertThatThrownBy(() -> TraceReader.read(dir, OnMalformed.SKIP))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("no task_events in")
                .hasMessageContaining("task_events.csv.gz");
    }

    @Test
    void eventsFromTheEndOfTheWindowOnAreLeftOut() throws IOException {
        write(dir.resolve("machine_events.csv"), MACHINES, false);
        write(dir.resolve("task_events.csv"), TASKS, false);
        Trace t = TraceReader.read(dir, OnMalformed.FAIL, 700_000_000L);
        assertThat(t.taskEvents()).hasSize(4);
        assertThat(t.machineEvents()).hasSize(2);
    }

    @Test
    void theCommittedSampleIsWhatTheGeneratorMakesAndReadsCleanly() throws IOException {
        Path sample = Path.of("src/test/resources/trace-sample");
        Trace t = TraceReader.read(sample, OnMalformed.FAIL);
        assertThat(t.machineEventCounts().get(MachineEvent.Type.ADD)).isGreaterThanOrEqualTo(300);
        assertThat(t.taskEvents().size()).isBetween(2_000, 10_000);
        assertThat(t.taskEventCounts()).allSatisfy((type, n) -> {
            if (type != TaskEvent.Type.UPDATE_PENDING) {
                assertThat(n).as(type.name()).isPositive();
            }
        });
        TraceGenerator.Tables again = TraceGenerator.generate(TraceGenerator.Options.sample());
        assertThat(lines(sample.resolve("machine_events/part-00000-of-00001.csv"))).isEqualTo(again.machineEvents());
        assertThat(lines(sample.resolve("task_events/part-00000-of-00001.csv.gz"))).isEqualTo(again.taskEvents());
    }

    private static List<String> lines(Path file) throws IOException {
        try (var in = TraceReader.open(file)) {
            return in.lines().toList();
        }
    }

    static void write(Path file, String text, boolean gzip) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
