package borgcell.cli.job;

import borgcell.api.v1.GetJobRequest;
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

/** {@code borg job status JOB}: the job and every task (state, ready, machine, attempt, exit code, health, why). */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = "Show a job and each of its tasks: index, state, whether it is ready, machine, attempt, exit code,"
                + " usage, its health checks' word, message.",
        footer = {"", "Examples:", "  borg job status hello", "  borg job status hello -o yaml"})
public final class JobStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "JOB", description = "The job's name.")
    String name;

    @Override
    public Integer call() {
        Job job;
        try (CellClient cell = client.connect()) {
            job = cell.jobs(CellClient.Retry.IDEMPOTENT, jobs -> jobs.getJob(GetJobRequest.newBuilder().setName(name).build()));
        }
        client.print(spec.commandLine().getOut(), job, () -> Views.jobStatus(job));
        return 0;
    }
}
