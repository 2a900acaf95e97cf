package borgcell.cell;

import static borgcell.cell.Fixtures.GI;
import static borgcell.cell.Fixtures.assign;
import static borgcell.cell.Fixtures.kill;
import static borgcell.cell.Fixtures.machineState;
import static borgcell.cell.Fixtures.report;
import static borgcell.cell.Fixtures.spec;
import static borgcell.cell.Fixtures.submit;
import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.AllocatedPort;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.MachineState;
import borgcell.api.v1.Resources;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskAssignment;
import borgcell.api.v1.TaskState;
import borgcell.api.v1.raft.Command;
import borgcell.api.v1.raft.CommandError;
import borgcell.api.v1.raft.CommandResult;
import borgcell.api.v1.raft.RegisterMachineCommand;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cell hands out real host ports: from each machine's range, lowest first, never one twice. */
class CellPortsTest {
    private final Cell cell = new Cell();
    private long index = 0;

    private CommandResult apply(Command c) {
        return cell.apply(++index, c);
    }

    /** A machine offering ports {@code first..last}. */
    private static Command machine(String id, int first, int last) {
        return registration(id, first, last, last - first + 1);
    }

    private static Command registration(String id, int first, int last, int ports) {
        return Fixtures.at(500).registerMachine(RegisterMachineCommand.newBuilder().setMachineId(id).setAddress("10.0.0.1")
                .setCapacity(Resources.newBuilder().setCpuMillis(64_000).setRamBytes(64 * GI).setDiskBytes(GI).setPorts(ports))
                .setPortRangeFirst(first).setPortRangeLast(last).addRuntimes("process").build());
    }

    private static JobSpec withPorts(String name, int tasks, String... ports) {
        return Fixtures.withPorts(spec(name, tasks), ports);
    }

    /** Places task {@code i} of {@code job} on {@code machine} as a pass that read the current versions would. */
    private boolean place(String job, int i, String machine) {
        Task t = cell.task(job, i).orElseThrow();
        long machineVersion = cell.machine(machine).orElseThrow().getVersion();
        return apply(assign(job, i, t.getVersion(), machine, machineVersion)).getAssigned().getApplied() == 1;
    }

    private List<Integer> portsOf(String job, int i) {
        return cell.task(job, i).orElseThrow().getPortsList().stream().map(AllocatedPort::getPort).toList();
    }

    @Test
    void eachTaskGetsTheLowestFreePortsOfItsMachinesRangeInTheSpecsOrder() {
        apply(machine("m1", 31000, 31009));
        apply(submit("r1", withPorts("web", 2, "http", "admin")));

        assertThat(place("web", 0, "m1")).isTrue();
        assertThat(place("web", 1, "m1")).isTrue();

        assertThat(cell.task("web", 0).orElseThrow().getPortsList()).containsExactly(
                AllocatedPort.newBuilder().setName("http").setPort(31000).build(),
                AllocatedPort.newBuilder().setName("admin").setPort(31001).build());
        assertThat(portsOf("web", 1)).containsExactly(31002, 31003);
        TaskAssignment wanted = cell.desiredFor("m1").getFirst();
        assertThat(wanted.getPortsList()).as("the Borglet is told them").isEqualTo(cell.task("web", 0).orElseThrow().getPortsList());
    }

    @Test
    void theSameCommandsGiveTheSamePortsOnEveryReplica() {
        Cell other = new Cell();
        List<Command> log = List.of(machine("m1", 40000, 40099), submit("r1", withPorts("web", 3, "http")),
                submit("r2", withPorts("api", 2, "grpc", "metrics")));
        for (int i = 0; i < log.size(); i++) {
            cell.apply(i + 1, log.get(i));
            other.apply(i + 1, log.get(i));
        }
        index = log.size();
        place("api", 1, "m1");
        place("web", 2, "m1");
        place("web", 0, "m1");
        other.apply(4, assign("api", 1, 3, "m1", 1));
        other.apply(5, assign("web", 2, 2, "m1", 1));
        other.apply(6, assign("web", 0, 2, "m1", 1));

        assertThat(other.toSnapshot(1, 6)).isEqualTo(cell.toSnapshot(1, 6));
        assertThat(portsOf("api", 1)).containsExactly(40000, 40001);
        assertThat(portsOf("web", 2)).containsExactly(40002);
        assertThat(portsOf("web", 0)).containsExactly(40003);
    }

    @Test
    void noPortIsHeldByTwoTasksOfAMachineAndEveryOneIsInItsRange() {
        apply(machine("m1", 31000, 31063));
        apply(machine("m2", 32000, 32063));
        apply(submit("r1", withPorts("a", 20, "http", "admin", "debug")));
        apply(submit("r2", withPorts("b", 10, "x")));
        for (int i = 0; i < 20; i++) {
            place("a", i, i % 2 == 0 ? "m1" : "m2");
        }
        for (int i = 0; i < 10; i++) {
            place("b", i, i % 2 == 0 ? "m1" : "m2");
        }

        for (String machine : List.of("m1", "m2")) {
            int first = machine.equals("m1") ? 31000 : 32000;
            List<Integer> held = new ArrayList<>();
            cell.desiredFor(machine).forEach(a -> a.getPortsList().forEach(p -> held.add(p.getPort())));
            assertThat(held).as(machine).hasSize(10 * 3 + 5).doesNotHaveDuplicates()
                    .allMatch(p -> p >= first && p < first + 64);
        }
    }

