package borgcell.cli.token;

import borgcell.api.v1.AccessToken;
import borgcell.api.v1.ListTokensRequest;
import borgcell.api.v1.ListTokensResponse;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.output.Table;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code borg token ls}: the cell's tokens, never their secrets. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        description = "List the cell's access tokens: whom each names, who issued it, until when; admins only.",
        footer = {"", "Example:", "  borg token ls -o json"})
public final class TokenListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ListTokensResponse tokens;
        try (CellClient cell = client.connect()) {
            tokens = cell.tokens(CellClient.Retry.IDEMPOTENT, t -> t.listTokens(ListTokensRequest.getDefaultInstance()));
        }
        client.print(spec.commandLine().getOut(), tokens, () -> {
            Table table = new Table("ID", "FOR", "ISSUED BY", "ISSUED", "EXPIRES");
            for (AccessToken t : tokens.getTokensList()) {
                table.row(t.getId(), t.getRole() + ":" + t.getName(), t.getIssuedBy(),
                        Instant.ofEpochMilli(t.getIssuedMillis()),
                        t.getExpiresMillis() == 0 ? "never" : Instant.ofEpochMilli(t.getExpiresMillis()));
            }
            return tokens.getTokensCount() == 0 ? "no tokens\n" : table.render();
        });
        return 0;
    }
}
