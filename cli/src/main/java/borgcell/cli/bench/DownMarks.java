package borgcell.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which machines a cell marked DOWN, read from its replicas' logs: the leader logs each one
 * ("machine hollow-00042 missed 3 heartbeats (6012 ms); marking it down") as it proposes it.
 * Reading the logs costs the cell nothing while it is measured, and names every machine, even
 * one that came back UP with its next heartbeat.
 */
final class DownMarks {
    private static final Pattern MARK = Pattern.compile("machine (\\S+) missed \\d+ heartbeats \\(\\d+ ms\\); marking it down");

    private DownMarks() {}

    static Set<String> in(Collection<Path> logs) {
        Set<String> machines = new TreeSet<>();
        for (Path log : logs) {
            try {
                Files.readAllLines(log, StandardCharsets.ISO_8859_1).forEach(line -> {
                    Matcher m = MARK.matcher(line);
                    if (m.find()) {
                        machines.add(m.group(1));
                    }
                });
            } catch (IOException e) {
                // a replica that never wrote its log marked nothing down
            }
        }
        return machines;
    }
}
