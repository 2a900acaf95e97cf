/**
 * A campaign: the cell under test behind {@link borgcell.faults.campaign.CellControl}, clients that
 * record a history, a probe that times failovers, an injector that plays the fault schedule, and
 * {@link borgcell.faults.campaign.Campaign}, which runs them, heals the cell and calls the checkers.
 */
package borgcell.faults.campaign;
