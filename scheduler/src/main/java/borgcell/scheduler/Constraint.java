package borgcell.scheduler;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A hard constraint on one machine attribute, such as {@code zone IN [a, b]} or
 * {@code kernel GT 5}. EQ, NE, LT and GT take exactly one value, IN and NOT_IN at least
 * one, EXISTS none; a constraint of another shape is refused when it is built, so a bad job
 * spec fails at submission rather than in a scheduling pass.
 */
public record Constraint(String attribute, Operator op, List<String> values) {

    public enum Operator {
        EQ, NE, IN, NOT_IN, EXISTS,
        /** Numeric: the machine's attribute value is less than {@code values.get(0)}. */
        LT,
        /** Numeric: the machine's attribute value is greater than {@code values.get(0)}. */
        GT
    }

    public Constraint {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(op, "op");
        values = List.copyOf(values);
        boolean arityOk = switch (op) {
            case EQ, NE, LT, GT -> values.size() == 1;
            case IN, NOT_IN -> !values.isEmpty();
            case EXISTS -> values.isEmpty();
        };
        if (!arityOk) {
            throw new IllegalArgumentException("constraint " + attribute + " " + op
                    + " cannot take " + values.size() + " value(s): " + values);
        }
    }

    public static Constraint eq(String attribute, String value) {
        return new Constraint(attribute, Operator.EQ, List.of(value));
    }

    public static Constraint ne(String attribute, String value) {
        return new Constraint(attribute, Operator.NE, List.of(value));
    }

    public static Constraint in(String attribute, String... values) {
        return new Constraint(attribute, Operator.IN, List.of(values));
    }

    public static Constraint notIn(String attribute, String... values) {
        return new Constraint(attribute, Operator.NOT_IN, List.of(values));
    }

    public static Constraint exists(String attribute) {
        return new Constraint(attribute, Operator.EXISTS, List.of());
    }

    public static Constraint lt(String attribute, String value) {
        return new Constraint(attribute, Operator.LT, List.of(value));
    }

    public static Constraint gt(String attribute, String value) {
        return new Constraint(attribute, Operator.GT, List.of(value));
    }

    /**
     * Whether a machine with these attributes satisfies the constraint. A missing attribute
     * satisfies only the negative operators (NE, NOT_IN): a machine without a {@code zone}
     * is not in zone a. LT and GT hold only when both sides are decimal numbers.
     */
    public boolean holdsOn(Map<String, String> attributes) {
        String actual = attributes.get(attribute);
        if (actual == null) {
            return op == Operator.NE || op == Operator.NOT_IN;
        }
        return switch (op) {
            case EQ -> actual.equals(values.getFirst());
            case NE -> !actual.equals(values.getFirst());
            case IN -> values.contains(actual);
            case NOT_IN -> !values.contains(actual);
            case EXISTS -> true;
            case LT -> DecimalComparison.compare(actual, values.getFirst()) == DecimalComparison.LESS;
            case GT -> DecimalComparison.compare(actual, values.getFirst()) == DecimalComparison.GREATER;
        };
    }

    /** The constraint as users wrote it: {@code zone EQ a}, {@code zone IN [a, b]}, {@code gpu EXISTS}. */
    public String describe() {
        return switch (op) {
            case EQ, NE, LT, GT -> attribute + " " + op + " " + values.getFirst();
            case IN, NOT_IN -> attribute + " " + op + " " + values;
            case EXISTS -> attribute + " " + op;
        };
    }
}
