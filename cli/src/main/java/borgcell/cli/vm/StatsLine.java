package borgcell.cli.vm;

import borgcell.borglet.vmm.Platform;
import borgcell.borglet.vmm.VmResult;
import borgcell.borglet.vmm.VmStats;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one JSON line of {@code borg vm run --stats}: keys are plain names, values numbers and the
 * platform's name, so no escaping is needed beyond names.
 */
final class StatsLine {

    private StatsLine() {}

    static String of(VmResult result, Platform platform) {
        VmStats s = result.stats();
        return "{\"create_us\":" + s.createMicros()
                + ",\"load_us\":" + s.loadMicros()
                + ",\"run_us\":" + s.runMicros()
                + ",\"exits\":" + s.exits()
                + ",\"syscalls\":" + object(s.syscalls())
                + ",\"syscalls_total\":" + s.syscallTotal()
                + ",\"enosys\":" + object(s.unsupported())
                + ",\"exit_code\":" + result.exitCode()
                + ",\"platform\":\"" + name(platform.name()) + "\"}";
    }

    private static String object(Map<?, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> "\"" + name(e.getKey().toString()) + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** Syscall names are [a-z0-9_] and numbers may be negative; anything else is dropped rather than escaped. */
    private static String name(String raw) {
        return raw.replaceAll("[^A-Za-z0-9_-]", "");
    }
}
