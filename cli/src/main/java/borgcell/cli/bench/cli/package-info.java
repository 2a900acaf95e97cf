/** {@code borg bench cli}: how long each client command takes from the shell. */
package borgcell.cli.bench.cli;
