package borgcell.cli.job;

import borgcell.api.v1.JobSpec;
import borgcell.api.v1.SubmitJobRequest;
import borgcell.api.v1.SubmitJobResponse;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.client.MasterEndpoints;
import borgcell.cli.output.Views;
import borgcell.cli.spec.JobSpecParser;
import borgcell.trust.Identity;
import borgcell.trust.Role;
import borgcell.trust.TlsFiles;
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
 * {@code borg job run FILE}: validate the spec here, then SubmitJob. The request id is
 * chosen once, so a retry on another replica after a timeout cannot create the job twice.
 */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = "Submit the job described by a YAML spec file.",
        footer = {
                "",
                "Examples:",
                "  borg job run examples/hello.yaml",
                "  borg job run --master 10.0.0.5:7101 -o json myjob.yaml",
                "",
                "Spec file: name, user, priority, count, task {argv, env, runtime, resources,",
                "restart, constraints}; see examples/hello.yaml.",
        })
public final class JobRunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "FILE", description = "The job spec (YAML).")
    Path file;

    @Option(names = "--request-id", paramLabel = "ID",
            description = "Idempotency key (default: a fresh UUID). Submitting again with the same id returns the "
                    + "job it created instead of a second one.")
    String requestId;

    @Override
    public Integer call() throws Exception {
        MasterEndpoints endpoints = client.endpoints();
        JobSpec jobSpec = parser(endpoints).parse(file);
        SubmitJobRequest request = SubmitJobRequest.newBuilder()
                .setRequestId(requestId == null ? UUID.randomUUID().toString() : requestId)
                .setSpec(jobSpec)
                .build();
        SubmitJobResponse response;
        try (CellClient cell = new CellClient(endpoints, client.timeout())) {
            response = cell.jobs(CellClient.Retry.IDEMPOTENT, jobs -> jobs.submitJob(request));
        }
        String headline = "job " + response.getJob().getSpec().getName()
                + (response.getDuplicate() ? " was already submitted with this request id" : " submitted")
                + " (request " + request.getRequestId() + ")\n";
        client.print(spec.commandLine().getOut(), response.getJob(), () -> headline + Views.jobStatus(response.getJob()));
        return 0;
    }

    /**
     * A spec without a {@code user} is the caller's: the user its certificate names when it is a
     * user's (the cell takes no other from it), else {@code $USER}.
     */
    static JobSpecParser parser(MasterEndpoints endpoints) {
        return endpoints.tls().map(JobRunCommand::certifiedUser).filter(user -> !user.isEmpty())
                .map(JobSpecParser::new).orElseGet(JobSpecParser::withEnvironmentUser);
    }

    private static String certifiedUser(TlsFiles files) {
        try {
            Identity who = files.identity();
            return who.role() == Role.USER ? who.name() : "";
        } catch (RuntimeException unreadable) {
            return ""; // the call itself will say what is wrong with the files
        }
    }
}
