/**
 * The {@code borg} command: {@link borgcell.cli.BorgCommand} wires the subcommands, the
 * exit codes (0 done, 1 failure, 2 usage or spec error) and the one-line error messages.
 */
package borgcell.cli;
