package borgcell.master.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one replica listens: Raft between replicas, gRPC for clients and Borglets, HTTP for
 * REST, UI and Actuator. Written as {@code id@host:raftPort:grpcPort:httpPort}.
 */
public record PeerAddress(String id, String host, int raftPort, int grpcPort, int httpPort) {

    public String raftAddress() {
        return host + ":" + raftPort;
    }

    public String grpcAddress() {
        return host + ":" + grpcPort;
    }

    public String httpUrl() {
        return "http://" + host + ":" + httpPort;
    }

    @Override
    public String toString() {
        return id + "@" + host + ":" + raftPort + ":" + grpcPort + ":" + httpPort;
    }

    /** Parses a comma-separated list of {@code id@host:raft:grpc:http}. */
    public static List<PeerAddress> parseList(String peers) {
        if (peers == null || peers.isBlank()) {
            throw new IllegalArgumentException("borg.replica.peers: must list the replicas as id@host:raft:grpc:http,...");
        }
        List<PeerAddress> out = new ArrayList<>();
        for (String part : peers.split(",")) {
            out.add(parse(part.trim()));
        }
        if (out.stream().map(PeerAddress::id).distinct().count() != out.size()) {
            throw new IllegalArgumentException("borg.replica.peers: replica ids must be unique (got " + peers + ")");
        }
        return List.copyOf(out);
    }

    public static PeerAddress parse(String s) {
        int at = s.indexOf('@');
        String[] hp = at < 0 ? new String[0] : s.substring(at + 1).split(":");
        if (at <= 0 || hp.length != 4) {
            throw new IllegalArgumentException("peer \"" + s + "\": expected id@host:raftPort:grpcPort:httpPort");
        }
        try {
            return new PeerAddress(s.substring(0, at), hp[0], port(hp[1]), port(hp[2]), port(hp[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peer \"" + s + "\": ports must be numbers 1-65535");
        }
    }

    private static int port(String s) {
        int p = Integer.parseInt(s);
        if (p < 1 || p > 65535) {
            throw new NumberFormatException();
        }
        return p;
    }
}
