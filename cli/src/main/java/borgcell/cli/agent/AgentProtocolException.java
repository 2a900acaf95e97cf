package borgcell.cli.agent;

/** A request the agent will not read further: what was wrong with it, for the agent's log. */
final class AgentProtocolException extends Exception {
    AgentProtocolException(String message) {
        super(message);
    }
}
