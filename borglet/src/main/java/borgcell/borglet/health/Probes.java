package borgcell.borglet.health;

import borgcell.api.v1.AllocatedPort;
import borgcell.api.v1.HealthCheck;
import borgcell.borglet.runtime.RunningTask;
import java.util.List;

/** The probe a check's spec asks for, against one run of the task and the ports the cell gave it. */
final class Probes {

    private Probes() {}

    static Probe forCheck(HealthCheck check, RunningTask run, List<AllocatedPort> ports) {
        return switch (check.getProbeCase()) {
            case EXEC -> new CommandProbe(run, check.getExec().getArgvList());
            case HTTP -> portNamed(check.getHttp().getPort(), ports)
                    .map(port -> (Probe) new HttpGetProbe(port, check.getHttp().getPath()))
                    .orElseGet(() -> failing("port \"" + check.getHttp().getPort() + "\" was not given to this task"));
            case TCP -> portNamed(check.getTcp().getPort(), ports)
                    .map(port -> (Probe) new TcpConnectProbe(port))
                    .orElseGet(() -> failing("port \"" + check.getTcp().getPort() + "\" was not given to this task"));
            // The cell refuses a check without a probe; should one arrive anyway it fails, visibly.
            case PROBE_NOT_SET -> failing("the check names no probe (exec, http or tcp)");
        };
    }

    private static java.util.Optional<TaskPort> portNamed(String name, List<AllocatedPort> ports) {
        return ports.stream().filter(p -> p.getName().equals(name) && p.getPort() > 0 && p.getPort() < 65536)
                .findFirst().map(p -> new TaskPort(p.getName(), p.getPort()));
    }

    private static Probe failing(String why) {
        return timeout -> ProbeResult.fail(why);
    }
}
