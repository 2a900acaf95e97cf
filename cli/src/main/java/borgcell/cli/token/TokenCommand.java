package borgcell.cli.token;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code borg token}: bearer tokens of the cell, issued and revoked by admins. */
@Command(name = "token",
        mixinStandardHelpOptions = true,
        description = "Issue, list and revoke access tokens: how a browser without a certificate signs in to the web"
                + " UI, and how a scraper may read metrics.",
        subcommands = {TokenIssueCommand.class, TokenListCommand.class, TokenRevokeCommand.class},
        footer = {"", "Examples:", "  borg token issue alice --ttl 8h", "  borg token issue grafana --viewer",
            "  borg token ls", "  borg token revoke tk0123456789ab"})
public final class TokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
