package borgcell.cli.job;

import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.JobHistory;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.output.Views;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code borg job history JOB}: every version of the job, what changed in each, and its earlier runs. */
@Command(name = "history",
        mixinStandardHelpOptions = true,
        description = "List the job's versions (who, when, why, what changed) and its earlier finished incarnations.",
        footer = {"", "Examples:", "  borg job history web", "  borg job revert web 2"})
public final class JobHistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "JOB", description = "The job's name.")
    String name;

    @Override
    public Integer call() {
        JobHistory history;
        try (CellClient cell = client.connect()) {
            history = cell.jobs(CellClient.Retry.IDEMPOTENT,
                    jobs -> jobs.getJobHistory(GetJobRequest.newBuilder().setName(name).build()));
        }
        client.print(spec.commandLine().getOut(), history, () -> Views.jobHistory(history));
        return 0;
    }
}
