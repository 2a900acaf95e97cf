package borgcell.cli.cert;

import borgcell.trust.Role;
import picocli.CommandLine.Option;

/**
 * {@code --admin} or {@code --viewer} (a user when neither): the role a certificate or a token
 * is issued with. A picocli argument group, exclusive.
 */
public final class RoleOptions {
    @Option(names = "--admin", description = "Everything, acting for any user.")
    boolean admin;

    @Option(names = "--viewer", description = "Read-only: for dashboards and scrapers.")
    boolean viewer;

    public Role role() {
        return admin ? Role.ADMIN : viewer ? Role.VIEWER : Role.USER;
    }
}
