package borgcell.cli.job;

import borgcell.api.v1.GetJobRequest;
import borgcell.api.v1.PendingTask;
import borgcell.api.v1.WhyPendingResponse;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code borg job why JOB}: for each pending task, why no machine takes it. */
@Command(name = "why",
        mixinStandardHelpOptions = true,
        description = "Explain why a job's tasks are pending: machines rejected per reason.",
        footer = {"", "Examples:", "  borg job why hello", "  borg job why hello -o json"})
public final class JobWhyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "JOB", description = "The job's name.")
    String name;

    @Override
    public Integer call() {
        WhyPendingResponse why;
        try (CellClient cell = client.connect()) {
            why = cell.jobs(CellClient.Retry.IDEMPOTENT, jobs -> jobs.whyPending(GetJobRequest.newBuilder().setName(name).build()));
        }
        client.print(spec.commandLine().getOut(), why, () -> {
            if (why.getTasksCount() == 0) {
                return "job " + name + " has no pending tasks\n";
            }
            StringBuilder out = new StringBuilder("job " + name + ": " + why.getTasksCount() + " pending\n");
            for (PendingTask t : why.getTasksList()) {
                out.append("  task ").append(t.getIndex()).append(": ").append(t.getReason()).append('\n');
            }
            return out.toString();
        });
        return 0;
    }
}
