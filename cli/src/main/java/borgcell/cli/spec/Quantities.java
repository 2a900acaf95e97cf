package borgcell.cli.spec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource quantities as people write them (Kubernetes style) and as the API stores them.
 *
 * <p>CPU: {@code "250m"} (millicores), {@code "0.5"} or {@code 2} (cores). Sizes: binary
 * suffixes {@code Ki Mi Gi Ti Pi}, decimal {@code K M G T P}, or plain bytes. Durations:
 * {@code 500ms}, {@code 1s}, {@code 1.5s}, {@code 2m}, {@code 1h}. Parse errors throw
 * {@link IllegalArgumentException} with a message meant for the user; callers add the
 * field path.
 */
public final class Quantities {

    public static final long KIB = 1L << 10;
    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;
    public static final long TIB = 1L << 40;
    public static final long PIB = 1L << 50;

    private static final Pattern NUMBER_WITH_SUFFIX =
            Pattern.compile("([0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)\\s*([A-Za-z]*)");

    private Quantities() {}

    /** Millicores from {@code "250m"}, {@code "0.5"}, {@code "2"}. */
    public static long cpuMillis(String text) {
        Matcher m = match(text, "a CPU amount like 250m, 0.5 or 2");
        BigDecimal number = new BigDecimal(m.group(1));
        BigDecimal millis = switch (m.group(2)) {
            case "" -> number.movePointRight(3);
            case "m" -> number;
            default -> throw new IllegalArgumentException(
                    quote(text) + " is not a CPU amount (use millicores like 250m, or cores like 0.5 or 2)");
        };
        return whole(millis, text, "CPU amounts are counted in whole millicores (1m = 0.001 cores)");
    }

    /** Bytes from {@code "64Mi"}, {@code "1G"}, {@code "4096"}. */
    public static long bytes(String text) {
        Matcher m = match(text, "a size like 64Mi, 1G or 4096");
        BigDecimal number = new BigDecimal(m.group(1));
        long unit = switch (m.group(2)) {
            case "" -> 1L;
            case "Ki" -> KIB;
            case "Mi" -> MIB;
            case "Gi" -> GIB;
            case "Ti" -> TIB;
            case "Pi" -> PIB;
            case "K", "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            case "P" -> 1_000_000_000_000_000L;
            default -> throw new IllegalArgumentException(quote(text)
                    + " is not a size (use Ki Mi Gi Ti Pi, K M G T P, or plain bytes)");
        };
        return whole(number.multiply(BigDecimal.valueOf(unit)), text, "a size must be a whole number of bytes");
    }

    /** Milliseconds from {@code "500ms"}, {@code "1s"}, {@code "1.5s"}, {@code "2m"}, {@code "1h"}. */
    public static long durationMillis(String text) {
        Matcher m = match(text, "a duration like 500ms, 1s, 2m or 1h");
        BigDecimal number = new BigDecimal(m.group(1));
        long unit = switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "" -> {
                if (number.signum() == 0) {
                    yield 1L;
                }
                throw new IllegalArgumentException(quote(text) + " needs a unit (ms, s, m or h)");
            }
            default -> throw new IllegalArgumentException(
                    quote(text) + " is not a duration (use ms, s, m or h, like 500ms or 2s)");
        };
        return whole(number.multiply(BigDecimal.valueOf(unit)), text, "a duration must be a whole number of milliseconds");
    }

    /** {@code 250m}, {@code 2}, {@code 1.5}: the shortest exact form. */
    public static String formatCpu(long millis) {
        if (millis % 1000 == 0) {
            return Long.toString(millis / 1000);
        }
        if (millis > 1000 && millis % 100 == 0) {
            return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
        }
        return millis + "m";
    }

    /** {@code 64Mi}, {@code 1.5Gi}, {@code 100}: binary units, at most one decimal. */
    public static String formatBytes(long bytes) {
        String[] units = {"Pi", "Ti", "Gi", "Mi", "Ki"};
        long[] sizes = {PIB, TIB, GIB, MIB, KIB};
        for (int i = 0; i < units.length; i++) {
            if (Math.abs(bytes) >= sizes[i]) {
                BigDecimal value = BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(sizes[i]), 1, RoundingMode.HALF_UP);
                return value.stripTrailingZeros().toPlainString() + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /** {@code 500ms}, {@code 2s}, {@code 3m}: the shortest exact form. */
    public static String formatDuration(long millis) {
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis != 0 && millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    private static Matcher match(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must not be empty (expected " + what + ")");
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("must not be negative, got " + quote(text));
        }
        Matcher m = NUMBER_WITH_SUFFIX.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException(quote(text) + " is not " + what);
        }
        return m;
    }

    private static long whole(BigDecimal value, String text, String why) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > 0) {
            throw new IllegalArgumentException(quote(text) + ": " + why);
        }
        try {
            return stripped.longValueExact();
        } catch (ArithmeticException tooBig) {
            throw new IllegalArgumentException(quote(text) + " is far too large");
        }
    }

    static String quote(String text) {
        return "\"" + text + "\"";
    }
}
