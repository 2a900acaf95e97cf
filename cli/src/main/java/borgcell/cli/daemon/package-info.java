/**
 * The long-running processes of a cell as subcommands of the same jar: {@code borg master}
 * (one BorgMaster replica, a Spring Boot application) and {@code borg borglet}.
 */
package borgcell.cli.daemon;
