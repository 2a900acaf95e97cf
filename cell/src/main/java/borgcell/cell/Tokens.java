package borgcell.cell;

import borgcell.api.v1.AccessToken;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The bearer tokens the cell issued, by id, in a canonical order (snapshots stay
 * byte-identical). Each holds the SHA-256 of its secret, never the secret: whoever reads the
 * state or a snapshot learns who may call, not how. Who may issue them, and checking a
 * presented token, are the replicas' business; the cell keeps the list consistent.
 */
final class Tokens {
    private static final Pattern ID = Pattern.compile("tk[0-9a-f]{12}");
    /** The roles a token may carry: those of people and programs, not of machines or replicas. */
    private static final Set<String> ROLES = Set.of("viewer", "user", "admin");
    private static final int SHA256_BYTES = 32;
    private final TreeMap<String, AccessToken> byId = new TreeMap<>();

    Optional<AccessToken> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    Collection<AccessToken> all() {
        return byId.values();
    }

    void put(AccessToken token) {
        byId.put(token.getId(), token);
    }

    /** Adds a token; its answer carries no hash. */
    AccessToken issue(AccessToken token) {
        if (!ID.matcher(token.getId()).matches()) {
            throw CellError.invalid("token id: must be \"tk\" and 12 hex digits (got \"" + clip(token.getId()) + "\")");
        }
        if (!ROLES.contains(token.getRole())) {
            throw CellError.invalid("token role: must be one of " + List.copyOf(new java.util.TreeSet<>(ROLES))
                    + " (got \"" + clip(token.getRole()) + "\")");
        }
        if (token.getName().isEmpty() || token.getName().length() > 63) {
            throw CellError.invalid("token name: must be 1-63 characters");
        }
        if (token.getSecretSha256().size() != SHA256_BYTES) {
            throw CellError.invalid("token secret_sha256: must be 32 bytes (got " + token.getSecretSha256().size() + ")");
        }
        if (byId.containsKey(token.getId())) {
            throw CellError.alreadyExists("token " + token.getId() + " exists already");
        }
        byId.put(token.getId(), token);
        return withoutHash(token);
    }

    /** Removes a token; answers it as it was, without its hash. */
    AccessToken revoke(String id) {
        AccessToken gone = byId.remove(id);
        if (gone == null) {
            throw CellError.notFound("token \"" + clip(id) + "\" not found");
        }
        return withoutHash(gone);
    }

    /** A token as answers show it: everything but the hash of its secret. */
    static AccessToken withoutHash(AccessToken token) {
        return token.toBuilder().clearSecretSha256().build();
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
