package borgcell.master.api;

import borgcell.api.v1.raft.RolloutControlCommand;
import java.util.List;
import java.util.Locale;

/** The words a caller names a rollout action with ("pause"), and the command's action for each. */
final class RolloutActions {
    static final List<String> NAMES = List.of("pause", "resume", "abort", "promote");

    private RolloutActions() {
    }

    /** The action, or null for a word that names none. */
    static RolloutControlCommand.Action parse(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "pause" -> RolloutControlCommand.Action.PAUSE;
            case "resume" -> RolloutControlCommand.Action.RESUME;
            case "abort" -> RolloutControlCommand.Action.ABORT;
            case "promote" -> RolloutControlCommand.Action.PROMOTE;
            default -> null;
        };
    }

    static String clip(String s) {
        return s.length() <= 20 ? s : s.substring(0, 17) + "...";
    }
}
