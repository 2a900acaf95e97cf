package borgcell.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bearer token of the cell, {@code borg_tk<12 hex>_<secret>}: the id names it in lists, audit
 * lines and revocations; the secret (32 random bytes, base64url) is shown once, to whoever
 * asked for it, and the cell keeps only its SHA-256. The prefix lets secret scanners and
 * people tell it from other credentials, as GitHub's {@code ghp_} does.
 */
public final class BearerToken {
    private static final String PREFIX = "borg_";
    private static final int ID_BYTES = 6;
    private static final int SECRET_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile("borg_(tk[0-9a-f]{12})_([A-Za-z0-9_-]{43})");

    private final String id;
    private final String secret;

    private BearerToken(String id, String secret) {
        this.id = id;
        this.secret = secret;
    }

    /** A new token: its id and secret from {@code random}. */
    public static BearerToken mint(SecureRandom random) {
        byte[] id = new byte[ID_BYTES];
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(id);
        random.nextBytes(secret);
        return new BearerToken("tk" + HexFormat.of().formatHex(id),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The token a caller presented; empty when it is not one of the cell's shape. */
    public static Optional<BearerToken> parse(String presented) {
        if (presented == null || presented.length() > 128) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(presented.strip());
        return m.matches() ? Optional.of(new BearerToken(m.group(1), m.group(2))) : Optional.empty();
    }

    public String id() {
        return id;
    }

    /** What a caller sends: {@code Authorization: Bearer <this>}. */
    public String bearer() {
        return PREFIX + id + "_" + secret;
    }

    /** What the cell keeps instead of the secret. */
    public byte[] secretSha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** Whether this is the token whose hash the cell kept: compared in constant time. */
    public boolean matches(byte[] keptSha256) {
        return MessageDigest.isEqual(secretSha256(), keptSha256);
    }

    /** Never the secret: a token in a log line is its id. */
    @Override
    public String toString() {
        return id;
    }
}
