package borgcell.cell;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What changes from one job spec to another, field by field, one line each in the words of
 * the API's field paths: {@code task.argv: [sleep, 10] -> [sleep, 20]},
 * {@code task.env.MODE: fast -> safe}, {@code reschedule: none -> {max_reschedules: 5}}. Read
 * by reflection over the message, so a field added to the spec is compared without a change here.
 */
public final class SpecDiff {
    private static final java.util.regex.Pattern NEEDS_QUOTES = java.util.regex.Pattern.compile("[\\s,\\[\\]{}\"]");

    private SpecDiff() {
    }

    /** The changed fields, in the order the message declares them; empty when the two are equal. */
    public static List<String> between(Message before, Message after) {
        List<String> lines = new ArrayList<>();
        compare("", before, after, lines);
        return lines;
    }

    private static void compare(String prefix, Message before, Message after, List<String> lines) {
        for (FieldDescriptor field : before.getDescriptorForType().getFields()) {
            String path = prefix + field.getName();
            Object was = before.getField(field);
            Object is = after.getField(field);
            if (field.isMapField()) {
                compareMaps(path, entries(was), entries(is), lines);
            } else if (field.isRepeated()) {
                if (!was.equals(is)) {
                    lines.add(path + ": " + list((List<?>) was) + " -> " + list((List<?>) is));
                }
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && field.hasPresence()) {
                boolean had = before.hasField(field);
                boolean has = after.hasField(field);
                if (had && has) {
                    compare(path + ".", (Message) was, (Message) is, lines);
                } else if (had != has) {
                    // Whether a policy is there at all can matter (no reschedule policy: the default limit).
                    lines.add(path + ": " + (had ? braced((Message) was) : "none") + " -> " + (has ? braced((Message) is) : "none"));
                }
            } else if (!was.equals(is)) {
                lines.add(path + ": " + value(was) + " -> " + value(is));
            }
        }
    }

    private static void compareMaps(String path, Map<String, String> was, Map<String, String> is, List<String> lines) {
        TreeMap<String, String> keys = new TreeMap<>(was);
        is.forEach(keys::putIfAbsent);
        for (String key : keys.keySet()) {
            String before = was.get(key);
            String after = is.get(key);
            if (before == null || !before.equals(after)) {
                lines.add(path + "." + key + ": " + (before == null ? "none" : value(before))
                        + " -> " + (after == null ? "none" : value(after)));
            }
        }
    }

    /** A map field's entries as text, keys sorted (the spec's only map, env, is string to string). */
    private static Map<String, String> entries(Object field) {
        Map<String, String> out = new TreeMap<>();
        for (Object o : (List<?>) field) {
            MapEntry<?, ?> entry = (MapEntry<?, ?>) o;
            out.put(String.valueOf(entry.getKey()), String.valueOf(entry.getValue()));
        }
        return out;
    }

    private static String list(List<?> values) {
        List<String> shown = new ArrayList<>(values.size());
        for (Object v : values) {
            shown.add(v instanceof Message m ? braced(m) : value(v));
        }
        return shown.toString();
    }

    private static String value(Object v) {
        if (v instanceof String s) {
            // Bare where that reads unambiguously ([sleep, 10]), quoted where a list could be misread.
            return s.isEmpty() || NEEDS_QUOTES.matcher(s).find()
                    ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : s;
        }
        if (v instanceof Message m) {
            return braced(m);
        }
        return String.valueOf(v); // numbers, booleans, enum values by name
    }

    private static String braced(Message m) {
        return "{" + TextFormat.printer().emittingSingleLine(true).printToString(m).strip() + "}";
    }
}
