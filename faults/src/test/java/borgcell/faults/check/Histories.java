package borgcell.faults.check;

import borgcell.faults.history.JobView;
import borgcell.faults.history.Life;
import borgcell.faults.history.OpKind;
import borgcell.faults.history.Operation;
import borgcell.faults.history.Outcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Hand-made history entries: times in milliseconds, one job unless named. */
final class Histories {
    private static final AtomicLong IDS = new AtomicLong();

    private Histories() {}

    static Operation submit(String job, long from, long to, Life life, long version, boolean duplicate) {
        return op(OpKind.SUBMIT, job, from, to, new Outcome.Answered(view(job, life, version), duplicate));
    }

    static Operation submitUnknown(String job, long from, long to) {
        return op(OpKind.SUBMIT, job, from, to, new Outcome.Unknown("DEADLINE_EXCEEDED"));
    }

    static Operation kill(String job, long from, long to, Life life, long version) {
        return op(OpKind.KILL, job, from, to, new Outcome.Answered(view(job, life, version), false));
    }

    static Operation killUnknown(String job, long from, long to) {
        return op(OpKind.KILL, job, from, to, new Outcome.Unknown("UNAVAILABLE"));
    }

    static Operation get(String job, long from, long to, Life life, long version) {
        return op(OpKind.GET, job, from, to, new Outcome.Answered(view(job, life, version), false));
    }

    static Operation getMissing(String job, long from, long to) {
        return op(OpKind.GET, job, from, to, new Outcome.NotFound());
    }

    static Operation list(long from, long to, Map<String, JobView> jobs) {
        return op(OpKind.LIST, "", from, to, new Outcome.Listed(jobs));
    }

    static JobView view(String job, Life life, long version) {
        return new JobView(job, life, version, 1000, "req-" + job, List.of());
    }

    static Operation op(OpKind kind, String job, long from, long to, Outcome outcome) {
        return new Operation(IDS.incrementAndGet(), "c1", kind, job, kind == OpKind.SUBMIT ? "req-" + job : "",
                from * 1_000_000, to * 1_000_000, outcome, List.of());
    }
}
