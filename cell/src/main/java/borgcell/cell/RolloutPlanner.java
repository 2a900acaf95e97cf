package borgcell.cell;

import borgcell.api.v1.Job;
import borgcell.api.v1.Rollout;
import borgcell.api.v1.Task;
import borgcell.api.v1.TaskState;
import java.util.ArrayList;
import java.util.List;

/**
 * The next step of a rolling update, decided from the job alone (no clock but the command's
 * time, no I/O): which tasks to replace by a task of the new version, which surge tasks to add
 * above the count or retire, and where the rollout stands.
 *
 * <p>The rules, as a Kubernetes Deployment keeps them: the ready tasks stay at least
 * {@code task_count - max_unavailable}, and the tasks that run stay at most
 * {@code task_count + max_surge}. Tasks that are not ready are replaced first, since taking
 * them down costs nothing; a ready task is replaced only while the rest are enough. With
 * canaries, the first {@code canaries} replacements wait for a promotion. A rollout that makes
 * no progress (no more tasks of the new version ready) within its deadline fails.
 */
public final class RolloutPlanner {
    private RolloutPlanner() {
    }

    /**
     * What to do now.
     *
     * @param replace slots (indices below task_count) whose task is replaced by a new-version one
     * @param surge indices at or above task_count where a new-version task is added
     * @param retire surge tasks to stop, the update no longer needing them
     * @param missedDeadline the rollout made no progress in time: roll back or fail
     */
    public record Step(Rollout rollout, List<Integer> replace, List<Integer> surge, List<Integer> retire,
                       boolean missedDeadline) {
        public boolean changesTasks() {
            return !replace.isEmpty() || !surge.isEmpty() || !retire.isEmpty();
        }
    }

    public static boolean active(Rollout r) {
        return r.getState() == Rollout.State.ROLLING || r.getState() == Rollout.State.CANARY
                || r.getState() == Rollout.State.ROLLING_BACK;
    }

    public static Step next(Job job, long now) {
        Rollout r = job.getRollout();
        if (!active(r)) {
            return new Step(r, List.of(), List.of(), List.of(), false);
        }
        if (r.getDeadlineMillis() > 0 && now >= r.getDeadlineMillis()) {
            return new Step(r, List.of(), List.of(), List.of(), true);
        }
        UpdateRules rules = UpdateRules.of(job.getSpec());
        int count = job.getSpec().getTaskCount();
        long to = r.getToVersion();
        int minReady = count - rules.maxUnavailable();

        int ready = 0;
        int readyNew = 0;
        List<Integer> outdated = new ArrayList<>();
        List<Integer> surgeLive = new ArrayList<>();
        List<Integer> surgeFree = new ArrayList<>();
        for (int i = 0; i < job.getTasksCount(); i++) {
            Task t = job.getTasks(i);
            boolean live = !Cell.isTerminal(t.getState());
            if (t.getReady()) {
                ready++;
                if (t.getSpecVersion() == to) {
                    readyNew++;
                }
            }
            if (i < count) {
                // A slot whose task failed or was stopped gets a task of the new version too; one that
                // succeeded is done.
                if ((live || t.getState() != TaskState.SUCCEEDED) && t.getSpecVersion() != to) {
                    outdated.add(i);
                }
            } else if (live) {
                surgeLive.add(i);
            } else {
                surgeFree.add(i);
            }
        }
        // Not-ready tasks first: replacing them takes nothing that serves.
        outdated.sort((a, b) -> Boolean.compare(job.getTasks(a).getReady(), job.getTasks(b).getReady()));

        Rollout.Builder next = r.toBuilder();
        if (readyNew > r.getReadyNew()) {
            next.setDeadlineMillis(now + rules.progressDeadlineMillis());
        }
        next.setReadyNew(readyNew);

        boolean canaryPhase = !r.getPromoted() && rules.canaries() > 0 && !r.getRollback();
        int mayReplace = canaryPhase ? Math.max(0, rules.canaries() - r.getReplaced()) : Integer.MAX_VALUE;
        List<Integer> replace = new ArrayList<>();
        for (int i : outdated) {
            if (replace.size() >= mayReplace) {
                break;
            }
            if (job.getTasks(i).getReady()) {
                if (ready - 1 < minReady) {
                    break;
                }
                ready--;
            }
            replace.add(i);
        }
        next.setReplaced(r.getReplaced() + replace.size());
        int outdatedLeft = outdated.size() - replace.size();

        List<Integer> surge = new ArrayList<>();
        List<Integer> retire = new ArrayList<>();
        if (!canaryPhase && outdatedLeft > 0) {
            int wanted = Math.min(rules.maxSurge(), outdatedLeft) - surgeLive.size();
            for (int k = 0; k < wanted; k++) {
                surge.add(k < surgeFree.size() ? surgeFree.get(k) : job.getTasksCount() + (k - surgeFree.size()));
            }
        } else if (outdatedLeft == 0) {
            // Every slot runs the new version: the surge tasks go, not-ready ones first, ready ones
            // while the rest stay enough.
            surgeLive.sort((a, b) -> Boolean.compare(job.getTasks(a).getReady(), job.getTasks(b).getReady()));
            for (int i : surgeLive) {
                if (job.getTasks(i).getReady()) {
                    if (ready - 1 < minReady) {
                        break;
                    }
                    ready--;
                }
                retire.add(i);
            }
        }

        boolean waitingForPromotion = canaryPhase && next.getReplaced() >= rules.canaries() && replace.isEmpty()
                && readyNew >= Math.min(rules.canaries(), count);
        if (waitingForPromotion) {
            if (rules.autoPromote()) {
                next.setPromoted(true).setState(Rollout.State.ROLLING).setChangedMillis(now)
                        .setMessage("canaries ready; promoted automatically");
                Job promoted = job.toBuilder().setRollout(next).build();
                return next(promoted, now);
            }
            next.setState(Rollout.State.CANARY).setDeadlineMillis(0).setChangedMillis(now)
                    .setMessage(rules.canaries() + " canaries of version " + to + " ready; waiting for borg job promote");
        }
        boolean done = outdatedLeft == 0 && surgeLive.size() == retire.size() && surge.isEmpty()
                && allSlotsReadyOrDone(job, count);
        if (done) {
            next.setState(r.getRollback() ? Rollout.State.ROLLED_BACK : Rollout.State.SUCCEEDED)
                    .setDeadlineMillis(0).setChangedMillis(now)
                    .setMessage((r.getRollback() ? "rolled back: every task runs version " : "every task runs version ") + to);
        }
        return new Step(next.build(), replace, surge, retire, false);
    }

    private static boolean allSlotsReadyOrDone(Job job, int count) {
        for (int i = 0; i < count && i < job.getTasksCount(); i++) {
            Task t = job.getTasks(i);
            if (!t.getReady() && !Cell.isTerminal(t.getState())) {
                return false;
            }
        }
        return true;
    }
}
