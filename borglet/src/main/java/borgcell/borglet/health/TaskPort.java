package borgcell.borglet.health;

/** A port of the task's by its name in the spec, and the machine's port number the cell gave it. */
public record TaskPort(String name, int number) {

    @Override
    public String toString() {
        return "port " + name + " (" + number + ")";
    }
}
