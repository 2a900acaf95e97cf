package borgcell.faults.check;

import borgcell.faults.history.JobView;
import borgcell.faults.history.Life;
import borgcell.faults.history.Operation;
import borgcell.faults.history.Outcome;
import java.util.Set;

/**
 * One job as a register: absent until a SubmitJob creates it, then RUNNING, then FINISHED by
 * itself or KILLED by a KillJob, never back. Every change raises the job's version (the Raft
 * index of the change), so a reader must never see a version lower than one already seen, nor
 * two different lives at one version. FINISHED and KILLED are final: their version stays.
 */
public final class JobModel implements Model<JobModel.State> {

    /** Unknown version: after a call with no answer that may have changed the job. */
    static final long UNKNOWN = -1;

    public record State(Life life, long version) {
        static final State ABSENT = new State(Life.ABSENT, 0);
    }

    @Override
    public State initial() {
        return State.ABSENT;
    }

    @Override
    public Set<State> step(State s, Operation op) {
        return switch (op.outcome()) {
            case Outcome.Unknown u -> unknown(s, op);
            case Outcome.Refused r -> Set.of(s); // a definite refusal changed nothing
            case Outcome.NotFound n -> s.life() == Life.ABSENT ? Set.of(s) : Set.of();
            case Outcome.Listed l -> l.jobs().containsKey(op.job())
                    ? observe(s, l.jobs().get(op.job()))
                    : (s.life() == Life.ABSENT ? Set.of(s) : Set.of());
            case Outcome.Answered a -> switch (op.kind()) {
                case SUBMIT -> submitted(s, a);
                case KILL -> killed(s, a.job());
                case GET, LIST -> observe(s, a.job());
            };
        };
    }

    /** No answer: the call took effect or did not. */
    private static Set<State> unknown(State s, Operation op) {
        return switch (op.kind()) {
            case SUBMIT -> s.life() == Life.ABSENT ? Set.of(s, new State(Life.RUNNING, UNKNOWN)) : Set.of(s);
            case KILL -> s.life() == Life.RUNNING ? Set.of(s, new State(Life.KILLED, UNKNOWN)) : Set.of(s);
            case GET, LIST -> Set.of(s);
        };
    }

    private static Set<State> submitted(State s, Outcome.Answered a) {
        JobView job = a.job();
        if (s.life() == Life.ABSENT) {
            // Created by this call; a retry that answered "duplicate" shows the job as it is
            // by then, which may have finished. Nothing but a kill makes it KILLED.
            if (a.duplicate()) {
                return job.life() == Life.KILLED ? Set.of() : Set.of(new State(job.life(), job.version()));
            }
            return job.life() == Life.RUNNING ? Set.of(new State(Life.RUNNING, job.version())) : Set.of();
        }
        // It existed already: only a duplicate answer is right (anything else created it twice).
        return a.duplicate() ? observe(s, job) : Set.of();
    }

    private static Set<State> killed(State s, JobView job) {
        return switch (s.life()) {
            case ABSENT -> Set.of();
            case RUNNING -> switch (job.life()) {
                case KILLED -> newer(s, job.version()) ? Set.of(new State(Life.KILLED, job.version())) : Set.of();
                case FINISHED -> observe(s, job); // it had finished by itself; killing it changed nothing
                case RUNNING, ABSENT -> Set.of();
            };
            case FINISHED, KILLED -> job.life() == s.life() ? observe(s, job) : Set.of();
        };
    }

    /** A read of the job, with whatever changes the cell made by itself (tasks ran, ended) in between. */
    private static Set<State> observe(State s, JobView job) {
        if (s.life() == Life.ABSENT) {
            return Set.of();
        }
        if (s.version() != UNKNOWN && job.version() < s.version()) {
            return Set.of(); // back in time
        }
        if (s.version() != UNKNOWN && job.version() == s.version()) {
            return job.life() == s.life() ? Set.of(s) : Set.of();
        }
        return switch (s.life()) {
            case RUNNING -> job.life() == Life.RUNNING || job.life() == Life.FINISHED
                    ? Set.of(new State(job.life(), job.version())) : Set.of();
            // Final lives keep their version; an unknown one is learnt from the first read.
            case FINISHED, KILLED -> s.version() == UNKNOWN && job.life() == s.life()
                    ? Set.of(new State(job.life(), job.version())) : Set.of();
            case ABSENT -> Set.of();
        };
    }

    private static boolean newer(State s, long version) {
        return s.version() == UNKNOWN || version > s.version();
    }
}
