/** Files the command's tools make and clean up: scratch directories, a cell's data. */
package borgcell.cli.files;
