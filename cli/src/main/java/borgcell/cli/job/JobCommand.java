package borgcell.cli.job;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code borg job ...}: submit, inspect, list and kill jobs. */
@Command(name = "job",
        mixinStandardHelpOptions = true,
        description = "Submit, inspect, list and kill jobs.",
        subcommands = {JobRunCommand.class, JobStatusCommand.class, JobListCommand.class, JobKillCommand.class,
                JobWhyCommand.class, JobLogsCommand.class, JobUpdateCommand.class, JobApplyCommand.class,
                JobHistoryCommand.class, JobRevertCommand.class, RolloutActionCommand.Pause.class,
                RolloutActionCommand.Resume.class, RolloutActionCommand.Abort.class, RolloutActionCommand.Promote.class,
                JobPlanCommand.class, JobEndpointsCommand.class},
        footer = {
                "",
                "Examples:",
                "  borg job run examples/hello.yaml",
                "  borg job plan examples/hello.yaml",
                "  borg job status hello",
                "  borg job ls -o json",
                "  borg job kill hello",
                "  borg job endpoints web",
        })
public final class JobCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a job command (run, update, apply, status, history, ls, kill, ...)");
    }
}
