package borgcell.cli.cert;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code borg cert}: certificates of the cell's CA for people and programs. */
@Command(name = "cert",
        mixinStandardHelpOptions = true,
        description = "Issue certificates of the cell's CA: how people and programs call the cell.",
        subcommands = {CertIssueCommand.class, CertHelmCommand.class},
        footer = {"", "Examples:", "  borg cert issue alice", "  borg cert issue grafana --viewer",
            "  borg cert issue carol --admin", "  borg cert helm --out pki --namespace borg --node node-1"})
public final class CertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
