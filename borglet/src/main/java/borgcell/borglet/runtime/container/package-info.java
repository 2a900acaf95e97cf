/**
 * The {@code container} runtime: each task in its own namespaces, as an unprivileged user of
 * its own, on a read-only view of the host's system directories with its sandbox writable, its
 * resources bound by a cgroup the Borglet owns, run through runc (an OCI runtime).
 */
package borgcell.borglet.runtime.container;
