package borgcell.cli.job;

import borgcell.api.v1.ControlRolloutRequest;
import borgcell.api.v1.Job;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.output.Views;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code borg job pause|resume|abort|promote JOB}: steer the job's rolling update. */
abstract class RolloutActionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "JOB", description = "The job's name.")
    String name;

    @Override
    public Integer call() {
        String action = spec.name();
        Job job;
        try (CellClient cell = client.connect()) {
            job = cell.jobs(CellClient.Retry.UNAVAILABLE_ONLY, jobs -> jobs.controlRollout(
                    ControlRolloutRequest.newBuilder().setName(name).setAction(action).build()));
        }
        client.print(spec.commandLine().getOut(), job, () -> Views.jobStatus(job));
        return 0;
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            footer = {"", "Examples:", "  borg job pause web", "  borg job status web   # where the update stands"},
            description = "Pause the job's rolling update: no more tasks are replaced until it is resumed.")
    static final class Pause extends RolloutActionCommand {
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            footer = {"", "Examples:", "  borg job resume web", "  borg job status web   # where the update stands"}, description = "Resume the job's paused update.")
    static final class Resume extends RolloutActionCommand {
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            footer = {"", "Examples:", "  borg job abort web", "  borg job status web   # where the update stands"},
            description = "Stop the job's update where it is (tasks keep the version they run; revert to go back).")
    static final class Abort extends RolloutActionCommand {
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            footer = {"", "Examples:", "  borg job promote web", "  borg job status web   # where the update stands"},
            description = "The canaries are good: roll the update out to the rest of the job's tasks.")
    static final class Promote extends RolloutActionCommand {
    }
}
