package borgcell.cli.agent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's loop: accepts the launcher's connections on loopback, checks the secret, runs
 * each command on a virtual thread of its own and frames its output back. It stops by itself
 * when idle for {@link Settings#idle}, when the borg jar it was started from changes (a rebuilt
 * jar must not be answered by old code), or when its endpoint file is gone or names another.
 * A caller that hangs up (Ctrl-C) has its command interrupted.
 */
final class AgentServer implements AutoCloseable {
    /** How long a connection may take to send its request. */
    private static final int REQUEST_TIMEOUT_MILLIS = 5_000;
    private static final int MAX_RUNNING = 32;

    record Settings(Path endpointFile, Optional<Path> jar, Duration idle) {}

    private final Settings settings;
    private final ServerSocket server;
    private final AgentEndpoint endpoint;
    private final Optional<JarStamp> jarStamp;
    private final PrintStream log;
    private final Semaphore running = new Semaphore(MAX_RUNNING);
    private final AtomicLong served = new AtomicLong();
    private final long startedNanos = System.nanoTime();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("agent-watchdog").factory());
    private volatile long lastUsedNanos = System.nanoTime();
    private volatile boolean stopping;

    AgentServer(Settings settings, PrintStream log) throws IOException {
        this.settings = settings;
        this.log = log;
        this.jarStamp = settings.jar().map(JarStamp::of);
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.endpoint = new AgentEndpoint(server.getLocalPort(), AgentEndpoint.newSecret(), ProcessHandle.current().pid());
        endpoint.writeTo(settings.endpointFile());
        watchdog.scheduleWithFixedDelay(this::checkStillWanted, 1, 1, TimeUnit.SECONDS);
        // Killed (SIGTERM, Ctrl-C in its terminal), it leaves no endpoint that answers nothing.
        Runtime.getRuntime().addShutdownHook(new Thread(this::removeEndpointFile, "agent-endpoint-cleanup"));
    }

    AgentEndpoint endpoint() {
        return endpoint;
    }

    /** Serves until stopped; returns once the commands still running have ended (10 s at most). */
    void serve() throws InterruptedException {
        while (!stopping) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().name("agent-request").start(() -> handle(socket));
            } catch (IOException e) {
                if (!stopping) {
                    log.println("agent: accept failed: " + e.getMessage());
                }
            }
        }
        running.tryAcquire(MAX_RUNNING, 10, TimeUnit.SECONDS);
    }

    void stop(String why) {
        if (stopping) {
            return;
        }
        stopping = true;
        log.println("agent: stopping: " + why);
        watchdog.shutdownNow();
        try {
            server.close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
        removeEndpointFile();
    }

    /** Removes the endpoint file while it still names this agent: a successor may have written its own. */
    private void removeEndpointFile() {
        if (AgentEndpoint.readFrom(settings.endpointFile()).filter(endpoint::equals).isPresent()) {
            try {
                Files.deleteIfExists(settings.endpointFile());
            } catch (IOException e) {
                log.println("agent: cannot remove " + settings.endpointFile() + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        stop("closed");
    }

    private void checkStillWanted() {
        if (!AgentEndpoint.readFrom(settings.endpointFile()).filter(endpoint::equals).isPresent()) {
            stop(settings.endpointFile() + " no longer names this agent");
        } else if (jarStamp.isPresent() && !jarStamp.get().unchanged()) {
            stop("the borg jar changed");
        } else if (running.availablePermits() == MAX_RUNNING
                && System.nanoTime() - lastUsedNanos > settings.idle().toNanos()) {
            stop("idle for " + settings.idle().toMinutes() + " min");
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            socket.setSoTimeout(REQUEST_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream rawOut = new BufferedOutputStream(socket.getOutputStream());
            FrameOutput frames = new FrameOutput(rawOut);
            AgentRequest request;
            try {
                String secret = AgentRequest.readSecret(in);
                if (!MessageDigest.isEqual(secret.getBytes(StandardCharsets.US_ASCII),
                        endpoint.secret().getBytes(StandardCharsets.US_ASCII))) {
                    log.println("agent: refused a request with a wrong secret");
                    frames.refuse("wrong secret");
                    return;
                }
                request = AgentRequest.readRest(secret, in);
            } catch (AgentProtocolException e) {
                log.println("agent: refused a request: " + e.getMessage());
                frames.refuse(e.getMessage());
                return;
            } catch (SocketTimeoutException e) {
                log.println("agent: a caller sent no whole request within " + REQUEST_TIMEOUT_MILLIS + " ms");
                return;
            }
            socket.setSoTimeout(0);
            answer(request, in, frames);
        } catch (IOException e) {
            // the caller went away; nothing to answer
        }
    }

    private void answer(AgentRequest request, InputStream in, FrameOutput frames) throws IOException {
        List<String> args = request.args();
        if (args.equals(List.of("agent", "status"))) {
            status(frames);
            return;
        }
        if (args.equals(List.of("agent", "stop"))) {
            frames.exit(0);
            stop("asked to");
            return;
        }
        if (!ServedCommands.serves(args)) {
            frames.refuse("not a command the agent runs: " + (args.isEmpty() ? "(none)" : args.getFirst()));
            return;
        }
        if (stopping || jarStamp.isPresent() && !jarStamp.get().unchanged()) {
            frames.refuse("the agent is stopping");
            stop("the borg jar changed");
            return;
        }
        if (!running.tryAcquire()) {
            frames.refuse("busy: " + MAX_RUNNING + " commands running");
            return;
        }
        lastUsedNanos = System.nanoTime();
        Thread command = Thread.currentThread();
        HangUp hangUp = new HangUp(in, command);
        int code;
        try {
            OutputStream stdout = frames.stdout();
            OutputStream stderr = frames.stderr();
            code = ServedCommands.run(request, stdout, stderr);
            hangUp.done();
            stdout.flush();
            stderr.flush();
        } finally {
            hangUp.done();
            Thread.interrupted(); // a hang-up at the very end must not outlive this request
            lastUsedNanos = System.nanoTime();
            running.release();
        }
        // Counted before the caller hears the end: its next command may be `agent status`.
        served.incrementAndGet();
        frames.exit(code);
    }

    private void status(FrameOutput frames) throws IOException {
        long upSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
        String text = "agent pid " + endpoint.pid() + " on 127.0.0.1:" + endpoint.port() + ", up " + upSeconds + " s, "
                + served.get() + " commands served, " + (MAX_RUNNING - running.availablePermits()) + " running; stops after "
                + settings.idle().toMinutes() + " min idle" + settings.jar().map(j -> "; runs " + j).orElse("") + "\n";
        OutputStream out = frames.stdout();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        frames.exit(0);
    }

    /** Interrupts a command when its caller hangs up before it ends (Ctrl-C on {@code borg job logs -f}). */
    private static final class HangUp {
        private volatile boolean done;

        HangUp(InputStream in, Thread command) {
            Thread.ofVirtual().name("agent-hangup").start(() -> {
                try {
                    while (in.read() >= 0) {
                        // a caller sends nothing after its request; whatever comes is ignored
                    }
                } catch (IOException e) {
                    // a reset is a hang-up too
                }
                if (!done) {
                    command.interrupt();
                }
            });
        }

        void done() {
            done = true;
        }
    }

    /** The jar as it was when the agent started: size and modification time. */
    private record JarStamp(Path jar, long size, long modified) {
        static JarStamp of(Path jar) {
            try {
                return new JarStamp(jar, Files.size(jar), Files.getLastModifiedTime(jar).toMillis());
            } catch (IOException e) {
                return new JarStamp(jar, -1, -1);
            }
        }

        boolean unchanged() {
            return equals(of(jar));
        }
    }
}
