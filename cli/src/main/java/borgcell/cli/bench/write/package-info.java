/**
 * {@code borg bench write}: the cell's Raft write path against etcd's on the same machine in the
 * same run. Each side ({@code WriteSide}) is five members as processes written through a
 * follower: {@code CellSide} a {@code LocalCell} of replicas taking SubmitJob,
 * {@code EtcdSide} {@code EtcdMembers} taking Put. {@code ClosedLoop} drives N clients,
 * {@code SideFigures} and {@code RoundFigures} hold what they measured, {@code WriteBenchReport}
 * prints it.
 */
package borgcell.cli.bench.write;
