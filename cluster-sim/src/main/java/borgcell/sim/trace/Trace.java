package borgcell.sim.trace;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What was read of a trace: its machine and task events in file order (which is time order
 * in the real trace), the lines left out as malformed, and the files read.
 */
public record Trace(List<MachineEvent> machineEvents, List<TaskEvent> taskEvents, List<Malformed> malformed,
                    List<String> files) {

    public Trace {
        machineEvents = List.copyOf(machineEvents);
        taskEvents = List.copyOf(taskEvents);
        malformed = List.copyOf(malformed);
        files = List.copyOf(files);
    }

    public Map<TaskEvent.Type, Integer> taskEventCounts() {
        Map<TaskEvent.Type, Integer> counts = new EnumMap<>(TaskEvent.Type.class);
        for (TaskEvent.Type t : TaskEvent.Type.values()) {
            counts.put(t, 0);
        }
        for (TaskEvent e : taskEvents) {
            counts.merge(e.type(), 1, Integer::sum);
        }
        return counts;
    }

    public Map<MachineEvent.Type, Integer> machineEventCounts() {
        Map<MachineEvent.Type, Integer> counts = new EnumMap<>(MachineEvent.Type.class);
        for (MachineEvent.Type t : MachineEvent.Type.values()) {
            counts.put(t, 0);
        }
        for (MachineEvent e : machineEvents) {
            counts.merge(e.type(), 1, Integer::sum);
        }
        return counts;
    }

    /** The last timestamp below the trace's "after the end" marker, in microseconds. */
    public long lastTimeMicros() {
        long last = 0;
        for (MachineEvent e : machineEvents) {
            last = e.timeMicros() == Long.MAX_VALUE ? last : Math.max(last, e.timeMicros());
        }
        for (TaskEvent e : taskEvents) {
            last = e.timeMicros() == Long.MAX_VALUE ? last : Math.max(last, e.timeMicros());
        }
        return last;
    }
}
