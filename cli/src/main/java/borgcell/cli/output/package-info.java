/** What commands print: tables for people ({@code Views}), JSON and YAML for scripts ({@code Structured}). */
package borgcell.cli.output;
