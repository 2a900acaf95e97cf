package borgcell.cli.client;

import borgcell.trust.TlsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the client commands look for the BorgMaster, and with which credentials, as kubectl
 * reads its kubeconfig. Addresses: {@code --master}; else the {@code .borg/cell.json} that
 * {@code borg up} wrote, in the current directory, then under {@code $BORG_HOME}; else
 * {@value #DEFAULT}. Credentials: {@code --cert/--key/--ca}; else {@code $BORG_CERT},
 * {@code $BORG_KEY}, {@code $BORG_CA}; else the client certificate that cell file names; else
 * none (plaintext, which only a cell started with {@code --insecure} answers).
 *
 * @param source how the addresses were found, for error messages
 * @param tls the client's certificate, key and the cell's CA; empty for plaintext
 */
public record MasterEndpoints(List<MasterAddress> addresses, String source, Optional<TlsFiles> tls) {
    public static final String DEFAULT = "127.0.0.1:7101";
    /** The source of {@link #DEFAULT}: no cell named or found. */
    private static final String DEFAULT_SOURCE = "the default";
    static final String CERT_VARIABLE = "BORG_CERT";
    static final String KEY_VARIABLE = "BORG_KEY";
    static final String CA_VARIABLE = "BORG_CA";

    public MasterEndpoints {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no master addresses");
        }
        addresses = List.copyOf(addresses);
    }

    /** Plaintext: a cell started with {@code --insecure}. */
    public MasterEndpoints(List<MasterAddress> addresses, String source) {
        this(addresses, source, Optional.empty());
    }

    /** The masters and client credentials a cell file names. */
    public static MasterEndpoints of(CellFile cell, Path cellFile) {
        return new MasterEndpoints(cell.masters(), cellFile.toString(), cell.clientTls());
    }

    /**
     * @param explicit {@code --master}, or empty
     * @param explicitTls {@code --cert/--key/--ca}, when given
     * @param env the environment: {@code BORG_HOME}, {@code BORG_CERT}, {@code BORG_KEY}, {@code BORG_CA}
     * @throws IllegalArgumentException when the credentials are given only in part
     */
    /** Whether no cell was named or found: the addresses are the built-in default. */
    public boolean isDefault() {
        return source.equals(DEFAULT_SOURCE);
    }

    public static MasterEndpoints resolve(List<MasterAddress> explicit, Optional<TlsFiles> explicitTls, Path cwd,
                                          Map<String, String> env) {
        Optional<FoundCell> found = findCellFile(cwd, env.get("BORG_HOME"));
        Optional<TlsFiles> tls = explicitTls.or(() -> fromEnvironment(env, cwd))
                .or(() -> found.flatMap(f -> f.cell().clientTls()));
        if (explicit != null && !explicit.isEmpty()) {
            return new MasterEndpoints(explicit, "--master", tls);
        }
        return found.map(f -> new MasterEndpoints(f.cell().masters(), f.file().toString(), tls))
                .orElseGet(() -> new MasterEndpoints(List.of(MasterAddress.parse(DEFAULT)), DEFAULT_SOURCE, tls));
    }

    private record FoundCell(CellFile cell, Path file) {}

    /** The first readable cell file naming replicas, here then under {@code $BORG_HOME}. */
    private static Optional<FoundCell> findCellFile(Path cwd, String borgHome) {
        for (Path file : candidates(cwd, borgHome)) {
            if (Files.isRegularFile(file)) {
                try {
                    CellFile cell = CellFile.read(file);
                    if (!cell.replicas().isEmpty()) {
                        return Optional.of(new FoundCell(cell, file));
                    }
                } catch (IOException | IllegalArgumentException e) {
                    // An unreadable cell file is no reason to fail: fall through to the next, or the default.
                }
            }
        }
        return Optional.empty();
    }

    /** {@code BORG_CERT}, {@code BORG_KEY} and {@code BORG_CA}: all three, or none; relative to {@code cwd}. */
    static Optional<TlsFiles> fromEnvironment(Map<String, String> env, Path cwd) {
        return tlsFiles(env.get(CERT_VARIABLE), env.get(KEY_VARIABLE), env.get(CA_VARIABLE),
                "$" + CERT_VARIABLE, "$" + KEY_VARIABLE, "$" + CA_VARIABLE)
                .map(files -> new TlsFiles(cwd.resolve(files.certificate()), cwd.resolve(files.key()),
                        cwd.resolve(files.ca())));
    }

    /**
     * The three files when all are named, empty when none is.
     *
     * @param names how each is given, for the message when some are missing
     */
    static Optional<TlsFiles> tlsFiles(String certificate, String key, String ca, String... names) {
        String[] values = {certificate, key, ca};
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null || values[i].isBlank()) {
                missing.add(names[i]);
            }
        }
        if (missing.size() == values.length) {
            return Optional.empty();
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", names) + " go together: "
                    + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " missing");
        }
        return Optional.of(new TlsFiles(Path.of(certificate), Path.of(key), Path.of(ca)));
    }

    static List<Path> candidates(Path cwd, String borgHome) {
        List<Path> paths = new ArrayList<>();
        paths.add(cwd.resolve(".borg").resolve(CellFile.NAME));
        if (borgHome != null && !borgHome.isBlank()) {
            Path home = cwd.resolve(borgHome);
            paths.add(home.resolve(".borg").resolve(CellFile.NAME));
            paths.add(home.resolve(CellFile.NAME));
        }
        return paths;
    }
}
