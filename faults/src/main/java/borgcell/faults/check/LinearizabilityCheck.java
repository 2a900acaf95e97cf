package borgcell.faults.check;

import borgcell.faults.history.JobView;
import borgcell.faults.history.Life;
import borgcell.faults.history.OpKind;
import borgcell.faults.history.Operation;
import borgcell.faults.history.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks each job's operations against {@link JobModel} on its own (jobs are independent
 * registers, so the history splits by job, as Porcupine partitions by key). A ListJobs answer
 * becomes one read per job: the job as listed, or NOT_FOUND if the list did not name it.
 *
 * <p>A job's partition takes the list reads that overlap the span of its own operations, and the
 * nearest few on each side; reads far outside add cost but little power.
 */
public final class LinearizabilityCheck {

    /** Search steps allowed per job before the check gives up on that job (counted, not failed). */
    static final long STEP_BUDGET = 200_000;
    private static final int LISTS_OUTSIDE = 2;

    public record Result(List<Finding> findings, int jobsChecked, int jobsGivenUp) {}

    private LinearizabilityCheck() {}

    public static Result check(List<Operation> history) {
        Map<String, List<Operation>> byJob = new LinkedHashMap<>();
        List<Operation> lists = new ArrayList<>();
        for (Operation op : history) {
            if (op.kind() == OpKind.LIST) {
                if (op.outcome() instanceof Outcome.Listed) {
                    lists.add(op);
                }
            } else {
                byJob.computeIfAbsent(op.job(), j -> new ArrayList<>()).addAll(split(op));
            }
        }
        lists.sort(java.util.Comparator.comparingLong(Operation::invokeNanos));
        List<Finding> findings = new ArrayList<>();
        int gaveUp = 0;
        JobModel model = new JobModel();
        for (Map.Entry<String, List<Operation>> job : byJob.entrySet()) {
            List<Operation> ops = new ArrayList<>(job.getValue());
            ops.addAll(listReads(job.getKey(), ops, lists));
            switch (Linearizability.check(model, ops, STEP_BUDGET)) {
                case LINEARIZABLE -> { }
                case GAVE_UP -> gaveUp++;
                case ILLEGAL -> findings.add(new Finding("linearizability",
                        "no order of the calls on job " + job.getKey() + " fits a job's life",
                        ops.stream().sorted(java.util.Comparator.comparingLong(Operation::invokeNanos))
                                .map(Operation::toString).toList()));
            }
        }
        return new Result(findings, byJob.size(), gaveUp);
    }

    /**
     * A SubmitJob answered "duplicate" did two things in its span: an earlier attempt created the
     * job (at a version nobody was told), and the last attempt read it as it was by then. As one
     * operation it would have to be both at once, and a read that saw the job between the two
     * would look impossible; as two, each is placed on its own.
     */
    static List<Operation> split(Operation op) {
        if (op.kind() != OpKind.SUBMIT || !(op.outcome() instanceof Outcome.Answered a) || !a.duplicate()) {
            return List.of(op);
        }
        JobView created = new JobView(a.job().name(), Life.RUNNING, JobModel.UNKNOWN, a.job().submittedMillis(),
                a.job().requestId(), List.of());
        return List.of(
                new Operation(op.id(), op.client(), OpKind.SUBMIT, op.job(), op.requestId(), op.invokeNanos(),
                        op.completeNanos(), new Outcome.Answered(created, false), op.attemptErrors()),
                new Operation(op.id(), op.client(), OpKind.GET, op.job(), op.requestId(), op.invokeNanos(),
                        op.completeNanos(), new Outcome.Answered(a.job(), false), op.attemptErrors()));
    }

    private static List<Operation> listReads(String job, List<Operation> own, List<Operation> lists) {
        long from = own.stream().mapToLong(Operation::invokeNanos).min().orElse(0);
        long to = own.stream().mapToLong(Operation::completeNanos).max().orElse(0);
        List<Operation> picked = new ArrayList<>();
        int before = 0;
        for (int i = lists.size() - 1; i >= 0 && before < LISTS_OUTSIDE; i--) {
            if (lists.get(i).completeNanos() < from) {
                picked.add(lists.get(i));
                before++;
            }
        }
        int after = 0;
        for (Operation list : lists) {
            boolean overlaps = list.completeNanos() >= from && list.invokeNanos() <= to;
            if (overlaps) {
                picked.add(list);
            } else if (list.invokeNanos() > to && after < LISTS_OUTSIDE) {
                picked.add(list);
                after++;
            }
        }
        return picked.stream().map(list -> asRead(job, list)).toList();
    }

    private static Operation asRead(String job, Operation list) {
        Outcome.Listed listed = (Outcome.Listed) list.outcome();
        Outcome outcome = listed.jobs().containsKey(job)
                ? new Outcome.Answered(listed.jobs().get(job), false)
                : new Outcome.NotFound();
        return new Operation(list.id(), list.client(), OpKind.LIST, job, "", list.invokeNanos(), list.completeNanos(),
                outcome, list.attemptErrors());
    }
}
