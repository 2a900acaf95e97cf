package borgcell.faults.schedule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded sequence of faults with the pauses between them. The first round is every kind once
 * (leader kill first, the rest shuffled) so even a short campaign covers each; after that leader
 * kills dominate, since failover is what the figures are about.
 */
public final class FaultPlan {

    /** A fault and how long to let the cell run, after it has healed, before the next. */
    public record Step(Fault fault, long gapMillis) {}

    private final Random random;
    private final List<Fault> firstRound = new ArrayList<>();
    private int taken;

    public FaultPlan(long seed) {
        this.random = new Random(seed ^ 0x5DEECE66DL);
        List<Fault> rest = new ArrayList<>(List.of(killFollower(), killTwo(), pause(), wipe(), restartAll(), killBorglet()));
        Collections.shuffle(rest, random);
        firstRound.add(killLeader());
        firstRound.addAll(rest);
    }

    public Step next() {
        Fault fault = taken < firstRound.size() ? firstRound.get(taken) : weighted();
        taken++;
        return new Step(fault, 1000 + random.nextInt(2000));
    }

    /** The first {@code count} steps, for reading a schedule without running it. */
    public static List<Step> preview(long seed, int count) {
        FaultPlan plan = new FaultPlan(seed);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            steps.add(plan.next());
        }
        return steps;
    }

    private Fault weighted() {
        int dice = random.nextInt(100);
        if (dice < 50) {
            return killLeader();
        } else if (dice < 60) {
            return killFollower();
        } else if (dice < 68) {
            return killTwo();
        } else if (dice < 78) {
            return pause();
        } else if (dice < 84) {
            return wipe();
        } else if (dice < 88) {
            return restartAll();
        }
        return killBorglet();
    }

    private Fault killLeader() {
        return new Fault.KillLeader(500 + random.nextInt(2500));
    }

    private Fault killFollower() {
        return new Fault.KillFollower(random.nextInt(4), 500 + random.nextInt(2500));
    }

    private Fault killTwo() {
        return new Fault.KillTwo(random.nextBoolean(), random.nextInt(4), 500 + random.nextInt(2500));
    }

    private Fault pause() {
        // Longer than the largest election timeout (2 s), so the others elect without it.
        return new Fault.Pause(random.nextBoolean(), random.nextInt(4), 2500 + random.nextInt(1500));
    }

    private Fault wipe() {
        return new Fault.Wipe(random.nextInt(4), 500 + random.nextInt(2000));
    }

    private Fault restartAll() {
        return new Fault.RestartAll(500 + random.nextInt(1500));
    }

    private Fault killBorglet() {
        // Longer than three missed heartbeats, so the cell moves the tasks before the Borglet returns.
        return new Fault.KillBorglet(random.nextInt(3), 5000 + random.nextInt(5000));
    }
}
