package borgcell.borglet.hollow;

import borgcell.api.v1.MachineLinkGrpc;
import borgcell.api.v1.RegisterRequest;
import borgcell.api.v1.Resources;
import borgcell.borglet.PortRange;
import borgcell.borglet.task.TaskKey;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Many hollow Borglets in one JVM (kubemark's idea): each machine registers and heartbeats over
 * the real MachineLink, follows the same leader hints and applies its desired set with the same
 * {@link borgcell.borglet.DesiredSet} as a real Borglet, but runs nothing and reports every task
 * wanted of it RUNNING. What the cell does per machine is real; what a machine costs here is a
 * few objects.
 *
 * <p>Few threads, whatever the number of machines: calls are asynchronous on a handful of
 * channels per master (their answers handled on gRPC's event loops), and the pauses between
 * heartbeats are timers on two scheduler threads. Machines register a bounded number at a time,
 * since each registration is a Raft write.
 */
public final class HollowFleet implements AutoCloseable {

    /**
     * @param idPrefix machine ids are this and a zero-padded number: {@code hollow-00001}
     * @param machines how many
     * @param capacity what each machine offers
     * @param attributes each machine's attributes; {@code rack} is added, a rack per 40 machines
     * @param runtimes what each machine advertises (nothing is ever run)
     * @param interval the heartbeat interval until the cell says otherwise
     * @param channelsPerMaster connections to each master, shared by all machines
     * @param registrationsInFlight registrations under way at once
     */
    public record Settings(String idPrefix, int machines, Resources capacity, Map<String, String> attributes,
                           List<String> runtimes, Duration interval, int channelsPerMaster, int registrationsInFlight) {
        public Settings {
            Objects.requireNonNull(idPrefix, "idPrefix");
            if (machines < 1 || channelsPerMaster < 1 || registrationsInFlight < 1) {
                throw new IllegalArgumentException("machines, channelsPerMaster and registrationsInFlight must be >= 1");
            }
            attributes = Map.copyOf(attributes);
            runtimes = List.copyOf(runtimes);
        }

        /** Rack of the machine with this number: 40 machines a rack, as a small Borg cell's racks go. */
        static String rack(int number) {
            return "rack-" + (number / 40);
        }
    }

    private static final long REGISTER_DEADLINE_MILLIS = 15_000;

    private final Settings settings;
    private final List<String> masters;
    private final Function<String, ManagedChannel> channelFactory;
    private final Map<String, ManagedChannel[]> channels = new ConcurrentHashMap<>();
    private final AtomicInteger preferred = new AtomicInteger();
    private final AtomicInteger nextChannel = new AtomicInteger();
    private final AtomicInteger nextMaster = new AtomicInteger();
    private final List<HollowMachine> machines = new ArrayList<>();
    private final Map<String, HollowMachine> byId = new ConcurrentHashMap<>();
    private final AtomicInteger registered = new AtomicInteger();
    private final HollowStats stats = new HollowStats();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "hollow-timer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    public HollowFleet(List<String> masters, Settings settings) {
        this(masters, settings, target -> ManagedChannelBuilder.forTarget(target).usePlaintext().directExecutor()
                .maxInboundMessageSize(64 << 20).build());
    }

    /** @param channelFactory one channel to one master ("host:port"); its callbacks must not block */
    public HollowFleet(List<String> masters, Settings settings, Function<String, ManagedChannel> channelFactory) {
        if (masters.isEmpty()) {
            throw new IllegalArgumentException("masters: name at least one");
        }
        this.masters = new CopyOnWriteArrayList<>(masters);
        this.settings = settings;
        this.channelFactory = channelFactory;
        int digits = Math.max(5, Integer.toString(settings.machines()).length());
        for (int i = 1; i <= settings.machines(); i++) {
            HollowMachine m = new HollowMachine(machineId(settings.idPrefix(), i, digits), this,
                    settings.interval().toMillis());
            machines.add(m);
            byId.put(m.id(), m);
        }
    }

    static String machineId(String prefix, int number, int digits) {
        return prefix + String.format("%0" + digits + "d", number);
    }

    /** Registers every machine, a bounded number at a time; each heartbeats from its registration on. */
    public void start() {
        Queue<HollowMachine> queue = new ConcurrentLinkedQueue<>(machines);
        for (int i = 0; i < settings.registrationsInFlight(); i++) {
            registerNext(queue);
        }
    }

    private void registerNext(Queue<HollowMachine> queue) {
        HollowMachine next = queue.poll();
        if (next != null && !closed) {
            next.register(() -> registerNext(queue));
        }
    }

    /** Waits until every machine has registered once; false when the time ran out first. */
    public boolean awaitRegistered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (registered.get() < machines.size()) {
            if (System.nanoTime() > deadline || closed) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    public int registeredCount() {
        return registered.get();
    }

    public List<String> machineIds() {
        return machines.stream().map(HollowMachine::id).toList();
    }

    /** Tasks the machines hold between them (their desired sets). */
    public long heldTasks() {
        long sum = 0;
        for (HollowMachine m : machines) {
            sum += m.held();
        }
        return sum;
    }

    /** The desired set one machine holds now, as (job, index, attempt). */
    public Set<TaskKey> desiredKeys(String machineId) {
        HollowMachine m = byId.get(machineId);
        if (m == null) {
            throw new IllegalArgumentException("no hollow machine " + machineId);
        }
        return m.desiredKeys();
    }

    public HollowStats stats() {
        return stats;
    }

    /** Machines whose heartbeats paused longer than {@code limit} since they registered (counting the one now due). */
    public List<String> machinesSilentLongerThan(Duration limit) {
        long now = System.nanoTime();
        return machines.stream().filter(m -> m.maxGapNanos(now) > limit.toNanos()).map(HollowMachine::id).toList();
    }

    /** The longest pause between two heartbeats of any one machine since it registered, in milliseconds. */
    public long longestPauseMillis() {
        long now = System.nanoTime();
        long max = 0;
        for (HollowMachine m : machines) {
            max = Math.max(max, m.maxGapNanos(now));
        }
        return TimeUnit.NANOSECONDS.toMillis(max);
    }

    // ---- for the machines ----

    boolean isClosed() {
        return closed;
    }

    void registered(boolean first) {
        stats.registrations.increment();
        if (first) {
            registered.incrementAndGet();
        }
    }

    RegisterRequest registration(String machineId) {
        int number = Integer.parseInt(machineId.substring(settings.idPrefix().length()));
        int ports = settings.capacity().getPorts();
        return RegisterRequest.newBuilder().setMachineId(machineId).setAddress("hollow")
                .setCapacity(settings.capacity()).putAllAttributes(settings.attributes())
                // Nothing listens on a hollow machine: every one may claim the same range.
                .setPortRangeFirst(ports == 0 ? 0 : PortRange.DEFAULT.first())
                .setPortRangeLast(ports == 0 ? 0 : PortRange.DEFAULT.first() + ports - 1)
                .putAttributes("rack", Settings.rack(number)).addAllRuntimes(settings.runtimes()).build();
    }

    long registerDeadlineMillis() {
        return REGISTER_DEADLINE_MILLIS;
    }

    /** The master calls go to first: the leader, as far as the fleet knows. */
    String target() {
        return masters.get(Math.floorMod(preferred.get(), masters.size()));
    }

    /** Masters in turn, for calls any of them takes. */
    String anyMaster() {
        return masters.get(Math.floorMod(nextMaster.getAndIncrement(), masters.size()));
    }

    /** A follower named the leader: every machine goes there from now on. */
    void follow(String leader) {
        int i = masters.indexOf(leader);
        if (i < 0) {
            masters.add(leader); // a replica we were not told about: the cell knows better
            i = masters.indexOf(leader);
        }
        preferred.set(i);
    }

    /** A call to {@code target} failed: move on to the next master, unless another machine already did. */
    void failedAt(String target) {
        int i = masters.indexOf(target);
        if (i >= 0) {
            preferred.compareAndSet(i, (i + 1) % masters.size());
        }
    }

    MachineLinkGrpc.MachineLinkStub stub(String target, long deadlineMillis) {
        ManagedChannel[] pool = channels.computeIfAbsent(target, t -> {
            ManagedChannel[] made = new ManagedChannel[settings.channelsPerMaster()];
            for (int i = 0; i < made.length; i++) {
                made[i] = channelFactory.apply(t);
            }
            return made;
        });
        ManagedChannel channel = pool[Math.floorMod(nextChannel.getAndIncrement(), pool.length)];
        return MachineLinkGrpc.newStub(channel).withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }

    void later(long delayMillis, Runnable step) {
        if (closed) {
            return;
        }
        try {
            timer.schedule(step, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        for (ManagedChannel[] pool : channels.values()) {
            for (ManagedChannel c : pool) {
                c.shutdownNow();
            }
        }
        for (ManagedChannel[] pool : channels.values()) {
            for (ManagedChannel c : pool) {
                try {
                    c.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
