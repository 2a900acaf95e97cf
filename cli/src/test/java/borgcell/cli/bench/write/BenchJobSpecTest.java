package borgcell.cli.bench.write;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.JobSpec;
import borgcell.cell.JobSpecContract;
import borgcell.cell.JobSpecValidator;
import org.junit.jupiter.api.Test;

class BenchJobSpecTest {

    @Test
    void theSpecIsAboutOneKibibyteAndTheSameSizeForEveryName() {
        BenchJobSpec spec = new BenchJobSpec(1);

        assertThat(spec.bytes()).isBetween(900, 1200);
        assertThat(spec.named(BenchJobSpec.name(16, 511, 9_999_999_999L)).getSerializedSize()).isEqualTo(spec.bytes());
        assertThat(spec.named(BenchJobSpec.name(1, 0, 7)).getSerializedSize()).isEqualTo(spec.bytes());
    }

    @Test
    void everyNameIsAValidJobNameAndTheSpecPassesTheCellsChecks() {
        for (String name : new String[] {BenchJobSpec.name(1, 0, 0), BenchJobSpec.name(16, 511, 9_999_999_999L)}) {
            assertThat(name).matches(JobSpecContract.NAME);
            JobSpecValidator.validate(new BenchJobSpec(100).named(name));
        }
    }

    @Test
    void tasksPerJobSetsTheTaskCountNotTheSizeOfTheRest() {
        JobSpec hundred = new BenchJobSpec(100).named(BenchJobSpec.name(1, 2, 3));

        assertThat(hundred.getTaskCount()).isEqualTo(100);
        assertThat(hundred.getTask()).isEqualTo(new BenchJobSpec(1).named(BenchJobSpec.name(1, 2, 3)).getTask());
        assertThat(hundred.getPriority()).as("batch band: admitted without quota").isBetween(100, 119);
    }
}
