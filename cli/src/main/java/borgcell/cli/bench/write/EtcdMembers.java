package borgcell.cli.bench.write;

import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.local.ChildProcesses;
import borgcell.cli.local.PortAllocator;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.StatusResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An etcd cluster of separate processes on loopback, formed from empty data directories with
 * etcd's defaults (fsync on every commit included): member {@code e1} .. {@code eN}, each with
 * its data in {@code DIR/eN} and its output in {@code DIR/logs/eN.log}. Stopped (SIGTERM, then
 * SIGKILL) on close, or by a shutdown hook if this JVM is stopped first: etcd has no parent
 * watch of its own, unlike the cell's processes.
 */
final class EtcdMembers implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /** One member: its name and its two ports. */
    record Member(String name, int clientPort, int peerPort) {
        String clientAddress() {
            return HOST + ":" + clientPort;
        }

        String clientUrl() {
            return "http://" + clientAddress();
        }

        String peerUrl() {
            return "http://" + HOST + ":" + peerPort;
        }
    }

    private final List<Member> members;
    private final Path dir;
    private final ChildProcesses processes = new ChildProcesses();
    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
    private final Map<Long, String> namesById = new ConcurrentHashMap<>();
    private final Thread stopOnExit = new Thread(this::stopProcesses, "etcd-members-stop");

    private EtcdMembers(List<Member> members, Path dir) {
        this.members = List.copyOf(members);
        this.dir = dir;
    }

    /** Starts {@code count} members in {@code dir} on free loopback ports. */
    static EtcdMembers start(EtcdBinary etcd, Path dir, int count) throws IOException {
        List<Integer> ports = PortAllocator.freePorts(2 * count);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(new Member("e" + (i + 1), ports.get(2 * i), ports.get(2 * i + 1)));
        }
        EtcdMembers cluster = new EtcdMembers(members, dir);
        Runtime.getRuntime().addShutdownHook(cluster.stopOnExit);
        try {
            String initialCluster = members.stream().map(m -> m.name() + "=" + m.peerUrl()).collect(Collectors.joining(","));
            String token = "borg-bench-" + UUID.randomUUID();
            for (Member m : members) {
                cluster.processes.start(m.name(), List.of(etcd.path().toString(),
                        "--name", m.name(),
                        "--data-dir", dir.resolve(m.name()).toString(),
                        "--listen-client-urls", m.clientUrl(),
                        "--advertise-client-urls", m.clientUrl(),
                        "--listen-peer-urls", m.peerUrl(),
                        "--initial-advertise-peer-urls", m.peerUrl(),
                        "--initial-cluster", initialCluster,
                        "--initial-cluster-state", "new",
                        "--initial-cluster-token", token), cluster.log(m.name()));
                cluster.channels.put(m.name(),
                        Grpc.newChannelBuilder(m.clientAddress(), InsecureChannelCredentials.create()).build());
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    List<Member> members() {
        return members;
    }

    Path log(String member) {
        return dir.resolve("logs").resolve(member + ".log");
    }

    ManagedChannel channel(String member) {
        return channels.get(member);
    }

    /** What {@code member} says about itself and the leader (Maintenance.Status). */
    StatusResponse status(String member) {
        StatusResponse status = MaintenanceGrpc.newBlockingStub(channels.get(member))
                .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .status(StatusRequest.getDefaultInstance());
        namesById.put(status.getHeader().getMemberId(), member);
        return status;
    }

    /** A member's name from its id, as the statuses seen so far tell it; the id in hex otherwise. */
    String nameOf(long memberId) {
        return namesById.getOrDefault(memberId, Long.toHexString(memberId));
    }

    /**
     * Waits until every member answers and all name the same leader, and returns the statuses
     * by member; fails when a member exits (with the end of its log) or the time is up.
     */
    Map<String, StatusResponse> awaitLeader(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (true) {
            processes.firstExited().ifPresent(this::died);
            try {
                Map<String, StatusResponse> statuses = new LinkedHashMap<>();
                for (Member m : members) {
                    statuses.put(m.name(), status(m.name()));
                }
                long leaders = statuses.values().stream().map(StatusResponse::getLeader).distinct().count();
                long leader = statuses.values().iterator().next().getLeader();
                if (leaders == 1 && leader != 0) {
                    return statuses;
                }
                last = "the members do not agree on a leader yet";
            } catch (StatusRuntimeException e) {
                last = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.FAILURE, "gave up waiting for the etcd members to elect a leader after "
                        + timeout.toSeconds() + " s (last: " + last + "); logs are in " + log("*").getParent());
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.FAILURE, "interrupted while waiting for the etcd members");
            }
        }
    }

    /** Each running member's process id, by name. */
    Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (ChildProcesses.Child child : processes.all()) {
            if (child.process().isAlive()) {
                pids.put(child.id(), child.process().pid());
            }
        }
        return pids;
    }

    private void died(ChildProcesses.Child child) {
        StringBuilder message = new StringBuilder("etcd member " + child.id() + " exited with code "
                + child.process().exitValue() + "; the end of " + child.log() + ":");
        ChildProcesses.tail(child.log(), 20).forEach(line -> message.append("\n    ").append(line));
        throw new CliException(ExitCodes.FAILURE, message.toString());
    }

    private void stopProcesses() {
        processes.stopAll(STOP_GRACE);
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        stopProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook is running or has run: the processes are being stopped either way
        }
    }
}
