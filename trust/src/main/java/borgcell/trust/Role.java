package borgcell.trust;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may be in the cell, carried in its certificate's organizational unit. Each
 * role's permissions are decided where calls are served; the role itself says only who is
 * calling.
 */
public enum Role {
    /** A BorgMaster replica: a Raft peer, and a client of the others' gRPC. */
    REPLICA,
    /** A Borglet, named by its machine id: registers and heartbeats as that machine only. */
    MACHINE,
    /** An operator: everything, acting for any user. */
    ADMIN,
    /** A person or program that runs jobs: its own jobs, and reads the cell. */
    USER,
    /** Read-only, for dashboards and scrapers. */
    VIEWER;

    /** How the role is written in certificates and messages: {@code machine}, {@code user}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> ofLabel(String label) {
        for (Role role : values()) {
            if (role.label().equals(label)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
