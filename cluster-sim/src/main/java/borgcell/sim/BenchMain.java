package borgcell.sim;

/** Runs the bench without the cli: {@code java -cp ... borgcell.sim.BenchMain MACHINES TASKS SEED [LIMIT]}. */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        int machines = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Bench.Options o = Bench.Options.of(machines, tasks, seed);
        if (args.length > 3) {
            o = new Bench.Options(o.machines(), o.tasks(), o.seed(), o.baselineTasks(), Integer.parseInt(args[3]),
                    o.policy(), o.onlinePasses(), o.onlineTasks(), o.warmUp());
        }
        BenchReport report = Bench.run(o);
        System.out.print(report.table());
        System.out.println(report.json());
    }
}
