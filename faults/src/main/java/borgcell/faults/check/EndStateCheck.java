package borgcell.faults.check;

import borgcell.api.v1.TaskState;
import borgcell.faults.history.JobView;
import borgcell.faults.history.Life;
import borgcell.faults.history.OpKind;
import borgcell.faults.history.Operation;
import borgcell.faults.history.Outcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The healed cell against what clients were told: every acknowledged SubmitJob is there exactly
 * once on every replica (the job its answer named, under its request id), every acknowledged
 * kill stayed a kill, no replica holds a job nobody submitted, and all replicas agree.
 */
public final class EndStateCheck {

    /**
     * @param lost acknowledged submissions missing from some replica
     * @param duplicated submissions that created more than one job, or whose job was replaced
     */
    public record Result(int acknowledged, int lost, int duplicated, List<Finding> findings) {}

    private EndStateCheck() {}

    public static Result check(List<Operation> history, List<ReplicaState> replicas) {
        List<Finding> findings = new ArrayList<>();
        diverged(replicas, findings);
        int acknowledged = 0;
        Set<Long> lost = new TreeSet<>();
        Set<Long> duplicated = new TreeSet<>();
        Set<String> submitted = new HashSet<>();
        for (Operation op : history) {
            if (op.kind() != OpKind.SUBMIT) {
                continue;
            }
            submitted.add(op.job());
            if (op.attemptErrors().contains("ALREADY_EXISTS") || op.outcome() instanceof Outcome.Refused r
                    && (r.code().equals("ALREADY_EXISTS") || r.code().equals("FAILED_PRECONDITION"))) {
                duplicated.add(op.id());
                findings.add(new Finding("duplicated", "a retry of " + op.requestId()
                        + " was refused as if another call had made the job", List.of(op.toString())));
            }
            if (!(op.outcome() instanceof Outcome.Answered answered)) {
                unknownSubmit(op, replicas, findings, duplicated);
                continue;
            }
            acknowledged++;
            for (ReplicaState replica : replicas) {
                JobView job = replica.jobs().get(op.job());
                if (job == null) {
                    lost.add(op.id());
                    findings.add(new Finding("lost", "acknowledged job " + op.job() + " is missing on "
                            + replica.replica() + " at index " + replica.index(), List.of(op.toString())));
                } else if (!job.requestId().equals(op.requestId())
                        || job.submittedMillis() != answered.job().submittedMillis()) {
                    duplicated.add(op.id());
                    findings.add(new Finding("duplicated", "job " + op.job() + " on " + replica.replica()
                            + " is not the one acknowledged (request " + job.requestId() + ", submitted "
                            + job.submittedMillis() + " vs " + answered.job().submittedMillis() + ")",
                            List.of(op.toString())));
                } else if (!op.job().equals(replica.requests().get(op.requestId()))) {
                    findings.add(new Finding("lost", replica.replica() + " forgot request id " + op.requestId()
                            + ": a retry would create job " + op.job() + " again", List.of(op.toString())));
                    lost.add(op.id());
                }
            }
        }
        for (Operation op : history) {
            if (op.kind() == OpKind.KILL && op.outcome() instanceof Outcome.Answered a && a.job().life() == Life.KILLED) {
                for (ReplicaState replica : replicas) {
                    JobView job = replica.jobs().get(op.job());
                    boolean stillDead = job != null && job.life() == Life.KILLED
                            && job.tasks().stream().noneMatch(t -> t.placed() || t.state() == TaskState.PENDING);
                    if (!stillDead) {
                        findings.add(new Finding("killed-came-back", "job " + op.job() + " was killed but "
                                + replica.replica() + " has it " + (job == null ? "missing" : job.life() + " " + job.tasks()),
                                List.of(op.toString())));
                    }
                }
            }
        }
        for (ReplicaState replica : replicas) {
            for (String name : replica.jobs().keySet()) {
                if (!submitted.contains(name)) {
                    findings.add(new Finding("phantom", replica.replica() + " has job " + name
                            + ", which no client submitted", List.of()));
                }
            }
        }
        return new Result(acknowledged, lost.size(), duplicated.size(), findings);
    }

    /** A submission nobody heard back from may have happened or not, but only as itself. */
    private static void unknownSubmit(Operation op, List<ReplicaState> replicas, List<Finding> findings,
                                      Set<Long> duplicated) {
        for (ReplicaState replica : replicas) {
            JobView job = replica.jobs().get(op.job());
            if (job != null && !job.requestId().equals(op.requestId())) {
                duplicated.add(op.id());
                findings.add(new Finding("duplicated", "job " + op.job() + " on " + replica.replica()
                        + " carries request " + job.requestId() + ", not " + op.requestId(), List.of(op.toString())));
            }
        }
    }

    /** Replicas at one index must hold one state; a replica at another index was not caught up. */
    private static void diverged(List<ReplicaState> replicas, List<Finding> findings) {
        if (replicas.isEmpty()) {
            findings.add(new Finding("diverged", "no replica's state could be read", List.of()));
            return;
        }
        ReplicaState first = replicas.getFirst();
        for (ReplicaState other : replicas.subList(1, replicas.size())) {
            if (other.index() != first.index()) {
                findings.add(new Finding("not-caught-up", other.replica() + " is at index " + other.index() + ", "
                        + first.replica() + " at " + first.index(), List.of()));
            } else if (!other.jobs().equals(first.jobs()) || !other.requests().equals(first.requests())) {
                List<String> differing = new ArrayList<>();
                Set<String> names = new TreeSet<>(first.jobs().keySet());
                names.addAll(other.jobs().keySet());
                for (String name : names) {
                    if (!java.util.Objects.equals(first.jobs().get(name), other.jobs().get(name))) {
                        differing.add(name + ": " + first.replica() + "=" + first.jobs().get(name) + " "
                                + other.replica() + "=" + other.jobs().get(name));
                    }
                }
                findings.add(new Finding("diverged", other.replica() + " and " + first.replica()
                        + " hold different states at index " + first.index(), differing));
            }
        }
    }
}
