package borgcell.cli.job;

import borgcell.api.v1.GetTaskLogsRequest;
import borgcell.api.v1.LogChunk;
import borgcell.cli.Invocation;
import borgcell.cli.client.CellClient;
import borgcell.cli.client.ClientOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code borg job logs JOB/INDEX [-f]}: a task's output, fetched through the API from its machine. */
@Command(name = "logs",
        mixinStandardHelpOptions = true,
        description = "Print a task's stdout (or stderr); with -f, keep printing until the task ends.",
        footer = {"", "Examples:", "  borg job logs hello/0", "  borg job logs sleep/1 -f --stderr", "  borg job logs web/3 --tail 4096"})
public final class JobLogsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "JOB/INDEX", description = "The task: its job's name and its index, e.g. hello/0.")
    String task;

    @Option(names = {"-f", "--follow"}, description = "Keep streaming new output until the task ends.")
    boolean follow;

    @Option(names = "--stderr", description = "Print stderr instead of stdout.")
    boolean stderr;

    @Option(names = "--tail", paramLabel = "BYTES", defaultValue = "0",
            description = "Start this many bytes before the end (default: from the start).")
    long tail;

    @Override
    public Integer call() throws IOException {
        int slash = task.lastIndexOf('/');
        int index;
        try {
            index = Integer.parseInt(task.substring(slash + 1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            index = -1;
        }
        if (slash <= 0 || index < 0) {
            throw new ParameterException(spec.commandLine(), "JOB/INDEX: expected a task like hello/0 (got \"" + task + "\")");
        }
        if (tail < 0) {
            throw new ParameterException(spec.commandLine(), "--tail: must be >= 0");
        }
        GetTaskLogsRequest request = GetTaskLogsRequest.newBuilder().setJob(task.substring(0, slash)).setIndex(index)
                .setStream(stderr ? "stderr" : "stdout").setTailBytes(tail).setFollow(follow).build();
        // The bytes as the task wrote them: not through a Writer, which would decode and re-encode them.
        OutputStream out = Invocation.current().stdout();
        try (CellClient cell = client.connect()) {
            // A followed stream lasts as long as the task: no deadline for it.
            Iterator<LogChunk> chunks = cell.jobs(CellClient.Retry.IDEMPOTENT,
                    jobs -> follow ? jobs.withDeadline(null).getTaskLogs(request) : jobs.getTaskLogs(request));
            while (chunks.hasNext()) {
                out.write(chunks.next().getData().toByteArray());
                out.flush();
            }
        }
        return 0;
    }
}
