/** {@code borg cell} and {@code borg machine ls}: the CellService. */
package borgcell.cli.cell;
