/**
 * The techniques that let one pass place a 10,000-machine cell's workload quickly (after
 * section 3.4 of the Borg paper): equivalence classes, score caching, an index over free
 * resources, and relaxed randomization. Each is a small part here; the scaled search in
 * {@link borgcell.scheduler.Scheduler} puts them together.
 */
package borgcell.scheduler.scale;
