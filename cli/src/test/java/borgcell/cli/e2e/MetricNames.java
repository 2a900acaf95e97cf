package borgcell.cli.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The metric names dashboards and rules use, and the names a scrape serves. */
final class MetricNames {
    /** Our metrics and the JVM's; recording rules (borg:...) and Prometheus' own (up) are not scraped. */
    private static final Pattern USED = Pattern.compile("\\b((?:borg|jvm|process)_[a-z0-9_]+)\\b");
    private static final Pattern EXPR = Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"|expr:\\s*(.+)");
    private static final Pattern SERVED = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    private MetricNames() {}

    static Set<String> usedIn(Path dashboards) throws Exception {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dashboards)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")
                    || (p.toString().endsWith(".yml") && !p.getFileName().toString().endsWith("_test.yml"))).toList()) {
                Matcher expr = EXPR.matcher(Files.readString(f));
                while (expr.find()) {
                    String e = expr.group(1) != null ? expr.group(1) : expr.group(2);
                    Matcher name = USED.matcher(e);
                    while (name.find()) {
                        names.add(name.group(1));
                    }
                }
            }
        }
        return names;
    }

    /** @param http a client the server lets read its metrics (a viewer's certificate, on HTTPS) */
    static String scrape(HttpClient http, String baseUrl) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(baseUrl + "/actuator/prometheus answered " + r.statusCode());
        }
        return r.body();
    }

    static Set<String> servedIn(String scrapes) {
        Set<String> names = new TreeSet<>();
        Matcher m = SERVED.matcher(scrapes);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
