/**
 * The fault schedule: which fault comes next and its seeded parameters. Pure: the same seed
 * gives the same sequence; when each fault happens depends on how fast the cell heals.
 */
package borgcell.faults.schedule;
