package borgcell.scheduler.scale;

/**
 * Per equivalence class and machine: whether the fixed feasibility checks admit the machine
 * (true for the whole pass), and the class's score there (true until the machine's
 * allocation changes, which bumps its epoch). A few slots, each sized for the whole cell,
 * are reused from class to class: a new owner bumps the slot's generation, which invalidates
 * every entry at once instead of clearing arrays. When every slot is taken, the least
 * recently used class loses its cache and works it out again if it comes back.
 */
public final class ScoreCache {

    /** Classes whose caches are kept at once; tasks come in class runs, so few are live together. */
    public static final int SLOTS = 16;

    public static final byte UNKNOWN = 0;
    public static final byte FEASIBLE = 1;
    public static final byte INFEASIBLE = 2;

    private final int machines;
    private final Slot[] slots = new Slot[SLOTS];
    private long clock;

    public ScoreCache(int machines) {
        this.machines = machines;
    }

    /** The slot holding the owner's entries, or a slot handed over to it with every entry unknown. */
    public Slot slotFor(Object owner) {
        clock++;
        Slot leastRecent = null;
        for (int i = 0; i < SLOTS; i++) {
            Slot s = slots[i];
            if (s == null) {
                s = slots[i] = new Slot(machines);
                return s.handTo(owner, clock);
            }
            if (s.owner == owner) {
                s.lastUse = clock;
                return s;
            }
            if (s.owner == null) {
                return s.handTo(owner, clock);
            }
            if (leastRecent == null || s.lastUse < leastRecent.lastUse) {
                leastRecent = s;
            }
        }
        return leastRecent.handTo(owner, clock);
    }

    /** The owner needs its entries no more (its class has no tasks left): its slot is free. */
    public void release(Object owner) {
        for (Slot s : slots) {
            if (s != null && s.owner == owner) {
                s.owner = null;
            }
        }
    }

    /** One class's entries. */
    public static final class Slot {
        private Object owner;
        private int generation;
        private long lastUse;
        private final int[] fixedStamp;
        private final boolean[] fixedOk;
        private final int[] scoreStamp;
        private final int[] scoreEpoch;
        private final double[] score;

        Slot(int machines) {
            fixedStamp = new int[machines];
            fixedOk = new boolean[machines];
            scoreStamp = new int[machines];
            scoreEpoch = new int[machines];
            score = new double[machines];
        }

        private Slot handTo(Object newOwner, long now) {
            owner = newOwner;
            generation++; // entries stamped with an older generation read as unknown
            lastUse = now;
            return this;
        }

        /** UNKNOWN, FEASIBLE or INFEASIBLE as far as the fixed checks go. */
        public byte fixed(int machine) {
            if (fixedStamp[machine] != generation) {
                return UNKNOWN;
            }
            return fixedOk[machine] ? FEASIBLE : INFEASIBLE;
        }

        public void rememberFixed(int machine, boolean ok) {
            fixedStamp[machine] = generation;
            fixedOk[machine] = ok;
        }

        /** Whether a score is cached for the machine as of the given epoch of its allocation. */
        public boolean hasScore(int machine, int epoch) {
            return scoreStamp[machine] == generation && scoreEpoch[machine] == epoch;
        }

        public double score(int machine) {
            return score[machine];
        }

        public void rememberScore(int machine, int epoch, double value) {
            scoreStamp[machine] = generation;
            scoreEpoch[machine] = epoch;
            score[machine] = value;
        }
    }
}
