package borgcell.cli.cell;

import borgcell.api.v1.MachineRequest;
import borgcell.cli.client.ClientOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code borg machine undrain ID}: the machine takes tasks again. */
@Command(name = "undrain",
        mixinStandardHelpOptions = true,
        description = "Undrain a machine: it takes new tasks again.",
        footer = {"", "Example:", "  borg machine undrain m2"})
public final class MachineUndrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "ID", description = "The machine's id (see borg machine ls).")
    String id;

    @Override
    public Integer call() {
        return MachineDrainCommand.change(spec, client, MachineRequest.newBuilder().setMachineId(id).build(), false);
    }
}
