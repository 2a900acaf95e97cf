package borgcell.cli.token;

import borgcell.api.v1.IssueTokenRequest;
import borgcell.api.v1.IssuedToken;
import borgcell.cli.cert.RoleOptions;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code borg token issue NAME}: a bearer token naming NAME; printed once, the cell keeps its hash. */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = "Issue NAME an access token (a user's unless told otherwise); admins only. The token is printed"
                + " once: the cell keeps only its hash.",
        footer = {"", "Examples:", "  borg token issue alice --ttl 8h       sign in to the web UI as alice for a day's work",
            "  borg token issue grafana --viewer    read-only, until revoked"})
public final class TokenIssueCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "NAME", description = "Whom the token names: a user's name, a program's.")
    String name;

    @ArgGroup(exclusive = true)
    RoleOptions role = new RoleOptions();

    @Option(names = "--ttl", paramLabel = "DURATION", converter = ClientOptions.DurationConverter.class,
            description = "How long it is good for, e.g. 8h or 720h (default: until revoked).")
    Duration ttl;

    @Override
    public Integer call() {
        IssueTokenRequest request = IssueTokenRequest.newBuilder().setName(name).setRole(role.role().label())
                .setTtlSeconds(ttl == null ? 0 : Math.max(1, ttl.toSeconds())).build();
        IssuedToken issued;
        try (CellClient cell = client.connect()) {
            // Not retried on a timeout: a second try would issue a second token.
            issued = cell.tokens(CellClient.Retry.UNAVAILABLE_ONLY, t -> t.issueToken(request));
        }
        client.print(spec.commandLine().getOut(), issued, () -> "issued " + issued.getToken().getId() + " for "
                + issued.getToken().getRole() + ":" + issued.getToken().getName()
                + (issued.getToken().getExpiresMillis() == 0 ? ", until revoked" : ", until "
                + java.time.Instant.ofEpochMilli(issued.getToken().getExpiresMillis()))
                + "\n" + issued.getBearer() + "\n(shown once: the cell keeps only its hash)\n");
        return 0;
    }
}
