package borgcell.master.web;

import borgcell.api.v1.GetTaskLogsRequest;
import borgcell.api.v1.Job;
import borgcell.cell.PendingDryRun;
import borgcell.master.Replica;
import borgcell.master.api.TaskLogStreamer;
import borgcell.master.raft.CellStateMachine;
import borgcell.scheduler.PriorityBand;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import borgcell.trust.Action;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Jobs and their tasks: list with filters, detail, one task, why pending, kill. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {
    private static final Set<String> STATES = Set.of("running", "succeeded", "finished", "killed");
    private static final Set<String> BANDS = Arrays.stream(PriorityBand.values()).map(PriorityBand::label)
            .collect(Collectors.toSet());
    private final CellAccess cell;
    private final CellStateMachine state;
    private final PendingDryRun whyPending = new PendingDryRun();
    private final TaskLogStreamer logs;

    JobController(CellAccess cell, Replica replica) {
        this.cell = cell;
        this.state = replica.raft().stateMachine();
        this.logs = replica.taskLogs();
    }

    @Requires(Action.READ_CELL)
    @GetMapping
    List<JsonViews.JobSummaryJson> list(@RequestParam(required = false) String state,
                                    @RequestParam(required = false) String user,
                                    @RequestParam(required = false) String band) {
        check("state", state, STATES);
        check("band", band, BANDS);
        if (user != null && (user.isEmpty() || user.length() > 64)) {
            throw ApiProblem.badRequest("user: must be 1-64 characters");
        }
        return cell.jobs().stream().map(JsonViews.JobSummaryJson::of)
                .filter(j -> state == null || j.state().equals(state))
                .filter(j -> user == null || j.user().equals(user))
                .filter(j -> band == null || j.band().equals(band))
                .toList();
    }

    @Requires(Action.READ_CELL)
    @GetMapping("/{name}")
    JsonViews.JobJson get(@PathVariable String name) {
        return JsonViews.JobJson.of(cell.job(Names.job(name)));
    }

    @Requires(Action.READ_CELL)
    @GetMapping("/{name}/tasks/{index}")
    JsonViews.TaskJson task(@PathVariable String name, @PathVariable int index) {
        Job job = cell.job(Names.job(name));
        if (index < 0 || index >= job.getTasksCount()) {
            throw ApiProblem.notFound("job \"" + name + "\" has no task " + index + " (it has " + job.getTasksCount()
                    + ")");
        }
        return JsonViews.TaskJson.of(job.getTasks(index));
    }

    /** Why each pending task of the job is pending, from a dry run of the scheduler. */
    @Requires(Action.READ_CELL)
    @GetMapping("/{name}/why")
    JsonViews.WhyPendingJson why(@PathVariable String name) {
        // Read by this replica, so the state the dry run reads here is at least as new as the job.
        Job job = cell.jobHere(Names.job(name));
        List<PendingDryRun.Reason> reasons = state.read(c -> whyPending.explain(c, job));
        List<Map<String, Object>> tasks = reasons.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", r.index());
            m.put("reason", r.reason());
            return m;
        }).toList();
        return new JsonViews.WhyPendingJson(name, tasks.size(), tasks);
    }

    /** The task's output so far, or its last {@code tail} bytes: plain text, for the UI and curl. */
    @Requires(Action.READ_LOGS)
    @GetMapping(value = "/{name}/tasks/{index}/logs", produces = "text/plain;charset=UTF-8")
    String logs(@PathVariable String name, @PathVariable int index,
                @RequestParam(defaultValue = "stdout") String stream,
                @RequestParam(defaultValue = "65536") long tail, HttpServletRequest request)
            throws InterruptedException {
        try {
            byte[] data = logs.read(GetTaskLogsRequest.newBuilder().setJob(Names.job(name)).setIndex(index)
                    .setStream(stream).setTailBytes(tail).build(), HttpCallers.of(request));
            return new String(data, java.nio.charset.StandardCharsets.UTF_8);
        } catch (io.grpc.StatusRuntimeException e) {
            throw switch (e.getStatus().getCode()) {
                case NOT_FOUND -> ApiProblem.notFound(e.getStatus().getDescription());
                case INVALID_ARGUMENT -> ApiProblem.badRequest(e.getStatus().getDescription());
                case FAILED_PRECONDITION -> ApiProblem.conflict(e.getStatus().getDescription());
                default -> ApiProblem.unavailable(e.getStatus().getDescription());
            };
        }
    }

    @Requires(Action.KILL_JOB)
    @PostMapping("/{name}/kill")
    JsonViews.JobJson kill(@PathVariable String name, HttpServletRequest request) {
        return JsonViews.JobJson.of(cell.kill(Names.job(name), HttpCallers.of(request)));
    }

    private static void check(String parameter, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw ApiProblem.badRequest(parameter + ": must be one of " + allowed.stream().sorted().toList()
                    + " (got \"" + ProblemAdvice.clip(value) + "\")");
        }
    }
}
