package borgcell.cli.vm;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code borg vm ...}: microVMs without a cell. */
@Command(name = "vm",
        mixinStandardHelpOptions = true,
        description = {
                "Run static Linux binaries in microVMs of the embedded VMM, without a cell:",
                "on KVM, or on ptrace where there is no /dev/kvm.",
        },
        subcommands = {VmRunCommand.class, VmBenchCommand.class},
        footer = {
                "",
                "Examples:",
                "  borg vm run ./hello",
                "  borg vm run --ram 128Mi --timeout 10s --stats ./server --port 8080",
                "  borg vm run --platform ptrace ./hello",
                "  borg vm bench --vms 100",
                "  borg vm bench --platform ptrace",
        })
public final class VmCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a vm command (run, bench)");
    }
}
