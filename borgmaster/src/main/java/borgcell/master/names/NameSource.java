package borgcell.master.names;

import borgcell.api.v1.Endpoint;
import borgcell.api.v1.Job;
import borgcell.api.v1.JobState;
import borgcell.api.v1.PortSpec;
import borgcell.cell.BorgNames;
import borgcell.cell.Cell;
import borgcell.cell.JobEndpoints;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the DNS server answers from: the replica's applied state, read once per question and
 * only for the one job a name names (never a scan of the cell), under the state machine's lock
 * as every local read is. Local reads may trail the leader by the replication lag: DNS answers
 * are cached for seconds anyway.
 */
public final class NameSource {
    /** One running job as its names see it: its ports by name, and its ready tasks (all, or the one asked for). */
    public record JobNames(Set<String> ports, List<Endpoint> ready) {}

    private final Reader state;
    private final String cell;

    /** Reads the cell under whatever lock guards it ({@code CellStateMachine::read}). */
    @FunctionalInterface
    public interface Reader {
        <T> T read(Function<Cell, T> reader);
    }

    public NameSource(Reader state, String cell) {
        this.state = state;
        this.cell = cell;
    }

    public String cell() {
        return cell;
    }

    /**
     * The running job of that name whose user is {@code userLabel}, with its ready task
     * {@code index} (every ready task when it is negative); empty when there is no such job.
     */
    public Optional<JobNames> job(String job, String userLabel, int index) {
        return state.read(c -> c.job(job).filter(j -> j.getState() == JobState.JOB_RUNNING
                        && BorgNames.userLabel(j.getSpec().getUser()).filter(userLabel::equals).isPresent())
                .map(j -> new JobNames(portNames(j), index < 0 ? JobEndpoints.of(c, j, cell).getEndpointsList()
                        : JobEndpoints.task(c, j, index, cell).stream().toList())));
    }

    private static Set<String> portNames(Job job) {
        return job.getSpec().getTask().getPortsList().stream().map(PortSpec::getName).collect(Collectors.toSet());
    }
}
