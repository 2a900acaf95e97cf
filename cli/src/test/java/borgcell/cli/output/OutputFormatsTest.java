package borgcell.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.CellInfo;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.JobState;
import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.Replica;
import borgcell.api.v1.Resources;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskTemplate;
import borgcell.api.v1.TaskUsage;
import com.google.protobuf.util.JsonFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class OutputFormatsTest {

    static final Job HELLO = Job.newBuilder()
            .setSpec(JobSpec.newBuilder().setName("hello").setUser("demo").setPriority(100).setTaskCount(3))
            .setState(JobState.JOB_RUNNING)
            .setRequestId("req-1")
            .setSubmittedMillis(1_000_000)
            .addTasks(Task.newBuilder().setJob("hello").setIndex(0).setState(TaskState.SUCCEEDED)
                    .setMachineId("m1").setAttempt(1).setExitCode(0).setMessage("exited"))
            .addTasks(Task.newBuilder().setJob("hello").setIndex(1).setState(TaskState.RUNNING)
                    .setMachineId("m2").setAttempt(2).setMessage("machine m3 went down"))
            .addTasks(Task.newBuilder().setJob("hello").setIndex(2).setState(TaskState.PENDING)
                    .setMessage("0/3 machines fit: 3 insufficient ram"))
            .build();

    @Test
    void jsonIsProtobufsJsonAndReadsBackToTheSameJob() throws Exception {
        String json = Structured.render(HELLO, OutputFormat.JSON);

        Job.Builder back = Job.newBuilder();
        JsonFormat.parser().merge(json, back);
        assertThat(back.build()).isEqualTo(HELLO);
        assertThat(json).contains("\"name\": \"hello\"").contains("\"state\": \"SUCCEEDED\"");
    }

    @Test
    void jsonShowsZeroValuesSoScriptsSeeExitCodeZero() {
        assertThat(Structured.json(HELLO)).contains("\"exitCode\": 0");
    }

    @Test
    void yamlHasTheSameTreeAsJson() {
        String yaml = Structured.render(HELLO, OutputFormat.YAML);

        JsonNode tree = YAMLMapper.builder().build().readTree(yaml);
        assertThat(yaml).doesNotStartWith("---");
        assertThat(tree.get("spec").get("name").asString()).isEqualTo("hello");
        assertThat(tree.get("tasks").get(1).get("machineId").asString()).isEqualTo("m2");
        assertThat(tree.get("tasks").size()).isEqualTo(3);
    }

    @Test
    void yamlKeepsStringsThatLookLikeNumbersOrBooleansStrings() {
        Job job = HELLO.toBuilder().setSpec(HELLO.getSpec().toBuilder().setTask(borgcell.api.v1.TaskTemplate.newBuilder()
                .addArgv("/bin/sleep").addArgv("3600").addArgv("true").addArgv("0x10").addArgv("1e3").putEnv("N", "no"))).build();

        String yaml = Structured.yaml(job);

        JsonNode tree = YAMLMapper.builder().build().readTree(yaml);
        assertThat(tree.get("spec").get("task").get("argv")).allMatch(JsonNode::isString);
        assertThat(tree.get("spec").get("task").get("env").get("N").isString()).isTrue();
        assertThat(tree.get("submittedMillis").asString()).isEqualTo("1000000");
    }

    @Test
    void statusTableHasALinePerTaskWithStateMachineAttemptExitAndMessage() {
        String table = Views.jobStatus(HELLO);

        assertThat(table.lines().toList()).containsSubsequence(
                "job hello   user demo   priority 100   state RUNNING",
                "tasks 3: 1 pending, 1 running, 1 succeeded");
        assertThat(table).containsPattern("INDEX +STATE +READY +MACHINE +ATTEMPT +RESTARTS +EXIT +CPU USED/REQ +MEM USED/REQ"
                + " +MEM PEAK +HEALTH +MESSAGE");
        assertThat(table).containsPattern("\n0 +SUCCEEDED +- +m1 +1 +0 +0 +- +- +- +- +exited\n");
        assertThat(table).containsPattern("\n1 +RUNNING +no +m2 +2 +0 +- +- +- +- +- +machine m3 went down\n");
        assertThat(table).containsPattern("\n2 +PENDING +- +- +0 +0 +- +- +- +- +- +0/3 machines fit: 3 insufficient ram\n");
    }

    @Test
    void aRunningTasksUsageStandsBesideItsRequest() {
        Job measured = HELLO.toBuilder()
                .setSpec(HELLO.getSpec().toBuilder().setTask(TaskTemplate.newBuilder()
                        .setResources(Resources.newBuilder().setCpuMillis(500).setRamBytes(64L << 20))))
                .setTasks(1, HELLO.getTasks(1).toBuilder().setUsage(TaskUsage.newBuilder().setCpuMillicores(480)
                        .setMemoryBytes(12L << 20).setMemoryPeakBytes(20L << 20)))
                .build();

        assertThat(Views.jobStatus(measured)).containsPattern("\n1 +RUNNING +no +m2 +2 +0 +- +480m/500m +12Mi/64Mi +20Mi +- +machine m3");
    }

    @Test
    void aRunningTaskShowsWhetherItIsReadyAndWhatItsChecksSay() {
        Job checked = HELLO.toBuilder()
                .setTasks(1, HELLO.getTasks(1).toBuilder().setReady(false).setHealth("readiness: HTTP 503 on /healthz"))
                .setTasks(2, HELLO.getTasks(1).toBuilder().setIndex(2).setReady(true).setHealth("passing"))
                .build();

        String table = Views.jobStatus(checked);

        assertThat(table).containsPattern("\n1 +RUNNING +no +m2 +.* +readiness: HTTP 503 on /healthz +machine m3 went down\n");
        assertThat(table).containsPattern("\n2 +RUNNING +yes +m2 +.* +passing +machine m3 went down\n");
    }

    @Test
    void tableColumnsLineUp() {
        List<String> lines = Views.jobStatus(HELLO).lines().dropWhile(l -> !l.startsWith("INDEX")).toList();
        int stateColumn = lines.get(0).indexOf("STATE");
        int machineColumn = lines.get(0).indexOf("MACHINE");
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line.charAt(stateColumn - 1)).isEqualTo(' ');
            assertThat(line.charAt(stateColumn)).isNotEqualTo(' ');
            assertThat(line.charAt(machineColumn)).isNotEqualTo(' ');
        }
    }

    @Test
    void finishedJobSucceedsOnlyWhenEveryTaskDid() {
        Job allDone = HELLO.toBuilder().setState(JobState.JOB_FINISHED)
                .setTasks(1, HELLO.getTasks(1).toBuilder().setState(TaskState.SUCCEEDED))
                .setTasks(2, HELLO.getTasks(2).toBuilder().setState(TaskState.SUCCEEDED)).build();
        Job oneFailed = allDone.toBuilder().setTasks(2, HELLO.getTasks(2).toBuilder().setState(TaskState.FAILED).setExitCode(3)).build();

        assertThat(Views.outcome(allDone)).isEqualTo("SUCCEEDED");
        assertThat(Views.outcome(oneFailed)).isEqualTo("FAILED");
        assertThat(Views.outcome(HELLO.toBuilder().setState(JobState.JOB_KILLED).build())).isEqualTo("KILLED");
        assertThat(Views.jobStatus(oneFailed)).containsPattern("\n2 +FAILED +- +- +0 +0 +3 ");
    }

    @Test
    void jobListCountsTasksByState() {
        String table = Views.jobList(List.of(HELLO), 1_000_000 + 65_000);

        assertThat(table).containsPattern("NAME +USER +PRIORITY +STATE +TASKS +PENDING +RUNNING +SUCCEEDED +FAILED +AGE");
        assertThat(table).containsPattern("hello +demo +100 +RUNNING +3 +1 +1 +1 +0 +65s");
        assertThat(Views.jobList(List.of(), 0)).isEqualTo("no jobs\n");
    }

    @Test
    void machineListShowsAllocatedOverCapacity() {
        Machine m1 = Machine.newBuilder().setId("m1").setAddress("127.0.0.1").setState(MachineState.UP)
                .setCapacity(Resources.newBuilder().setCpuMillis(2000).setRamBytes(2L << 30).setDiskBytes(10L << 30))
                .setAllocated(Resources.newBuilder().setCpuMillis(300).setRamBytes(192L << 20).setDiskBytes(48L << 20))
                .putAttributes("rack", "r1").addRuntimes("process").build();

        assertThat(Views.machineList(List.of(m1)))
                .containsPattern("m1 +UP +127.0.0.1 +300m/2 +192Mi/2Gi +48Mi/10Gi +process\\* +rack=r1");
    }

    @Test
    void machineListMarksTheRuntimeATaskNamingNoneRunsIn() {
        assertThat(Views.runtimesMarkingTheDefault(List.of("process", "microvm", "container"))).isEqualTo("process,microvm,container*");
        assertThat(Views.runtimesMarkingTheDefault(List.of("process", "microvm"))).isEqualTo("process*,microvm");
        assertThat(Views.runtimesMarkingTheDefault(List.of())).isEmpty();
    }

    @Test
    void cellShowsTheLeaderAndEachReplicasAddresses() {
        CellInfo cell = CellInfo.newBuilder().setLeaderId("r2").setTerm(3).setMachinesUp(3).setMachinesTotal(3)
                .setJobs(1).setAnsweredBy("r1")
                .addReplicas(Replica.newBuilder().setId("r1").setGrpcAddress("127.0.0.1:7101")
                        .setRaftAddress("127.0.0.1:7111").setHttpAddress("127.0.0.1:7121"))
                .addReplicas(Replica.newBuilder().setId("r2").setLeader(true).setGrpcAddress("127.0.0.1:7102")
                        .setRaftAddress("127.0.0.1:7112").setHttpAddress("http://127.0.0.1:7122"))
                .build();

        String text = Views.cell(cell);

        assertThat(text).contains("leader     r2   (term 3)").contains("machines   3 up of 3");
        assertThat(text).containsPattern("r1 +follower +127.0.0.1:7101 +127.0.0.1:7111 +http://127.0.0.1:7121");
        assertThat(text).containsPattern("r2 +leader +127.0.0.1:7102 +127.0.0.1:7112 +http://127.0.0.1:7122");
    }
}
