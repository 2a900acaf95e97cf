package borgcell.scheduler.feasibility;

/**
 * Why one machine cannot take a task. Structured per check (not just a string) so that later
 * parts, such as "would fit with ram &le; 3.5 GiB", can read what fell short.
 */
public interface Rejection {

    /** The text counted in "why pending", e.g. {@code insufficient ram}; equal texts are counted together. */
    String reason();
}
