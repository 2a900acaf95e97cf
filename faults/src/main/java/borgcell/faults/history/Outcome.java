package borgcell.faults.history;

import java.util.Map;

/** How a client call ended, after all its retries. */
public sealed interface Outcome {

    /** SubmitJob, KillJob or GetJob answered with the job; {@code duplicate} is SubmitJob's flag. */
    record Answered(JobView job, boolean duplicate) implements Outcome {}

    /** ListJobs answered: every job the cell had, by name. */
    record Listed(Map<String, JobView> jobs) implements Outcome {
        public Listed {
            jobs = Map.copyOf(jobs);
        }
    }

    /** The cell said the job does not exist. */
    record NotFound() implements Outcome {}

    /** The cell refused the call for good (a definite answer: nothing changed). */
    record Refused(String code, String message) implements Outcome {}

    /**
     * No answer: every attempt broke or timed out. The call may or may not have taken effect,
     * at any moment after it was invoked.
     */
    record Unknown(String lastError) implements Outcome {}
}
