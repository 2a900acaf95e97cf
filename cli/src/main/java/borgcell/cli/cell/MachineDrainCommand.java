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
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code borg machine drain ID}: no new tasks there; its tasks go back to pending and run elsewhere. */
@Command(name = "drain",
        mixinStandardHelpOptions = true,
        description = "Drain a machine: it takes no new tasks, and its tasks are moved to other machines.",
        footer = {"", "Examples:", "  borg machine drain m2",
                "  borg machine drain m2 --deadline 10m   # within each job's disruption budget, for at most 10 minutes",
                "  borg machine undrain m2"})
public final class MachineDrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "ID", description = "The machine's id (see borg machine ls).")
    String id;

    @Option(names = "--deadline", paramLabel = "DURATION", converter = ClientOptions.DurationConverter.class,
            description = "Move tasks only as fast as their jobs' disruption budgets allow, for at most this long "
                    + "(e.g. 10m), then the rest. Default: every task at once.")
    java.time.Duration deadline = java.time.Duration.ZERO;

    @Override
    public Integer call() {
        return change(spec, client, MachineRequest.newBuilder().setMachineId(id).setDeadlineMillis(deadline.toMillis()).build(),
                true);
    }

    static int change(CommandSpec spec, ClientOptions client, MachineRequest request, boolean drain) {
        String id = request.getMachineId();
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
