package borgcell.master.names;

import borgcell.api.v1.AllocatedPort;
import borgcell.api.v1.Endpoint;
import borgcell.cell.BorgNames;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * One DNS query in, its answer out: the cell's names ({@link BorgNames}) answered from the
 * replica's state ({@link NameSource}), authoritatively, for the zone {@code CELL.borg} alone.
 *
 * <ul>
 *   <li>{@code INDEX.JOB.USER.CELL.borg} A: the task's machine, while the task is ready;</li>
 *   <li>{@code _NAME._tcp.JOB.USER.CELL.borg} SRV: one per ready task, on its port named NAME,
 *       its target the task's A name (with the A records as additional records);</li>
 *   <li>NXDOMAIN for a name the cell does not have (an unknown job, a task not ready, a port the
 *       job does not name); NOERROR without records for a name that exists but has no record
 *       of the type asked (an AAAA query, a job's own name); both with the zone's SOA, whose
 *       minimum is the TTL, so resolvers cache the absence as briefly as the records;</li>
 *   <li>REFUSED for a name outside the zone (the server is no resolver), or a class other than IN;
 *       NOTIMP for an opcode other than QUERY; FORMERR for a packet that does not parse or does
 *       not ask exactly one question; nothing at all for a packet too short to carry a header
 *       or that is itself an answer (so two servers can never answer each other forever).</li>
 * </ul>
 *
 * <p>Records live {@value #TTL_SECONDS} s: tasks come and go, and a client should notice soon.
 * An answer is at most 512 bytes over UDP (the client's EDNS size, up to 1232, when it sends
 * one), else truncated with TC set so the client asks again over TCP; over TCP at most 65535.
 */
final class DnsResponder {
    static final long TTL_SECONDS = 5;
    static final int UDP_PLAIN = 512;
    /** The EDNS size DNS flag day 2020 settled on: fits any path's MTU without fragments. */
    static final int UDP_EDNS_MAX = 1232;
    static final int TCP_MAX = 65535;
    /**
     * SRV records built for one answer at most: more could not fit in 64 KiB anyway, and a job of
     * many thousand ready tasks should not cost every query that much work. The lowest indexes win.
     */
    static final int MAX_SRV_RECORDS = 1000;

    /** A reply and its response code, for the server's counts. */
    record Reply(byte[] bytes, int rcode) {}

    private final Name zone;
    private final NameSource names;
    private final MachineAddresses addresses;
    private final SOARecord soa;

    DnsResponder(NameSource names, MachineAddresses addresses) {
        this.names = names;
        this.addresses = addresses;
        this.zone = name(BorgNames.zone(names.cell()) + ".");
        this.soa = new SOARecord(zone, DClass.IN, TTL_SECONDS, name("ns." + zone), name("hostmaster." + zone),
                1, 60, 60, 3600, TTL_SECONDS);
    }

    /**
     * The answer to one packet, or empty when it gets none.
     *
     * @param overUdp whether it came over UDP, where answers are kept small
     */
    Optional<Reply> respond(byte[] packet, int length, boolean overUdp) {
        if (length < Header.LENGTH || (packet[2] & 0x80) != 0) {
            return Optional.empty(); // not even a header, or an answer (QR set): never answer one
        }
        Message query;
        try {
            query = new Message(Arrays.copyOf(packet, length));
        } catch (IOException | RuntimeException malformed) {
            return Optional.of(headerOnly(packet, Rcode.FORMERR));
        }
        Message response = new Message(query.getHeader().getID());
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return Optional.of(finish(response, Rcode.NOTIMP, UDP_PLAIN, overUdp));
        }
        if (query.getHeader().getCount(Section.QUESTION) != 1) {
            return Optional.of(finish(response, Rcode.FORMERR, UDP_PLAIN, overUdp));
        }
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        OPTRecord opt = query.getOPT();
        int udpLimit = UDP_PLAIN;
        if (opt != null) {
            if (opt.getVersion() != 0) {
                response.addRecord(new OPTRecord(UDP_EDNS_MAX, Rcode.BADVERS >>> 4, 0), Section.ADDITIONAL);
                return Optional.of(finish(response, Rcode.BADVERS, UDP_PLAIN, overUdp));
            }
            udpLimit = Math.clamp(opt.getPayloadSize(), UDP_PLAIN, UDP_EDNS_MAX);
            response.addRecord(new OPTRecord(UDP_EDNS_MAX, 0, 0), Section.ADDITIONAL);
        }
        Name qname = question.getName();
        if ((question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) || !qname.subdomain(zone)) {
            return Optional.of(finish(response, Rcode.REFUSED, udpLimit, overUdp));
        }
        header.setFlag(Flags.AA);
        int rcode = answer(qname, question.getType(), response);
        if (rcode == Rcode.NXDOMAIN || response.getSection(Section.ANSWER).isEmpty()) {
            response.addRecord(soa, Section.AUTHORITY);
        }
        return Optional.of(finish(response, rcode, udpLimit, overUdp));
    }

    /** Fills the answer for a name in the zone; returns its response code. */
    private int answer(Name qname, int type, Message response) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < qname.labels() - zone.labels(); i++) {
            labels.add(qname.getLabelString(i).toLowerCase(Locale.ROOT));
        }
        boolean any = type == Type.ANY;
        return switch (BorgNames.parse(labels)) {
            case BorgNames.Name.Zone apex -> {
                if (type == Type.SOA || any) {
                    response.addRecord(soa, Section.ANSWER);
                }
                yield Rcode.NOERROR;
            }
            case BorgNames.Name.Branch(String job, String user) ->
                    job.isEmpty() || names.job(job, user, -1).isPresent() ? Rcode.NOERROR : Rcode.NXDOMAIN;
            case BorgNames.Name.Task(int index, String job, String user) -> {
                List<Endpoint> ready = names.job(job, user, index).map(NameSource.JobNames::ready).orElse(List.of());
                if (ready.isEmpty()) {
                    yield Rcode.NXDOMAIN; // only a ready task has a name
                }
                if (type == Type.A || any) {
                    address(qname, ready.getFirst()).ifPresent(a -> response.addRecord(a, Section.ANSWER));
                }
                yield Rcode.NOERROR;
            }
            case BorgNames.Name.Service(String port, String job, String user) -> {
                Optional<NameSource.JobNames> found = names.job(job, user, -1);
                if (found.isEmpty() || !found.get().ports().contains(port)) {
                    yield Rcode.NXDOMAIN;
                }
                if (type == Type.SRV || any) {
                    services(qname, port, job, user, found.get().ready(), response);
                }
                yield Rcode.NOERROR;
            }
            case BorgNames.Name.None none -> Rcode.NXDOMAIN;
        };
    }

    /** One SRV per ready task on its port named {@code port}, and each target's A record beside them. */
    private void services(Name qname, String port, String job, String user, List<Endpoint> ready, Message response) {
        for (Endpoint e : ready.subList(0, Math.min(ready.size(), MAX_SRV_RECORDS))) {
            Optional<AllocatedPort> allocated = e.getPortsList().stream().filter(p -> p.getName().equals(port)).findFirst();
            if (allocated.isEmpty()) {
                continue;
            }
            Name target = name(BorgNames.task(e.getIndex(), job, user, names.cell()).orElseThrow() + ".");
            response.addRecord(new SRVRecord(qname, DClass.IN, TTL_SECONDS, 0, 1, allocated.get().getPort(), target),
                    Section.ANSWER);
            address(target, e).ifPresent(a -> response.addRecord(a, Section.ADDITIONAL));
        }
    }

    private Optional<Record> address(Name owner, Endpoint e) {
        Optional<Inet4Address> ip = addresses.ipv4(e.getAddress());
        return ip.map(a -> new ARecord(owner, DClass.IN, TTL_SECONDS, a));
    }

    /**
     * Sets the code (its low four bits: an extended code's others travel in the OPT record) and
     * writes the reply within the transport's limit: dnsjava leaves out the records that do not
     * fit, and sets TC when an answer was among them.
     */
    private static Reply finish(Message response, int rcode, int udpLimit, boolean overUdp) {
        response.getHeader().setRcode(rcode & 0xF);
        return new Reply(response.toWire(overUdp ? udpLimit : TCP_MAX), rcode);
    }

    /** A reply to a packet that does not parse: its id and opcode back, no sections. */
    private static Reply headerOnly(byte[] packet, int rcode) {
        Header header = new Header(((packet[0] & 0xff) << 8) | (packet[1] & 0xff));
        header.setFlag(Flags.QR);
        header.setOpcode((packet[2] >> 3) & 0xF);
        if ((packet[2] & 0x01) != 0) {
            header.setFlag(Flags.RD);
        }
        header.setRcode(rcode);
        return new Reply(header.toWire(), rcode);
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + text, e);
        }
    }
}
