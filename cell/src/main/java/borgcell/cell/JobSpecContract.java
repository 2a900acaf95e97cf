package borgcell.cell;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a job spec may say, in one place: the name rule, the limits and the runtimes. The YAML parser (with its own field paths), the API's validation and the
 * {@link Cell} all read them here, so the three can never disagree about what is allowed.
 */
public final class JobSpecContract {

    /** A DNS label: 1-63 of a-z, 0-9 and '-', starting and ending with a letter or digit. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /**
     * The runtimes a task may ask for. One that asks for none runs in its machine's default: a
     * container where the Borglet offers them (its self-test passed), a process elsewhere.
     */
    public static final List<String> RUNTIMES = List.of("process", "microvm", "container");
    /** A task's network: the machine's, or (in a container) a namespace of its own with loopback only. */
    public static final List<String> NETWORKS = List.of("host", "none");
    /** The one runtime that can give a task a network of its own. */
    public static final String ISOLATING_RUNTIME = "container";
    public static final int MAX_PRIORITY = 1000;
    public static final int MAX_TASKS = 100_000;
    /** A million cores. */
    public static final long MAX_CPU_MILLIS = 1_000_000_000L;
    /** 1 PiB, for ram and disk. */
    public static final long MAX_BYTES = 1L << 50;
    /**
     * A named port: a short DNS-label-like word ("http", "grpc-admin"), so that it can be a SRV
     * service label ({@code _http._tcp...}) and an environment variable ({@code BORG_PORT_HTTP}).
     */
    public static final Pattern PORT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,14}");
    /**
     * Named ports one task may have; {@code resources.ports} is their count. Bounded so that a
     * spec cannot drain a machine's range or grow the task's environment without limit.
     */
    public static final int MAX_PORTS = 64;
    public static final int MAX_ARGV = 4096;
    public static final int MAX_RESTART_ATTEMPTS = 1000;
    public static final long MAX_BACKOFF_MILLIS = 3_600_000L;
    /** A job's reschedules (tasks placed elsewhere after using up their restarts) when its spec sets no policy. */
    public static final int DEFAULT_MAX_RESCHEDULES = 3;
    public static final int MAX_RESCHEDULES = 1000;
    /** 30 days. */
    public static final long MAX_DEADLINE_MILLIS = 30L * 24 * 3600 * 1000;
    /** A placement preference's weight is in (0, MAX_PREFERENCE_WEIGHT]. */
    public static final double MAX_PREFERENCE_WEIGHT = 1000;
    /** Machine attribute names (failure domains, spreading) are at most this long. */
    public static final int MAX_ATTRIBUTE_NAME = 63;
    /** An update's progress deadline below this would fail while a task is still starting. */
    public static final long MIN_PROGRESS_DEADLINE_MILLIS = 1_000;

    private JobSpecContract() {}

    /** A CPU limit fits a request when it is none (0) or from the request up to {@link #MAX_CPU_MILLIS}. */
    public static boolean cpuLimitFits(long limitMillis, long cpuMillis) {
        return limitMillis == 0 || (limitMillis >= cpuMillis && limitMillis <= MAX_CPU_MILLIS);
    }

    /** A task with a network of its own ("none") has no host port to listen on. */
    public static boolean portsFit(String network, int namedPorts) {
        return namedPorts == 0 || !"none".equals(network);
    }

    /** A network fits a runtime unless it is a network of the task's own, which only {@link #ISOLATING_RUNTIME} gives. */
    public static boolean networkFits(String network, String runtime) {
        return !"none".equals(network) || ISOLATING_RUNTIME.equals(runtime);
    }
}
