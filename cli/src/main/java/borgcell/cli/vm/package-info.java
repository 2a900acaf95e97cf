/** {@code borg vm ...}: the embedded VMM on its own, without a cell: run one static binary in a microVM. */
package borgcell.cli.vm;
