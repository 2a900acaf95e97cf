package borgcell.master.names;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A machine's address as an A record holds it: machines register an address for people (an
 * IPv4 literal, as the local cell's 127.0.0.1, or a host name, as a Kubernetes pod's), and a
 * host name is resolved here, to its first IPv4 address, when an answer needs it. Lookups are
 * remembered for {@link #REMEMBER_NANOS}, found or not, so that a name that does not resolve
 * costs the server one slow lookup per half minute rather than one per query.
 */
final class MachineAddresses {
    static final long REMEMBER_NANOS = 30_000_000_000L;
    /** More distinct machine names than this and the memory starts over: it is a cache, not a record. */
    private static final int MAX_REMEMBERED = 100_000;

    private record Remembered(Optional<Inet4Address> address, long untilNanos) {}

    private final ConcurrentHashMap<String, Remembered> lookups = new ConcurrentHashMap<>();

    /** The IPv4 address of a machine's registered address, if it has one. */
    Optional<Inet4Address> ipv4(String address) {
        long now = System.nanoTime();
        Remembered known = lookups.get(address);
        if (known != null && now - known.untilNanos() < 0) {
            return known.address();
        }
        Optional<Inet4Address> found = resolve(address);
        if (lookups.size() >= MAX_REMEMBERED) {
            lookups.clear();
        }
        lookups.put(address, new Remembered(found, now + REMEMBER_NANOS));
        return found;
    }

    /** A literal ({@code 10.0.0.1}) is only parsed; a host name asks the host's resolver. */
    private static Optional<Inet4Address> resolve(String host) {
        if (host.isBlank()) {
            return Optional.empty();
        }
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).filter(Inet4Address.class::isInstance)
                    .map(Inet4Address.class::cast).findFirst();
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

}
