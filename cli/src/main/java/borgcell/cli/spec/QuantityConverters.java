package borgcell.cli.spec;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the quantities of job specs ({@code 500m}, {@code 2Gi}), on command lines. */
public final class QuantityConverters {
    private QuantityConverters() {}

    /** Millicores from {@code 250m}, {@code 0.5} or {@code 2}; must be > 0. */
    public static final class Cpu implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return positive(Quantities.cpuMillis(value), value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Bytes from {@code 64Mi}, {@code 2G} or plain bytes; must be > 0. */
    public static final class Size implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return positive(Quantities.bytes(value), value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    private static long positive(long value, String text) {
        if (value <= 0) {
            throw new IllegalArgumentException("\"" + text + "\": must be > 0");
        }
        return value;
    }
}
