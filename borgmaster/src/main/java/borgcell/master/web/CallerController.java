package borgcell.master.web;

import borgcell.master.Replica;
import borgcell.trust.AccessPolicy;
import borgcell.trust.Action;
import borgcell.trust.Identity;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/whoami}: who the replica takes the caller for and what its role may do,
 * from the one rule book, so the UI offers only the buttons the caller may use (the replica
 * still checks every call).
 */
@RestController
class CallerController {
    private final boolean checked;

    CallerController(Replica replica) {
        this.checked = replica.access().enforced();
    }

    /**
     * @param checked false on a replica started {@code --insecure}: nobody is named, nothing refused
     * @param actsForAnyone whether the caller's actions reach other users' things too
     */
    record CallerJson(boolean checked, String caller, String role, String name, List<String> actions,
                      boolean actsForAnyone) {}

    @Requires(Action.READ_CELL)
    @GetMapping("/api/v1/whoami")
    CallerJson whoami(HttpServletRequest request) {
        Optional<Identity> caller = HttpCallers.of(request);
        if (!checked || caller.isEmpty()) {
            return new CallerJson(false, null, null, null, Arrays.stream(Action.values()).map(Action::label).toList(), true);
        }
        Identity who = caller.get();
        List<String> actions = Arrays.stream(Action.values()).filter(a -> AccessPolicy.refusal(who, a).isEmpty())
                .map(Action::label).toList();
        return new CallerJson(true, who.toString(), who.role().label(), who.name(), actions,
                AccessPolicy.actsForAnyone(who));
    }
}
