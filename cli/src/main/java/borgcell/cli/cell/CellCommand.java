package borgcell.cli.cell;

import borgcell.api.v1.CellInfo;
import borgcell.api.v1.GetCellRequest;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.output.Views;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code borg cell}: the leader, the replicas and their addresses, counts of machines and jobs. */
@Command(name = "cell",
        mixinStandardHelpOptions = true,
        description = "Show the cell: its leader and term, the replicas and their addresses, machines and jobs.",
        footer = {"", "Examples:", "  borg cell", "  borg cell --master 127.0.0.1:7101 -o json"})
public final class CellCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        CellInfo info;
        try (CellClient cell = client.connect()) {
            info = cell.cell(CellClient.Retry.IDEMPOTENT, c -> c.getCell(GetCellRequest.getDefaultInstance()));
        }
        client.print(spec.commandLine().getOut(), info, () -> Views.cell(info));
        return 0;
    }
}
