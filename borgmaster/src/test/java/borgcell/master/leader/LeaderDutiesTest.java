package borgcell.master.leader;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.raft.AssignTasksCommand;
import borgcell.api.v1.raft.Assignment;
import borgcell.api.v1.raft.EvictionOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderDutiesTest {

    @Test
    void aLargePassGoesAsSeveralCommandsInOrderWithTheEvictionsFirst() {
        AssignTasksCommand.Builder pass = AssignTasksCommand.newBuilder()
                .addEvictions(EvictionOrder.newBuilder().setJob("low").setIndex(0));
        int total = 2 * LeaderDuties.MAX_ASSIGNMENTS_PER_COMMAND + 7;
        for (int i = 0; i < total; i++) {
            pass.addAssignments(Assignment.newBuilder().setJob("j").setIndex(i));
        }

        List<AssignTasksCommand> parts = LeaderDuties.inParts(pass.build());

        assertThat(parts).extracting(AssignTasksCommand::getAssignmentsCount)
                .containsExactly(LeaderDuties.MAX_ASSIGNMENTS_PER_COMMAND, LeaderDuties.MAX_ASSIGNMENTS_PER_COMMAND, 7);
        assertThat(parts).extracting(AssignTasksCommand::getEvictionsCount).containsExactly(1, 0, 0);
        assertThat(parts.stream().flatMap(p -> p.getAssignmentsList().stream()).map(Assignment::getIndex))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, total).boxed().toList());
    }

    @Test
    void aSmallPassIsOneCommand() {
        AssignTasksCommand pass = AssignTasksCommand.newBuilder().addAssignments(Assignment.newBuilder().setJob("j")).build();
        assertThat(LeaderDuties.inParts(pass)).containsExactly(pass);
    }
}
