/**
 * The checkers: pure functions of a recorded history (and, for the end state, of each replica's
 * snapshot and the tasks' own ledger). Each names what it found, so a failure can be reproduced.
 */
package borgcell.faults.check;
