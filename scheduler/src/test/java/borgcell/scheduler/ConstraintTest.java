package borgcell.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.scheduler.Constraint.Operator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConstraintTest {

    private final Map<String, String> machine = Map.of("zone", "a", "kernel", "5.15", "cores", "64", "arch", "x86");

    @Test
    void eqHoldsOnlyForTheSameValue() {
        assertThat(Constraint.eq("zone", "a").holdsOn(machine)).isTrue();
        assertThat(Constraint.eq("zone", "b").holdsOn(machine)).isFalse();
    }

    @Test
    void neHoldsOnlyForAnotherValue() {
        assertThat(Constraint.ne("zone", "b").holdsOn(machine)).isTrue();
        assertThat(Constraint.ne("zone", "a").holdsOn(machine)).isFalse();
    }

    @Test
    void inHoldsWhenTheValueIsListed() {
        assertThat(Constraint.in("zone", "b", "a").holdsOn(machine)).isTrue();
        assertThat(Constraint.in("zone", "b", "c").holdsOn(machine)).isFalse();
    }

    @Test
    void notInHoldsWhenTheValueIsNotListed() {
        assertThat(Constraint.notIn("zone", "b", "c").holdsOn(machine)).isTrue();
        assertThat(Constraint.notIn("zone", "b", "a").holdsOn(machine)).isFalse();
    }

    @Test
    void existsHoldsWhenTheAttributeIsThereWhateverItsValue() {
        assertThat(Constraint.exists("arch").holdsOn(machine)).isTrue();
        assertThat(Constraint.exists("gpu").holdsOn(machine)).isFalse();
    }

    @Test
    void ltAndGtCompareNumbersNotStrings() {
        // As strings "64" < "8"; as numbers it is the other way round.
        assertThat(Constraint.gt("cores", "8").holdsOn(machine)).isTrue();
        assertThat(Constraint.lt("cores", "8").holdsOn(machine)).isFalse();
        assertThat(Constraint.lt("cores", "128").holdsOn(machine)).isTrue();
    }

    @Test
    void ltAndGtAreStrictAndUnderstandDecimals() {
        // Decimals, not versions: 5.15 is less than 5.2.
        assertThat(Constraint.lt("kernel", "5.2").holdsOn(machine)).isTrue();
        assertThat(Constraint.gt("kernel", "5.2").holdsOn(machine)).isFalse();
        assertThat(Constraint.gt("kernel", "5.149").holdsOn(machine)).isTrue();
        assertThat(Constraint.gt("cores", "64").holdsOn(machine)).isFalse();
        assertThat(Constraint.lt("cores", "64").holdsOn(machine)).isFalse();
        assertThat(Constraint.gt("cores", "63.99").holdsOn(machine)).isTrue();
        assertThat(Constraint.gt("cores", "-1").holdsOn(machine)).isTrue();
    }

    @Test
    void ltAndGtCompareNumbersBeyondTheRangeOfALong() {
        var big = Map.of("bytes", "123456789012345678901234567890");
        assertThat(Constraint.gt("bytes", "123456789012345678901234567889").holdsOn(big)).isTrue();
        assertThat(Constraint.lt("bytes", "9223372036854775807").holdsOn(big)).isFalse();
    }

    @ParameterizedTest(name = "attribute {0} against {1} never holds")
    @CsvSource({
            "x86, 5",        // attribute not a number
            "64, many",      // constraint value not a number
            "'', 5",         // empty attribute
            "1e3, 5",        // exponents are not plain decimals
            "NaN, 5",
            "Infinity, 5",
            "0x10, 5",
            "5., 1",
            ".5, 1",
            "'-', 1",
            "' 7', 1",       // no silent trimming
    })
    void ltAndGtWithNonNumericValuesFailRatherThanThrow(String attribute, String value) {
        var attrs = Map.of("v", attribute);
        assertThat(Constraint.lt("v", value).holdsOn(attrs)).isFalse();
        assertThat(Constraint.gt("v", value).holdsOn(attrs)).isFalse();
    }

    @ParameterizedTest(name = "a missing attribute makes {0} hold: {1}")
    @CsvSource({"EQ, false", "NE, true", "IN, false", "NOT_IN, true", "EXISTS, false", "LT, false", "GT, false"})
    void aMissingAttributeSatisfiesOnlyTheNegativeOperators(Operator op, boolean holds) {
        List<String> values = op == Operator.EXISTS ? List.of() : List.of("1");
        assertThat(new Constraint("gpu", op, values).holdsOn(machine)).isEqualTo(holds);
    }

    @Test
    void aConstraintWithTheWrongNumberOfValuesIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> new Constraint("zone", Operator.EQ, List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zone EQ");
        assertThatThrownBy(() -> new Constraint("zone", Operator.LT, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Constraint("zone", Operator.IN, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Constraint("gpu", Operator.EXISTS, List.of("yes")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describeReadsTheWayTheConstraintWasWritten() {
        assertThat(Constraint.eq("zone", "a").describe()).isEqualTo("zone EQ a");
        assertThat(Constraint.notIn("zone", "a", "b").describe()).isEqualTo("zone NOT_IN [a, b]");
        assertThat(Constraint.exists("gpu").describe()).isEqualTo("gpu EXISTS");
        assertThat(Constraint.gt("cores", "8").describe()).isEqualTo("cores GT 8");
    }
}
