package borgcell.cli.output;

/** What {@code -o} asks for: a table for people, JSON or YAML for scripts. */
public enum OutputFormat {
    TABLE, JSON, YAML;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
