package borgcell.master.names;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.assign;
import static borgcell.cell.Fixtures.register;
import static borgcell.cell.Fixtures.spec;
import static borgcell.cell.Fixtures.submit;
import static borgcell.cell.Fixtures.withPorts;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.HealthCheck;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.TcpProbe;
import borgcell.api.v1.raft.Command;
import borgcell.cell.Cell;
import borgcell.cell.Commands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The DNS server over real sockets, asked by Debian's dig and by hand-made packets, answering
 * from a cell filled by the cell's own commands: the ready tasks' names, and nothing else.
 */
class NameServerTest {
    private final Cell cell = new Cell();
    private long index;
    private NameServer server;
    private Dig dig;

    private synchronized void apply(Command c) {
        cell.apply(++index, c);
    }

    @BeforeEach
    void fillTheCellAndServeIt() {
        apply(register("m1", 64_000, 64 * GI)); // address 127.0.0.1, ports 31000-31099
        apply(register("m2", 64_000, 64 * GI));
        // web: 3 tasks with http and admin; 0 and 1 run on m1 and m2, 2 is only assigned.
        apply(submit("r-web", withPorts(spec("web", 3), "http", "admin")));
        long v = index;
        apply(assign("web", 0, v, "m1", 1));
        apply(assign("web", 1, v, "m2", 2));
        apply(assign("web", 2, v, "m1", 1));
        running("m1", "web", 0, true); // no readiness check: ready once up, as its Borglet says
        running("m2", "web", 1, true);
        // gated: a readiness check; task 0 passes it, task 1 does not (yet).
        JobSpec.Builder gated = withPorts(spec("gated", 2), "http").toBuilder();
        gated.getTaskBuilder().setReadiness(HealthCheck.newBuilder().setTcp(TcpProbe.newBuilder().setPort("http")));
        apply(submit("r-gated", gated.build()));
        v = index;
        apply(assign("gated", 0, v, "m2", 2));
        apply(assign("gated", 1, v, "m2", 2));
        running("m2", "gated", 0, true);
        running("m2", "gated", 1, false);

        server = NameServer.start("127.0.0.1", 0, new NameSource(this::read, "local"), new SimpleMeterRegistry());
        dig = Dig.at(server.port());
    }

