package borgcell.cli.local;

import borgcell.borglet.PortRange;
import borgcell.borglet.runtime.container.TaskUids;
import borgcell.cli.client.CellFile;
import borgcell.master.raft.PeerAddress;
import borgcell.trust.TlsFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Where everything of a local cell lives: each replica's ports (its DNS server's among them) and
 * data directory, each Borglet's work directory, rack and range of task ports, the log files,
 * {@code cell.json}.
 *
 * <pre>
 * DIR/cell.json        the endpoints (read by later borg commands)
 * DIR/r1 .. DIR/r5     replica data (Raft log, snapshots)
 * DIR/m1 .. DIR/m3     Borglet work directories (task sandboxes)
 * DIR/logs/r1.log ...  each process's stdout and stderr (borg up --processes)
 * DIR/logs/cell.log    every daemon's log, when they run in one JVM (borg up)
 * DIR/pki              the cell's CA and every process's certificate, the admin's too
 * </pre>
 */
public record CellLayout(Path dir, List<PeerAddress> replicas, List<BorgletSpec> borglets, List<Integer> dnsPorts) {

    public static final int REPLICAS = 5;
    public static final int BORGLETS = 3;
    /** With {@code --base-port B}: replica i has gRPC B+i, Raft B+10+i, HTTP B+20+i. */
    static final int RAFT_OFFSET = 10;
    static final int HTTP_OFFSET = 20;
    static final int BORGLET_HTTP_OFFSET = 30;
    static final int DNS_OFFSET = 40;
    static final String HOST = "127.0.0.1";

    /**
     * One Borglet of the local cell: its machine id ({@code m1}), rack ({@code r1}), the port of
     * its metrics (/actuator/prometheus), the user ids its containers run as and the host ports
     * its tasks are given: ranges of its own, since all share this host, and two cell users must
     * never share an id nor two tasks a port.
     */
    public record BorgletSpec(String id, String rack, int httpPort, TaskUids taskUids, PortRange taskPorts) {

        /** Where it serves metrics and task logs: {@code https://} on a cell of mutual TLS. */
        public String httpUrl(boolean https) {
            return (https ? "https://" : "http://") + HOST + ":" + httpPort;
        }
    }

    public CellLayout {
        replicas = List.copyOf(replicas);
        borglets = List.copyOf(borglets);
        dnsPorts = List.copyOf(dnsPorts);
        if (dnsPorts.size() != replicas.size()) {
            throw new IllegalArgumentException("one DNS port per replica: " + dnsPorts + " for " + replicas.size());
        }
    }

    /**
     * @param ports three per replica, in order: Raft, gRPC, HTTP; then one per Borglet: its HTTP;
     *     then one per replica: its DNS
     */
    public static CellLayout withPorts(Path dir, List<Integer> ports, int replicaCount, int borgletCount) {
        int needed = 4 * replicaCount + borgletCount;
        if (ports.size() != needed || ports.stream().distinct().count() != ports.size()) {
            throw new IllegalArgumentException("need " + needed + " distinct ports, got " + ports);
        }
        List<PeerAddress> peers = new ArrayList<>();
        for (int i = 0; i < replicaCount; i++) {
            peers.add(new PeerAddress("r" + (i + 1), HOST, ports.get(3 * i), ports.get(3 * i + 1), ports.get(3 * i + 2)));
        }
        List<BorgletSpec> borglets = IntStream.rangeClosed(1, borgletCount)
                .mapToObj(i -> new BorgletSpec("m" + i, "r" + i, ports.get(3 * replicaCount + i - 1),
                        new TaskUids(TaskUids.DEFAULT.first() + (i - 1) * TaskUids.DEFAULT.count(), TaskUids.DEFAULT.count()),
                        new PortRange(PortRange.DEFAULT.first() + (i - 1) * PortRange.DEFAULT.count(),
                                PortRange.DEFAULT.last() + (i - 1) * PortRange.DEFAULT.count())))
                .toList();
        return new CellLayout(dir, peers, borglets, ports.subList(3 * replicaCount + borgletCount, needed));
    }

    public static CellLayout withFreePorts(Path dir, int replicaCount, int borgletCount) {
        return withPorts(dir, PortAllocator.freePorts(4 * replicaCount + borgletCount), replicaCount, borgletCount);
    }

    /**
     * gRPC on base+1.., Raft on base+11.., HTTP on base+21.., Borglet metrics on base+31.., DNS on
     * base+41..: {@code --base-port 7100} puts r1 on 7101.
     */
    public static CellLayout withBasePort(Path dir, int basePort, int replicaCount, int borgletCount) {
        if (replicaCount > RAFT_OFFSET - 1) {
            throw new IllegalArgumentException("--base-port supports at most " + (RAFT_OFFSET - 1) + " replicas");
        }
        int highest = Math.max(BORGLET_HTTP_OFFSET + borgletCount, DNS_OFFSET + replicaCount);
        if (basePort < 1024 || basePort + highest > 65535) {
            throw new IllegalArgumentException("--base-port must be between 1024 and " + (65535 - highest));
        }
        List<Integer> ports = new ArrayList<>();
        for (int i = 1; i <= replicaCount; i++) {
            ports.add(basePort + RAFT_OFFSET + i);
            ports.add(basePort + i);
            ports.add(basePort + HTTP_OFFSET + i);
        }
        for (int i = 1; i <= borgletCount; i++) {
            ports.add(basePort + BORGLET_HTTP_OFFSET + i);
        }
        for (int i = 1; i <= replicaCount; i++) {
            ports.add(basePort + DNS_OFFSET + i);
        }
        return withPorts(dir, ports, replicaCount, borgletCount);
    }

