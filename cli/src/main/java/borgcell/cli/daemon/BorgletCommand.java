package borgcell.cli.daemon;

import borgcell.api.v1.Resources;
import borgcell.borglet.BorgletConfig;
import borgcell.borglet.BorgletProcess;
import borgcell.borglet.PortRange;
import borgcell.borglet.runtime.container.TaskUids;
import borgcell.borglet.vmm.Platforms;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.client.MasterAddress;
import borgcell.cli.spec.QuantityConverters;
import borgcell.trust.Identity;
import borgcell.trust.TlsFiles;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code borg borglet}: the machine agent in this process. It registers with the masters,
 * heartbeats, and runs the tasks the cell gives this machine until SIGTERM.
 */
@Command(name = "borglet",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Run a Borglet (the machine agent) in this process (borg up starts three of these).",
        footer = {
                "",
                "Example:",
                "  borg borglet --id m1 --masters 10.0.0.1:7101,10.0.0.2:7101,10.0.0.3:7101 \\",
                "    --work-dir /var/lib/borglet --cpu 4000m --ram 4Gi --attr rack=r1 --port-range 20000-20999",
        })
public final class BorgletCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The machine id, unique in the cell.")
    String id;

    @Option(names = "--masters", required = true, split = ",", paramLabel = "HOST:PORT",
            converter = ClientOptions.MasterAddressConverter.class,
            description = "gRPC addresses of the BorgMaster replicas, comma-separated.")
    List<MasterAddress> masters;

    @Option(names = "--work-dir", required = true, paramLabel = "DIR", description = "Task sandboxes and logs.")
    Path workDir;

    @Option(names = "--cpu", paramLabel = "CPU", converter = QuantityConverters.Cpu.class,
            description = "CPU to offer, like 4000m or 4 (default: what the machine has).")
    Long cpuMillis;

    @Option(names = "--ram", paramLabel = "SIZE", converter = QuantityConverters.Size.class,
            description = "RAM to offer, like 4Gi (default: what the machine has).")
    Long ramBytes;

    @Option(names = "--disk", paramLabel = "SIZE", converter = QuantityConverters.Size.class,
            description = "Disk to offer, like 10Gi (default: free space under --work-dir).")
    Long diskBytes;

    @Option(names = "--attr", paramLabel = "KEY=VALUE", description = "A machine attribute for constraints; repeatable.")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Option(names = "--address", paramLabel = "HOST", description = "This machine's host name, for people (default: the host name).")
    String address;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION", defaultValue = "2s",
            converter = ClientOptions.DurationConverter.class,
            description = "How often to report to the masters (default: ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "-1",
            description = "Serve metrics (/actuator/prometheus) and task logs (to the replicas) on PORT: HTTPS with"
                    + " --tls-dir, plain HTTP with --insecure (default: none).")
    int httpPort;

    @Option(names = "--vmm-platform", paramLabel = "PLATFORM", defaultValue = "auto",
            description = "Where microVM guests get the CPU: auto (kvm where /dev/kvm works, else ptrace), kvm or ptrace."
                    + " A platform that does not work here leaves microvm unoffered.")
    String vmmPlatform;

    @Option(names = "--task-uids", paramLabel = "FIRST-LAST", defaultValue = "200000-209999",
            description = "The user ids containers run as, one per cell user (default: ${DEFAULT-VALUE}). No host account"
                    + " may use them; each Borglet on one host needs a range of its own.")
    String taskUids;

    @Option(names = "--port-range", paramLabel = "FIRST-LAST", defaultValue = PortRange.DEFAULT_TEXT,
            description = "The host ports the cell may give this machine's tasks, as BORG_PORT_<NAME> (default:"
                    + " ${DEFAULT-VALUE}); the machine offers their count. Each Borglet on one host needs a range of its own.")
    String portRange;

    @Mixin
    LinkSecurity security;

    @Option(names = "--parent-pid", hidden = true, paramLabel = "PID", description = "Exit when this process exits.")
    Long parentPid;

    @Override
    public Integer call() throws Exception {
        TaskUids uids = checkFlags();
        Optional<TlsFiles> tls = security.files(Identity.machine(id));
        ParentWatch.exitWhenGone(parentPid);
        BorgletProcess.runUntilShutdown(config(), httpPort, vmmPlatform, uids, tls);
        return 0;
    }

    /**
     * The Borglet the flags describe, started in this JVM beside others (as {@code borg up}
     * runs three); the caller closes it.
     *
     * @throws ParameterException (exit 2) for flags that do not make a Borglet
     */
    public BorgletProcess.Running start() {
        TaskUids uids = checkFlags();
        return BorgletProcess.start(config(), httpPort, vmmPlatform, uids, security.files(Identity.machine(id)));
    }

    /** @return the task user ids, once every flag is checked */
    private TaskUids checkFlags() {
        ports();
        if (httpPort < -1 || httpPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--http-port: must be a port 1-65535 (or 0 for any free one)");
        }
        if (!Platforms.CHOICES.contains(vmmPlatform)) {
            throw new ParameterException(spec.commandLine(), "--vmm-platform: '" + vmmPlatform + "' is not one of " + Platforms.CHOICES);
        }
        try {
            return TaskUids.parse(taskUids);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--task-uids: " + e.getMessage());
        }
    }

    BorgletConfig config() {
        Resources capacity = capacity();
        return new BorgletConfig(id, address == null ? hostName() : address,
                masters.stream().map(MasterAddress::toString).toList(),
                capacity, Map.copyOf(attributes), heartbeatInterval, workDir.toAbsolutePath(), ports());
    }

    private PortRange ports() {
        try {
            return PortRange.parse(portRange);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--port-range: " + e.getMessage());
        }
    }

    /** What the flags say, and what the machine has for whatever they leave out (ports: --port-range's count). */
    private Resources capacity() {
        Resources.Builder detected = BorgletConfig.detectCapacity(workDir.toAbsolutePath()).toBuilder();
        if (cpuMillis != null) {
            detected.setCpuMillis(cpuMillis);
        }
        if (ramBytes != null) {
            detected.setRamBytes(ramBytes);
        }
        if (diskBytes != null) {
            detected.setDiskBytes(diskBytes);
        }
        return detected.build();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
