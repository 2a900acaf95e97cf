package borgcell.sim.trace;

import borgcell.scheduler.PriorityBand;
import borgcell.scheduler.Resources;

/**
 * How the trace's normalised figures become concrete ones. The 2011 trace gives cpu and
 * memory as fractions of the largest machine (1.0); the scale says what 1.0 is. The default,
 * 1.0 = 64 cores and 256 GiB, makes the trace's common 0.5/0.5 machines 32 cores and 128 GiB.
 * Machines carry no disk figure in the trace: each gets {@code diskPerUnit} (the trace's disk
 * requests are fractions of the largest machine's disk, so all fit by disk alone) and
 * {@code portsPerMachine} ports; trace tasks ask for no ports.
 *
 * <p>A request below the cell's minimum (empty or 0 in the trace) becomes 1 millicore and
 * 1 MiB: a job spec must ask for something.
 *
 * <p>Priorities, after the Borg paper's reading of the trace: 0-1 best effort ("free"), 2-8
 * batch, 9-10 production, 11 monitoring; within a band the order is kept:
 * <pre>
 * trace  0   1    2    3    4    5    6    7    8    9    10   11
 * ours   0   50   100  102  104  106  108  110  112  200  300  360
 * </pre>
 */
public record TraceScale(long cpuMillisPerUnit, long ramBytesPerUnit, long diskBytesPerUnit, int portsPerMachine) {

    public static final TraceScale DEFAULT = new TraceScale(64_000, 256L << 30, 4L << 40, 1000);
    private static final long MIB = 1L << 20;
    private static final int[] PRIORITIES = {0, 50, 100, 102, 104, 106, 108, 110, 112, 200, 300, 360};

    public TraceScale {
        if (cpuMillisPerUnit < 1 || ramBytesPerUnit < 1 || diskBytesPerUnit < 0 || portsPerMachine < 0) {
            throw new IllegalArgumentException("the scale of cpu and ram must be positive, of disk and ports not negative");
        }
    }

    /** A machine's capacity, or null when the trace does not give its cpu or memory. */
    public Resources machine(Double cpus, Double memory) {
        if (cpus == null || memory == null || cpus <= 0 || memory <= 0) {
            return null;
        }
        return new Resources(Math.max(1, Math.round(cpus * cpuMillisPerUnit)),
                Math.max(MIB, Math.round(memory * ramBytesPerUnit)), diskBytesPerUnit, portsPerMachine);
    }

    /** A task's request; missing or zero figures become the smallest request the cell takes. */
    public Resources task(Double cpu, Double memory, Double disk) {
        return new Resources(Math.max(1, Math.round(value(cpu) * cpuMillisPerUnit)),
                Math.max(MIB, Math.round(value(memory) * ramBytesPerUnit)),
                Math.round(value(disk) * diskBytesPerUnit), 0);
    }

    /** Our priority for the trace's 0-11 (see the class comment). */
    public static int priority(int tracePriority) {
        if (tracePriority < 0 || tracePriority >= PRIORITIES.length) {
            throw new IllegalArgumentException("trace priorities are 0-11, not " + tracePriority);
        }
        return PRIORITIES[tracePriority];
    }

    public static PriorityBand band(int tracePriority) {
        return PriorityBand.of(priority(tracePriority));
    }

    private static double value(Double d) {
        return d == null ? 0 : d;
    }
}
