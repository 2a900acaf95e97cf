package borgcell.borglet.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a process and its descendants: SIGTERM to all, SIGKILL to whatever is left after a
 * grace period. Descendants are listed before the first signal, because once their parent
 * dies they are re-parented and no longer show up as its descendants.
 *
 * <p>A killed grandchild is re-parented to init and stays a zombie until init reaps it, which
 * some container inits do only every second or two (and some never). ProcessHandle counts a
 * zombie as alive, so this class reads /proc and counts it as gone: it holds nothing but a pid.
 */
final class ProcessTree {

    private static final Logger log = LoggerFactory.getLogger(ProcessTree.class);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration GIVE_UP_AFTER_SIGKILL = Duration.ofSeconds(10);

    private ProcessTree() {}

    /** Completes when the root and every descendant seen are gone. */
    static CompletableFuture<Void> kill(ProcessHandle root, Duration grace) {
        CompletableFuture<Void> gone = new CompletableFuture<>();
        Set<ProcessHandle> tree = snapshot(root, Set.of());
        tree.forEach(ProcessHandle::destroy);
        Thread.ofVirtual().name("kill-" + root.pid()).start(() -> {
            try {
                if (!waitGone(tree, grace)) {
                    // Children forked during the grace period count too.
                    Set<ProcessHandle> all = snapshot(root, tree);
                    all.forEach(ProcessHandle::destroyForcibly);
                    if (!waitGone(all, GIVE_UP_AFTER_SIGKILL)) {
                        log.warn("processes of pid {} still there after SIGKILL", root.pid());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                gone.complete(null);
            }
        });
        return gone;
    }

    /** Whether a process has ended, zombies included. */
    static boolean isGone(ProcessHandle process) {
        return !process.isAlive() || isZombie(process.pid());
    }

    private static boolean waitGone(Set<ProcessHandle> tree, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!tree.stream().allMatch(ProcessTree::isGone)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL);  // pacing a poll: there is no event for "a non-child exited"
        }
        return true;
    }

    private static Set<ProcessHandle> snapshot(ProcessHandle root, Set<ProcessHandle> known) {
        Set<ProcessHandle> tree = new LinkedHashSet<>(known);
        tree.add(root);
        if (root.isAlive()) {
            root.descendants().forEach(tree::add);
        }
        return tree;
    }

    private static boolean isZombie(long pid) {
        try {
            // /proc/<pid>/stat is "pid (comm) S ...": the state follows the last ')'.
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close >= 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;  // no /proc (not Linux) or the process is gone: isAlive decides
        }
    }
}
