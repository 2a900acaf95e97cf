package borgcell.scheduler;

/** Task {@code index} of {@code job}. */
public record TaskId(String job, int index) {

    @Override
    public String toString() {
        return job + "/" + index;
    }
}
