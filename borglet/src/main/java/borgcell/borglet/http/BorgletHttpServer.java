package borgcell.borglet.http;

import borgcell.borglet.logs.LogFiles;
import borgcell.trust.MutualTls;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLParameters;

/**
 * The Borglet's small HTTP server (the JDK's, no Spring: a Borglet stays a library), HTTPS with
 * the machine's certificate on a cell of mutual TLS ({@link MachineHttpAccess} says who may read
 * what; {@code /actuator/health} answers anyone, for probes):
 * <ul>
 *   <li>{@code GET /actuator/prometheus}, {@code GET /actuator/health}: the same paths a
 *       BorgMaster replica serves, so one scrape config and one health check cover both;</li>
 *   <li>{@code GET /logs/JOB.INDEX.ATTEMPT/stdout|stderr?offset=N&limit=M}: a byte range of a
 *       task's log, with the file's size in {@code X-Log-Size}; the BorgMaster fetches from
 *       here to stream a task's logs to users.</li>
 * </ul>
 */
public final class BorgletHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final String scheme;

    /** Plain HTTP, nothing checked: a cell started {@code --insecure}. */
    public BorgletHttpServer(InetSocketAddress address, PrometheusMeterRegistry registry, BooleanSupplier healthy,
                             LogFiles logs) {
        this(address, registry, healthy, logs, Optional.empty());
    }

    /** @param tls the machine's certificate and the cell's CA: HTTPS, callers checked; empty for plain HTTP */
    public BorgletHttpServer(InetSocketAddress address, PrometheusMeterRegistry registry, BooleanSupplier healthy,
                             LogFiles logs, Optional<MutualTls> tls) {
        try {
            server = tls.isPresent() ? https(address, tls.get()) : HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve HTTP on " + address, e);
        }
        this.scheme = tls.isPresent() ? "https" : "http";
        server.createContext("/actuator/prometheus", exchange -> {
            if (onlyGet(exchange) && allowed(exchange, MachineHttpAccess.metrics(exchange))) {
                reply(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", utf8(registry.scrape()));
            }
        });
        server.createContext("/actuator/health", exchange -> {
            if (onlyGet(exchange)) {
                boolean up = healthy.getAsBoolean();
                reply(exchange, up ? 200 : 503, "application/json",
                        utf8(up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}"));
            }
        });
        server.createContext("/logs/", exchange -> {
            if (onlyGet(exchange) && allowed(exchange, MachineHttpAccess.logs(exchange))) {
                serveLog(exchange, logs);
            }
        });
        server.createContext("/", exchange -> reply(exchange, 404, "text/plain", utf8("not found\n")));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where it serves, as the cell is told at registration: {@code https://HOST:PORT}. */
    public String url(String host) {
        return scheme + "://" + host + ":" + port();
    }

    /**
     * A client certificate is asked for, not required: a probe of {@code /actuator/health} has
     * none. One that is shown must chain to the cell's CA, or the handshake fails.
     */
    private static HttpServer https(InetSocketAddress address, MutualTls tls) throws IOException {
        HttpsServer server = HttpsServer.create(address, 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.httpsServer()) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setWantClientAuth(true);
                params.setSSLParameters(ssl);
            }
        });
        return server;
    }

    private static boolean allowed(HttpExchange exchange, Optional<MachineHttpAccess.Refusal> refusal)
            throws IOException {
        if (refusal.isEmpty()) {
            return true;
        }
        reply(exchange, refusal.get().status(), "text/plain", utf8(refusal.get().reason() + "\n"));
        return false;
    }

    private static void serveLog(HttpExchange exchange, LogFiles logs) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        long offset;
        int limit;
        try {
            offset = Long.parseLong(query.getOrDefault("offset", "0"));
            limit = Integer.parseInt(query.getOrDefault("limit", Integer.toString(LogFiles.MAX_CHUNK)));
        } catch (NumberFormatException e) {
            reply(exchange, 400, "text/plain", utf8("offset and limit must be numbers\n"));
            return;
        }
        // path: "", "logs", TASKDIR, STREAM
        Optional<LogFiles.Chunk> chunk = path.length == 4 ? logs.read(path[2], path[3], offset, limit)
                : Optional.empty();
        if (chunk.isEmpty()) {
            reply(exchange, 404, "text/plain", utf8("no such task log here\n"));
            return;
        }
        exchange.getResponseHeaders().set("X-Log-Size", Long.toString(chunk.get().size()));
        reply(exchange, 200, "application/octet-stream", chunk.get().data());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static boolean onlyGet(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod())) {
            return true;
        }
        reply(exchange, 405, "text/plain", utf8("only GET\n"));
        return false;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