    @Test
    void aTaskThatLeavesGivesItsPortsBackForTheNextOne() {
        apply(machine("m1", 31000, 31001));
        apply(submit("r1", withPorts("web", 1, "http", "admin")));
        place("web", 0, "m1");
        apply(report("m1", "web", 0, 1, TaskState.RUNNING, 0));
        apply(report("m1", "web", 0, 1, TaskState.FAILED, 1));

        assertThat(cell.task("web", 0).orElseThrow().getPortsList()).as("an ended task holds none").isEmpty();
        apply(submit("r2", withPorts("api", 1, "grpc", "metrics")));
        assertThat(place("api", 0, "m1")).isTrue();
        assertThat(portsOf("api", 0)).containsExactly(31000, 31001);

        apply(kill("api"));
        assertThat(cell.task("api", 0).orElseThrow().getPortsList()).isEmpty();
        apply(submit("r3", withPorts("batch", 1, "http", "admin")));
        assertThat(place("batch", 0, "m1")).as("a kill frees them too").isTrue();

        apply(machineState("m1", MachineState.DOWN));
        assertThat(cell.task("batch", 0).orElseThrow()).extracting(Task::getState, Task::getPortsCount)
                .containsExactly(TaskState.PENDING, 0);
        apply(machine("m1", 31000, 31001));
        assertThat(place("batch", 0, "m1")).as("and a machine lost").isTrue();
        assertThat(portsOf("batch", 0)).containsExactly(31000, 31001);
    }

    @Test
    void portsHeldSurviveASnapshotRoundTrip() {
        apply(machine("m1", 31000, 31003));
        apply(submit("r1", withPorts("web", 2, "http")));
        place("web", 0, "m1");
        place("web", 1, "m1");
        apply(report("m1", "web", 0, 1, TaskState.SUCCEEDED, 0)); // 31000 free again

        Cell restored = Cell.fromSnapshot(cell.toSnapshot(1, index));
        restored.apply(++index, submit("r2", withPorts("api", 1, "a", "b", "c")));
        long taskVersion = restored.task("api", 0).orElseThrow().getVersion();
        restored.apply(++index, assign("api", 0, taskVersion, "m1", restored.machine("m1").orElseThrow().getVersion()));

        assertThat(restored.task("api", 0).orElseThrow().getPortsList()).extracting(AllocatedPort::getPort)
                .as("31001 is still web/1's").containsExactly(31000, 31002, 31003);
    }

    @Test
    void aRangeWithTooFewFreePortsLeavesTheTaskPendingWithAReason() {
        apply(machine("m1", 31000, 31002));
        apply(submit("r1", withPorts("web", 2, "http", "admin")));
        assertThat(place("web", 0, "m1")).isTrue();

        assertThat(place("web", 1, "m1")).as("two asked, one free").isFalse();
        assertThat(cell.task("web", 1).orElseThrow().getState()).isEqualTo(TaskState.PENDING);
        assertThat(new PendingDryRun().explain(cell, cell.job("web").orElseThrow()))
                .singleElement().satisfies(r -> assertThat(r.reason()).contains("insufficient ports"));
    }

    @Test
    void aMachineFromBeforeRangesOffersTheSchedulerNoPorts() {
        // A snapshot from before port ranges: capacity counts ports, but no range says which.
        var snapshot = cell.toSnapshot(1, 0).toBuilder().addMachines(borgcell.api.v1.Machine.newBuilder().setId("old")
                .setState(MachineState.UP).setCapacity(Resources.newBuilder().setCpuMillis(1000).setRamBytes(GI).setPorts(1000))
                .addRuntimes("process")).build();
        Cell restored = Cell.fromSnapshot(snapshot);
        restored.apply(1, submit("r1", withPorts("web", 1, "http")));

        assertThat(SchedulerInput.from(restored).machines().getFirst().capacity().ports()).isZero();
        restored.apply(2, assign("web", 0, 1, "old", 0));
        assertThat(restored.task("web", 0).orElseThrow().getState()).isEqualTo(TaskState.PENDING);
    }

    @Test
    void badPortRangesAreRefusedAtRegistration() {
        assertRefused(registration("m1", 80, 1079, 1000), "1024 <= first <= last <= 65535 (got 80-1079)");
        assertRefused(registration("m1", 65000, 65536, 537), "(got 65000-65536)");
        assertRefused(registration("m1", 32000, 31000, 0), "(got 32000-31000)");
        assertRefused(registration("m1", -5, 10, 16), "(got -5-10)");
        assertRefused(registration("m1", 31000, 31999, 999), "capacity.ports: must be the size of the port range 31000-31999 (1000), got 999");
        assertRefused(registration("m1", 0, 0, 10), "a machine offering 10 ports must say which");
        assertThat(cell.machines()).isEmpty();

        assertThat(apply(registration("m1", 0, 0, 0)).hasError()).as("no ports at all is fine").isFalse();
        assertThat(apply(machine("m2", 1024, 65535)).hasError()).isFalse();
        assertThat(cell.machine("m2").orElseThrow().getPortRangeLast()).isEqualTo(65535);
    }

    private void assertRefused(Command registration, String message) {
        CommandResult r = apply(registration);
        assertThat(r.getError().getCode()).isEqualTo(CommandError.Code.INVALID_ARGUMENT);
        assertThat(r.getError().getMessage()).contains(message);
    }

    @Test
    void aTaskWithoutPortsNeedsNoRange() {
        apply(registration("m1", 0, 0, 0));
        apply(submit("r1", spec("plain", 1)));

        assertThat(place("plain", 0, "m1")).isTrue();
        Set<Integer> none = new HashSet<>(portsOf("plain", 0));
        assertThat(none).isEmpty();
    }
}
