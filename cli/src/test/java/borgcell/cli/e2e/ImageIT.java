package borgcell.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.CellInfo;
import borgcell.api.v1.CellServiceGrpc;
import borgcell.api.v1.GetCellRequest;
import borgcell.api.v1.ListMachinesRequest;
import borgcell.cli.local.PortAllocator;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import borgcell.trust.MutualTls;
import borgcell.trust.TlsFiles;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image ({@code ./borg image}; the cli module's image profile writes it): what
 * its configuration promises, and a replica and a Borglet run from it by a real OCI runtime on
 * this host (umoci unpacks it into a bundle, runc runs it), sharing the host's network.
 */
class ImageIT {
    private static final Path IMAGE = Path.of(System.getProperty("borg.image", "target/borg-image.tar"));
    private static final int BORG_UID = 10001;
    private static final String PKI = "/etc/borg/pki";
    /** Refuses to start unless the JVM can use the image's AOT cache, so the test proves it is used. */
    private static final String AOT_REQUIRED = "-XX:AOTMode=on";
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @BeforeEach
    void theImageWasBuilt() {
        if (!Files.isRegularFile(IMAGE)) {
            String why = IMAGE + " was not built: the image profile builds it (./borg image, ./borg test, or"
                    + " ./mvnw -Pimage verify)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + " (CI=true: ./borg test builds it, so this is a failure)");
            }
            Assumptions.abort(why);
        }
    }

    @Test
    void itRunsBorgFromItsOwnJavaRuntimeWithTheAotCacheAsTheUnprivilegedUserAndExposesAReplicasPorts() throws Exception {
        OciImage image = OciImage.unpack(IMAGE, dir.resolve("layout"));

        assertThat(image.reference()).startsWith("borgcell/borg:");
        assertThat(image.config().path("os").asString()).isEqualTo("linux");
        assertThat(image.process().path("User").asString()).isEqualTo(BORG_UID + ":" + BORG_UID);
        assertThat(image.entrypoint()).startsWith("/opt/java/bin/java")
                .contains("-XX:AOTCache=/app/borg.aot")
                .endsWith("-cp", "@/app/jib-classpath-file", "borgcell.cli.BorgCommand");
        assertThat(image.process().path("Cmd").get(0).asString()).isEqualTo("--help");
        assertThat(image.process().path("ExposedPorts").propertyNames())
                .containsExactlyInAnyOrder("7101/tcp", "7111/tcp", "7121/tcp");
        assertThat(image.process().path("Volumes").propertyNames()).containsExactly("/var/lib/borg");
        assertThat(image.process().path("WorkingDir").asString()).isEqualTo("/var/lib/borg");
    }

    @Test
    void aReplicaFromItAnswersGetCellAsLeaderAsBorgWithTheAotCacheAndABorgletFromItJoinsTheCell() throws Exception {
        Path runc = ExternalTool.find("runc").or(() -> Optional.of(Path.of("/usr/sbin/runc")).filter(Files::isExecutable))
                .orElseGet(() -> ExternalTool.required("runc", "runc"));
        Path umoci = ExternalTool.required("umoci", "umoci");
        runcNeedsRoot();
        OciImage image = OciImage.unpack(IMAGE, dir.resolve("layout"));
        CellCa ca = CellCa.loadOrCreate(dir.resolve("ca"));
        List<Integer> ports = PortAllocator.freePorts(3);
        int raft = ports.get(0);
        int grpc = ports.get(1);
        int http = ports.get(2);

        RuncContainer.Spec replicaSpec = new RuncContainer.Spec(
                List.of("master", "--id", "r1", "--peers", "r1@127.0.0.1:" + raft + ":" + grpc + ":" + http,
                        "--data-dir", "/var/lib/borg/r1", "--tls-dir", PKI, "--heartbeat-interval", "1s"),
                List.of("JAVA_TOOL_OPTIONS=" + AOT_REQUIRED),
                List.of(new RuncContainer.Bind(ownedBy(BORG_UID, dir.resolve("r1-data")), "/var/lib/borg", false),
                        new RuncContainer.Bind(pkiFor(ca, Identity.replica("r1"), BORG_UID), PKI, true)),
                null);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + grpc,
                MutualTls.clientOnce(ca.issue(Identity.admin("image-it"), List.of()))).build();
        try (RuncContainer replica = RuncContainer.start(runc, umoci, image, dir.resolve("r1"), "borg-it-r1-" + suffix,
                replicaSpec)) {
            long started = System.nanoTime();
            CellInfo cell = awaitCell(channel, replica, c -> c.getLeaderId().equals("r1"));
            System.out.printf("image: the replica in the container answered GetCell %d ms after runc started it%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

            assertThat(cell.getReplicasList()).hasSize(1);
            assertThat(replica.uid()).as("the replica's JVM runs as borg, not root").isEqualTo(BORG_UID);
            assertThat(replica.output()).as("the JVM was told to use the AOT cache or not start")
                    .contains("Picked up JAVA_TOOL_OPTIONS: " + AOT_REQUIRED);

            // A Borglet runs as root (it makes cgroups and runs tasks as other users).
            RuncContainer.Spec borgletSpec = new RuncContainer.Spec(
                    List.of("borglet", "--id", "m1", "--masters", "127.0.0.1:" + grpc, "--address", "127.0.0.1",
                            "--work-dir", "/var/lib/borg/m1", "--tls-dir", PKI, "--heartbeat-interval", "1s"),
                    List.of("JAVA_TOOL_OPTIONS=" + AOT_REQUIRED),
                    List.of(new RuncContainer.Bind(ownedBy(0, dir.resolve("m1-data")), "/var/lib/borg", false),
                            new RuncContainer.Bind(pkiFor(ca, Identity.machine("m1"), 0), PKI, true)),
                    0);
            try (RuncContainer borglet = RuncContainer.start(runc, umoci, image, dir.resolve("m1"), "borg-it-m1-" + suffix,
                    borgletSpec)) {
                awaitCell(channel, borglet, c -> c.getMachinesUp() == 1);
                // busybox gives the process runtime its `true`: a Borglet from the image runs processes.
                assertThat(CellServiceGrpc.newBlockingStub(channel).listMachines(ListMachinesRequest.getDefaultInstance())
                        .getMachinesList()).singleElement().satisfies(m -> assertThat(m.getRuntimesList()).contains("process"));
            }
        } finally {
            channel.shutdownNow();
        }
    }

    /** GetCell until its answer passes; on timeout fails with what the container printed. */
    private static CellInfo awaitCell(ManagedChannel channel, RuncContainer container, Predicate<CellInfo> until)
            throws Exception {
        CellServiceGrpc.CellServiceBlockingStub cells = CellServiceGrpc.newBlockingStub(channel);
        AtomicReference<CellInfo> last = new AtomicReference<>();
        try {
            await().atMost(START).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .failFast("the container exited", () -> !container.isRunning()).until(() -> {
                last.set(cells.withDeadlineAfter(2, TimeUnit.SECONDS).getCell(GetCellRequest.getDefaultInstance()));
                return until.test(last.get());
            });
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            fail("no such answer to GetCell (last: " + last.get() + "); the container "
                    + (container.isRunning() ? "runs" : "exited") + " and printed:\n" + tail(container.output()));
        }
        return last.get();
    }

    /** A directory of one daemon's certificate, key and the CA's certificate, readable by uid alone. */
    private Path pkiFor(CellCa ca, Identity who, int uid) throws Exception {
        TlsFiles issued = ca.issue(who, List.of("127.0.0.1", "localhost"));
        Path pki = Files.createDirectories(dir.resolve("pki-" + who.name()));
        for (Path file : List.of(issued.certificate(), issued.key(), issued.ca())) {
            Files.copy(file, pki.resolve(file.getFileName()));
        }
        return ownedBy(uid, pki);
    }

    private static Path ownedBy(int uid, Path path) throws Exception {
        Files.createDirectories(path);
        List<Path> all = new ArrayList<>();
        try (var walk = Files.walk(path)) {
            walk.forEach(all::add);
        }
        for (Path p : all) {
            Files.setAttribute(p, "unix:uid", uid);
            Files.setAttribute(p, "unix:gid", uid);
        }
        return path;
    }

    private static void runcNeedsRoot() throws Exception {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (uid != 0) {
            String why = "runc runs containers as root here; this test runs as uid " + uid;
            if ("true".equals(System.getenv("CI"))) {
                fail(why + " (CI=true: CI runs as root, so this is a failure)");
            }
            Assumptions.abort(why);
        }
    }

    private static String tail(String output) {
        List<String> lines = output.lines().filter(l -> !l.contains("[warning][aot")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
