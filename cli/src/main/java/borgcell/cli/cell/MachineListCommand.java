package borgcell.cli.cell;

import borgcell.api.v1.ListMachinesRequest;
import borgcell.api.v1.ListMachinesResponse;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.output.Structured;
import borgcell.cli.output.Views;
import java.io.PrintWriter;
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
        PrintWriter out = spec.commandLine().getOut();
        switch (client.output()) {
            case TABLE -> out.print(Views.machineList(response.getMachinesList()));
            case JSON, YAML -> out.print(Structured.render(response, client.output()));
        }
        out.flush();
        return 0;
    }
}
