package borgcell.scheduler.scoring;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.TaskRequest;

/**
 * Packs like best fit, but also dislikes leaving a machine with one resource stranded (all
 * cpu gone, ram left over that no task can use), after Borg's hybrid scoring:
 * {@code (1 - balanceWeight) * bestFit + balanceWeight * (1 - |free cpu share - free ram share|)}.
 * A weight of 0 is best fit; 1 cares only about balance.
 */
public final class Hybrid implements Scorer {

    /** The weight a cell gets unless it says otherwise: packing and balance count alike. */
    public static final double DEFAULT_BALANCE_WEIGHT = 0.5;

    private final double balanceWeight;

    public Hybrid() {
        this(DEFAULT_BALANCE_WEIGHT);
    }

    public Hybrid(double balanceWeight) {
        if (!(balanceWeight >= 0 && balanceWeight <= 1)) {
            throw new IllegalArgumentException("balance weight must be within [0, 1], not " + balanceWeight);
        }
        this.balanceWeight = balanceWeight;
    }

    @Override
    public double score(TaskRequest task, MachineView machine) {
        double cpu = FreeShareAfterPlacement.cpu(task, machine);
        double ram = FreeShareAfterPlacement.ram(task, machine);
        double packing = 1 - (cpu + ram) / 2;
        double balance = 1 - Math.abs(cpu - ram);
        return (1 - balanceWeight) * packing + balanceWeight * balance;
    }

    @Override
    public MachinePreference prefers() {
        return MachinePreference.FULLER;
    }
}
