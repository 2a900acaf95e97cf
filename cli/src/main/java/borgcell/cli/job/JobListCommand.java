package borgcell.cli.job;

import borgcell.api.v1.ListJobsRequest;
import borgcell.api.v1.ListJobsResponse;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.output.Views;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code borg job ls}: every job with its task counts by state. */
@Command(name = "ls",
        aliases = "list",
        mixinStandardHelpOptions = true,
        description = "List the jobs of the cell, with their tasks counted by state.",
        footer = {"", "Examples:", "  borg job ls", "  borg job ls -o json"})
public final class JobListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ListJobsResponse response;
        try (CellClient cell = client.connect()) {
            response = cell.jobs(CellClient.Retry.IDEMPOTENT, jobs -> jobs.listJobs(ListJobsRequest.getDefaultInstance()));
        }
        client.print(spec.commandLine().getOut(), response, () -> Views.jobList(response.getJobsList(), System.currentTimeMillis()));
        return 0;
    }
}
