package borgcell.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void aMintedTokenParsesBackAndMatchesOnlyItsOwnHash() {
        SecureRandom random = new SecureRandom();
        BearerToken token = BearerToken.mint(random);
        BearerToken other = BearerToken.mint(random);

        assertThat(token.bearer()).matches("borg_tk[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
        BearerToken parsed = BearerToken.parse(token.bearer()).orElseThrow();
        assertThat(parsed.id()).isEqualTo(token.id());
        assertThat(parsed.matches(token.secretSha256())).isTrue();
        assertThat(parsed.matches(other.secretSha256())).isFalse();
        assertThat(token.secretSha256()).hasSize(32);
        assertThat(token.toString()).isEqualTo(token.id()).doesNotContain(token.bearer().substring(20));
    }

    @Test
    void anythingElseIsNoToken() {
        String good = BearerToken.mint(new SecureRandom()).bearer();
        assertThat(BearerToken.parse(null)).isEmpty();
        assertThat(BearerToken.parse("")).isEmpty();
        assertThat(BearerToken.parse(good.substring(0, good.length() - 1))).isEmpty();
        assertThat(BearerToken.parse(good + "x")).isEmpty();
        assertThat(BearerToken.parse(good.replace("borg_", "ghp_"))).isEmpty();
        assertThat(BearerToken.parse("borg_tk0123456789ab_" + "/".repeat(43))).isEmpty();
        assertThat(BearerToken.parse("x".repeat(10_000))).isEmpty();
    }
}
