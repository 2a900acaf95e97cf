/** {@code borg job run|status|ls|kill}: the JobService, one command a file. */
package borgcell.cli.job;
