package borgcell.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code helm lint --strict} and {@code helm template} pass for each set of values. */
class ChartLintTest {

    @ParameterizedTest
    @EnumSource(ValuesCase.class)
    void lintsStrictly(ValuesCase values, @TempDir Path scratch) throws Exception {
        LintResult lint = Chart.lint(values, scratch);
        assertThat(lint.isFailed()).as("helm lint --strict, %s:%n%s", values, String.join("\n", lint.getMessages()))
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(ValuesCase.class)
    void rendersManifestsKubernetesReads(ValuesCase values) {
        Manifests manifests = Manifests.parse(Chart.template(values));
        assertThat(manifests.all()).isNotEmpty();
        assertThat(manifests.all()).allSatisfy(o -> assertThat(o.getMetadata().getName())
                .as("%s's name", o.getKind()).isNotBlank().hasSizeLessThanOrEqualTo(63));
    }
}
