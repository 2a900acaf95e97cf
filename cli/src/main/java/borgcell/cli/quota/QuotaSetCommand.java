package borgcell.cli.quota;

import borgcell.api.v1.Quota;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import borgcell.cli.spec.Quantities;
import borgcell.cli.spec.QuantityConverters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code borg quota set USER BAND --cpu C --ram R}. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Set a user's quota in a band (monitoring, production, batch, best-effort). Production quotas"
                + " together may not exceed the cell's capacity.",
        footer = {"", "Example:", "  borg quota set alice production --cpu 8 --ram 16Gi"})
public final class QuotaSetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "USER")
    String user;

    @Parameters(index = "1", paramLabel = "BAND", description = "monitoring, production, batch or best-effort")
    String band;

    @Option(names = "--cpu", required = true, converter = QuantityConverters.Cpu.class, paramLabel = "CPU",
            description = "e.g. 8 or 500m")
    long cpuMillis;

    @Option(names = "--ram", required = true, converter = QuantityConverters.Size.class, paramLabel = "SIZE",
            description = "e.g. 16Gi")
    long ramBytes;

    @Override
    public Integer call() {
        Quota request = Quota.newBuilder().setUser(user).setBand(band).setCpuMillis(cpuMillis).setRamBytes(ramBytes)
                .build();
        Quota set;
        try (CellClient cell = client.connect()) {
            set = cell.cell(CellClient.Retry.IDEMPOTENT, c -> c.setQuota(request));
        }
        client.print(spec.commandLine().getOut(), set, () -> "quota of " + set.getUser() + " in " + set.getBand()
                + ": cpu " + Quantities.formatCpu(set.getCpuMillis()) + ", ram " + Quantities.formatBytes(set.getRamBytes())
                + "\n");
        return 0;
    }
}
