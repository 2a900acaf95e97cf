package borgcell.scheduler;

/**
 * A task that no machine could take in this pass, with the reason in the form users know
 * from Kubernetes: {@code "0/3 machines fit: 2 insufficient ram, 1 runtime microvm not offered"}.
 */
public record Unplaced(String job, int index, String reason) {
}
