/**
 * The job spec file: YAML in, a validated {@code borgcell.api.v1.JobSpec} out, with errors
 * that name the file and the field path. Also the quantity syntax (cpu, sizes, durations).
 */
package borgcell.cli.spec;
