package borgcell.cli.quota;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code borg quota}: how much each user may hold per priority band. */
@Command(name = "quota",
        mixinStandardHelpOptions = true,
        description = "Show or set quotas: the cpu and ram a user's unfinished tasks may hold in a priority band.",
        subcommands = {QuotaListCommand.class, QuotaSetCommand.class},
        footer = {"", "Examples:", "  borg quota ls", "  borg quota set alice production --cpu 8 --ram 16Gi"})
public final class QuotaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
