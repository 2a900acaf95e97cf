package borgcell.scheduler.scoring;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.PassContext;
import borgcell.scheduler.PlacedTask;
import borgcell.scheduler.TaskRequest;
import java.util.List;

/**
 * What a placement would cost in evicted work: fewer victims first, then lower priorities.
 * {@code 1 / (1 + victims * 10^6 + sum of victim priorities)}, so any option with fewer
 * victims outscores every option with more (priorities are clamped to [0, 9999] per victim,
 * which keeps the sum below 10^6 for up to 100 victims), and 1 when nothing is evicted.
 * The preemption step ranks its options by this score first and by the pipeline's other
 * scores only among equals.
 */
public final class PreemptionCost implements Scorer {

    private static final double PER_VICTIM = 1_000_000;
    private static final int HIGHEST_COUNTED_PRIORITY = 9_999;

    @Override
    public double score(TaskRequest task, MachineView machine) {
        return 1;
    }

    @Override
    public double score(TaskRequest task, MachineView machine, PassContext pass) {
        return of(pass.victims(machine));
    }

    /** The score of evicting these tasks. */
    public static double of(List<PlacedTask> victims) {
        double cost = 0;
        for (int i = 0; i < victims.size(); i++) {
            cost += PER_VICTIM + Math.clamp(victims.get(i).priority(), 0, HIGHEST_COUNTED_PRIORITY);
        }
        return 1 / (1 + cost);
    }

    @Override
    public boolean readsThePass(TaskRequest task) {
        return true;
    }
}
