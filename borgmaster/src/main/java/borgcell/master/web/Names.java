package borgcell.master.web;

import java.util.regex.Pattern;

/** Checks the ids and names that arrive in URLs before they reach the cell. */
final class Names {
    private static final Pattern JOB = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern MACHINE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private Names() {}

    static String job(String name) {
        if (!JOB.matcher(name).matches()) {
            throw ApiProblem.badRequest("job name: \"" + ProblemAdvice.clip(name) + "\" is not a valid job name");
        }
        return name;
    }

    static String machine(String id) {
        if (!MACHINE.matcher(id).matches()) {
            throw ApiProblem.badRequest("machine id: \"" + ProblemAdvice.clip(id) + "\" is not a valid machine id");
        }
        return id;
    }
}
