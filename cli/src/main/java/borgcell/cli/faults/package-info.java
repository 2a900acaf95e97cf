/** {@code borg faults}: a fault campaign against a local cell of processes, with its verdict. */
package borgcell.cli.faults;
