package borgcell.helm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The values the chart is tested with: its defaults, and two others from src/test/resources/values.
 * Each is installed as its own release in its own namespace, so names that depend on them show.
 *
 * @param fullname what the chart's borg.fullname makes of the release name
 * @param replicas what master.replicas says for it
 */
enum ValuesCase {
    /** values.yaml alone: mutual TLS, five replicas, unprivileged Borglets, dashboards. */
    DEFAULTS("borg", "borg", null, "borg", 5, "cluster.local"),
    /** Production-like: monitoring on, privileged Borglets with KVM by device plugin, set capacity. */
    PRODUCTION("prod", "cells", "production.yaml", "prod-borg", 5, "k8s.example.internal"),
    /** A throwaway trial: plaintext, three replicas, no dashboards. */
    TRIAL("trial", "default", "trial.yaml", "trial-borg", 3, "cluster.local");

    final String release;
    final String namespace;
    private final String file;
    final String fullname;
    final int replicas;
    final String clusterDomain;

    ValuesCase(String release, String namespace, String file, String fullname, int replicas, String clusterDomain) {
        this.release = release;
        this.namespace = namespace;
        this.file = file;
        this.fullname = fullname;
        this.replicas = replicas;
        this.clusterDomain = clusterDomain;
    }

    /** The values file given over the chart's own; empty for the defaults. */
    Optional<Path> valuesFile() {
        return Optional.ofNullable(file).map(f -> Path.of("src/test/resources/values", f).toAbsolutePath());
    }
}
