package borgcell.scheduler;

import java.util.List;

/**
 * What a job asks of the placement of its tasks beyond each task's own needs: at most
 * {@code maxPerMachine} of its tasks on one machine and at most {@code maxPerDomain} in one
 * failure domain (machines sharing the value of {@code domainAttribute}, such as a rack);
 * preferably spread over the values of {@code spreadAttribute}; preferably on machines that
 * meet the soft constraints. 0 means no limit, null no attribute.
 *
 * <p>A machine without the domain attribute is a failure domain of its own: a limit per rack
 * then acts on it as a limit per machine, which errs on the side of spreading.
 */
public record PlacementRules(int maxPerMachine, String domainAttribute, int maxPerDomain,
                             String spreadAttribute, List<SoftConstraint> preferences) {

    public static final PlacementRules NONE = new PlacementRules(0, null, 0, null, List.of());

    public PlacementRules {
        if (maxPerMachine < 0 || maxPerDomain < 0) {
            throw new IllegalArgumentException("task limits cannot be negative: per machine " + maxPerMachine
                    + ", per domain " + maxPerDomain);
        }
        if (maxPerDomain > 0 && (domainAttribute == null || domainAttribute.isEmpty())) {
            throw new IllegalArgumentException("a limit of " + maxPerDomain + " per failure domain needs the"
                    + " attribute that names the domain (such as rack)");
        }
        preferences = List.copyOf(preferences);
    }

    public static PlacementRules atMostPerMachine(int max) {
        return new PlacementRules(max, null, 0, null, List.of());
    }

    public static PlacementRules atMostPerDomain(String attribute, int max) {
        return new PlacementRules(0, attribute, max, null, List.of());
    }

    public static PlacementRules spreadOver(String attribute) {
        return new PlacementRules(0, null, 0, attribute, List.of());
    }

    public static PlacementRules prefer(SoftConstraint... preferences) {
        return new PlacementRules(0, null, 0, null, List.of(preferences));
    }

    /** Whether where the job's other tasks are matters to placing this one (limits or spreading). */
    public boolean dependOnTheJobsOtherTasks() {
        return maxPerMachine > 0 || maxPerDomain > 0 || spreadAttribute != null;
    }
}
