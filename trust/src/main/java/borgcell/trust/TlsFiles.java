package borgcell.trust;

import java.nio.file.Files;
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

    /**
     * Where {@link CellCa} puts {@code who}'s files in a directory laid out as its own:
     * {@code <role>-<name>.crt} and {@code .key}, beside {@code ca.crt}.
     */
    public static TlsFiles in(Path dir, Identity who) {
        String base = who.role().label() + "-" + who.name();
        return new TlsFiles(dir.resolve(base + ".crt"), dir.resolve(base + ".key"), dir.resolve(CellCa.CA_CERT));
    }

    /** These files, if all three are readable files; else which one is not. */
    public TlsFiles requireReadable() {
        for (Path file : new Path[] {certificate, key, ca}) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException(file + ": no such readable file");
            }
        }
        return this;
    }

    /** When the certificate ends, read from the file now. */
    public java.time.Instant notAfter() {
        return Pem.readCertificate(certificate).getNotAfter().toInstant();
    }

    /** The identity the certificate names, read from the file now. */
    public Identity identity() {
        return Identity.of(Pem.readCertificate(certificate));
    }
}
