/**
 * {@code borg bench}: benchmarks that print a summary, then one JSON line of figures last.
 * {@code submit} drives a Raft group in this JVM; {@code heartbeats} a five-replica cell of
 * processes with thousands of hollow Borglets in this JVM; {@code write} (the cell against
 * etcd, all processes) lives in its own package.
 */
package borgcell.cli.bench;
