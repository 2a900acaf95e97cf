/** {@code borg quota}: quotas per user and priority band. */
package borgcell.cli.quota;
