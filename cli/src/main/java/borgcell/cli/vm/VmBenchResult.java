package borgcell.cli.vm;

import borgcell.sim.JsonLine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one {@code borg vm bench}, per platform, the one auto chooses first: a table
 * per platform for people, one JSON line for scripts. The line keeps the first platform's
 * figures at the top level, where scripts from before there were platforms read them, named by
 * {@code "platform"}, and every platform's under {@code "platforms"}.
 */
record VmBenchResult(List<PlatformFigures> platforms, int cores) {

    VmBenchResult {
        if (platforms.isEmpty()) {
            throw new IllegalArgumentException("a bench measures at least one platform");
        }
        platforms = List.copyOf(platforms);
    }

    /** The figures of the platform auto chooses here (KVM where it works). */
    PlatformFigures first() {
        return platforms.getFirst();
    }

    String table() {
        StringBuilder t = new StringBuilder();
        for (PlatformFigures p : platforms) {
            t.append('\n').append(p.table());
        }
        return t.toString();
    }

    String json() {
        Map<String, Object> each = new LinkedHashMap<>();
        platforms.forEach(p -> each.put(p.platform(), p.fields()));
        JsonLine line = new JsonLine().put("bench", "vm").put("platform", first().platform());
        first().fields().forEach(line::put);
        return line.put("cores", cores).put("platforms", each).toString();
    }
}
