package borgcell.trust;

import java.util.Locale;

/**
 * What a caller asks to do, as the cell's permissions are written: each gRPC method and REST
 * endpoint is one of these ({@link AccessPolicy} says who may).
 */
public enum Action {
    /** The cell, its machines, jobs, quotas and usage: everything but logs. */
    READ_CELL("read the cell", null),
    /** Task logs: what a program printed can hold what its owner alone should see. */
    READ_LOGS("read task logs", "read the logs of"),
    SUBMIT_JOB("submit jobs", "submit"),
    KILL_JOB("kill jobs", "kill"),
    DRAIN_MACHINE("drain or undrain machines", null),
    SET_QUOTA("set quotas", null),
    /** Raft membership, snapshots, leadership transfer. */
    ADMINISTER_RAFT("administer the Raft group", null),
    /** Bearer tokens for HTTP callers without a certificate: each one is a credential of whom it names. */
    ISSUE_TOKENS("issue and revoke access tokens", null),
    /** Register and heartbeat as a machine: learns the argv and env of every task placed there. */
    LINK_MACHINE("register and heartbeat as a machine", "link as");

    private final String phrase;
    private final String verb;

    Action(String phrase, String verb) {
        this.phrase = phrase;
        this.verb = verb;
    }

    /** How a refusal says it: "submit jobs". */
    public String phrase() {
        return phrase;
    }

    /** How a refusal says it of one thing, "kill" (job batch-7); null for an action on nothing anyone owns. */
    String verb() {
        return verb;
    }

    /** Whether it is done on something a user or a machine owns: a user's job, a machine's link. */
    boolean onOwned() {
        return verb != null;
    }

    /** How audit records and metrics tag it: {@code submit_job}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
