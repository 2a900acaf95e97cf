package borgcell.cell;

import borgcell.api.v1.PlacementPolicy;
import borgcell.api.v1.Preference;
import borgcell.scheduler.Constraint;
import borgcell.scheduler.PlacementRules;
import borgcell.scheduler.Resources;
import borgcell.scheduler.SoftConstraint;
import java.util.List;

/**
 * The one translation between the cell's protos and the scheduler library's records, both
 * ways: the leader reads specs into the scheduler's terms ({@link SchedulerInput}); the
 * simulator, which thinks in the scheduler's terms, writes its jobs and machines back as
 * protos. One place, so that a field added on one side cannot be forgotten on the other.
 */
public final class SchedulerTerms {

    private SchedulerTerms() {}

    public static Resources resources(borgcell.api.v1.Resources r) {
        return new Resources(r.getCpuMillis(), r.getRamBytes(), r.getDiskBytes(), r.getPorts());
    }

    public static borgcell.api.v1.Resources proto(Resources r) {
        return borgcell.api.v1.Resources.newBuilder().setCpuMillis(r.cpuMillis()).setRamBytes(r.ramBytes())
                .setDiskBytes(r.diskBytes()).setPorts(r.ports()).build();
    }

    public static Constraint constraint(borgcell.api.v1.Constraint c) {
        return new Constraint(c.getAttribute(), Constraint.Operator.valueOf(c.getOp().name()), List.copyOf(c.getValuesList()));
    }

    public static borgcell.api.v1.Constraint proto(Constraint c) {
        return borgcell.api.v1.Constraint.newBuilder().setAttribute(c.attribute())
                .setOp(borgcell.api.v1.Constraint.Operator.valueOf(c.op().name())).addAllValues(c.values()).build();
    }

    /** An unset policy is {@link PlacementRules#NONE}; blank attribute names are none. */
    public static PlacementRules rules(PlacementPolicy p) {
        if (p.equals(PlacementPolicy.getDefaultInstance())) {
            return PlacementRules.NONE;
        }
        return new PlacementRules(p.getMaxPerMachine(), blankToNull(p.getDomainAttribute()), p.getMaxPerDomain(),
                blankToNull(p.getSpreadAttribute()), p.getPreferencesList().stream()
                        .map(pref -> new SoftConstraint(constraint(pref.getConstraint()), pref.getWeight())).toList());
    }

    public static PlacementPolicy proto(PlacementRules r) {
        PlacementPolicy.Builder p = PlacementPolicy.newBuilder().setMaxPerMachine(r.maxPerMachine())
                .setMaxPerDomain(r.maxPerDomain());
        if (r.domainAttribute() != null) {
            p.setDomainAttribute(r.domainAttribute());
        }
        if (r.spreadAttribute() != null) {
            p.setSpreadAttribute(r.spreadAttribute());
        }
        for (SoftConstraint s : r.preferences()) {
            p.addPreferences(Preference.newBuilder().setConstraint(proto(s.constraint())).setWeight(s.weight()));
        }
        return p.build();
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : s;
    }
}
