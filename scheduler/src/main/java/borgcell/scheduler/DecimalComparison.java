package borgcell.scheduler;

import java.math.BigDecimal;

/**
 * Numeric comparison of attribute strings for LT and GT. Only plain decimals count as
 * numbers ({@code 42}, {@code -3}, {@code +1.5}): no exponents, NaN or hex, and "v5" never
 * matches. Decimals, not versions: 5.15 is less than 5.2. Checked by hand rather than by catching
 * {@link NumberFormatException}, because a non-numeric attribute on thousands of machines
 * would otherwise cost an exception each.
 */
final class DecimalComparison {

    static final int LESS = -1;
    static final int EQUAL = 0;
    static final int GREATER = 1;
    static final int NOT_NUMBERS = 2;

    /** Longs parse without allocation; beyond 18 digits we fall back to BigDecimal. */
    private static final int MAX_LONG_DIGITS = 18;

    private DecimalComparison() {
    }

    /** LESS, EQUAL or GREATER comparing {@code a} with {@code b}; NOT_NUMBERS if either is not a decimal. */
    static int compare(String a, String b) {
        if (!isDecimal(a) || !isDecimal(b)) {
            return NOT_NUMBERS;
        }
        if (isShortInteger(a) && isShortInteger(b)) {
            return Integer.signum(Long.compare(Long.parseLong(a), Long.parseLong(b)));
        }
        return Integer.signum(new BigDecimal(a).compareTo(new BigDecimal(b)));
    }

    /** {@code [+-]?digits(.digits)?} */
    static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int intDigits = countDigits(s, i);
        if (intDigits == 0) {
            return false;
        }
        i += intDigits;
        if (i == n) {
            return true;
        }
        if (s.charAt(i) != '.') {
            return false;
        }
        i++;
        int fractionDigits = countDigits(s, i);
        return fractionDigits > 0 && i + fractionDigits == n;
    }

    private static boolean isShortInteger(String s) {
        return s.indexOf('.') < 0 && s.length() <= MAX_LONG_DIGITS;
    }

    private static int countDigits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }
}
