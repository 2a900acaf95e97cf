package borgcell.sim.des;

import borgcell.scheduler.MachineView;

/**
 * Something that happens at a moment of simulated time. A {@link Scenario} brings machines
 * coming and going and jobs arriving; the {@link Simulation} adds the ends of the tasks it
 * placed, its scheduling passes and its utilization samples. Time is milliseconds from the
 * start of the run; nothing here reads a clock.
 */
public sealed interface SimEvent {

    long atMillis();

    /** A machine joins the cell (or comes back, or changes capacity): RegisterMachine. Not schedulable means draining. */
    record MachineAdded(long atMillis, MachineView machine) implements SimEvent {
    }

    /** A machine fails or is taken out: SetMachineState DOWN, its tasks go back to pending. */
    record MachineDown(long atMillis, String machineId, String reason) implements SimEvent {
    }

    /** A failed machine is repaired: SetMachineState UP. */
    record MachineUp(long atMillis, String machineId) implements SimEvent {
    }

    /** A job is submitted: SubmitJob, all its tasks pending. */
    record JobArrival(long atMillis, ArrivingJob job) implements SimEvent {
    }

    /** A placed task's run ends; applies only if the task still holds that attempt on that machine. */
    record TaskEnd(long atMillis, String job, int index, int attempt, String machineId) implements SimEvent {
    }

    /** The leader's scheduling loop ticks. */
    record SchedulingPass(long atMillis) implements SimEvent {
    }

    /** The cell's allocation is sampled for the utilization series. */
    record Sample(long atMillis) implements SimEvent {
    }
}
