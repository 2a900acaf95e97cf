package borgcell.master.names;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Rcode;

/**
 * A replica's DNS server: UDP and TCP on one port, each query answered by {@link DnsResponder}.
 * Nothing a client sends can stop it: a packet that does not parse gets FORMERR (or nothing),
 * one thread answers UDP in turn, and TCP takes at most {@value #MAX_CONNECTIONS} connections at
 * once, each closed after {@value #IDLE_MILLIS} ms without a query or when a query takes longer
 * than {@value #QUERY_MILLIS} ms to arrive (a client dripping bytes holds no slot for long).
 */
public final class NameServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NameServer.class);
    static final int MAX_CONNECTIONS = 64;
    static final int IDLE_MILLIS = 5_000;
    static final int QUERY_MILLIS = 10_000;
    /** The largest datagram UDP carries: a bigger one cannot arrive whole, so it cannot be read whole. */
    private static final int MAX_DATAGRAM = 65_535;
    /** With port 0, tries at different ports until one is free for both UDP and TCP. */
    private static final int BIND_ATTEMPTS = 20;

    private final DnsResponder responder;
    private final ServerSocket tcp;
    private final DatagramSocket udp;
    private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
    private final MeterRegistry registry;
    private final Map<String, Counter> counts = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private NameServer(DnsResponder responder, ServerSocket tcp, DatagramSocket udp, MeterRegistry registry) {
        this.responder = responder;
        this.tcp = tcp;
        this.udp = udp;
        this.registry = registry;
    }

    /**
     * Serves the names of {@code names} on {@code host}, UDP and TCP; port 0 takes any port free
     * for both (tests).
     *
     * @throws UncheckedIOException when the port is taken
     */
    public static NameServer start(String host, int port, NameSource names, MeterRegistry registry) {
        DnsResponder responder = new DnsResponder(names, new MachineAddresses());
        IOException last = null;
        for (int attempt = 0; attempt < (port == 0 ? BIND_ATTEMPTS : 1); attempt++) {
            ServerSocket tcp = null;
            try {
                tcp = new ServerSocket();
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(host, port), 128);
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(host, tcp.getLocalPort()));
                NameServer server = new NameServer(responder, tcp, udp, registry);
                server.serve();
                log.info("serving the names of cell {} on {}:{} (DNS over UDP and TCP)", names.cell(), host, tcp.getLocalPort());
                return server;
            } catch (IOException e) {
                last = e;
                closeQuietly(tcp);
            }
        }
        throw new UncheckedIOException("cannot serve DNS on " + host + ":" + port, last);
    }

    public int port() {
        return tcp.getLocalPort();
    }

    private void serve() {
        Thread.ofPlatform().daemon().name("dns-udp-" + port()).start(this::answerUdp);
        Thread.ofPlatform().daemon().name("dns-tcp-" + port()).start(this::acceptTcp);
    }

    private void answerUdp() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                Optional<DnsResponder.Reply> reply = responder.respond(buffer, packet.getLength(), true);
                if (reply.isPresent()) {
                    count("udp", reply.get().rcode());
                    udp.send(new DatagramPacket(reply.get().bytes(), reply.get().bytes().length, packet.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.debug("DNS over UDP: a packet from {} was not answered", packet.getSocketAddress(), e);
                }
            }
        }
    }

    private void acceptTcp() {
        while (!closed) {
            try {
                Socket connection = tcp.accept();
                if (!connections.tryAcquire()) {
                    closeQuietly(connection); // full: the client retries, or asks another replica
                    continue;
                }
                Thread.ofVirtual().name("dns-tcp-connection").start(() -> {
                    try {
                        answerTcp(connection);
                    } finally {
                        connections.release();
                        closeQuietly(connection);
                    }
                });
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.debug("DNS over TCP: accepting a connection failed", e);
                }
            }
        }
    }

    /** Queries in turn, each a two-byte length then the message, until the client stops or goes quiet. */
    private void answerTcp(Socket connection) {
        try {
            connection.setSoTimeout(IDLE_MILLIS);
            DataInputStream in = new DataInputStream(new BufferedInputStream(connection.getInputStream()));
            OutputStream out = connection.getOutputStream();
            while (!closed) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException e) {
                    return;
                }
                byte[] query = readWithin(in, length, System.nanoTime() + QUERY_MILLIS * 1_000_000L);
                if (query == null) {
                    return; // cut short, or too slow in coming
                }
                Optional<DnsResponder.Reply> reply = responder.respond(query, query.length, false);
                if (reply.isEmpty()) {
                    return;
                }
                count("tcp", reply.get().rcode());
                byte[] bytes = reply.get().bytes();
                out.write(new byte[] {(byte) (bytes.length >>> 8), (byte) bytes.length});
                out.write(bytes);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                log.debug("DNS over TCP: a connection from {} ended", connection.getRemoteSocketAddress(), e);
            }
        }
    }

    /** {@code length} bytes, or null when the stream ends first or the deadline passes. */
    private static byte[] readWithin(InputStream in, int length, long deadlineNanos) throws IOException {
        byte[] query = new byte[length];
        int read = 0;
        while (read < length) {
            int n = in.read(query, read, length - read);
            if (n < 0 || System.nanoTime() - deadlineNanos > 0) {
                return null;
            }
            read += n;
        }
        return query;
    }

    private void count(String transport, int rcode) {
        String code = Rcode.string(rcode).toLowerCase(Locale.ROOT);
        counts.computeIfAbsent(transport + "/" + code, k -> Counter.builder("borg.dns.queries")
                .description("DNS queries this replica answered, by transport and response code")
                .tag("transport", transport).tag("rcode", code).register(registry)).increment();
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        closeQuietly(tcp);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing: nothing left to do with it
        }
    }
}
