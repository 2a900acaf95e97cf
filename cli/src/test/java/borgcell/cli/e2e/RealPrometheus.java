package borgcell.cli.e2e;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Debian's Prometheus, scraping the test's cell every second with the scrape config the
 * repository ships (dashboards/prometheus/prometheus.yml: its rule files, the targets
 * {@code borg up} writes, the viewer certificate it issues), pointed at the test's cell.
 */
final class RealPrometheus {
    private RealPrometheus() {}

    /**
     * @param rules the repository's dashboards/prometheus
     * @param cellDir the test cell's {@code .borg}
     */
    static ExternalTool.Server start(Path binary, Path home, Path rules, Path cellDir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createDirectories(home.resolve("prometheus"));
        Path config = dir.resolve("prometheus.yml");
        String shipped = Files.readString(rules.resolve("prometheus.yml"));
        String pointed = shipped.replace("../../.borg/", cellDir.toAbsolutePath() + "/")
                .replace("- recording.yml", "- " + rules.resolve("recording.yml").toAbsolutePath())
                .replace("- alerts.yml", "- " + rules.resolve("alerts.yml").toAbsolutePath())
                .replaceAll("(scrape_interval|evaluation_interval|refresh_interval): \\d+s", "$1: 1s");
        if (pointed.equals(shipped) || !pointed.contains(cellDir.toAbsolutePath().toString())) {
            throw new AssertionError("dashboards/prometheus/prometheus.yml no longer names .borg's files as this test"
                    + " expects:\n" + shipped);
        }
        Files.writeString(config, pointed);
        Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        return new ExternalTool.Server(p, "http://127.0.0.1:" + port);
    }

    /** How many series an instant query answers (0 while Prometheus is starting). */
    static int seriesCount(ExternalTool.Server server, String query) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    server.baseUrl() + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return 0;
            }
            JsonNode result = new ObjectMapper().readTree(r.body()).path("data").path("result");
            return result.size();
        } catch (Exception e) {
            return 0;
        }
    }
}
