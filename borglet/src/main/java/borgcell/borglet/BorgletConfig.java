package borgcell.borglet;

import borgcell.api.v1.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one Borglet runs: who it is, where the masters are, what it offers, how often it reports
 * and where task directories go.
 *
 * @param machineId the machine's name in the cell
 * @param address the Borglet's host, for humans
 * @param masters gRPC "host:port" of the BorgMaster replicas, any order
 * @param capacity what the scheduler may place here; see {@link #detectCapacity(Path)}. Its ports are
 *     always the size of {@code portRange}
 * @param attributes for constraints ("rack" = "r1")
 * @param heartbeatInterval until a master says otherwise; null means {@link #DEFAULT_HEARTBEAT_INTERVAL}
 * @param workDir task directories go under {@code <workDir>/tasks}
 * @param portRange the host ports the cell may give this machine's tasks; null means {@link PortRange#DEFAULT}
 */
public record BorgletConfig(String machineId, String address, List<String> masters, Resources capacity,
                            Map<String, String> attributes, Duration heartbeatInterval, Path workDir,
                            PortRange portRange) {

    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(2);
    public static final int DEFAULT_PORTS = PortRange.DEFAULT.count();

    public BorgletConfig {
        Objects.requireNonNull(machineId, "machineId");
        if (machineId.isBlank()) {
            throw new IllegalArgumentException("machineId: must not be blank");
        }
        address = address == null ? "" : address;
        masters = List.copyOf(Objects.requireNonNull(masters, "masters"));
        if (masters.isEmpty()) {
            throw new IllegalArgumentException("masters: must name at least one BorgMaster address");
        }
        Objects.requireNonNull(capacity, "capacity");
        portRange = portRange == null ? PortRange.DEFAULT : portRange;
        if (capacity.getPorts() != portRange.count()) {
            capacity = capacity.toBuilder().setPorts(portRange.count()).build(); // the range is what it offers
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        heartbeatInterval = heartbeatInterval == null ? DEFAULT_HEARTBEAT_INTERVAL : heartbeatInterval;
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval: must be > 0, was " + heartbeatInterval);
        }
        Objects.requireNonNull(workDir, "workDir");
    }

    /** A config handing out ports of the default range. */
    public BorgletConfig(String machineId, String address, List<String> masters, Resources capacity,
                         Map<String, String> attributes, Duration heartbeatInterval, Path workDir) {
        this(machineId, address, masters, capacity, attributes, heartbeatInterval, workDir, null);
    }

    /** A config for this host: its name as address, detected capacity, no attributes, 2 s heartbeats. */
    public static BorgletConfig forThisHost(String machineId, List<String> masters, Path workDir) {
        return new BorgletConfig(machineId, hostName(), masters, detectCapacity(workDir), Map.of(),
                DEFAULT_HEARTBEAT_INTERVAL, workDir);
    }

    /** cpu = cores × 1000, ram = physical memory, disk = usable space under workDir, the default range's ports. */
    public static Resources detectCapacity(Path workDir) {
        long ram = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : Runtime.getRuntime().maxMemory();
        return Resources.newBuilder()
                .setCpuMillis(Runtime.getRuntime().availableProcessors() * 1000L)
                .setRamBytes(ram)
                .setDiskBytes(usableSpace(workDir))
                .setPorts(DEFAULT_PORTS)
                .build();
    }

    private static long usableSpace(Path workDir) {
        // The work directory may not exist yet: measure the nearest ancestor that does.
        Path existing = workDir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return 0;
        }
        try {
            return Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure disk space under " + workDir, e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
