package borgcell.borglet.vmm;

/** A finished microVM: how it ended and what it cost. */
public record VmResult(VmOutcome outcome, VmStats stats) {

    public int exitCode() {
        return outcome.exitCode();
    }
}
