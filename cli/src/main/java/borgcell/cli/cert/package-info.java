/** {@code borg cert}: certificates of the cell's CA for people and programs, issued by an admin. */
package borgcell.cli.cert;
