package borgcell.cli.job;

import borgcell.api.v1.Job;
import borgcell.api.v1.RevertJobRequest;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.output.Views;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code borg job revert JOB VERSION}: roll the job out to an earlier version's spec, as a new version. */
@Command(name = "revert",
        mixinStandardHelpOptions = true,
        description = "Roll the job out to the spec of an earlier VERSION (it becomes the next version).",
        footer = {"", "Examples:", "  borg job history web", "  borg job revert web 2"})
public final class JobRevertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's name.")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version whose spec to go back to.")
    long version;

    @Override
    public Integer call() {
        Job job;
        try (CellClient cell = client.connect()) {
            // A revert of the same version twice makes no second version (the spec is already that one).
            job = cell.jobs(CellClient.Retry.IDEMPOTENT, jobs -> jobs.revertJob(
                    RevertJobRequest.newBuilder().setName(name).setVersion(version).build()));
        }
        client.print(spec.commandLine().getOut(), job, () -> "job " + name + " reverted to the spec of version " + version
                + " as version " + job.getCurrentVersion() + "\n" + Views.jobStatus(job));
        return 0;
    }
}
