package borgcell.borglet.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One unprivileged uid per owner (a cell user) while its tasks run, from the range, never root. */
class UidPoolTest {

    @Test
    void anOwnersTasksShareItsIdWhichIsFreedWithItsLastTask() {
        UidPool pool = new UidPool(new TaskUids(200_000, 3));

        assertThat(pool.take("alice")).hasValue(200_000);
        assertThat(pool.take("bob")).hasValue(200_001);
        assertThat(pool.take("alice")).as("alice's second task").hasValue(200_000);
        pool.give("alice");
        assertThat(pool.take("carol")).as("alice still runs a task").hasValue(200_002);
        assertThat(pool.take("dave")).as("all in use").isEmpty();
        pool.give("alice");
        assertThat(pool.take("dave")).as("alice's last task ended").hasValue(200_000);
        pool.give("nobody");
        assertThat(pool.take("erin")).as("an owner holding nothing gives nothing back").isEmpty();
    }

    @Test
    void rangesReachingRootOrOverflowingAreRefusedAndParsedRangesNameWhatIsWrong() {
        assertThatThrownBy(() -> new TaskUids(0, 10)).hasMessageContaining("unprivileged range (ids from 1000 up): first 0");
        assertThatThrownBy(() -> new TaskUids(999, 10)).hasMessageContaining("first 999");
        assertThatThrownBy(() -> new TaskUids(Integer.MAX_VALUE - 5, 10)).hasMessageContaining("count 10");
        assertThatThrownBy(() -> new TaskUids(200_000, 0)).hasMessageContaining("count 0");

        assertThat(TaskUids.parse("200000-209999")).isEqualTo(TaskUids.DEFAULT);
        assertThat(TaskUids.DEFAULT).hasToString("200000-209999");
        assertThatThrownBy(() -> TaskUids.parse("200000")).hasMessage("task uids: '200000' is not FIRST-LAST, like 200000-209999");
        assertThatThrownBy(() -> TaskUids.parse("a-b")).hasMessageContaining("is not FIRST-LAST");
        assertThatThrownBy(() -> TaskUids.parse("300000-200000")).hasMessageContaining("FIRST <= LAST");
        assertThatThrownBy(() -> TaskUids.parse("0-99")).hasMessageContaining("first 0");
        assertThatThrownBy(() -> TaskUids.parse("-5-10")).hasMessageContaining("is not FIRST-LAST");
    }
}
