package borgcell.cli.job;

import borgcell.api.v1.Endpoints;
import borgcell.api.v1.GetJobRequest;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.output.Views;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code borg job endpoints JOB [-w]}: where a job's ready tasks can be reached, as DNS names them. */
@Command(name = "endpoints",
        mixinStandardHelpOptions = true,
        description = "List a job's ready tasks and where to reach them: machine, address, ports, DNS name;"
                + " with -w, again each time they change, until the job ends.",
        footer = {"", "Examples:", "  borg job endpoints web", "  borg job endpoints web -w -o json",
                "  dig @127.0.0.1 -p DNS_PORT _http._tcp.web.alice.local.borg SRV   # the same, from a replica's DNS"})
public final class JobEndpointsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "JOB", description = "The job's name.")
    String name;

    @Option(names = {"-w", "--watch"}, description = "Keep printing the endpoints each time they change, until the job ends.")
    boolean watch;

    @Override
    public Integer call() {
        GetJobRequest request = GetJobRequest.newBuilder().setName(name).build();
        PrintWriter out = spec.commandLine().getOut();
        try (CellClient cell = client.connect()) {
            if (!watch) {
                Endpoints now = cell.jobs(CellClient.Retry.IDEMPOTENT, jobs -> jobs.getEndpoints(request));
                client.print(out, now, () -> Views.endpoints(now));
                return 0;
            }
            // A watch lasts as long as the job: no deadline for it.
            Iterator<Endpoints> changes = cell.jobs(CellClient.Retry.IDEMPOTENT,
                    jobs -> jobs.withDeadline(null).watchEndpoints(request));
            boolean first = true;
            while (changes.hasNext()) {
                Endpoints next = changes.next();
                if (!first) {
                    out.println();
                }
                first = false;
                client.print(out, next, () -> Views.endpoints(next));
                out.flush();
            }
        }
        return 0;
    }
}
