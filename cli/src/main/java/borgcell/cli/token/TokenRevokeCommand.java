package borgcell.cli.token;

import borgcell.api.v1.AccessToken;
import borgcell.api.v1.RevokeTokenRequest;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code borg token revoke ID}: the token stops working on every replica as it applies the revocation. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke an access token by its id (borg token ls); admins only.",
        footer = {"", "Example:", "  borg token revoke tk0123456789ab"})
public final class TokenRevokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        AccessToken revoked;
        try (CellClient cell = client.connect()) {
            revoked = cell.tokens(CellClient.Retry.UNAVAILABLE_ONLY,
                    t -> t.revokeToken(RevokeTokenRequest.newBuilder().setId(id).build()));
        }
        client.print(spec.commandLine().getOut(), revoked, () -> "revoked " + revoked.getId() + " ("
                + revoked.getRole() + ":" + revoked.getName() + ")\n");
        return 0;
    }
}
