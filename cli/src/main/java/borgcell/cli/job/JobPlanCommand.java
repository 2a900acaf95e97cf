package borgcell.cli.job;

import borgcell.api.v1.JobPlan;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.PlanJobRequest;
import borgcell.cli.ExitCodes;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.client.MasterEndpoints;
import borgcell.cli.output.PlanView;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code borg job plan FILE}: what {@code borg job run FILE} would do to the cell now, as
 * {@code nomad job plan} says it, without doing it. Made by the leader with its own next pass,
 * so on an unchanged cell the job then runs exactly where the plan said.
 */
@Command(name = "plan",
        mixinStandardHelpOptions = true,
        description = "Dry run: where the job's tasks would go, what would be preempted, what would stay pending "
                + "and why, and how the spec differs from the running job's. Changes nothing.",
        footer = {
                "",
                "Examples:",
                "  borg job plan examples/sleep.yaml",
                "  borg job plan -o json web.yaml",
                "",
                "Exit code 0 when the cell would take the job, 1 when it would refuse it (the plan says why).",
        })
public final class JobPlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "FILE", description = "The job spec (YAML).")
    Path file;

    @Override
    public Integer call() throws Exception {
        MasterEndpoints endpoints = client.endpoints();
        JobSpec jobSpec = JobRunCommand.parser(endpoints).parse(file);
        JobPlan plan;
        try (CellClient cell = new CellClient(endpoints, client.timeout())) {
            // A plan writes nothing: asking another replica again is always safe.
            plan = cell.jobs(CellClient.Retry.IDEMPOTENT, jobs -> jobs.planJob(PlanJobRequest.newBuilder().setSpec(jobSpec).build()));
        }
        client.print(spec.commandLine().getOut(), plan, () -> PlanView.render(plan, jobSpec.getTaskCount()));
        return plan.getRefusedCount() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
