package borgcell.cli.quota;

import borgcell.api.v1.ListQuotasRequest;
import borgcell.api.v1.ListQuotasResponse;
import borgcell.api.v1.QuotaUsage;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.output.Table;
import borgcell.cli.spec.Quantities;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code borg quota ls}: every quota with what its user holds now. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        description = "List quotas per user and band, with the cpu and ram in use.",
        footer = {"", "Example:", "  borg quota ls -o json"})
public final class QuotaListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ListQuotasResponse quotas;
        try (CellClient cell = client.connect()) {
            quotas = cell.cell(CellClient.Retry.IDEMPOTENT, c -> c.listQuotas(ListQuotasRequest.getDefaultInstance()));
        }
        client.print(spec.commandLine().getOut(), quotas, () -> {
            Table table = new Table("USER", "BAND", "CPU", "RAM");
            for (QuotaUsage q : quotas.getQuotasList()) {
                table.row(q.getQuota().getUser(), q.getQuota().getBand(),
                        Quantities.formatCpu(q.getUsed().getCpuMillis()) + "/" + Quantities.formatCpu(q.getQuota().getCpuMillis()),
                        Quantities.formatBytes(q.getUsed().getRamBytes()) + "/" + Quantities.formatBytes(q.getQuota().getRamBytes()));
            }
            return quotas.getQuotasCount() == 0 ? "no quotas set: every user is unlimited\n" : table.render();
        });
        return 0;
    }
}
