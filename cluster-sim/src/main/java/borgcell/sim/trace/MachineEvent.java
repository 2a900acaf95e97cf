package borgcell.sim.trace;

/**
 * One line of the 2011 trace's {@code machine_events} table: time in microseconds, the
 * machine, what happened, its platform, and its cpu and memory capacity normalised to the
 * largest machine of the trace (1.0); capacities may be missing (null).
 */
public record MachineEvent(long timeMicros, long machineId, Type type, String platform, Double cpus, Double memory) {

    /** The event types of the table, by their code in the file. */
    public enum Type {
        ADD(0), REMOVE(1), UPDATE(2);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("event type must be 0 (add), 1 (remove) or 2 (update), not " + code);
        }
    }
}
