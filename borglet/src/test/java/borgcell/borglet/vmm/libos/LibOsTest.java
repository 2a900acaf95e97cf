package borgcell.borglet.vmm.libos;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.borglet.vmm.arch.GuestLayout;
import borgcell.borglet.vmm.host.Errno;
import borgcell.borglet.vmm.memory.GuestMemory;
import borgcell.borglet.vmm.memory.UserMemory;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library OS driven directly, without a VM: guest memory is a plain mapping here. */
class LibOsTest {

    private static final long RAM = 16L << 20;
    private static final long IMAGE_END = 0x410000;
    private static final long BUFFER = 0x500000;
    /** Random timespecs may ask for years: here every sleep is over at once. */
    private static final Sleeper NO_SLEEP = deadline -> true;

    private final GuestMemory memory = GuestMemory.anonymous(RAM, false);
    private final UserMemory user = new UserMemory(memory, GuestLayout.USER_BASE);
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final FakeCpu cpu = new FakeCpu();
    private final LibOs libos = new LibOs(user, IMAGE_END, new GuestStreams(stdout, OutputStream.nullOutputStream()), cpu,
            new SplittableRandom(1), null, NO_SLEEP);

    @AfterEach
    void unmap() {
        memory.close();
    }

    @Test
    void writeCopiesExactlyTheGuestsBytes() {
        user.write(BUFFER, "hello\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(serve(1, 1, BUFFER, 6)).isEqualTo(6);
        assertThat(stdout.toString(StandardCharsets.US_ASCII)).isEqualTo("hello\n");
    }

    @Test
    void pointersOutsideGuestMemoryAnswerEfault() {
        long[][] bad = {
                {0, 1},                          // null
                {GuestLayout.USER_BASE - 1, 1},  // the VMM's pages just below the program
                {GuestLayout.PML4, 8},           // the page tables themselves
                {RAM - 1, 2},                    // straddles the end of RAM
                {RAM, 1},                        // just past it
                {-1, 1},                         // the top of the address space
                {BUFFER, Long.MAX_VALUE},        // a length that wraps
                {Long.MIN_VALUE, 16},
        };
        for (long[] range : bad) {
            assertThat(serve(1, 1, range[0], range[1])).as("write at %x+%d", range[0], range[1]).isEqualTo(-Errno.EFAULT);
            assertThat(serve(318, range[0], range[1], 0)).as("getrandom into %x", range[0]).isEqualTo(-Errno.EFAULT);
            if (range[0] == BUFFER) {
                continue; // the pointer is fine, only the length was bad
            }
            assertThat(serve(228, 0, range[0])).as("clock_gettime into %x", range[0]).isEqualTo(-Errno.EFAULT);
            assertThat(serve(63, range[0])).as("uname into %x", range[0]).isEqualTo(-Errno.EFAULT);
        }
        assertThat(stdout.size()).isZero();
        assertThat(memory.slice(GuestLayout.PML4, 8).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).containsOnly(0);
    }

    @Test
    void writevChecksEveryVectorBeforeWritingAny() {
        user.write(BUFFER, "abc".getBytes(StandardCharsets.US_ASCII));
        long iov = BUFFER + 0x100;
        user.writeLong(iov, BUFFER);
        user.writeLong(iov + 8, 3);
        user.writeLong(iov + 16, 0x10);   // second vector points into the VMM's low memory
        user.writeLong(iov + 24, 3);

        assertThat(serve(20, 1, iov, 2)).isEqualTo(-Errno.EFAULT);
        assertThat(stdout.size()).isZero();
        assertThat(serve(20, 1, iov, 1)).isEqualTo(3);
        assertThat(serve(20, 1, iov, 100_000)).isEqualTo(-Errno.EINVAL);
        assertThat(stdout.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
    }

    @Test
    void unknownSyscallsAnswerEnosysAndAreCountedByNumber() {
        assertThat(serve(57)).as("fork").isEqualTo(-Errno.ENOSYS);
        assertThat(serve(999)).isEqualTo(-Errno.ENOSYS);
        assertThat(serve(999)).isEqualTo(-Errno.ENOSYS);
        assertThat(serve(-1)).isEqualTo(-Errno.ENOSYS);
        assertThat(serve(Long.MAX_VALUE)).isEqualTo(-Errno.ENOSYS);

        assertThat(libos.counts().unsupported())
                .containsEntry(57L, 1L).containsEntry(999L, 2L).containsEntry(-1L, 1L).containsEntry(Long.MAX_VALUE, 1L);
        assertThat(libos.table().name(57)).isEqualTo("fork");
        assertThat(libos.table().name(999)).isEqualTo("syscall_999");
    }

    @Test
    void aGuestCannotGrowTheCountsWithoutBound() {
        for (long n = 0; n < 100_000; n++) {
            serve(1_000_000 + n);
        }
        assertThat(libos.counts().unsupported()).hasSizeLessThanOrEqualTo(SyscallCounts.MAX_ODD_NUMBERS + 1);
        assertThat(libos.counts().unsupported().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100_000);
    }

    @Test
    void anonymousMappingsComeZeroedAndStayInsideRam() {
        long first = serve(9, 0, 1 << 20, 3, 0x22, -1, 0);
        assertThat(first).isBetween(IMAGE_END, RAM - (1 << 20));
        user.slice(first, 1 << 20).fill((byte) 0x5a);
        assertThat(serve(11, first, 1 << 20)).isZero();

        long again = serve(9, 0, 1 << 20, 3, 0x22, -1, 0);
        assertThat(again).isEqualTo(first);
        assertThat(user.slice(again, 1 << 20).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).containsOnly(0);

        assertThat(serve(9, 0, RAM, 3, 0x22, -1, 0)).as("more than RAM").isEqualTo(-Errno.ENOMEM);
        assertThat(serve(9, 0, 4096, 3, 0x02, 3, 0)).as("a file mapping of a descriptor not open").isEqualTo(-Errno.EBADF);
        assertThat(serve(9, 0, 0, 3, 0x22, -1, 0)).as("zero length").isEqualTo(-Errno.EINVAL);
    }

    @Test
    void mappingsFillRamAndThenFailWithEnomemNeverBeyond() {
        long count = 0;
        long lowest = Long.MAX_VALUE;
        while (true) {
            long address = serve(9, 0, 1 << 20, 3, 0x22, -1, 0);
            if (address < 0) {
                assertThat(address).isEqualTo(-Errno.ENOMEM);
                break;
            }
            lowest = Math.min(lowest, address);
            count++;
        }
        assertThat(count).isGreaterThan(8);
        assertThat(lowest).isGreaterThanOrEqualTo(IMAGE_END);
        assertThat(serve(12, IMAGE_END + (1 << 20))).as("brk cannot grow into mappings").isEqualTo(AddressSpaceTestSupport.pageUp(IMAGE_END));
    }

    @Test
    void archPrctlSetsTheThreadPointerOnlyToCanonicalUserAddresses() {
        assertThat(serve(158, 0x1002, 0x405000)).isZero();
        assertThat(cpu.fsBase()).isEqualTo(0x405000);
        assertThat(serve(158, 0x1002, 1L << 47)).isEqualTo(-Errno.EPERM);
        assertThat(serve(158, 0x1003, BUFFER)).isZero();
        assertThat(user.readLong(BUFFER)).isEqualTo(0x405000);
        assertThat(serve(158, 0x1003, 0)).isEqualTo(-Errno.EFAULT);
        assertThat(serve(158, 0x9999, 0)).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void exitAndExitGroupEndTheProgramWithTheLowByteOfTheStatus() {
        assertThat(libos.serve(SyscallArgs.of(231, 0x1_07))).isEqualTo(new SyscallOutcome.Exit(7));
        assertThat(libos.serve(SyscallArgs.of(60, 42))).isEqualTo(new SyscallOutcome.Exit(42));
    }

    @Test
    void stdinIsEmptyAndTheStandardStreamsAreNoTerminals() {
        assertThat(serve(0, 0, BUFFER, 100)).isZero();
        assertThat(serve(0, 0, 0, 100)).isEqualTo(-Errno.EFAULT);
        assertThat(serve(0, 5, BUFFER, 100)).isEqualTo(-Errno.EBADF);
        assertThat(serve(16, 1, 0x5413, BUFFER)).as("TIOCGWINSZ").isEqualTo(-Errno.ENOTTY);
        assertThat(serve(16, 0, 0x5401, BUFFER)).as("TCGETS").isEqualTo(-Errno.ENOTTY);
        assertThat(serve(16, 9, 0x5401, BUFFER)).isEqualTo(-Errno.EBADF);
    }

    /** 100,000 calls with random numbers and arguments, biased to the edges of guest memory: nothing escapes serve(). */
    @Test
    void randomSyscallsWithRandomArgumentsNeverCrashTheHost() {
        LibOs fuzzed = new LibOs(user, IMAGE_END, new GuestStreams(OutputStream.nullOutputStream(), OutputStream.nullOutputStream()),
                new FakeCpu(), new SplittableRandom(2), null, NO_SLEEP);
        SplittableRandom random = new SplittableRandom(42);
        long[] edges = {0, 1, -1, 8, 4096, GuestLayout.USER_BASE - 8, GuestLayout.USER_BASE, BUFFER, RAM - 8, RAM - 4096, RAM,
                Long.MAX_VALUE, Long.MIN_VALUE, 1L << 47, 0x22, 3, 0x1002};
        int served = 0;
        for (int i = 0; i < 100_000; i++) {
            long number = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(340);
            long[] args = new long[6];
            for (int a = 0; a < 6; a++) {
                args[a] = switch (random.nextInt(3)) {
                    case 0 -> edges[random.nextInt(edges.length)];
                    case 1 -> GuestLayout.USER_BASE + random.nextLong(RAM - GuestLayout.USER_BASE);
                    default -> random.nextLong(1 << 16);
                };
            }
            SyscallOutcome outcome = fuzzed.serve(SyscallArgs.of(number, args));
            assertThat(outcome).isNotNull();
            served++;
        }
        assertThat(served).isEqualTo(100_000);
        assertThat(fuzzed.counts().total()).isEqualTo(100_000);
        assertThat(memory.slice(0, GuestLayout.USER_BASE).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
                .as("no syscall wrote into the VMM's own pages").containsOnly(0);
    }

    /** The same, over the file syscalls with a sandbox and paths that try to leave it: nothing appears outside. */
    @Test
    void randomFileSyscallsNeverReachOutsideTheSandbox(@TempDir Path parent) throws Exception {
        Path root = Files.createDirectory(parent.resolve("root"));
        Files.writeString(root.resolve("f"), "data");
        Files.createSymbolicLink(root.resolve("out"), parent);
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/tmp"));
        LibOs fuzzed = new LibOs(user, IMAGE_END, new GuestStreams(OutputStream.nullOutputStream(), OutputStream.nullOutputStream()),
                new FakeCpu(), new SplittableRandom(3), new Sandbox(root, 1 << 20), NO_SLEEP);
        String[] paths = {"f", "/f", "../f", "../../new", "out/new", "out/../../new", "abs/new", "/abs/../new", "x", ".", "/", ""};
        long[] pathAddresses = new long[paths.length];
        for (int i = 0; i < paths.length; i++) {
            pathAddresses[i] = BUFFER + 0x1000 + 64L * i;
            user.write(pathAddresses[i], (paths[i] + "\0").getBytes(StandardCharsets.UTF_8));
        }
        int[] numbers = {0, 1, 2, 3, 4, 5, 6, 8, 9, 17, 18, 19, 20, 21, 72, 79, 80, 81, 217, 257, 262, 269};
        long[] flags = {0, 1, 2, 0x40, 0xc1, 0x241, 0x441, 0x10000, 0x20000, 0x200000, 0x1000, 0x100, -100, 3, 4, 5, 6};
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < 100_000; i++) {
            long[] args = new long[6];
            for (int a = 0; a < 6; a++) {
                args[a] = switch (random.nextInt(4)) {
                    case 0 -> pathAddresses[random.nextInt(paths.length)];
                    case 1 -> flags[random.nextInt(flags.length)];
                    case 2 -> BUFFER + random.nextLong(0x1000);
                    default -> random.nextLong(16);
                };
            }
            assertThat(fuzzed.serve(SyscallArgs.of(numbers[random.nextInt(numbers.length)], args))).isNotNull();
        }
        fuzzed.closeFiles();
        try (var outside = Files.list(parent)) {
            assertThat(outside.map(p -> p.getFileName().toString())).containsExactly("root");
        }
        assertThat(Files.exists(Path.of("/tmp/new"))).isFalse();
        assertThat(fuzzed.openFiles()).isZero();
    }

    private long serve(long number, long... args) {
        return switch (libos.serve(SyscallArgs.of(number, args))) {
            case SyscallOutcome.Return(long value) -> value;
            case SyscallOutcome.Exit exit -> throw new AssertionError("unexpected exit " + exit);
        };
    }

    private static final class FakeCpu implements GuestCpu {
        private long fs;
        private long gs;

        @Override public long fsBase() { return fs; }
        @Override public void fsBase(long base) { fs = base; }
        @Override public long gsBase() { return gs; }
        @Override public void gsBase(long base) { gs = base; }
    }

    /** Reaches the package-private page rounding for expectations. */
    private static final class AddressSpaceTestSupport {
        static long pageUp(long value) {
            return AddressSpace.pageUp(value);
        }
    }
}
