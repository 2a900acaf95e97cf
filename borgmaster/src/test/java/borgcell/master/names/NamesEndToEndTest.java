package borgcell.master.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.AllocatedPort;
import borgcell.api.v1.Endpoint;
import borgcell.api.v1.Endpoints;
import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.JobServiceGrpc;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.KillJobRequest;
import borgcell.api.v1.PortSpec;
import borgcell.api.v1.Resources;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.TaskTemplate;
import borgcell.borglet.Borglet;
import borgcell.borglet.BorgletConfig;
import borgcell.borglet.PortRange;
import borgcell.borglet.runtime.process.ProcessRuntime;
import borgcell.borglet.vmm.BusyboxGuests;
import borgcell.master.Replica;
import borgcell.master.TestCluster;
import borgcell.master.raft.PeerAddress;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cell (three replicas, two Borglets running real processes) and dig: a job with a named
 * port runs busybox httpd on the port the cell gave each task, every replica's DNS server names
 * exactly those tasks on exactly those ports (an HTTP request to each SRV target's port reaches
 * that task), GetEndpoints and WatchEndpoints agree, and a killed job's names are gone.
 */
class NamesEndToEndTest {
    private static final int TASKS = 3;

    @Test
    void digResolvesTheReadyTasksToThePortsTheyListenOnUntilTheJobIsKilled(@TempDir Path dir) throws Exception {
        Path busybox = BusyboxGuests.busybox();
        List<NameServer> servers = new ArrayList<>();
        List<Borglet> borglets = new ArrayList<>();
        try (TestCluster cluster = new TestCluster(3, dir.resolve("cell"), TestCluster.fastSettings()).startAll()) {
            Replica leader = cluster.awaitLeader();
            for (Replica r : cluster.running()) {
                servers.add(NameServer.start("127.0.0.1", 0, r.names(), new SimpleMeterRegistry()));
            }
            List<String> masters = cluster.peers().stream().map(PeerAddress::grpcAddress).toList();
            int first = freeRange(2 * TASKS);
            borglets.add(borglet("m1", masters, new PortRange(first, first + TASKS - 1), dir));
            borglets.add(borglet("m2", masters, new PortRange(first + TASKS, first + 2 * TASKS - 1), dir));

            String follower = cluster.followerOf(leader.id());
            JobServiceGrpc.JobServiceBlockingStub jobs = cluster.jobs(follower);
            jobs.submitJob(SubmitJobRequest.newBuilder().setSpec(web(busybox)).build());

            // Every replica's DNS, asked with dig: one SRV per task, each on a port of its machine's range.
            for (NameServer server : servers) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                        assertThat(Dig.at(server.port()).records("_http._tcp.web.alice.local.borg", "SRV")).hasSize(TASKS));
            }
            Dig dig = Dig.at(servers.get(1).port());
            List<String> srv = dig.records("_http._tcp.web.alice.local.borg", "SRV");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (String record : srv) {
                String[] fields = record.split(" "); // priority weight port target
                int port = Integer.parseInt(fields[2]);
                String target = fields[3];
                assertThat(port).isBetween(first, first + 2 * TASKS - 1);
                assertThat(dig.records(target, "A")).containsExactly("127.0.0.1");
                String index = target.substring(0, target.indexOf('.'));
                // The task answers on the port DNS names: the name leads to that very task.
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> assertThat(http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("web task " + index + "\n"));
            }

            Endpoints endpoints = jobs.getEndpoints(GetJobRequest.newBuilder().setName("web").build());
            assertThat(endpoints.getCell()).isEqualTo("local");
            assertThat(endpoints.getEndpointsList()).hasSize(TASKS).allSatisfy(e -> {
                assertThat(e.getAddress()).isEqualTo("127.0.0.1");
                assertThat(e.getDnsName()).isEqualTo(e.getIndex() + ".web.alice.local.borg");
            });
            assertThat(endpoints.getEndpointsList().stream().map(e -> "0 1 " + httpPort(e) + " " + e.getDnsName() + "."))
                    .as("the API and DNS name the same ports").containsExactlyInAnyOrderElementsOf(srv);

            List<Endpoints> watched = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> watchEnded = new CompletableFuture<>();
            JobServiceGrpc.newStub(cluster.channel(leader.id())).watchEndpoints(GetJobRequest.newBuilder().setName("web").build(),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(Endpoints e) {
                            watched.add(e);
                        }

                        @Override
                        public void onError(Throwable t) {
                            watchEnded.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                            watchEnded.complete(null);
                        }
                    });
            await().atMost(Duration.ofSeconds(10)).until(() -> !watched.isEmpty());
            assertThat(watched.getFirst().getEndpointsList()).hasSize(TASKS);

            jobs.killJob(KillJobRequest.newBuilder().setName("web").build());
            for (NameServer server : servers) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    Dig asked = Dig.at(server.port());
                    assertThat(asked.report("_http._tcp.web.alice.local.borg", "SRV")).contains("status: NXDOMAIN");
                    assertThat(asked.report("0.web.alice.local.borg", "A")).contains("status: NXDOMAIN");
                });
            }
            watchEnded.get(10, TimeUnit.SECONDS);
            assertThat(watched.getLast().getEndpointsList()).as("the watch ends on the killed job's none").isEmpty();
        } finally {
            borglets.forEach(Borglet::close);
            servers.forEach(NameServer::close);
        }
    }

    private static int httpPort(Endpoint e) {
        return e.getPortsList().stream().filter(p -> p.getName().equals("http")).mapToInt(AllocatedPort::getPort)
                .findFirst().orElseThrow();
    }

    /** Each task serves a page naming itself, with busybox httpd on the port the cell gave it. */
    private static JobSpec web(Path busybox) {
        return JobSpec.newBuilder().setName("web").setUser("alice").setPriority(100).setTaskCount(TASKS)
                .setTask(TaskTemplate.newBuilder().setRuntime("process")
                        .addArgv("/bin/sh").addArgv("-c").addArgv("echo \"web task $BORG_TASK_INDEX\" > index.html && exec "
                                + busybox + " httpd -f -p 127.0.0.1:$BORG_PORT_HTTP -h .")
                        .addPorts(PortSpec.newBuilder().setName("http"))
                        .setResources(Resources.newBuilder().setCpuMillis(100).setRamBytes(32L << 20).setPorts(1)))
                .build();
    }

    private static Borglet borglet(String id, List<String> masters, PortRange ports, Path dir) {
        BorgletConfig config = new BorgletConfig(id, "127.0.0.1", masters,
                Resources.newBuilder().setCpuMillis(1000).setRamBytes(1L << 30).setDiskBytes(1L << 30).build(), Map.of(),
                Duration.ofMillis(200), dir.resolve("work-" + id), ports);
        Borglet borglet = new Borglet(config, List.of(new ProcessRuntime(Duration.ofMillis(500))),
                target -> ManagedChannelBuilder.forTarget(target).usePlaintext().build());
        borglet.start();
        return borglet;
    }

    /** The first of {@code count} consecutive loopback ports free now, below the kernel's ephemeral range. */
    private static int freeRange(int count) throws IOException {
        for (int first = 24000 + (int) (ProcessHandle.current().pid() % 400) * 10; first < 32000; first += count) {
            boolean allFree = true;
            for (int p = first; p < first + count && allFree; p++) {
                try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    s.setReuseAddress(true);
                } catch (IOException taken) {
                    allFree = false;
                }
            }
            if (allFree) {
                return first;
            }
        }
        throw new IOException("no " + count + " consecutive free ports between 24000 and 32000");
    }
}
