package borgcell.sim;

import borgcell.scheduler.MachineView;
import borgcell.scheduler.Placement;
import borgcell.scheduler.Resources;
import borgcell.scheduler.TaskRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How full a pass left the cell: machines holding at least one task, and the cpu and ram
 * allocated as a share of the capacity of the whole cell and of the machines in use. The
 * packing quality of two searches on the same tasks is compared on these.
 */
public record CellUse(int machinesUsed, double cpu, double ram, double cpuOfUsed, double ramOfUsed) {

    public static CellUse of(List<MachineView> machines, List<TaskRequest> tasks, List<Placement> placements) {
        Map<String, TaskRequest> byName = new HashMap<>(tasks.size() * 2);
        for (TaskRequest t : tasks) {
            byName.put(t.name(), t);
        }
        Map<String, Resources> use = new HashMap<>();
        for (Placement p : placements) {
            use.merge(p.machineId(), byName.get(p.job() + "/" + p.index()).demand(), Resources::plus);
        }
        double cpuCap = 0, ramCap = 0, cpuUsedCap = 0, ramUsedCap = 0, cpuUse = 0, ramUse = 0;
        for (MachineView m : machines) {
            cpuCap += m.capacity().cpuMillis();
            ramCap += m.capacity().ramBytes();
            Resources u = use.get(m.id());
            if (u != null) {
                cpuUsedCap += m.capacity().cpuMillis();
                ramUsedCap += m.capacity().ramBytes();
                cpuUse += u.cpuMillis();
                ramUse += u.ramBytes();
            }
        }
        return new CellUse(use.size(), share(cpuUse, cpuCap), share(ramUse, ramCap),
                share(cpuUse, cpuUsedCap), share(ramUse, ramUsedCap));
    }

    private static double share(double part, double whole) {
        return whole == 0 ? 0 : part / whole;
    }
}
