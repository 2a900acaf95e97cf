package borgcell.cli.local;

import borgcell.cli.local.CellLayout.BorgletSpec;
import borgcell.master.raft.PeerAddress;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import borgcell.trust.Role;
import borgcell.trust.TlsFiles;
import java.util.List;

/**
 * The certificates of a cell on this machine, in {@code DIR/pki}: the cell's CA (made on the
 * first start), each replica's (naming its loopback address), each Borglet's (naming its
 * machine id) and the admin certificate the cell's own clients use, the {@code borg} command
 * included, and the viewer certificate Prometheus scrapes with. Kept across runs; a certificate is issued again only when missing, stale or
 * another CA's ({@link CellCa#ensure}).
 */
public final class CellPki {
    /** Whom {@code borg up}'s client certificate names: the person who started the cell. */
    static final Identity ADMIN = Identity.admin("admin");
    /** Whom Prometheus scrapes as (dashboards/prometheus/prometheus.yml names its files): read-only. */
    public static final Identity SCRAPER = new Identity(Role.VIEWER, "prometheus");
    private static final List<String> LOOPBACK = List.of(CellLayout.HOST, "localhost");

    private CellPki() {}

    /** Makes or renews every certificate of the layout's processes and its admin's. */
    static TlsFiles prepare(CellLayout layout) {
        CellCa ca = CellCa.loadOrCreate(layout.pkiDir());
        for (PeerAddress replica : layout.replicas()) {
            ca.ensure(Identity.replica(replica.id()), LOOPBACK);
        }
        for (BorgletSpec borglet : layout.borglets()) {
            ca.ensure(Identity.machine(borglet.id()), LOOPBACK);
        }
        ca.ensure(SCRAPER, List.of());
        return ca.ensure(ADMIN, List.of());
    }

    /** The admin's files, made or not yet. */
    static TlsFiles admin(CellLayout layout) {
        return TlsFiles.in(layout.pkiDir(), ADMIN);
    }

    /** What the cell's own clients call it with: the admin's files, or nothing for an insecure cell. */
    static java.util.Optional<TlsFiles> clientTls(CellLayout layout, boolean insecure) {
        return insecure ? java.util.Optional.empty() : java.util.Optional.of(admin(layout));
    }
}
