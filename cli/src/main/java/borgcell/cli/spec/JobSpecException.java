package borgcell.cli.spec;

import java.util.List;

/**
 * A job spec file that cannot become a {@code JobSpec}. Each problem is one line that names
 * the file and the field: {@code hello.yaml: task.resources.ram: must be > 0}.
 */
public final class JobSpecException extends Exception {

    private final List<String> problems;

    public JobSpecException(String file, List<String> problems) {
        super(String.join("\n", problems.stream().map(p -> file + ": " + p).toList()));
        this.problems = List.copyOf(problems);
    }

    /** The problems without the file name, in the order they were found. */
    public List<String> problems() {
        return problems;
    }
}
