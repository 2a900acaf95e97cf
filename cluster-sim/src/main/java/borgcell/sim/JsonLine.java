package borgcell.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One line of JSON, keys in the order they were put: what every {@code borg sim} command
 * prints last, for scripts and CI. Values: numbers, strings, booleans, null, lists and maps
 * of those. Doubles are written as given (round them first), never in exponent form for the
 * magnitudes the reports hold.
 */
public final class JsonLine {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    public JsonLine put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    @Override
    public String toString() {
        return write(fields);
    }

    /** {@code v} rounded to {@code places} decimals, half up. */
    public static double round(double v, int places) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v; // written as null; rounding would make it 0
        }
        double scale = Math.pow(10, places);
        return Math.round(v * scale) / scale;
    }

    private static String write(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> quote(s);
            case Boolean b -> b.toString();
            case Double d -> d.isNaN() || d.isInfinite() ? "null" : plain(d);
            case Float f -> write(f.doubleValue());
            case Number n -> n.toString();
            case Map<?, ?> m -> {
                StringJoiner out = new StringJoiner(",", "{", "}");
                m.forEach((k, x) -> out.add(quote(String.valueOf(k)) + ":" + write(x)));
                yield out.toString();
            }
            case double[] a -> {
                List<Object> list = new ArrayList<>(a.length);
                for (double x : a) {
                    list.add(x);
                }
                yield write(list);
            }
            case Iterable<?> list -> {
                StringJoiner out = new StringJoiner(",", "[", "]");
                list.forEach(x -> out.add(write(x)));
                yield out.toString();
            }
            default -> quote(v.toString());
        };
    }

    private static String plain(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d) + ".0";
        }
        String s = String.format(Locale.ROOT, "%.6f", d);
        // Trailing zeros say nothing; strip them but keep one digit after the point.
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