    /** The layout a previous {@code borg up} recorded, when it has the same shape. */
    public static Optional<CellLayout> fromCellFile(Path dir, CellFile file, int replicaCount, int borgletCount) {
        if (file.replicas().size() != replicaCount || file.borglets().size() != borgletCount) {
            return Optional.empty();
        }
        try {
            List<Integer> ports = new ArrayList<>();
            for (CellFile.ReplicaEntry r : file.replicas()) {
                ports.add(port(r.raft()));
                ports.add(port(r.grpc()));
                ports.add(port(r.http()));
            }
            for (CellFile.BorgletEntry b : file.borglets()) {
                if (b.http() == null) {
                    return Optional.empty(); // written before Borglets served metrics
                }
                ports.add(port(b.http()));
            }
            for (CellFile.ReplicaEntry r : file.replicas()) {
                if (r.dns() == null) {
                    return Optional.empty(); // written before replicas served DNS
                }
                ports.add(port(r.dns()));
            }
            return Optional.of(withPorts(dir, ports, replicaCount, borgletCount));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** The {@code --peers} value every replica gets. */
    public String peers() {
        return PeerAddress.format(replicas);
    }

    /** The {@code --masters} value every Borglet gets: all gRPC addresses. */
    public String masters() {
        return String.join(",", replicas.stream().map(PeerAddress::grpcAddress).toList());
    }

    public List<Integer> ports() {
        return Stream.of(replicas.stream().flatMap(p -> Stream.of(p.raftPort(), p.grpcPort(), p.httpPort())),
                borglets.stream().map(BorgletSpec::httpPort), dnsPorts.stream()).flatMap(s -> s).toList();
    }

    /** Where the replica serves DNS (the {@code --dns-port} it is given). */
    public int dnsPort(PeerAddress replica) {
        return dnsPorts.get(replicas.indexOf(replica));
    }

    /** {@code 127.0.0.1:PORT}, where {@code dig -p PORT @127.0.0.1} asks the replica for the cell's names. */
    public String dnsAddress(PeerAddress replica) {
        return HOST + ":" + dnsPort(replica);
    }

    public Path dataDir(PeerAddress replica) {
        return dir.resolve(replica.id());
    }

    public Path workDir(BorgletSpec borglet) {
        return dir.resolve(borglet.id());
    }

    public Path log(String processId) {
        return dir.resolve("logs").resolve(processId + ".log");
    }

    /** The cell's CA and certificates ({@link CellPki}): what the daemons' {@code --tls-dir} names. */
    public Path pkiDir() {
        return dir.resolve("pki");
    }

    public Path cellFile() {
        return dir.resolve(CellFile.NAME);
    }

    /** Where {@code borg up} writes the Prometheus targets of its processes (file_sd format). */
    public Path prometheusTargets() {
        return dir.resolve("prometheus-targets.json");
    }

    /**
     * The cell's scrape targets in Prometheus' file_sd JSON: one group for the replicas, one for
     * the Borglets, labelled by job, so dashboards/prometheus/prometheus.yml can follow them.
     *
     * @param https whether the processes serve HTTPS (a cell of mutual TLS): both groups are
     *     scraped so ({@code __scheme__}), with the certificate the scrape config names
     */
    public String prometheusTargetsJson(boolean https) {
        String scheme = https ? ", \"__scheme__\": \"https\"" : "";
        String replicasTargets = replicas.stream().map(r -> "\"" + HOST + ":" + r.httpPort() + "\"")
                .collect(java.util.stream.Collectors.joining(", "));
        String borgletTargets = borglets.stream().map(b -> "\"" + HOST + ":" + b.httpPort() + "\"")
                .collect(java.util.stream.Collectors.joining(", "));
        return "[\n  {\"targets\": [" + replicasTargets + "], \"labels\": {\"job\": \"borgmaster\"" + scheme + "}},\n"
                + "  {\"targets\": [" + borgletTargets + "], \"labels\": {\"job\": \"borglet\"" + scheme + "}}\n]\n";
    }

    /** @param clientTls the credentials of the cell's clients, empty for a cell started {@code --insecure} */
    public CellFile toCellFile(long pid, long startedMillis, Optional<TlsFiles> clientTls) {
        return toCellFile(pid, startedMillis, clientTls, this::log);
    }

    /** As above, with each daemon's log where {@code logs} says (one file for a cell in one JVM). */
    public CellFile toCellFile(long pid, long startedMillis, Optional<TlsFiles> clientTls,
                               java.util.function.Function<String, Path> logs) {
        return new CellFile(pid, startedMillis,
                replicas.stream().map(r -> new CellFile.ReplicaEntry(r.id(), r.grpcAddress(), r.raftAddress(),
                        r.httpUrl(clientTls.isPresent()), logs.apply(r.id()).toString(), dnsAddress(r))).toList(),
                borglets.stream().map(b -> new CellFile.BorgletEntry(b.id(), b.rack(), b.httpUrl(clientTls.isPresent()),
                        logs.apply(b.id()).toString())).toList(),
                clientTls.map(CellFile.ClientTls::of).orElse(null));
    }
}
