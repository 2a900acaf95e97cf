package borgcell.scheduler.scoring;

/**
 * Which way a scorer leans, so that a pass that looks at only some candidates looks at the
 * likely winners first: the free-resource index visits fuller machines first for a packing
 * scorer and emptier ones first for a spreading one.
 */
public enum MachinePreference {
    FULLER, EMPTIER, NONE
}
