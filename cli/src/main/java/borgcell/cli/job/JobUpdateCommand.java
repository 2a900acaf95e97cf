package borgcell.cli.job;

import borgcell.api.v1.JobSpec;
import borgcell.api.v1.SubmitJobResponse;
import borgcell.api.v1.UpdateJobRequest;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.client.MasterEndpoints;
import borgcell.cli.output.Views;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code borg job update FILE}: a new version of a running job, rolled out by the spec's
 * {@code update} policy. {@code borg job apply} is the same, creating the job when it is absent.
 */
@Command(name = "update",
        mixinStandardHelpOptions = true,
        description = "Roll a running job out to the spec in FILE (a new version; unchanged tasks keep running).",
        footer = {
                "",
                "Examples:",
                "  borg job update web.yaml",
                "  borg job status web              # the update's progress",
                "  borg job pause web | borg job resume web | borg job abort web",
                "",
                "The spec's update block: max_unavailable, max_surge, canaries, auto_promote,",
                "progress_deadline, auto_rollback; see examples/web-service.yaml.",
        })
public class JobUpdateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "FILE", description = "The job spec (YAML).")
    Path file;

    @Option(names = "--job", paramLabel = "NAME",
            description = "The job to update (default: the spec's name); a spec naming another job is refused.")
    String job = "";

    @Option(names = "--request-id", paramLabel = "ID",
            description = "Idempotency key (default: a fresh UUID): the same id again answers the version it made.")
    String requestId;

    /** Whether a job that is not running is created. */
    boolean creates() {
        return false;
    }

    @Override
    public Integer call() throws Exception {
        MasterEndpoints endpoints = client.endpoints();
        JobSpec jobSpec = JobRunCommand.parser(endpoints).parse(file);
        UpdateJobRequest request = UpdateJobRequest.newBuilder()
                .setRequestId(requestId == null ? UUID.randomUUID().toString() : requestId)
                .setName(job).setSpec(jobSpec).setCreate(creates()).build();
        SubmitJobResponse response;
        try (CellClient cell = new CellClient(endpoints, client.timeout())) {
            response = cell.jobs(CellClient.Retry.IDEMPOTENT, jobs -> jobs.updateJob(request));
        }
        var j = response.getJob();
        String headline = "job " + j.getSpec().getName() + (response.getDuplicate() ? " was already changed with this request id"
                : " at version " + j.getCurrentVersion()) + "\n";
        client.print(spec.commandLine().getOut(), j, () -> headline + Views.jobStatus(j));
        return 0;
    }
}
