package borgcell.scheduler;

/** How to choose among the machines that can take a task. */
public enum ScoringPolicy {
    /** Pack tightly: prefer the machine left with the least free cpu and ram. */
    BEST_FIT,
    /** Spread load (E-PVM-like): prefer the machine left with the most free cpu and ram. */
    WORST_FIT,
    /** Pack, but avoid stranding one resource: {@link borgcell.scheduler.scoring.Hybrid} with its default weight. */
    HYBRID
}
