/**
 * Talking to a cell: where its masters are ({@code --master}, {@code .borg/cell.json}), and
 * gRPC calls with deadlines that move on to the next replica when one does not answer.
 */
package borgcell.cli.client;
