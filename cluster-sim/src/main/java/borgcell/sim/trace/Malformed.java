package borgcell.sim.trace;

/** A trace line that could not be read: which file, which line (from 1), and what is wrong with it. */
public record Malformed(String file, long line, String problem) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + problem;
    }
}
