/** {@code borg token}: bearer tokens for HTTP callers without a certificate (the web UI's login, a scraper). */
package borgcell.cli.token;
