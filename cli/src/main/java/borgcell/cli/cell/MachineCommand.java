package borgcell.cli.cell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code borg machine ...}: the machines of the cell. */
@Command(name = "machine",
        mixinStandardHelpOptions = true,
        description = "Inspect the machines of the cell.",
        subcommands = {MachineListCommand.class, MachineDrainCommand.class, MachineUndrainCommand.class},
        footer = {"", "Examples:", "  borg machine ls", "  borg machine drain m2", "  borg machine undrain m2"})
public final class MachineCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a machine command (ls)");
    }
}