    private synchronized <T> T read(Function<Cell, T> reader) {
        return reader.apply(cell);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void running(String machine, String job, int task, boolean ready) {
        apply(new Commands(InstantSource.fixed(Instant.ofEpochMilli(4000))).taskStatus(machine, List.of(TaskReport
                .newBuilder().setJob(job).setIndex(task).setAttempt(1).setState(TaskState.RUNNING).setReady(ready).build())));
    }

    private int port(String job, int task, String name) {
        return cell.task(job, task).orElseThrow().getPortsList().stream().filter(p -> p.getName().equals(name))
                .findFirst().orElseThrow().getPort();
    }

    @Test
    void aReadyTaskHasAnARecordOfItsMachine() throws Exception {
        assertThat(dig.records("0.web.alice.local.borg", "A")).containsExactly("127.0.0.1");
        assertThat(dig.records("1.WEB.Alice.LOCAL.borg", "A")).as("names are case-insensitive").containsExactly("127.0.0.1");
        assertThat(dig.records("0.web.alice.local.borg", "A", "+tcp")).containsExactly("127.0.0.1");
        String report = dig.report("0.web.alice.local.borg", "A");
        assertThat(report).contains("status: NOERROR", "flags: qr aa rd;").containsPattern("0\\.web\\.alice\\.local\\.borg\\.\\s+5\\s+IN\\s+A\\s+127\\.0\\.0\\.1");
    }

    @Test
    void srvRecordsNameEveryReadyTaskOnItsPortAndItsAddress() throws Exception {
        String http0 = "0 1 " + port("web", 0, "http") + " 0.web.alice.local.borg.";
        String http1 = "0 1 " + port("web", 1, "http") + " 1.web.alice.local.borg.";
        assertThat(dig.records("_http._tcp.web.alice.local.borg", "SRV")).containsExactlyInAnyOrder(http0, http1);
        assertThat(dig.records("_admin._tcp.web.alice.local.borg", "SRV")).containsExactlyInAnyOrder(
                "0 1 " + port("web", 0, "admin") + " 0.web.alice.local.borg.",
                "0 1 " + port("web", 1, "admin") + " 1.web.alice.local.borg.");
        assertThat(port("web", 0, "http")).as("m1's first port").isEqualTo(31000);
        assertThat(dig.report("_http._tcp.web.alice.local.borg", "SRV")).contains("status: NOERROR", "ADDITIONAL SECTION")
                .containsPattern("1\\.web\\.alice\\.local\\.borg\\.\\s+5\\s+IN\\s+A\\s+127\\.0\\.0\\.1");
    }

    @Test
    void onlyReadyTasksHaveNames() throws Exception {
        assertThat(dig.report("2.web.alice.local.borg", "A")).as("assigned, not running").contains("status: NXDOMAIN");
        assertThat(dig.records("0.gated.alice.local.borg", "A")).containsExactly("127.0.0.1");
        assertThat(dig.report("1.gated.alice.local.borg", "A")).as("running, its readiness check not passed")
                .contains("status: NXDOMAIN");
        assertThat(dig.records("_http._tcp.gated.alice.local.borg", "SRV")).singleElement().asString()
                .endsWith(" 0.gated.alice.local.borg.");

        running("m2", "gated", 1, true);
        assertThat(dig.records("_http._tcp.gated.alice.local.borg", "SRV")).hasSize(2);
        apply(new Commands(InstantSource.fixed(Instant.ofEpochMilli(6000))).killJob("gated"));
        assertThat(dig.report("0.gated.alice.local.borg", "A")).as("a killed job's names are gone").contains("status: NXDOMAIN");
        assertThat(dig.report("_http._tcp.gated.alice.local.borg", "SRV")).contains("status: NXDOMAIN");
    }

    @Test
    void unknownNamesAreNxdomainWithTheZonesSoa() throws Exception {
        for (String name : List.of("0.nosuch.alice.local.borg", "9.web.alice.local.borg", "0.web.bob.local.borg",
                "_grpc._tcp.web.alice.local.borg", "_http._udp.web.alice.local.borg", "x.0.web.alice.local.borg",
                "007.web.alice.local.borg", "nosuch.alice.local.borg")) {
            String report = dig.report(name, "A");
            assertThat(report).as(name).contains("status: NXDOMAIN", "flags: qr aa")
                    .containsPattern("local\\.borg\\.\\s+5\\s+IN\\s+SOA\\s+ns\\.local\\.borg\\. hostmaster\\.local\\.borg\\.");
        }
        assertThat(dig.report("0.web.alice.local.borg", "AAAA")).as("a name without that type: NODATA")
                .contains("status: NOERROR", "ANSWER: 0", "AUTHORITY: 1");
        assertThat(dig.report("web.alice.local.borg", "A")).as("a job's own name leads to its tasks")
                .contains("status: NOERROR", "ANSWER: 0");
        assertThat(dig.records("local.borg", "SOA")).singleElement().asString().startsWith("ns.local.borg. hostmaster.local.borg. 1 ");
    }

    @Test
    void namesOutsideTheCellsZoneAreRefused() throws Exception {
        assertThat(dig.report("example.com", "A")).contains("status: REFUSED");
        assertThat(dig.report("0.web.alice.prod.borg", "A")).as("another cell's names").contains("status: REFUSED");
        assertThat(dig.report("borg", "SOA")).contains("status: REFUSED");
        assertThat(dig.report("0.web.alice.local.borg", "A", "-c", "CH")).as("not class IN").contains("status: REFUSED");
    }

    @Test
    void anEdnsVersionItDoesNotSpeakIsBadvers() throws Exception {
        assertThat(dig.report("0.web.alice.local.borg", "A", "+edns=1", "+noednsneg")).contains("status: BADVERS");
    }

    @Test
    void anAnswerTooBigForUdpIsTruncatedAndWholeOverTcp() throws Exception {
        apply(submit("r-many", withPorts(spec("many", 60), "http")));
        long v = index;
        for (int i = 0; i < 60; i++) {
            apply(assign("many", i, v, "m1", 1));
            running("m1", "many", i, true);
        }

        String udp = dig.report("_http._tcp.many.alice.local.borg", "SRV", "+noedns", "+ignore");
        assertThat(udp).contains("status: NOERROR", "flags: qr aa tc rd;");
        assertThat(dig.records("_http._tcp.many.alice.local.borg", "SRV")).as("dig asks again over TCP").hasSize(60);
        assertThat(dig.records("_http._tcp.many.alice.local.borg", "SRV", "+tcp")).hasSize(60)
                .doesNotHaveDuplicates();
    }

    // ---- hostile packets, by hand ----

    @Test
    void aPacketThatDoesNotParseGetsFormerrWithItsIdAndTheServerGoesOn() throws Exception {
        byte[] cut = query("0.web.alice.local.borg", Type.A);
        byte[] truncated = java.util.Arrays.copyOf(cut, cut.length - 6); // the question cut short
        Message answer = udp(truncated).orElseThrow();
        assertThat(answer.getHeader().getID()).isEqualTo(0x4242);
        assertThat(answer.getRcode()).isEqualTo(Rcode.FORMERR);

        byte[] garbage = new byte[100];
        new Random(7).nextBytes(garbage);
        garbage[2] = 0; // a query, opcode 0
        assertThat(udp(garbage)).hasValueSatisfying(m -> assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR));

        assertThat(udp(new byte[5])).as("shorter than a header: nothing to answer").isEmpty();
        byte[] aResponse = query("0.web.alice.local.borg", Type.A);
        aResponse[2] |= (byte) 0x80;
        assertThat(udp(aResponse)).as("an answer is never answered").isEmpty();

        byte[] twoQuestions = query("0.web.alice.local.borg", Type.A);
        twoQuestions[5] = 2;
        assertThat(udp(twoQuestions)).hasValueSatisfying(m -> assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR));

