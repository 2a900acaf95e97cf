package borgcell.cli.job;

import picocli.CommandLine.Command;

/** {@code borg job apply FILE}: update the job, or submit it when no job of its name is running. */
@Command(name = "apply",
        mixinStandardHelpOptions = true,
        description = "Submit the job in FILE, or roll the running job of its name out to it.",
        footer = {"", "Examples:", "  borg job apply web.yaml"})
public final class JobApplyCommand extends JobUpdateCommand {
    @Override
    boolean creates() {
        return true;
    }
}
