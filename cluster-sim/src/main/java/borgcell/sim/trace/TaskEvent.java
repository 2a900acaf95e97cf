package borgcell.sim.trace;

/**
 * One line of the 2011 trace's {@code task_events} table. Times are microseconds; the
 * machine is null while the task is not on one; requests are normalised like machine
 * capacities and may be missing (null); {@code priority} is the trace's 0-11.
 */
public record TaskEvent(long timeMicros, Integer missingInfo, long jobId, int taskIndex, Long machineId, Type type,
                        String user, Integer schedulingClass, int priority, Double cpuRequest, Double memoryRequest,
                        Double diskRequest, boolean differentMachines) {

    /** The event types of the table, by their code in the file. */
    public enum Type {
        SUBMIT(0), SCHEDULE(1), EVICT(2), FAIL(3), FINISH(4), KILL(5), LOST(6), UPDATE_PENDING(7), UPDATE_RUNNING(8);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** Whether the task's run is over: it failed, finished, was killed or was lost (an eviction is not: it runs again). */
        public boolean endsTheRun() {
            return this == FAIL || this == FINISH || this == KILL || this == LOST;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("event type must be 0-8 (submit, schedule, evict, fail, finish, kill,"
                    + " lost, update pending, update running), not " + code);
        }
    }

    /** {@code job/index} in the trace's numbering. */
    public String taskKey() {
        return jobId + "/" + taskIndex;
    }
}
