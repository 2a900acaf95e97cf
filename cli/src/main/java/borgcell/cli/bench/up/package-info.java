/** {@code borg bench up}: how long {@code borg up} takes to the hello job's success, in each mode. */
package borgcell.cli.bench.up;
