/**
 * What clients did and saw: one {@link borgcell.faults.history.Operation} per logical call, with
 * its invoke and complete times and its outcome. Plain values, so checkers can be tested on
 * histories written by hand.
 */
package borgcell.faults.history;
