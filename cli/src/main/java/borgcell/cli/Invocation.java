package borgcell.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where and for whom one {@code borg} command runs: the caller's working directory, environment
 * and standard output as bytes. A command run by its own JVM gets the process's; a command the
 * client agent runs for a shell gets that shell's, while the agent's process keeps its own.
 * Commands read these through {@link #current()}, never {@code System.getenv} or the JVM's
 * working directory, so one rule serves both.
 */
public record Invocation(Path cwd, Map<String, String> env, OutputStream stdout) {

    private static final ScopedValue<Invocation> CURRENT = ScopedValue.newInstance();

    public Invocation {
        if (!cwd.isAbsolute()) {
            throw new IllegalArgumentException("the working directory must be absolute: " + cwd);
        }
        env = Map.copyOf(env);
    }

    /** This process's own: its working directory, environment and {@code System.out}. */
    public static Invocation ofThisProcess() {
        return new Invocation(Path.of("").toAbsolutePath(), System.getenv(), new PrintStream(System.out, true));
    }

    /** The invocation the running command was started with; this process's own outside of one. */
    public static Invocation current() {
        return CURRENT.isBound() ? CURRENT.get() : ofThisProcess();
    }

    /** Runs {@code command} with this invocation as {@link #current()}. */
    public <T, X extends Throwable> T run(ScopedValue.CallableOp<T, X> command) throws X {
        return ScopedValue.where(CURRENT, this).call(command);
    }

    /** A variable of the caller's environment, or null. */
    public String env(String name) {
        return env.get(name);
    }

    /** A path the caller typed, taken from the caller's working directory. */
    public Path resolve(String path) {
        return cwd.resolve(path);
    }
}
