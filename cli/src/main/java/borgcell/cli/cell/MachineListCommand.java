package borgcell.cli.cell;

import borgcell.api.v1.ListMachinesRequest;
import borgcell.api.v1.ListMachinesResponse;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.output.Views;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code borg machine ls}: state, allocated/capacity, runtimes and attributes of each machine. */
@Command(name = "ls",
        aliases = "list",
        mixinStandardHelpOptions = true,
        description = "List the machines: state, resources allocated/capacity, runtimes, attributes.",
        footer = {"", "Examples:", "  borg machine ls", "  borg machine ls -o yaml"})
public final class MachineListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ListMachinesResponse response;
        try (CellClient cell = client.connect()) {
            response = cell.cell(CellClient.Retry.IDEMPOTENT, c -> c.listMachines(ListMachinesRequest.getDefaultInstance()));
        }
        client.print(spec.commandLine().getOut(), response, () -> Views.machineList(response.getMachinesList()));
        return 0;
    }
}
