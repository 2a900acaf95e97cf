package borgcell.trust;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A holder's TLS material on disk: its certificate and key, and the cell CA's certificate it
 * trusts its peers by. PEM files, as {@link CellCa} writes them.
 */
public record TlsFiles(Path certificate, Path key, Path ca) {
    public TlsFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ca, "ca");
    }

    /** The identity the certificate names, read from the file now. */
    public Identity identity() {
        return Identity.of(Pem.readCertificate(certificate));
    }
}
