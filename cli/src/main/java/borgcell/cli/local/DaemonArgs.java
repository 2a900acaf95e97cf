package borgcell.cli.local;

import borgcell.cli.local.CellLayout.BorgletSpec;
import borgcell.master.raft.PeerAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The {@code borg master} and {@code borg borglet} arguments of each daemon of a local cell:
 * the one description of how the cell's daemons are set up, whether {@link LocalCell} starts
 * them as processes or {@link InJvmCell} parses them into the same commands in its own JVM.
 */
record DaemonArgs(CellLayout layout, LocalCell.Options options) {

    /** What the Borglets of a local cell offer: small enough that three fit on a laptop. */
    static final String BORGLET_CPU = "2000m";
    static final String BORGLET_RAM = "2Gi";
    static final String BORGLET_DISK = "10Gi";

    /** @param parentPid the process whose exit ends the daemon's ({@code --parent-pid}), for a separate process */
    List<String> master(PeerAddress replica, OptionalLong parentPid) {
        List<String> args = new ArrayList<>(List.of("master",
                "--id", replica.id(),
                "--peers", layout.peers(),
                "--data-dir", layout.dataDir(replica).toString(),
                "--heartbeat-interval", options.heartbeatFlag(),
                "--missed-heartbeats", Integer.toString(options.missedHeartbeats()),
                "--dns-port", Integer.toString(layout.dnsPort(replica))));
        return withParentAndSecurity(args, parentPid);
    }

    List<String> borglet(BorgletSpec borglet, OptionalLong parentPid) {
        List<String> args = new ArrayList<>(List.of("borglet",
                "--id", borglet.id(),
                "--masters", layout.masters(),
                "--work-dir", layout.workDir(borglet).toString(),
                "--cpu", BORGLET_CPU, "--ram", BORGLET_RAM, "--disk", BORGLET_DISK,
                "--attr", "rack=" + borglet.rack(),
                "--address", CellLayout.HOST,
                "--http-port", Integer.toString(borglet.httpPort()),
                "--task-uids", borglet.taskUids().toString(),
                "--port-range", borglet.taskPorts().toString(),
                "--heartbeat-interval", options.heartbeatFlag()));
        return withParentAndSecurity(args, parentPid);
    }

    /** {@code --tls-dir DIR}, or {@code --insecure}, last: how a daemon of this cell secures its links. */
    private List<String> withParentAndSecurity(List<String> args, OptionalLong parentPid) {
        parentPid.ifPresent(pid -> args.addAll(List.of("--parent-pid", Long.toString(pid))));
        args.addAll(options.insecure() ? List.of("--insecure") : List.of("--tls-dir", layout.pkiDir().toString()));
        return args;
    }
}
