package borgcell.borglet.runtime.microvm;

import borgcell.borglet.logs.RotatingLog;
import borgcell.borglet.runtime.RunningTask;
import borgcell.borglet.runtime.TaskExit;
import borgcell.borglet.runtime.TaskLaunch;
import borgcell.borglet.runtime.TaskRuntime;
import borgcell.borglet.vmm.MicroVm;
import borgcell.borglet.vmm.Platform;
import borgcell.borglet.vmm.Platforms;
import borgcell.borglet.vmm.arch.GuestLayout;
import borgcell.borglet.vmm.guest.ElfException;
import borgcell.borglet.vmm.libos.GuestStreams;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task as a static x86-64 Linux binary in a microVM of its own, on the platform this
 * host offers (KVM, or ptrace where there is no {@code /dev/kvm}). The task directory
 * is the guest's {@code /}; the template's {@code argv[0]} names the binary on the host, which
 * is copied to {@code /bin/NAME} in the sandbox (the guest's argv[0]), so the task never depends
 * on a host file after it started. Guest RAM is the task's RAM request: its hard memory limit.
 * stdout and stderr go to the same capped, rotating logs as a process task's.
 *
 * <p>What cannot start (no argv, no such binary, not a static x86-64 ELF, RAM out of range) ends
 * as {@link TaskExit.NotStarted} 127, its reason also written to the task's stderr.
 */
public final class MicroVmRuntime implements TaskRuntime {

    public static final String NAME = "microvm";
    /** The RAM of a task that asks for none. */
    public static final long DEFAULT_RAM = 64L << 20;
    /** The machine attribute naming the platform. */
    public static final String PLATFORM_ATTRIBUTE = "platform";

    /** The task's deadline per start, from its spec; null for none. */
    private static Duration deadline(TaskLaunch launch) {
        long millis = launch.template().getDeadlineMillis();
        return millis > 0 ? Duration.ofMillis(millis) : null;
    }

    private static final Logger log = LoggerFactory.getLogger(MicroVmRuntime.class);

    private final long logCapBytes;
    /** null: no platform works here, and the self-test says so. */
    private final Platform platform;

    /** On the platform {@link Platforms#host()} chooses. */
    public MicroVmRuntime() {
        this(RotatingLog.DEFAULT_CAP_BYTES);
    }

    /** @param logCapBytes each of stdout and stderr rotates past this size (one older file kept) */
    public MicroVmRuntime(long logCapBytes) {
        this(logCapBytes, Platforms.host().orElse(null));
    }

    /**
     * @param logCapBytes each of stdout and stderr rotates past this size (one older file kept)
     * @param platform    where guests get their CPU; null where none works (the self-test then fails)
     */
    public MicroVmRuntime(long logCapBytes, Platform platform) {
        if (logCapBytes < 1) {
            throw new IllegalArgumentException("logCapBytes must be positive");
        }
        this.logCapBytes = logCapBytes;
        this.platform = platform;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The built-in guest must run and say "ok" here, on this runtime's platform. */
    @Override
    public boolean selfTest() {
        if (platform == null) {
            log.info("microvm not offered: no microVM platform works on this host");
            return false;
        }
        boolean ok = Platforms.passes(platform);
        if (!ok) {
            log.info("microvm self-test failed on the {} platform", platform.name());
        }
        return ok;
    }

    /** {@code platform=kvm|ptrace}, so that a job that needs hardware isolation can constrain on it. */
    @Override
    public Map<String, String> attributes() {
        return platform == null ? Map.of() : Map.of(PLATFORM_ATTRIBUTE, platform.name());
    }

    /** The platform guests run on; null where none works. */
    public Platform platform() {
        return platform;
    }

    @Override
    public RunningTask start(TaskLaunch launch) throws IOException {
        Optional<RunningTask> refused = launch.prepare();
        if (refused.isPresent()) {
            return refused.get();
        }
        Path dir = launch.taskDir();
        Path stderr = launch.stderrFile();
        if (platform == null) {
            return RunningTask.cannotStart(stderr, "cannot start task " + launch.describe()
                    + ": no microVM platform works on this machine");
        }
        List<String> argv = launch.template().getArgvList();
        long ram = ram(launch);
        if (ram < 0) {
            return RunningTask.cannotStart(stderr, "cannot start task " + launch.describe() + ": a microVM has at most "
                    + GuestLayout.MAX_RAM / GuestLayout.GIB + " GiB of RAM, the task asks for "
                    + launch.template().getResources().getRamBytes() + " bytes");
        }
        Path binary = Path.of(argv.getFirst());
        byte[] program;
        try {
            program = read(binary, ram);
        } catch (NotAProgram e) {
            return RunningTask.cannotStart(stderr, "cannot start '" + argv.getFirst() + "': " + e.getMessage());
        }
        String guestBinary = copyIntoSandbox(dir, binary.getFileName().toString(), program);
        List<String> guestArgv = new ArrayList<>(argv);
        guestArgv.set(0, guestBinary);

        List<Closeable> logs = new ArrayList<>();
        MicroVm vm;
        try {
            RotatingLog out = new RotatingLog(launch.stdoutFile(), logCapBytes);
            logs.add(out);
            RotatingLog err = new RotatingLog(stderr, logCapBytes);
            logs.add(err);
            long disk = launch.template().getResources().getDiskBytes();
            vm = MicroVm.builder().platform(platform).program(program).args(guestArgv).env(environment(launch)).ram(ram)
                    .sandbox(dir).fileSizeLimit(disk > 0 ? disk : Long.MAX_VALUE)
                    .timeout(deadline(launch))
                    .streams(new GuestStreams(new LogStream(out), new LogStream(err))).build();
        } catch (ElfException | IllegalArgumentException e) {
            closeAll(logs);
            return RunningTask.cannotStart(stderr, "cannot start '" + argv.getFirst() + "': " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            closeAll(logs);
            throw e;
        }
        log.debug("starting {} in a microVM with {} MiB: {}", launch.describe(), ram >> 20, guestArgv);
        return new MicroVmTask(vm.start(), logs);
    }

    /**
     * The guest's environment, built like a process task's: a minimal base, the template's
     * variables, then the BORG_* ones, which a template cannot override. Paths are guest paths.
     */
    static List<String> environment(TaskLaunch launch) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/bin");
        env.put("HOME", "/");
        env.putAll(launch.template().getEnvMap());
        env.putAll(launch.borgVariables("/"));
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** The RAM request, 64 MiB when none, raised to the VMM's minimum; -1 when above its maximum. */
    private static long ram(TaskLaunch launch) {
        long requested = launch.template().getResources().getRamBytes();
        if (requested <= 0) {
            return DEFAULT_RAM;
        }
        if (requested > GuestLayout.MAX_RAM) {
            return -1;
        }
        return Math.max(requested, GuestLayout.MIN_RAM);
    }

    /** The binary's bytes; refused before reading when it could not fit in guest RAM anyway. */
    private static byte[] read(Path binary, long ram) throws NotAProgram, IOException {
        try {
            if (!Files.isRegularFile(binary)) {
                throw new NotAProgram(Files.exists(binary) ? "not a regular file" : "no such file");
            }
            if (Files.size(binary) > ram) {
                throw new NotAProgram("the program (" + Files.size(binary) + " bytes) is larger than the task's RAM");
            }
            return Files.readAllBytes(binary);
        } catch (NoSuchFileException e) {
            throw new NotAProgram("no such file");
        }
    }

    /**
     * Writes the program to {@code bin/NAME} in the sandbox and answers its guest path. Whatever
     * an earlier run left under that name goes first, without following links (a link there
     * must not make us write outside the sandbox).
     */
    private static String copyIntoSandbox(Path dir, String name, byte[] program) throws IOException {
        Path bin = dir.resolve("bin");
        if (Files.isSymbolicLink(bin)) {
            Files.delete(bin);
        }
        Files.createDirectories(bin);
        Path target = bin.resolve(name);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(target);
        }
        Files.write(target, program, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        return "/bin/" + name;
    }

    private static void closeAll(List<Closeable> logs) {
        for (Closeable c : logs) {
            try {
                c.close();
            } catch (IOException e) {
                // already failing
            }
        }
    }

    /** The template's binary cannot be a microVM program; the message says why. */
    private static final class NotAProgram extends Exception {
        NotAProgram(String message) {
            super(message);
        }
    }
}
