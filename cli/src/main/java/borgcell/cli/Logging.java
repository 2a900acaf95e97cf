package borgcell.cli;

/**
 * Which logging configuration a {@code borg} process gets, chosen before anything logs.
 * Client commands keep stdout for their output: WARN and above, on stderr. A Borglet logs
 * INFO to stdout (which {@code borg up} sends to its log file). A BorgMaster replica is a
 * Spring Boot application and configures its own logging.
 */
final class Logging {

    private static final String PROPERTY = "logback.configurationFile";

    private Logging() {}

    static void configureFor(String[] args) {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        String command = args.length == 0 ? "" : args[0];
        switch (command) {
            case "master" -> { }
            case "borglet" -> System.setProperty(PROPERTY, "borgcell/cli/logback-daemon.xml");
            default -> System.setProperty(PROPERTY, "borgcell/cli/logback-quiet.xml");
        }
    }
}
