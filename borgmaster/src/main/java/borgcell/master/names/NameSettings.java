package borgcell.master.names;

import borgcell.cell.BorgNames;

/**
 * The names a replica answers for: its cell's name (the zone {@code CELL.borg}, and the
 * {@code cell} of every endpoint it hands out) and the port of its DNS server.
 *
 * @param cell the cell's name, one DNS label ({@code --borg.cell-name}; default {@value #DEFAULT_CELL})
 * @param dnsPort where the replica serves DNS over UDP and TCP ({@code --borg.dns-port}); 0: no DNS server
 */
public record NameSettings(String cell, int dnsPort) {
    public static final String DEFAULT_CELL = "local";
    public static final NameSettings DEFAULTS = new NameSettings(DEFAULT_CELL, 0);

    public NameSettings {
        if (cell == null || !BorgNames.isCellName(cell)) {
            throw new IllegalArgumentException("cell name \"" + cell + "\" must be a DNS label: 1-63 of a-z, 0-9 and '-',"
                    + " starting and ending with a letter or digit");
        }
        if (dnsPort < 0 || dnsPort > 65535) {
            throw new IllegalArgumentException("DNS port " + dnsPort + " is not between 0 (no DNS server) and 65535");
        }
    }

    public boolean servesDns() {
        return dnsPort > 0;
    }
}
