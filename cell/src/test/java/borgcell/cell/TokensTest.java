package borgcell.cell;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.api.v1.AccessToken;
import borgcell.api.v1.raft.CommandError;
import borgcell.api.v1.raft.CommandResult;
import com.google.protobuf.ByteString;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The cell's bearer tokens: kept as hashes, answered without them, carried by snapshots. */
class TokensTest {
    private final Cell cell = new Cell();
    private long index = 0;
    private final Commands commands = Fixtures.at(5_000);

    private static AccessToken token(String id, String role, int hashBytes) {
        byte[] hash = new byte[hashBytes];
        Arrays.fill(hash, (byte) 7);
        return AccessToken.newBuilder().setId(id).setRole(role).setName("alice").setIssuedBy("admin:root")
                .setSecretSha256(ByteString.copyFrom(hash)).build();
    }

    private CommandResult issue(AccessToken t) {
        return cell.apply(++index, commands.issueToken(t, java.time.Duration.ZERO));
    }

    @Test
    void anIssuedTokenIsKeptWithItsHashAndAnsweredWithout() {
        CommandResult r = issue(token("tk0123456789ab", "user", 32));

        assertThat(r.hasError()).isFalse();
        assertThat(r.getToken().getSecretSha256().isEmpty()).as("the answer's hash").isTrue();
        assertThat(r.getToken().getIssuedMillis()).isEqualTo(5_000);
        assertThat(cell.token("tk0123456789ab").orElseThrow().getSecretSha256().size()).isEqualTo(32);
        assertThat(cell.tokens()).singleElement().satisfies(t -> assertThat(t.getSecretSha256().isEmpty()).isTrue());

        Cell rebuilt = Cell.fromSnapshot(cell.toSnapshot(1, index));
        assertThat(rebuilt.token("tk0123456789ab")).isEqualTo(cell.token("tk0123456789ab"));
    }

    @Test
    void badTokensAreRefusedNamingTheFieldAndChangeNothing() {
        issue(token("tk0123456789ab", "user", 32));
        byte[] before = cell.toSnapshot(1, 1).toByteArray();

        assertThat(issue(token("tk0123456789ab", "user", 32)).getError().getCode())
                .isEqualTo(CommandError.Code.ALREADY_EXISTS);
        assertThat(issue(token("../etc", "user", 32)).getError().getMessage()).startsWith("token id: must be");
        assertThat(issue(token("tkaaaaaaaaaaaa", "machine", 32)).getError().getMessage())
                .isEqualTo("token role: must be one of [admin, user, viewer] (got \"machine\")");
        assertThat(issue(token("tkaaaaaaaaaaaa", "user", 5)).getError().getMessage())
                .isEqualTo("token secret_sha256: must be 32 bytes (got 5)");
        assertThat(cell.apply(++index, commands.revokeToken("tkffffffffffff")).getError().getCode())
                .isEqualTo(CommandError.Code.NOT_FOUND);

        assertThat(cell.toSnapshot(1, 1).toByteArray()).isEqualTo(before);
    }

    @Test
    void aRevokedTokenIsGone() {
        issue(token("tk0123456789ab", "viewer", 32));
        CommandResult r = cell.apply(++index, commands.revokeToken("tk0123456789ab"));

        assertThat(r.getToken().getId()).isEqualTo("tk0123456789ab");
        assertThat(r.getToken().getSecretSha256().isEmpty()).isTrue();
        assertThat(cell.token("tk0123456789ab")).isEmpty();
        assertThat(cell.tokens()).isEmpty();
    }
}
