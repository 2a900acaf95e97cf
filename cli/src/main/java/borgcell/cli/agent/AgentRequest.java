package borgcell.cli.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One command for the agent, as the launcher writes it with a single {@code printf '%s\0'}:
 * NUL-terminated fields, so any argument (spaces, quotes, newlines) arrives as typed.
 *
 * <pre>
 * borg-agent-1 \0 SECRET \0 CWD \0 TTY \0 N \0 NAME=VALUE \0 ... (N) M \0 ARG \0 ... (M)
 * </pre>
 *
 * TTY is 1 when the caller's stdout is a terminal. Anyone on the host can connect, so
 * every count and length is bounded before anything is kept, and the secret is the second
 * field: a caller without it gets no further than 64 bytes.
 */
record AgentRequest(String secret, Path cwd, boolean tty, Map<String, String> env, List<String> args) {
    static final String VERSION = "borg-agent-1";
    static final int MAX_SECRET = 64;
    static final int MAX_FIELD = 64 * 1024;
    static final int MAX_ENV = 256;
    static final int MAX_ARGS = 4096;
    static final int MAX_TOTAL = 1 << 20;

    /** Reads the header up to and including the secret, which the caller checks before {@link #readRest}. */
    static String readSecret(InputStream in) throws IOException, AgentProtocolException {
        Fields fields = new Fields(in);
        String version = fields.next("version", VERSION.length());
        if (!version.equals(VERSION)) {
            throw new AgentProtocolException("not a " + VERSION + " request (first field \"" + clip(version) + "\")");
        }
        return fields.next("secret", MAX_SECRET);
    }

    /** The rest of a request whose secret was right. */
    static AgentRequest readRest(String secret, InputStream in) throws IOException, AgentProtocolException {
        Fields fields = new Fields(in);
        String cwdText = fields.next("working directory", MAX_FIELD);
        Path cwd;
        try {
            cwd = Path.of(cwdText);
        } catch (InvalidPathException e) {
            throw new AgentProtocolException("working directory: not a path (\"" + clip(cwdText) + "\")");
        }
        if (!cwd.isAbsolute()) {
            throw new AgentProtocolException("working directory: must be absolute (\"" + clip(cwdText) + "\")");
        }
        boolean tty = switch (fields.next("tty", 1)) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new AgentProtocolException("tty: must be 0 or 1");
        };
        int envCount = fields.count("environment count", MAX_ENV);
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < envCount; i++) {
            String entry = fields.next("environment entry", MAX_FIELD);
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new AgentProtocolException("environment entry " + i + ": expected NAME=VALUE (\"" + clip(entry) + "\")");
            }
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        int argCount = fields.count("argument count", MAX_ARGS);
        List<String> args = new ArrayList<>(argCount);
        for (int i = 0; i < argCount; i++) {
            args.add(fields.next("argument " + i, MAX_FIELD));
        }
        return new AgentRequest(secret, cwd, tty, env, List.copyOf(args));
    }

    private static String clip(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** NUL-terminated UTF-8 fields, each and all together bounded. */
    private static final class Fields {
        private final InputStream in;
        private int total;

        Fields(InputStream in) {
            this.in = in;
        }

        String next(String what, int max) throws IOException, AgentProtocolException {
            ByteArrayOutputStream field = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new AgentProtocolException(what + ": the request ended early");
                }
                if (b == 0) {
                    return field.toString(StandardCharsets.UTF_8);
                }
                if (field.size() >= max) {
                    throw new AgentProtocolException(what + ": longer than " + max + " bytes");
                }
                if (++total > MAX_TOTAL) {
                    throw new AgentProtocolException("the request is larger than " + MAX_TOTAL + " bytes");
                }
                field.write(b);
            }
        }

        int count(String what, int max) throws IOException, AgentProtocolException {
            String text = next(what, 8);
            try {
                int n = Integer.parseInt(text);
                if (n < 0 || n > max) {
                    throw new AgentProtocolException(what + ": must be 0-" + max + " (got " + n + ")");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new AgentProtocolException(what + ": not a number (\"" + clip(text) + "\")");
            }
        }
    }
}
