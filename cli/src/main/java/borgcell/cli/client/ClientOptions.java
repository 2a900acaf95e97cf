package borgcell.cli.client;

import borgcell.cli.Invocation;
import borgcell.cli.output.OutputFormat;
import borgcell.cli.output.Structured;
import com.google.protobuf.MessageOrBuilder;
import java.io.PrintWriter;
import java.util.function.Supplier;
import borgcell.cli.spec.Quantities;
import borgcell.trust.TlsFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** The options every command that talks to a cell shares: where, how long, what output. */
public final class ClientOptions {

    @Option(names = "--master", split = ",", paramLabel = "HOST:PORT",
            converter = MasterAddressConverter.class,
            description = "BorgMaster replicas to ask, comma-separated (any replica will do). "
                    + "Default: the cell `borg up` started (.borg/cell.json here or under $BORG_HOME), else "
                    + MasterEndpoints.DEFAULT + ".")
    List<MasterAddress> masters;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "Client certificate (PEM) from the cell's CA; with --key and --ca. Default: $BORG_CERT,"
                    + " else the admin certificate of the cell `borg up` started.")
    Path certificate;

    @Option(names = "--key", paramLabel = "FILE", description = "The client certificate's private key (PEM). Default: $BORG_KEY.")
    Path key;

    @Option(names = "--ca", paramLabel = "FILE", description = "The cell CA's certificate (PEM). Default: $BORG_CA.")
    Path ca;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            converter = OutputFormatConverter.class, completionCandidates = OutputFormatNames.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Deadline of each call to a replica (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    public OutputFormat output() {
        return output;
    }

    /** Prints the answer in the chosen format: the human view for tables, else the message itself. */
    public void print(PrintWriter out, MessageOrBuilder message, Supplier<String> table) {
        out.print(output() == OutputFormat.TABLE ? table.get() : Structured.render(message, output()));
        out.flush();
    }

    public Duration timeout() {
        return timeout;
    }

    /** @throws ParameterException (a usage error) when the credentials are given only in part */
    public MasterEndpoints endpoints() {
        try {
            Optional<TlsFiles> explicit = MasterEndpoints.tlsFiles(text(certificate), text(key), text(ca),
                    "--cert", "--key", "--ca");
            Invocation invocation = Invocation.current();
            return MasterEndpoints.resolve(masters, explicit, invocation.cwd(), invocation.env());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String text(Path path) {
        return path == null ? null : path.toString();
    }

    public CellClient connect() {
        return new CellClient(endpoints(), timeout);
    }

    /** {@code host:port} for picocli, so a bad address is a usage error (exit 2). */
    public static final class MasterAddressConverter implements ITypeConverter<MasterAddress> {
        @Override
        public MasterAddress convert(String value) {
            try {
                return MasterAddress.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}, for picocli. */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            long millis;
            try {
                millis = Quantities.durationMillis(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            if (millis <= 0) {
                throw new TypeConversionException("\"" + value + "\": must be > 0");
            }
            return Duration.ofMillis(millis);
        }
    }

    /** {@code table}, {@code json}, {@code yaml}, in any case. */
    public static final class OutputFormatConverter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            for (OutputFormat format : OutputFormat.values()) {
                if (format.toString().equalsIgnoreCase(value.strip())) {
                    return format;
                }
            }
            throw new TypeConversionException("\"" + value + "\" is not an output format (table, json or yaml)");
        }
    }

    public static final class OutputFormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(OutputFormat.values()).map(OutputFormat::toString).iterator();
        }
    }
}
