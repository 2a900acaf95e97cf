/**
 * {@code borg bench}: benchmarks that print a table, then one JSON line of figures last.
 * {@code submit} drives a Raft group in this JVM; {@code heartbeats} a five-replica cell of
 * processes with thousands of hollow Borglets in this JVM.
 */
package borgcell.cli.bench;
