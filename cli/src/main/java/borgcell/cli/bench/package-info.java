/**
 * {@code borg bench}: benchmarks that print a summary, then one JSON line of figures last;
 * {@code submit} (a Raft group in this JVM) here, {@code write} (the cell against etcd, all
 * processes) in its own package.
 */
package borgcell.cli.bench;
