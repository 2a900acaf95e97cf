package borgcell.borglet.vmm.ptrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.borglet.vmm.TestPlatforms;
import borgcell.borglet.vmm.host.ChildProcess;
import borgcell.borglet.vmm.host.LibC;
import borgcell.borglet.vmm.memory.GuestMemory;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A stub process as the platform prepares it: nothing in it a guest could use, and it cannot outlive its tracer. */
class StubTest {

    @BeforeAll
    static void needsPtrace() {
        TestPlatforms.available();
    }

    @Test
    void aPreparedStubHasNoVdsoNoStackNoDescriptorButItsMemfdAndASeccompFilter() throws Exception {
        try (Stub stub = Stub.prepare()) {
            assertThat(maps(stub.pid)).noneMatch(l -> l.contains("[vdso]") || l.contains("[vvar") || l.contains("[stack]"));
            assertThat(descriptors(stub.pid)).containsExactly("1");
            List<String> status = Files.readAllLines(Path.of("/proc/" + stub.pid + "/status"));
            assertThat(status).contains("Name:\tmicrovm-stub", "Seccomp:\t2", "NoNewPrivs:\t1", "PPid:\t" + LibC.getpid());
            String tracer = status.stream().filter(l -> l.startsWith("TracerPid:")).findFirst().orElseThrow().split("\t")[1];
            assertThat(Path.of("/proc/" + LibC.getpid() + "/task/" + tracer)).as("traced by a thread of this JVM").exists();
            assertThat(Files.readString(Path.of("/proc/" + stub.pid + "/stat")).split(" ")[4])
                    .as("its own process group").isEqualTo(Integer.toString(stub.pid));
        }
    }

    @Test
    void withGuestMemoryMappedTheStubHoldsNoDescriptorAtAllAndSeesTheBorgletsWrites() throws Exception {
        try (Stub stub = Stub.prepare()) {
            GuestMemory memory = stub.mapGuestMemory(16L << 20);
            try {
                assertThat(descriptors(stub.pid)).isEmpty();
                assertThat(maps(stub.pid)).anyMatch(l -> l.startsWith("00200000-01000000 rwxs 00200000 ") && l.contains("memfd:"));
                memory.slice(0x300000, 8).fill((byte) 0x5A);
                byte[] seen = new byte[8];
                try (var mem = new java.io.RandomAccessFile("/proc/" + stub.pid + "/mem", "r")) {
                    mem.seek(0x300000);
                    mem.readFully(seen);
                }
                assertThat(seen).containsOnly((byte) 0x5A);
            } finally {
                memory.close();
            }
        }
    }

    @Test
    void closingAStubKillsAndReapsIt() throws Exception {
        Stub stub = Stub.prepare();
        int pid = stub.pid;

        stub.close();

        assertThat(Path.of("/proc/" + pid)).doesNotExist();
    }

    @Test
    void aStubDiesWithItsTracerThread() throws Exception {
        CompletableFuture<Integer> pid = new CompletableFuture<>();
        // The thread prepares a stub and ends without closing it: PTRACE_O_EXITKILL must kill it.
        Thread.ofPlatform().start(() -> pid.complete(Stub.prepare().pid)).join();

        await().atMost(Duration.ofSeconds(5)).until(() -> gone(pid.get()));
        ChildProcess.waitpid(pid.get(), Arena.ofAuto().allocate(4), ChildProcess.WALL);
    }

    @Test
    void aVmmThatIsKilledLeavesNoGuestBehind() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process vmm = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), SpinningGuestMain.class.getName())
                .redirectErrorStream(true).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(vmm.getInputStream()));
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.startsWith("stubs:"));
            assertThat(line).as("the VMM process says which stubs it runs").isNotNull();
            List<Integer> stubs = Stream.of(line.substring("stubs:".length()).trim().split(" ")).map(Integer::parseInt).toList();
            assertThat(stubs).isNotEmpty().allMatch(p -> !gone(p));

            vmm.destroyForcibly().waitFor();

            await().atMost(Duration.ofSeconds(5)).until(() -> stubs.stream().allMatch(StubTest::gone));
        } finally {
            vmm.destroyForcibly();
        }
    }

    /** No such process, or a zombie (dead, waiting for its parent to reap it). */
    static boolean gone(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }

    private static List<String> maps(int pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/maps"));
    }

    private static List<String> descriptors(int pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
