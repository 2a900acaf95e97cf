package borgcell.borglet.vmm;

import borgcell.borglet.vmm.arch.GuestLayout;
import borgcell.borglet.vmm.guest.ElfException;
import borgcell.borglet.vmm.guest.ElfFile;
import borgcell.borglet.vmm.guest.ElfLoader;
import borgcell.borglet.vmm.guest.InitialStack;
import borgcell.borglet.vmm.guest.LoadedProgram;
import borgcell.borglet.vmm.libos.GuestStreams;
import borgcell.borglet.vmm.libos.HostSleeper;
import borgcell.borglet.vmm.libos.LibOs;
import borgcell.borglet.vmm.libos.Sandbox;
import borgcell.borglet.vmm.memory.GuestMemory;
import borgcell.borglet.vmm.memory.UserMemory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * One static Linux program in a microVM of its own, on a {@link Platform} (KVM or ptrace). The
 * {@link Builder} checks everything it can before a VM exists (the ELF, the RAM size);
 * {@link #start()} then has the platform make the guest's machine (its CPU and memory) on the
 * thread that will run it, loads the program and its stack into guest memory, and runs the
 * guest, serving its syscalls through the library OS, until the program exits, faults, passes
 * its deadline or is killed.
 *
 * <pre>{@code
 * VmResult r = MicroVm.builder().program(elfBytes).args(List.of("hello")).ram(64 << 20)
 *         .streams(new GuestStreams(System.out, System.err)).build().run();
 * }</pre>
 */
public final class MicroVm {

    /** The built-in guest makes two syscalls: anything slower than this is broken, not slow. */
    private static final Duration SELF_TEST_DEADLINE = Duration.ofSeconds(10);

    private final Spec config;
    private final ElfFile elf;
    private final CompletableFuture<VmResult> result = new CompletableFuture<>();
    /** The guest's waits (nanosleep, futex) block on this; a stop wakes it, as the kick gets a running vCPU out. */
    private final HostSleeper sleeper = new HostSleeper();
    private volatile VmOutcome stopRequest;
    /** The running guest's machine, for a stop to kick; null before it exists. */
    private volatile GuestMachine running;
    private long startedNanos;
    /** Guest RAM while the VM exists, for {@link #guestResidentBytes()}. */
    private volatile GuestMemory liveMemory;

    private MicroVm(Spec config, ElfFile elf) {
        this.config = config;
        this.elf = elf;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the guest on its platform's thread; the result completes when the guest is done (never exceptionally). */
    public MicroVm start() {
        startedNanos = System.nanoTime();
        try {
            config.platform().launch(this::runOnGuestThread);
        } catch (RuntimeException e) {
            finish(new VmOutcome.Failed(message(e)), null, 0, new Timings(startedNanos));
            return this;
        }
        if (config.timeout() != null) {
            CompletableFuture.delayedExecutor(config.timeout().toNanos(), TimeUnit.NANOSECONDS)
                    .execute(() -> stop(new VmOutcome.TimedOut(config.timeout())));
        }
        return this;
    }

    /** {@link #start()} and wait. */
    public VmResult run() {
        return start().result().join();
    }

    public CompletableFuture<VmResult> result() {
        return result;
    }

    /**
     * Host memory the guest's RAM holds now (pages touched and not given back), 0 before the
     * VM exists and after it ended: what the guest costs, as opposed to what the VMM costs.
     */
    public long guestResidentBytes() {
        GuestMemory memory = liveMemory;
        try {
            return memory == null ? 0 : memory.residentBytes();
        } catch (RuntimeException e) {
            return 0; // unmapped meanwhile
        }
    }

    /** Ends the guest soon (within a few ms even if it spins): its result is {@link VmOutcome.Killed}. */
    public void kill() {
        stop(new VmOutcome.Killed());
    }

    /** The platform this VM runs on. */
    public Platform platform() {
        return config.platform();
    }

    /**
     * Whether a microVM works on {@code platform} here: runs a built-in guest that writes "ok" and
     * exits 0. The Borglet advertises the {@code microvm} runtime only when this passes.
     */
    public static boolean selfTest(Platform platform) {
        return selfTestFailure(platform).isEmpty();
    }

    /**
     * Why the built-in guest of {@link #selfTest} does not run on {@code platform} here (the
     * VMM's own report of a fault, a failed ioctl or a deadline, or what the guest did instead),
     * or empty when it runs: so that a host passing a platform over can say why.
     */
    public static Optional<String> selfTestFailure(Platform platform) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        VmResult r;
        try {
            r = builder().platform(platform).program(SelfTestGuest.elf()).args(List.of("self-test")).ram(GuestLayout.MIN_RAM)
                    .timeout(SELF_TEST_DEADLINE).streams(new GuestStreams(out, err)).build().run();
        } catch (RuntimeException | ElfException | LinkageError e) {
            return Optional.of("the self-test guest could not be set up: " + message(e));
        }
        String wrote = out.toString(StandardCharsets.US_ASCII);
        if (r.exitCode() == 0 && wrote.equals(SelfTestGuest.OUTPUT)) {
            return Optional.empty();
        }
        // A fault, a VMM failure or a deadline is reported on the guest's stderr as "microvm: ...".
        String reported = err.toString(StandardCharsets.UTF_8).strip();
        return Optional.of(!reported.isEmpty() ? reported
                : "the self-test guest exited " + r.exitCode() + " having written " + quoted(wrote) + ", not \"ok\\n\"");
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }

    private void stop(VmOutcome reason) {
        if (result.isDone()) {
            return;
        }
        stopRequest = reason;
        sleeper.wake();
        GuestMachine machine = running;
        if (machine != null) {
            machine.kick();
        }
    }

    private void runOnGuestThread(Platform.MachineFactory factory) {
        Timings timings = new Timings(startedNanos);
        LibOs libos = null;
        long exits = 0;
        try (GuestMachine machine = factory.create(config.ram(), config.hugePages())) {
            liveMemory = machine.memory();
            timings.created = System.nanoTime();

            UserMemory user = new UserMemory(machine.memory(), GuestLayout.USER_BASE);
            LoadedProgram program = ElfLoader.load(elf, config.program(), user);
            byte[] random = new byte[16];
            config.random().nextBytes(random);
            long rsp = InitialStack.build(user, program, config.argv(), config.env(), random, new InitialStack.Identity(0, 0));
            machine.enterUserMode(program.entry(), rsp);
            libos = new LibOs(user, program.imageEnd(), config.streams(), machine.cpu(), config.random(),
                    config.sandbox(), sleeper);
            timings.loaded = System.nanoTime();

            // From here a stop kicks the guest out; one that came earlier is seen by the loop's first look.
            running = machine;
            VmOutcome outcome = new GuestLoop(machine, libos, () -> stopRequest).run();
            exits = machine.exits();
            liveMemory = null;
            // The caller has its answer before the machine is torn down (that takes a while).
            finish(outcome, libos, exits, timings);
        } catch (ElfException e) {
            finish(new VmOutcome.Failed(e.getMessage()), libos, exits, timings);
        } catch (RuntimeException | Error e) {
            // Whatever went wrong, the caller must get an answer: a task whose result never came would hang.
            finish(new VmOutcome.Failed(message(e)), libos, exits, timings);
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        } finally {
            liveMemory = null;
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void finish(VmOutcome outcome, LibOs libos, long exits, Timings timings) {
        if (result.isDone()) {
            return; // a failure while tearing down, after the guest's own end was reported
        }
        long ended = System.nanoTime();
        if (libos != null) {
            libos.flush();
            libos.closeFiles();
        }
        report(outcome);
        VmStats stats = libos == null ? VmStats.NONE : new VmStats(micros(timings.created - timings.started),
                micros(timings.loaded - timings.created), micros(ended - timings.loaded), exits, byName(libos),
                libos.counts().unsupported());
        result.complete(new VmResult(outcome, stats));
    }

    /** When each phase ended, in System.nanoTime(). */
    private static final class Timings {
        final long started;
        long created;
        long loaded;

        Timings(long started) {
            this.started = started;
            this.created = started;
            this.loaded = started;
        }
    }

    /** A fault or a VMM failure is written to the guest's stderr, which is the task's log. */
    private void report(VmOutcome outcome) {
        String line = switch (outcome) {
            case VmOutcome.Faulted f -> "microvm: " + f.report() + "; exit status " + outcome.exitCode();
            case VmOutcome.Failed f -> "microvm: " + f.message();
            case VmOutcome.TimedOut t -> "microvm: deadline of " + t.deadline().toMillis() + " ms passed; guest stopped";
            default -> null;
        };
        if (line != null) {
            PrintStream err = new PrintStream(config.streams().stderr(), true, StandardCharsets.UTF_8);
            err.println(line);
            err.flush();
        }
    }

    private static Map<String, Long> byName(LibOs libos) {
        Map<String, Long> names = new LinkedHashMap<>();
        libos.counts().calls().forEach((number, count) -> names.merge(libos.table().name(number), count, Long::sum));
        return names;
    }

    private static long micros(long nanos) {
        return nanos / 1000;
    }

    /** What to run and with what. Defaults: 64 MiB of RAM, no deadline, output discarded. */
    public static final class Builder {
        private byte[] program;
        private List<String> argv = List.of("program");
        private List<String> env = List.of();
        private long ram = 64L << 20;
        private Duration timeout;
        private boolean hugePages;
        private GuestStreams streams = new GuestStreams(OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        private RandomGenerator random = new SecureRandom();
        private Platform platform;
        private Path sandbox;
        private long fileSizeLimit = Long.MAX_VALUE;

        private Builder() {}

        /** The static ELF executable's bytes. */
        public Builder program(byte[] elf) {
            this.program = Objects.requireNonNull(elf);
            return this;
        }

        /** argv, argv[0] included. */
        public Builder args(List<String> argv) {
            this.argv = List.copyOf(argv);
            return this;
        }

        /** The environment, as {@code NAME=value} strings. */
        public Builder env(List<String> env) {
            this.env = List.copyOf(env);
            return this;
        }

        /** Guest RAM in bytes: the program's hard memory limit. Rounded up to 2 MiB. */
        public Builder ram(long bytes) {
            this.ram = bytes;
            return this;
        }

        /** A deadline from start; null for none. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Back guest RAM with transparent huge pages (cheaper first touches, 2 MiB of host memory each). */
        public Builder hugePages(boolean on) {
            this.hugePages = on;
            return this;
        }

        public Builder streams(GuestStreams streams) {
            this.streams = Objects.requireNonNull(streams);
            return this;
        }

        /** Source of AT_RANDOM and getrandom. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        /**
         * The directory the guest sees as {@code /} (its files, nothing else of the host); by
         * default none, and every path the guest opens is ENOENT.
         */
        public Builder sandbox(Path directory) {
            this.sandbox = directory;
            return this;
        }

        /** No sandbox file may grow past this by the guest's writes (EFBIG, as RLIMIT_FSIZE); default: no limit. */
        public Builder fileSizeLimit(long bytes) {
            this.fileSizeLimit = bytes;
            return this;
        }

        /** Where the guest gets its CPU; by default {@link Platforms#host()}, the best this host has. */
        public Builder platform(Platform platform) {
            this.platform = Objects.requireNonNull(platform);
            return this;
        }

        /** Checks the program and the RAM size; throws {@link ElfException} or {@link IllegalArgumentException} with a message for the user. */
        public MicroVm build() throws ElfException {
            if (program == null) {
                throw new IllegalStateException("no program given");
            }
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("argv needs at least argv[0]");
            }
            if (ram < GuestLayout.MIN_RAM || ram > GuestLayout.MAX_RAM) {
                throw new IllegalArgumentException("guest RAM must be between " + GuestLayout.MIN_RAM / (1 << 20)
                        + " MiB and " + GuestLayout.MAX_RAM / GuestLayout.GIB + " GiB, not " + ram + " bytes");
            }
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("the deadline must be positive: " + timeout);
            }
            long roundedRam = (ram + GuestLayout.LARGE_PAGE_SIZE - 1) & -GuestLayout.LARGE_PAGE_SIZE;
            if (program.length > roundedRam) {
                throw new ElfException("the program file (" + program.length + " bytes) is larger than the guest's RAM");
            }
            ElfFile elf = ElfFile.parse(program);
            ElfLoader.placement(elf, roundedRam);
            Sandbox root = null;
            if (sandbox != null) {
                try {
                    root = new Sandbox(sandbox, fileSizeLimit);
                } catch (IOException e) {
                    throw new IllegalArgumentException("sandbox " + sandbox + ": " + e.getMessage());
                }
            }
            Platform on = platform != null ? platform : Platforms.host().orElseThrow(() -> new IllegalStateException(
                    "no microVM platform works on this host: neither /dev/kvm nor ptrace passed the self-test"));
            return new MicroVm(new Spec(program.clone(), argv, env, roundedRam, timeout, hugePages, streams, random, on,
                    root), elf);
        }
    }

    /** What a built VM runs with, fixed at {@link Builder#build()}. */
    private record Spec(byte[] program, List<String> argv, List<String> env, long ram, Duration timeout, boolean hugePages,
                        GuestStreams streams, RandomGenerator random, Platform platform, Sandbox sandbox) {}
}
