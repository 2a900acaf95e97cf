package borgcell.faults.history;

/** The client calls a campaign makes. */
public enum OpKind {
    SUBMIT,
    KILL,
    GET,
    LIST
}
