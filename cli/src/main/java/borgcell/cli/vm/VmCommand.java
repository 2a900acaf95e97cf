package borgcell.cli.vm;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code borg vm ...}: microVMs without a cell. */
@Command(name = "vm",
        mixinStandardHelpOptions = true,
        description = "Run static Linux binaries in KVM microVMs of the embedded VMM, without a cell.",
        subcommands = {VmRunCommand.class, VmBenchCommand.class},
        footer = {
                "",
                "Examples:",
                "  borg vm run ./hello",
                "  borg vm run --ram 128Mi --timeout 10s --stats ./server --port 8080",
                "  borg vm bench --vms 100",
        })
public final class VmCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a vm command (run, bench)");
    }
}
