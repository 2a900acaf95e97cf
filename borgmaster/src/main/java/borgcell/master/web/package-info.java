/**
 * The REST admin API under {@code /api/v1/} (JSON; errors as RFC 9457 problem details) and,
 * later, the web UI. Thin: reads go through Raft for linearizable answers, writes are the same
 * Raft commands the gRPC API proposes, so a follower forwards them to the leader.
 */
package borgcell.master.web;
