package borgcell.faults.history;

/** A job's life as clients see it: the register each job is, for the linearizability check. */
public enum Life {
    ABSENT,
    RUNNING,
    FINISHED,
    KILLED
}
