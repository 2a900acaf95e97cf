package borgcell.borglet.runtime.container;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OCI runtime configuration ({@code config.json}) of one task's container, as runc reads
 * it: the task's argv and environment, run as an unprivileged user with no capabilities and
 * {@code no_new_privs} and a seccomp filter ({@link SeccompProfile}), in its own mount, pid,
 * ipc and uts namespaces (and network, when the job asks), on an empty read-only root with the host's system directories mounted read-only,
 * a private {@code /tmp}, and the task's sandbox as the one writable host directory.
 *
 * <p>Resource limits are not here: they are set on the task's own cgroup ({@link TaskCgroup}),
 * the parent of the one runc makes, so that the Borglet can still read what the task used and
 * whether the kernel killed it for memory after runc has removed its own.
 *
 * @param argv what to run
 * @param env the task's whole environment, in order
 * @param uid the unprivileged user (and group) the task runs as
 * @param hostname the container's host name
 * @param sandbox the task's writable directory on the host, seen inside as {@link #SANDBOX}
 * @param cgroupsPath where runc makes the container's cgroup (below the task's own)
 * @param ownNetwork a network namespace of its own (no interfaces but loopback)
 * @param system the host directories the container sees read-only
 */
record OciConfig(List<String> argv, Map<String, String> env, int uid, String hostname, Path sandbox,
                 String cgroupsPath, boolean ownNetwork, HostSystemDirs system) {

    /** Where the task finds its sandbox, its working and home directory. */
    static final String SANDBOX = "/sandbox";
    /** Directories a container gets mounted besides the host's: made in the root before runc runs. */
    static final List<String> MOUNT_POINTS = List.of("/proc", "/dev", "/sys", "/tmp", SANDBOX);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> NO_OPTIONS = List.of();
    /** Kernel interfaces a task has no business reading (or that leak the host's). */
    private static final List<String> MASKED = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware");
    private static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    String toJson() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ociVersion", "1.0.2");
        config.put("process", process());
        config.put("root", Map.of("path", "rootfs", "readonly", true));
        config.put("hostname", hostname);
        config.put("mounts", mounts());
        config.put("linux", linux());
        return JSON.writeValueAsString(config);
    }

    private Map<String, Object> process() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("terminal", false);
        p.put("user", Map.of("uid", uid, "gid", uid));
        p.put("args", argv);
        List<String> vars = new ArrayList<>(env.size());
        env.forEach((k, v) -> vars.add(k + "=" + v));
        p.put("env", vars);
        p.put("cwd", SANDBOX);
        List<String> none = List.of();
        p.put("capabilities", Map.of("bounding", none, "effective", none, "inheritable", none, "permitted", none,
                "ambient", none));
        p.put("rlimits", List.of(Map.of("type", "RLIMIT_NOFILE", "hard", 4096L, "soft", 1024L)));
        p.put("noNewPrivileges", true);
        return p;
    }

    private List<Map<String, Object>> mounts() {
        List<Map<String, Object>> m = new ArrayList<>();
        m.add(mount("/proc", "proc", "proc", NO_OPTIONS));
        m.add(mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        m.add(mount("/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")));
        m.add(mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
        m.add(mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        m.add(mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
        m.add(mount("/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "mode=1777", "size=65536k")));
        for (String dir : system.mounted()) {
            m.add(mount(dir, "bind", dir, List.of("rbind", "ro", "nosuid", "nodev")));
        }
        m.add(mount(SANDBOX, "bind", sandbox.toString(), List.of("rbind", "rw", "nosuid", "nodev")));
        return m;
    }

    private static Map<String, Object> mount(String destination, String type, String source, List<String> options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        m.put("options", options);
        return m;
    }

    private Map<String, Object> linux() {
        Map<String, Object> l = new LinkedHashMap<>();
        List<Map<String, Object>> namespaces = new ArrayList<>();
        for (String ns : ownNetwork ? List.of("pid", "ipc", "uts", "mount", "network") : List.of("pid", "ipc", "uts", "mount")) {
            namespaces.add(Map.of("type", ns));
        }
        l.put("namespaces", namespaces);
        l.put("cgroupsPath", cgroupsPath);
        // No device but runc's defaults (null, zero, full, random, urandom, tty, ptmx).
        l.put("resources", Map.of("devices", List.of(Map.of("allow", false, "access", "rwm"))));
        l.put("maskedPaths", MASKED);
        l.put("readonlyPaths", READ_ONLY);
        l.put("seccomp", SeccompProfile.section());
        return l;
    }
}
