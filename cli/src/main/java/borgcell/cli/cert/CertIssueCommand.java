package borgcell.cli.cert;

import borgcell.cli.CliException;
import borgcell.cli.ExitCodes;
import borgcell.cli.client.ClientOptions;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import borgcell.trust.Role;
import borgcell.trust.TlsFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code borg cert issue NAME}: a certificate for a person or a program, from the cell's CA,
 * by an admin. It runs where the CA's key is (the {@code .borg/pki} of {@code borg up}), as
 * {@code kubeadm kubeconfig user} does on a control-plane node: the key never travels. The
 * caller's own certificate (as every {@code borg} command finds it) must be an admin's of
 * that CA.
 */
@Command(name = "issue",
        mixinStandardHelpOptions = true,
        description = "Issue NAME a certificate of the cell's CA (a user's unless told otherwise); admins only.",
        footer = {"", "The files are written beside the CA's, as ROLE-NAME.crt and .key; the command prints how to"
            + " use them.", "", "Examples:", "  borg cert issue alice            a user: her own jobs, and reads the cell",
            "  borg cert issue grafana --viewer  read-only, for a dashboard",
            "  borg cert issue carol --admin     everything"})
public final class CertIssueCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "NAME", description = "Whom the certificate names: a user's name, a program's.")
    String name;

    @ArgGroup(exclusive = true)
    RoleOptions role = new RoleOptions();

    @Option(names = "--pki", paramLabel = "DIR",
            description = "The directory of the CA's ca.crt and ca.key. Default: where your --ca (or the cell's) is.")
    Path pki;

    @Override
    public Integer call() {
        TlsFiles caller = client.endpoints().tls().orElseThrow(() -> new CliException(ExitCodes.USAGE,
                "issuing certificates needs an admin's certificate of the cell (--cert, --key, --ca), and this cell"
                        + " has none: it was started --insecure"));
        Path dir = (pki != null ? pki : caller.ca().getParent()).toAbsolutePath().normalize();
        if (!Files.isReadable(dir.resolve("ca.key"))) {
            throw new CliException(ExitCodes.USAGE, "no readable CA key in " + dir + ": issue certificates where the"
                    + " cell's CA is (the .borg/pki of borg up), or name that directory with --pki");
        }
        CellCa ca = CellCa.load(dir);
        Identity asking = holder(ca, caller.certificate());
        if (asking.role() != Role.ADMIN) {
            throw new CliException(ExitCodes.FAILURE, "issuing certificates needs the admin role; "
                    + caller.certificate() + " names " + asking);
        }
        Identity who;
        try {
            who = new Identity(role.role(), name);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        TlsFiles issued = ca.issue(who, List.of());
        print(spec.commandLine().getOut(), who, issued);
        return 0;
    }

    private static Identity holder(CellCa ca, Path certificate) {
        try {
            return ca.holderOf(certificate);
        } catch (IllegalArgumentException | Identity.UntrustedException e) {
            throw new CliException(ExitCodes.FAILURE, "your certificate is not an admin's of this CA: "
                    + e.getMessage());
        }
    }

    private static void print(PrintWriter out, Identity who, TlsFiles issued) {
        out.printf("issued %s, valid until %s%n", who, issued.notAfter().atZone(ZoneOffset.UTC).toLocalDate());
        out.printf("  certificate  %s%n  key          %s%n  ca           %s%n", issued.certificate(), issued.key(),
                issued.ca());
        out.printf("to call the cell as %s:%n  export BORG_CERT=%s BORG_KEY=%s BORG_CA=%s%n", who,
                issued.certificate(), issued.key(), issued.ca());
        out.flush();
    }
}
