package borgcell.master.web.ui;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.spec;
import static borgcell.master.web.ui.HeadlessChromium.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.IssueTokenRequest;
import borgcell.api.v1.JobState;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.master.raft.PeerAddress;
import borgcell.master.web.ReplicaApps;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import borgcell.trust.TlsFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The web UI over HTTPS in headless Chromium, against three replicas of mutual TLS: a browser
 * without a certificate signs in with a token, and is offered only what its role may do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiLoginTest {
    private HeadlessChromium chromium;
    private ReplicaApps cell;
    private WebDriver browser;
    private String ui;
    private String aliceToken;

    @BeforeAll
    void start(@TempDir Path dir) {
        CellCa ca = CellCa.loadOrCreate(dir.resolve("pki"));
        cell = new ReplicaApps(dir.resolve("cell"), Optional.of(ca));
        PeerAddress replica = cell.follower();
        chromium = HeadlessChromium.startOrSkip(dir.resolve("chromium-profile"),
                List.of(HeadlessChromium.trusting(TlsFiles.in(ca.certificateFile().getParent(),
                        Identity.replica(replica.id())).certificate())));
        browser = chromium.driver();
        cell.leaderMachines().register(RegisterRequest.newBuilder().setMachineId("m1").setAddress("127.0.0.1")
                .setCapacity(Resources.newBuilder().setCpuMillis(1000).setRamBytes(GI).setDiskBytes(10 * GI))
                .addRuntimes("process").build());
        cell.jobs().submitJob(SubmitJobRequest.newBuilder().setSpec(spec("alices", 1)).build());
        cell.jobs().submitJob(SubmitJobRequest.newBuilder().setSpec(spec("bobs", 1).toBuilder().setUser("bob")).build());
        aliceToken = cell.tokens().issueToken(IssueTokenRequest.newBuilder().setName("alice").setRole("user").build())
                .getBearer();
        ui = replica.httpUrl(true) + "/";
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

    private void signIn(String token) {
        eventually().untilAsserted(() -> assertThat(browser.findElement(By.id("token")).isDisplayed()).isTrue());
        browser.findElement(By.id("token")).clear();
        browser.findElement(By.id("token")).sendKeys(token);
        chromium.click("#login button[type='submit']");
    }

    @Test
    @Order(1)
    void withoutACertificateThePageAsksForATokenAndRefusesAWrongOne() {
        chromium.open(ui + "#/jobs");
        eventually().untilAsserted(() -> assertThat(chromium.text("#login-title")).isEqualTo("Sign in"));
        assertThat(chromium.text("main")).contains("borg token issue NAME", "no client certificate of the cell");
        chromium.screenshot("login");

        signIn("borg_tk0123456789ab_" + "A".repeat(43));
        eventually().untilAsserted(() -> assertThat(chromium.text("#login-problem"))
                .contains("bearer token tk0123456789ab is not known to the cell"));
    }

    @Test
    @Order(2)
    void aUserSignedInIsOfferedToKillItsOwnJobsOnly() {
        signIn(aliceToken);
        eventually().untilAsserted(() -> assertThat(chromium.text("#caller")).isEqualTo("user:alice"));

        chromium.open(ui + "#/jobs/bobs");
        eventually().untilAsserted(() -> assertThat(chromium.text("#job-title")).contains("bobs"));
        eventually().untilAsserted(() -> assertThat(chromium.text(".title-row .actions")).contains("running"));
        assertThat(browser.findElements(By.cssSelector("button[data-key='kill']"))).as("kill on bob's job").isEmpty();

        chromium.open(ui + "#/machines");
        eventually().untilAsserted(() -> assertThat(chromium.text("#machines tr[data-machine='m1'] td.state"))
                .isEqualTo("up"));
        assertThat(browser.findElements(By.cssSelector("#machines button"))).as("drain, for a user").isEmpty();

        chromium.open(ui + "#/jobs/alices");
        chromium.click("button[data-key='kill']");
        browser.switchTo().alert().accept();
        eventually().untilAsserted(() -> assertThat(cell.jobs().getJob(GetJobRequest.newBuilder().setName("alices")
                .build()).getState()).isEqualTo(JobState.JOB_KILLED));
        chromium.screenshot("job-alices-killed");
    }

    @Test
    @Order(3)
    void signingOutAsksForATokenAgain() {
        chromium.click("#sign-out");
        eventually().untilAsserted(() -> assertThat(chromium.text("#login-title")).isEqualTo("Sign in"));
        assertThat(chromium.consoleErrors()).allSatisfy(line -> assertThat(line).contains("401"));
    }
}
