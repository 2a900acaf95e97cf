package borgcell.cli.bench.write;

import borgcell.api.v1.Constraint;
import borgcell.api.v1.JobSpec;
import borgcell.api.v1.PlacementPolicy;
import borgcell.api.v1.PortSpec;
import borgcell.api.v1.Preference;
import borgcell.api.v1.Resources;
import borgcell.api.v1.RestartPolicy;
import borgcell.api.v1.RestartSpec;
import borgcell.api.v1.TaskTemplate;
import java.util.Locale;

/**
 * The job every write of the benchmark submits: a web frontend as a user would describe it
 * (a command line with flags, a dozen environment variables, resources, a restart rule,
 * constraints and placement rules), about 1 KiB serialized, the size of a typical job spec.
 * Every name has the same length, so every spec, and the etcd value made of it, has the same
 * size. The batch band with no quota set is admitted whatever the cell holds, so the jobs
 * stay pending in a cell with no machines without being refused.
 */
final class BenchJobSpec {
    static final String USER = "bench";
    static final int PRIORITY = 100;

    private final int tasksPerJob;
    private final TaskTemplate template;

    BenchJobSpec(int tasksPerJob) {
        this.tasksPerJob = tasksPerJob;
        this.template = template();
    }

    /** The job name of write {@code sequence} of client {@code client} in round {@code round}. */
    static String name(int round, int client, long sequence) {
        return String.format(Locale.ROOT, "bw-%02d-%04d-%010d", round, client, sequence);
    }

    JobSpec named(String name) {
        return JobSpec.newBuilder()
                .setName(name)
                .setUser(USER)
                .setPriority(PRIORITY)
                .setTaskCount(tasksPerJob)
                .setTask(template)
                .build();
    }

    /** The serialized size of every spec this makes (names have a fixed length). */
    int bytes() {
        return named(name(0, 0, 0)).getSerializedSize();
    }

    private static TaskTemplate template() {
        return TaskTemplate.newBuilder()
                .addArgv("/srv/frontend/bin/frontend-server")
                .addArgv("--port=${BORG_PORT_HTTP}")
                .addArgv("--admin-port=${BORG_PORT_ADMIN}")
                .addArgv("--config=/srv/frontend/etc/frontend.yaml")
                .addArgv("--backends=dns:///storefront-backend.prod.svc:8443")
                .addArgv("--log-level=info")
                .addArgv("--max-connections=4096")
                .addArgv("--shutdown-grace=30s")
                .putEnv("APP_ENV", "production")
                .putEnv("APP_REGION", "europe-west1")
                .putEnv("LANG", "C.UTF-8")
                .putEnv("TZ", "UTC")
                .putEnv("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError")
                .putEnv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.monitoring.svc:4317")
                .putEnv("OTEL_SERVICE_NAME", "storefront-frontend")
                .putEnv("FEATURE_FLAGS", "checkout-v2,recommendations,new-search")
                .putEnv("CACHE_URL", "redis://frontend-cache.prod.svc:6379/0")
                .putEnv("SESSION_TTL", "3600")
                .putEnv("RELEASE", "storefront-frontend-2026.11.3-7f3c2a1")
                .putEnv("DATABASE_URL", "postgres://storefront-db.prod.svc:5432/storefront?sslmode=verify-full")
                .putEnv("LOG_FORMAT", "json")
                .setRuntime("process")
                .setResources(Resources.newBuilder()
                        .setCpuMillis(500).setRamBytes(512L << 20).setDiskBytes(1L << 30).setPorts(2))
                .addPorts(PortSpec.newBuilder().setName("http"))
                .addPorts(PortSpec.newBuilder().setName("admin"))
                .setRestart(RestartSpec.newBuilder()
                        .setPolicy(RestartPolicy.ON_FAILURE).setMaxAttempts(5).setBackoffMillis(2_000))
                .addConstraints(Constraint.newBuilder()
                        .setAttribute("os").setOp(Constraint.Operator.EQ).addValues("linux"))
                .addConstraints(Constraint.newBuilder()
                        .setAttribute("zone").setOp(Constraint.Operator.IN)
                        .addValues("europe-west1-b").addValues("europe-west1-c").addValues("europe-west1-d"))
                .addConstraints(Constraint.newBuilder()
                        .setAttribute("kernel_major").setOp(Constraint.Operator.GT).addValues("5"))
                .setPlacement(PlacementPolicy.newBuilder()
                        .setMaxPerMachine(1)
                        .setDomainAttribute("rack").setMaxPerDomain(4)
                        .setSpreadAttribute("zone")
                        .addPreferences(Preference.newBuilder().setWeight(5).setConstraint(Constraint.newBuilder()
                                .setAttribute("ssd").setOp(Constraint.Operator.EXISTS))))
                .setDeadlineMillis(0)
                .build();
    }
}
