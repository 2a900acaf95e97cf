package borgcell.cli.daemon;

import borgcell.trust.Identity;
import borgcell.trust.TlsFiles;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How a daemon secures its links, one of two, said on its command line: {@code --tls-dir DIR}
 * (mutual TLS with the daemon's certificate from the cell's PKI directory) or
 * {@code --insecure} (plaintext, every caller unchecked). Neither is a usage error: a cell
 * never runs open by accident.
 */
public final class LinkSecurity {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    static final class Choice {
        @Option(names = "--tls-dir", paramLabel = "DIR", required = true,
                description = "The cell's PKI directory: this daemon's certificate and key (replica-ID or machine-ID .crt/.key)"
                        + " and ca.crt, for mutual TLS on every link.")
        Path tlsDir;

        @Option(names = "--insecure", required = true,
                description = "Plaintext links and no caller checked: anyone who reaches a port may do anything. For tests.")
        boolean insecure;
    }

    /**
     * The daemon's TLS files, checked readable; empty with {@code --insecure}, after a warning
     * on stderr that no log filter can hide.
     *
     * @throws ParameterException (exit 2) naming the file that is missing
     */
    public Optional<TlsFiles> files(Identity self) {
        if (choice.insecure) {
            spec.commandLine().getErr().println("borg: WARNING: " + self + " runs INSECURE: plaintext links, no caller"
                    + " checked; anyone who reaches its ports may do anything");
            spec.commandLine().getErr().flush();
            return Optional.empty();
        }
        try {
            return Optional.of(TlsFiles.in(choice.tlsDir.toAbsolutePath(), self).requireReadable());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--tls-dir: " + e.getMessage());
        }
    }
}
