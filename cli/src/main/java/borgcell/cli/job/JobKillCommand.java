package borgcell.cli.job;

import borgcell.api.v1.Job;
import borgcell.api.v1.KillJobRequest;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.output.Views;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code borg job kill JOB}: stop every task of the job; the job stays listed as KILLED. */
@Command(name = "kill",
        mixinStandardHelpOptions = true,
        description = "Kill a job: its tasks are stopped and it is kept, as KILLED.",
        footer = {"", "Examples:", "  borg job kill hello"})
public final class JobKillCommand implements Callable<Integer> {

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
            // Only retried when the request surely did not arrive; killing is not known to be idempotent.
            job = cell.jobs(CellClient.Retry.UNAVAILABLE_ONLY,
                    jobs -> jobs.killJob(KillJobRequest.newBuilder().setName(name).build()).getJob());
        }
        client.print(spec.commandLine().getOut(), job, () -> "job " + name + " killed\n" + Views.jobStatus(job));
        return 0;
    }
}
