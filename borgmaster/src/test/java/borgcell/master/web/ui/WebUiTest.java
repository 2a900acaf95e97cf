package borgcell.master.web.ui;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.UpdateJobRequest;
import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.HeartbeatResponse;
import borgcell.api.v1.PortSpec;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TaskUsage;
import borgcell.api.v1.TaskUsageReport;
import borgcell.master.web.ReplicaApps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The web UI of a follower replica in headless Chromium, against three real BorgMaster apps:
 * one machine, a job that fits and one too big for any machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiTest {
    private HeadlessChromium chromium;
    private ReplicaApps cell;
    private WebDriver browser;
    private String ui;

    @BeforeAll
    void start(@TempDir Path dir) {
        chromium = HeadlessChromium.startOrSkip(dir.resolve("chromium-profile"));
        browser = chromium.driver();
        cell = new ReplicaApps(dir.resolve("cell"));
        cell.machines().register(RegisterRequest.newBuilder().setMachineId("m1").setAddress("127.0.0.1")
                .setCapacity(Resources.newBuilder().setCpuMillis(1000).setRamBytes(GI).setDiskBytes(10 * GI).setPorts(100))
                .setPortRangeFirst(20000).setPortRangeLast(20099).addRuntimes("process").putAttributes("rack", "r1").build());
        submit("small", 1, GI / 4);
        submit("toobig", 2, 8 * GI);
        ui = "http://127.0.0.1:" + cell.follower().httpPort() + "/";
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (cell != null) {
            cell.close();
        }
    }

    @Test
    @Order(1)
    void theOverviewShowsTheLeaderAndEveryReplicaWithItsRole() {
        open("#/");

        eventually().untilAsserted(() -> {
            assertThat(text("#tile-leader .tile-value")).isEqualTo(cell.leader());
            assertThat(texts("#replicas tbody tr td:nth-child(2)"))
                    .containsExactlyInAnyOrder("leader", "follower", "follower");
            assertThat(text("#status")).contains("leader " + cell.leader()).contains("(follower)");
            assertThat(text("#tasks-by-state")).contains("pending");
        });
        chromium.screenshot("overview");
    }

    @Test
    @Order(2)
    void theJobsPageListsBothJobsAndFiltersThemByBand() {
        open("#/jobs");
        eventually().untilAsserted(() -> assertThat(texts("#jobs tbody tr th")).containsExactlyInAnyOrder("small",
                "toobig"));
        assertThat(text("#jobs tr[data-job='toobig']")).contains("running", "batch", "2 pending");

        click("select[name='band'] option[value='production']");
        eventually().untilAsserted(() -> assertThat(text("#jobs tbody")).contains("No job matches these filters."));
        assertThat(browser.getCurrentUrl()).endsWith("#/jobs?band=production");
        click("select[name='band'] option[value='']");
        eventually().untilAsserted(() -> assertThat(texts("#jobs tbody tr th")).hasSize(2));
    }

    @Test
    @Order(3)
    void aPendingJobSaysWhyItsTasksArePending() {
        open("#/jobs");
        click("#jobs a[href='#/jobs/toobig']");

        eventually().untilAsserted(() -> {
            assertThat(text("#why-pending")).contains("Why 2 tasks are pending", "tasks 0–1", "insufficient ram");
            assertThat(texts("#tasks tbody tr td:nth-child(2)")).containsExactly("pending", "pending");
        });
        assertThat(browser.findElement(By.cssSelector("#tasks tr[data-task='1'] td.logs a")).getAttribute("href"))
                .isEqualTo(ui + "api/v1/jobs/toobig/tasks/1/logs?stream=stdout&tail=65536");
        chromium.screenshot("job-toobig");
    }

    @Test
    @Order(4)
    void aRunningTaskShowsWhatItUsesAgainstWhatItAskedFor() throws Exception {
        Task placed = await().atMost(Duration.ofSeconds(30)).until(
                () -> cell.jobs().getJob(GetJobRequest.newBuilder().setName("small").build()).getTasks(0),
                t -> t.getState() == TaskState.ASSIGNED);
        // What m1's Borglet would say: the task runs, at 480m and 12 MiB (peak 20 MiB).
        HeartbeatResponse answer = cell.leaderMachines().heartbeat(HeartbeatRequest.newBuilder().setMachineId("m1")
                .addTasks(TaskReport.newBuilder().setJob("small").setIndex(0).setAttempt(placed.getAttempt())
                        .setState(TaskState.RUNNING))
                .addUsage(TaskUsageReport.newBuilder().setJob("small").setIndex(0).setAttempt(placed.getAttempt())
                        .setUsage(TaskUsage.newBuilder().setCpuMillicores(480).setCpuSeconds(3.5)
                                .setMemoryBytes(12L << 20).setMemoryPeakBytes(20L << 20)))
                .setUsageComplete(true).build());
        assertThat(answer.getUsageWanted()).as("a complete list: the leader holds it all now").isFalse();

        open("#/jobs/small");

        eventually().untilAsserted(() -> {
            assertThat(text("#tasks tr[data-task='0'] td.usage.cpu")).isEqualTo("480m of 500m");
            assertThat(text("#tasks tr[data-task='0'] td.usage.memory")).isEqualTo("12 MiB of 256 MiB");
        });
        assertThat(browser.findElement(By.cssSelector("#tasks tr[data-task='0'] td.usage.memory")).getAttribute("title"))
                .isEqualTo("peak 20 MiB");
        assertThat(restGet("api/v1/jobs/small")).as("read through a follower: the leader's answer carries it")
                .contains("\"usage\":{\"cpuMillicores\":480,\"cpuSeconds\":3.5,\"memoryBytes\":12582912,"
                        + "\"memoryPeakBytes\":20971520}");
        chromium.screenshot("job-small-usage");
    }

    @Test
    @Order(5)
    void aRunningTaskShowsWhetherItIsReadyAndItsChecksSayWhy() throws Exception {
        submitWithHealthChecks("checked");
        Task placed = await().atMost(Duration.ofSeconds(30)).until(
                () -> cell.jobs().getJob(GetJobRequest.newBuilder().setName("checked").build()).getTasks(0),
                t -> t.getState() == TaskState.ASSIGNED || t.getState() == TaskState.RUNNING);
        heartbeatFromM1(placed.getAttempt(), false, "readiness: exit 1: warming up");

        open("#/jobs/checked");

        eventually().untilAsserted(() -> assertThat(text("#tasks tr[data-task='0'] td.ready").split("\\s+", 3))
                .containsExactly("not", "ready", "readiness: exit 1: warming up"));
        assertThat(text("#liveness")).isEqualTo("GET /healthz on port web · first 5.0 s after each start, every 10.0 s,"
                + " timeout 1.0 s, restarted after 3 failures in a row");
        assertThat(text("#readiness")).isEqualTo("test -f warm · every 2.0 s, timeout 1.0 s, not ready after 1 failure,"
                + " ready again after 2 passes in a row");
        assertThat(restGet("api/v1/jobs/checked")).contains("\"ready\":false,\"health\":\"readiness: exit 1: warming up\"",
                "\"readiness\":{\"probe\":\"exec\",\"argv\":[\"test\",\"-f\",\"warm\"],\"port\":null,\"path\":null,"
                        + "\"initialDelayMillis\":0,\"intervalMillis\":2000,\"timeoutMillis\":0,\"failureThreshold\":1,"
                        + "\"successThreshold\":2}");
        chromium.screenshot("job-checked-not-ready");

        heartbeatFromM1(placed.getAttempt(), true, "passing");
        eventually().untilAsserted(() -> assertThat(text("#tasks tr[data-task='0'] td.ready").split("\\s+"))
                .containsExactly("ready", "passing"));
        assertThat(text("#tasks tr[data-task='0'] td:nth-child(2)")).isEqualTo("running");
    }

    @Test
    @Order(6)
    void aJobSubmittedThroughTheApiAppearsWithoutReloadingThePage() {
        open("#/jobs");
        eventually().untilAsserted(() -> assertThat(texts("#jobs tbody tr th")).contains("small"));
        js().executeScript("window.borgNotReloaded = true");

        submit("fresh", 3, GI / 8);

        eventually().untilAsserted(() -> assertThat(texts("#jobs tbody tr th")).contains("fresh"));
        assertThat(js().executeScript("return window.borgNotReloaded === true")).isEqualTo(true);
        assertThat(text("#jobs caption")).isEqualTo("4 jobs");
        chromium.screenshot("jobs");
    }

    @Test
    @Order(7)
    void theDrainButtonDrainsTheMachineAndUndrainBringsItBack() throws Exception {
        open("#/machines");
        eventually().untilAsserted(() -> assertThat(text("#machines tr[data-machine='m1'] td.state")).isEqualTo("up"));
        chromium.screenshot("machines");

        click("button[aria-label='Drain m1']");

        eventually().untilAsserted(() -> {
            assertThat(text("#machines tr[data-machine='m1'] td.state")).isEqualTo("draining");
            assertThat(text("#machines tr[data-machine='m1'] button")).isEqualTo("Undrain");
        });
        assertThat(restGet("api/v1/machines/m1")).contains("\"state\":\"draining\"");

        click("button[aria-label='Undrain m1']");
        eventually().untilAsserted(() -> assertThat(text("#machines tr[data-machine='m1'] td.state")).isEqualTo("up"));
    }

    @Test
    @Order(8)
    void theRaftPageShowsThisReplicaAndTheMembers() {
        open("#/raft");
        eventually().untilAsserted(() -> {
            assertThat(text("#self-title")).contains("follower");
            assertThat(texts("#members tbody tr td:nth-child(2)"))
                    .containsExactlyInAnyOrder("leader", "follower", "follower");
        });
        chromium.screenshot("raft");
    }

    @Test
    @Order(9)
    void anUpdatedJobShowsItsVersionAndWhereItsUpdateStands() throws Exception {
        var v2 = cell.jobs().getJob(GetJobRequest.newBuilder().setName("fresh").build()).getSpec().toBuilder();
        v2.getTaskBuilder().addArgv("--version-2");
        cell.jobs().updateJob(UpdateJobRequest.newBuilder().setSpec(v2).build());

        open("#/jobs/fresh");

        eventually().untilAsserted(() -> assertThat(text("section[aria-labelledby='spec-title']"))
                .contains("Version", "2 · update 1 → 2", "--version-2"));
        assertThat(restGet("api/v1/jobs/fresh")).contains("\"version\":{\"current\":2,\"rollout\":{", "\"toVersion\":2");
    }

    @Test
    @Order(10)
    void anApiProblemIsShownWithItsDetail() {
        open("#/jobs/nosuch");
        eventually().untilAsserted(() -> assertThat(text("#problem")).contains("job \"nosuch\" not found"));
        assertThat(browser.findElement(By.id("problem")).isDisplayed()).isTrue();
    }

    @Test
    @Order(11)
    void noPageRaisedAScriptError() {
        // The 404 of the problem test above is logged as a failed resource load, not a script error.
        assertThat(chromium.consoleErrors()).allSatisfy(line -> assertThat(line).contains("404"));
    }

    /** One task with an HTTP liveness check on its port "web" and an exec readiness check. */
    private void submitWithHealthChecks(String name) {
        var spec = spec(name, 1).toBuilder();
        var task = spec.getTaskBuilder().addPorts(PortSpec.newBuilder().setName("web"));
        task.getResourcesBuilder().setCpuMillis(100).setPorts(1); // beside "small" on m1; ports: how many it names
        task.getLivenessBuilder().setInitialDelayMillis(5000).getHttpBuilder().setPort("web").setPath("/healthz");
        task.getReadinessBuilder().setIntervalMillis(2000).setFailureThreshold(1).setSuccessThreshold(2)
                .getExecBuilder().addArgv("test").addArgv("-f").addArgv("warm");
        cell.jobs().submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build());
    }

    /** What m1's Borglet would say of job "checked": it runs, ready or not, and why. */
    private void heartbeatFromM1(int attempt, boolean ready, String health) {
        cell.leaderMachines().heartbeat(HeartbeatRequest.newBuilder().setMachineId("m1")
                .addTasks(TaskReport.newBuilder().setJob("checked").setIndex(0).setAttempt(attempt)
                        .setState(TaskState.RUNNING).setReady(ready).setHealth(health))
                .build());
    }

    private void submit(String name, int tasks, long ramBytes) {
        var spec = spec(name, tasks).toBuilder();
        spec.getTaskBuilder().getResourcesBuilder().setRamBytes(ramBytes);
        cell.jobs().submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build());
    }

    /** Opens a route; from a page already loaded this is an in-page hash change, no reload. */
    private void open(String route) {
        chromium.open(ui + route);
    }

    private static ConditionFactory eventually() {
        return HeadlessChromium.eventually();
    }

    private void click(String css) {
        chromium.click(css);
    }

    private String text(String css) {
        return chromium.text(css);
    }

    private List<String> texts(String css) {
        return chromium.texts(css);
    }

    private JavascriptExecutor js() {
        return (JavascriptExecutor) browser;
    }

    private String restGet(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(ui + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
