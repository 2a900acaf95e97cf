package borgcell.master.raft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where one replica listens: Raft between replicas, gRPC for clients and Borglets, HTTP for
 * REST, UI and Actuator. Written {@code r1@127.0.0.1:RAFT:GRPC:HTTP}; every replica is given
 * the same comma-separated list, its own entry included.
 */
public record PeerAddress(String id, String host, int raftPort, int grpcPort, int httpPort) {

    public PeerAddress {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("replica id \"" + id + "\" must be letters, digits, '-' or '_'");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("replica " + id + " has no host");
        }
        for (int port : new int[] {raftPort, grpcPort, httpPort}) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("replica " + id + ": port " + port + " is not between 1 and 65535");
            }
        }
    }

    /** {@code r1@127.0.0.1:7111:7101:7121}: host, then the Raft, gRPC and HTTP ports. */
    public static PeerAddress parse(String text) {
        String s = text.strip();
        int at = s.indexOf('@');
        String[] parts = at < 0 ? new String[0] : s.substring(at + 1).split(":");
        if (at <= 0 || parts.length < 4) {
            throw new IllegalArgumentException("\"" + text + "\" is not ID@HOST:RAFT_PORT:GRPC_PORT:HTTP_PORT");
        }
        String host = String.join(":", Arrays.copyOf(parts, parts.length - 3));
        try {
            return new PeerAddress(s.substring(0, at), host,
                    Integer.parseInt(parts[parts.length - 3]),
                    Integer.parseInt(parts[parts.length - 2]),
                    Integer.parseInt(parts[parts.length - 1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" has a port that is not a number");
        }
    }

    /** A comma-separated list; ids must be unique and so must every host:port. */
    public static List<PeerAddress> parseList(String text) {
        List<PeerAddress> peers = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                peers.add(parse(item));
            }
        }
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("no peers given");
        }
        Set<String> ids = new HashSet<>();
        Set<String> endpoints = new HashSet<>();
        for (PeerAddress peer : peers) {
            if (!ids.add(peer.id())) {
                throw new IllegalArgumentException("replica id " + peer.id() + " appears twice");
            }
            for (int port : new int[] {peer.raftPort(), peer.grpcPort(), peer.httpPort()}) {
                if (!endpoints.add(peer.host() + ":" + port)) {
                    throw new IllegalArgumentException(peer.host() + ":" + port + " is used twice");
                }
            }
        }
        return List.copyOf(peers);
    }

    public static String format(List<PeerAddress> peers) {
        return String.join(",", peers.stream().map(PeerAddress::toString).toList());
    }

    public String grpcAddress() {
        return host + ":" + grpcPort;
    }

    public String raftAddress() {
        return host + ":" + raftPort;
    }

    /** Where it serves REST, the UI and Actuator: {@code https://} on a cell of mutual TLS. */
    public String httpUrl(boolean https) {
        return (https ? "https://" : "http://") + host + ":" + httpPort;
    }

    @Override
    public String toString() {
        return id + "@" + host + ":" + raftPort + ":" + grpcPort + ":" + httpPort;
    }
}
