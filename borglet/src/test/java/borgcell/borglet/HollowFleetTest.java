package borgcell.borglet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import borgcell.api.v1.HeartbeatRequest;
import borgcell.api.v1.Resources;
import borgcell.api.v1.TaskReport;
import borgcell.api.v1.TaskState;
import borgcell.borglet.hollow.HollowFleet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hollow machines against fake masters: the real link, nothing run, every wanted task reported RUNNING. */
class HollowFleetTest {
    private static final HollowFleet.Settings THREE = new HollowFleet.Settings("h-", 3,
            Resources.newBuilder().setCpuMillis(4000).setRamBytes(8L << 30).build(), Map.of("zone", "z1"),
            List.of("process"), Duration.ofMillis(100), 1, 2);

    @Test
    void machinesRegisterFollowTheLeaderHintAndReportWhatIsWantedRunning() throws Exception {
        try (FakeMaster leader = FakeMaster.start(); FakeMaster follower = FakeMaster.follower(leader.address())) {
            leader.desired = List.of(DesiredSetTest.task("web", 0, 1), DesiredSetTest.task("web", 1, 1));
            try (HollowFleet fleet = new HollowFleet(List.of(follower.address(), leader.address()), THREE)) {
                fleet.start();
                assertThat(fleet.awaitRegistered(Duration.ofSeconds(20))).isTrue();

                await().atMost(Duration.ofSeconds(20)).until(() -> fleet.heldTasks() == 6
                        && reportedRunning(leader, "h-00002"));

                var registrations = java.util.stream.Stream.concat(leader.registrations.stream(),
                        follower.registrations.stream()).toList(); // any master takes a registration
                assertThat(registrations).extracting(r -> r.getMachineId())
                        .containsExactlyInAnyOrder("h-00001", "h-00002", "h-00003");
                assertThat(registrations.getFirst().getAttributesMap()).containsEntry("zone", "z1")
                        .containsEntry("rack", "rack-0");
                assertThat(follower.refusedHeartbeats.get()).as("a follower was asked, and named the leader").isPositive();
                assertThat(fleet.desiredKeys("h-00003")).hasSize(2);
                var window = fleet.stats().window();
                assertThat(window.answered()).isPositive();
                assertThat(window.full()).as("a master without versions answers whole sets").isPositive();
                assertThat(window.roundTrip().count()).isEqualTo(window.answered());
            }
        }
    }

    @Test
    void aMachineTheCellForgotRegistersAgain() throws Exception {
        try (FakeMaster master = FakeMaster.start();
             HollowFleet fleet = new HollowFleet(List.of(master.address()), THREE)) {
            fleet.start();
            assertThat(fleet.awaitRegistered(Duration.ofSeconds(20))).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> master.heartbeats.size() >= 3);

            master.forgetMachine.set(1);

            await().atMost(Duration.ofSeconds(10)).until(() -> master.registrations.size() == 4);
            assertThat(fleet.registeredCount()).isEqualTo(3);
        }
    }

    private static boolean reportedRunning(FakeMaster master, String machine) {
        List<HeartbeatRequest> beats = master.heartbeats.stream().filter(h -> h.getMachineId().equals(machine)).toList();
        return !beats.isEmpty() && beats.getLast().getTasksList().stream().map(TaskReport::getState)
                .filter(s -> s == TaskState.RUNNING).count() == 2;
    }
}
