package borgcell.cli.cell;

import borgcell.api.v1.Machine;
import borgcell.api.v1.MachineRequest;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.output.Views;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code borg machine drain ID}: no new tasks there; its tasks go back to pending and run elsewhere. */
@Command(name = "drain",
        mixinStandardHelpOptions = true,
        description = "Drain a machine: it takes no new tasks, and its tasks are moved to other machines.",
        footer = {"", "Examples:", "  borg machine drain m2", "  borg machine undrain m2"})
public final class MachineDrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "ID", description = "The machine's id (see borg machine ls).")
    String id;

    @Override
    public Integer call() {
        return change(spec, client, id, true);
    }

    static int change(CommandSpec spec, ClientOptions client, String id, boolean drain) {
        MachineRequest request = MachineRequest.newBuilder().setMachineId(id).build();
        Machine machine;
        try (CellClient cell = client.connect()) {
            // Setting a state is idempotent: a retry after a lost answer does no harm.
            machine = cell.cell(CellClient.Retry.IDEMPOTENT,
                    c -> drain ? c.drainMachine(request) : c.undrainMachine(request));
        }
        client.print(spec.commandLine().getOut(), machine, () -> "machine " + id + " is "
                + machine.getState().name().toLowerCase() + "\n" + Views.machineList(List.of(machine)));
        return 0;
    }
}