        assertThat(dig.records("0.web.alice.local.borg", "A")).as("still serving").containsExactly("127.0.0.1");
    }

    @Test
    void randomPacketsNeverStopTheServer() throws Exception {
        Random random = new Random(15);
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < 2000; i++) {
                byte[] packet = i % 2 == 0 ? new byte[random.nextInt(600)] : query("0.web.alice.local.borg", Type.A);
                if (i % 2 == 0) {
                    random.nextBytes(packet);
                } else {
                    packet[12 + random.nextInt(packet.length - 12)] = (byte) random.nextInt(); // one byte flipped
                }
                socket.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), server.port()));
            }
        }
        // The 2,000 wait in the socket's queue before dig's query; on a loaded machine that can
        // take longer than one dig's 3 s: what counts is that the server answers again.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(dig.records("0.web.alice.local.borg", "A")).containsExactly("127.0.0.1"));
    }

    @Test
    void anOversizedDatagramIsAnsweredOrRefusedNotFatal() throws Exception {
        byte[] big = new byte[60_000];
        byte[] q = query("0.web.alice.local.borg", Type.A);
        System.arraycopy(q, 0, big, 0, q.length); // a query followed by 60 KB of zeros
        assertThat(udp(big)).isPresent();
        assertThat(dig.records("0.web.alice.local.borg", "A")).containsExactly("127.0.0.1");
    }

    @Test
    void anOpcodeOtherThanQueryIsNotImplemented() throws Exception {
        Message update = Message.newQuery(Record.newRecord(Name.fromString("0.web.alice.local.borg."), Type.A, DClass.IN));
        update.getHeader().setOpcode(Opcode.UPDATE);
        assertThat(udp(update.toWire())).hasValueSatisfying(m -> assertThat(m.getRcode()).isEqualTo(Rcode.NOTIMP));
    }

    @Test
    void overTcpQueriesMayFollowEachOtherAndBadOnesEndOnlyTheirConnection() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int i = 0; i < 3; i++) {
                writeTcp(out, query(i + ".web.alice.local.borg", Type.A));
            }
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                codes.add(readTcp(in).getRcode());
            }
            assertThat(codes).containsExactly(Rcode.NOERROR, Rcode.NOERROR, Rcode.NXDOMAIN);

            writeTcp(out, new byte[] {0x42, 0x42, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 99}); // a question cut short
            assertThat(readTcp(in).getRcode()).isEqualTo(Rcode.FORMERR);
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            // A length of 65535, then ten bytes and goodbye: the server reads, gives up, goes on.
            s.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.getOutputStream().write(new byte[] {0, 3, 1, 2, 3}); // a whole message too short for a header
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
        }
        assertThat(dig.records("1.web.alice.local.borg", "A", "+tcp")).containsExactly("127.0.0.1");
    }

    @Test
    void tooManyTcpConnectionsAreTurnedAwayAndTheRestStillServed() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < NameServer.MAX_CONNECTIONS + 10; i++) {
                held.add(new Socket(InetAddress.getLoopbackAddress(), server.port()));
            }
            assertThat(dig.records("0.web.alice.local.borg", "A")).as("UDP is not held up").containsExactly("127.0.0.1");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                assertThat(dig.records("0.web.alice.local.borg", "A", "+tcp")).containsExactly("127.0.0.1"));
    }

    private static byte[] query(String name, int type) throws IOException {
        Message m = Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN));
        m.getHeader().setID(0x4242);
        m.getHeader().setFlag(Flags.RD);
        return m.toWire();
    }

    private java.util.Optional<Message> udp(byte[] packet) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1500);
            socket.send(new DatagramPacket(packet, packet.length, new InetSocketAddress("127.0.0.1", server.port())));
            byte[] buffer = new byte[65535];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException e) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Message(java.util.Arrays.copyOf(buffer, reply.getLength())));
        }
    }

    private static void writeTcp(OutputStream out, byte[] message) throws IOException {
        out.write(ByteBuffer.allocate(2 + message.length).putShort((short) message.length).put(message).array());
        out.flush();
    }

    private static Message readTcp(DataInputStream in) throws IOException {
        byte[] message = new byte[in.readUnsignedShort()];
        in.readFully(message);
        return new Message(message);
    }

}
