package borgcell.faults.campaign;

import borgcell.faults.history.History;
import borgcell.faults.history.JobView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Concurrent seeded clients: each submits small jobs under its own names and request ids, kills
 * some of them, and reads jobs (its own and others') and the whole list. One submission in ten
 * has its first attempt broken (a deadline of a few milliseconds, or its channel shut down under
 * it) and is retried with the same request id.
 */
final class ClientLoad {

    private final long seed;
    private final int clients;
    private final History history;
    private final List<CellControl.ReplicaEndpoint> replicas;
    private final TaskScript tasks;
    private final Consumer<JobView> observer;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<String> names = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    ClientLoad(long seed, int clients, History history, List<CellControl.ReplicaEndpoint> replicas, TaskScript tasks,
             Consumer<JobView> observer) {
        this.seed = seed;
        this.clients = clients;
        this.history = history;
        this.replicas = replicas;
        this.tasks = tasks;
        this.observer = observer;
    }

    void start() {
        for (int c = 1; c <= clients; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().name("client-" + c).start(() -> run(client)));
        }
    }

    /** Asks the clients to stop after their current call and waits for them (bounded). */
    void stop(Duration patience) {
        stop.set(true);
        long deadline = System.nanoTime() + patience.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run(int client) {
        Random random = new Random(seed * 1_000_003L + client);
        List<String> mine = new ArrayList<>();
        try (CampaignClient cell = new CampaignClient("c" + client, history, replicas, Duration.ofSeconds(5),
                Duration.ofSeconds(30), client, observer)) {
            // Bounded: at most this many calls, however fast the cell answers.
            for (int n = 1; n <= 1_000_000 && !stop.get(); n++) {
                int dice = random.nextInt(100);
                if (dice < 40 || mine.isEmpty()) {
                    String name = "c" + client + "-" + n;
                    String requestId = "s" + seed + "-c" + client + "-" + n;
                    boolean longJob = random.nextInt(5) == 0;
                    int seconds = longJob ? 15 + random.nextInt(11) : 2 + random.nextInt(4);
                    CampaignClient.Breakage breakage = random.nextInt(10) != 0 ? CampaignClient.Breakage.NONE
                            : random.nextBoolean() ? CampaignClient.Breakage.DEADLINE : CampaignClient.Breakage.CHANNEL_SHUTDOWN;
                    names.add(name);
                    mine.add(name);
                    cell.submit(name, requestId, tasks.job(name, 1 + random.nextInt(3), seconds), breakage, 1 + random.nextInt(30));
                } else if (dice < 55) {
                    // Mostly recent jobs, which are more likely still running.
                    cell.kill(mine.get(Math.max(0, mine.size() - 1 - random.nextInt(Math.min(mine.size(), 8)))));
                } else if (dice < 95) {
                    List<String> all = names;
                    cell.get(all.get(random.nextInt(all.size())));
                } else {
                    cell.list();
                }
                pace(200 + random.nextInt(400));
            }
        }
    }

    private static void pace(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every job name a client has tried to submit. */
    List<String> names() {
        return List.copyOf(names);
    }
}
