package borgcell.cli.bench.write;

import borgcell.sim.JsonLine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Both sides at one client concurrency, and the cell measured against etcd: p50 latency
 * cell/etcd (below 1: the cell answers sooner) and writes/s cell/etcd (above 1: the cell
 * writes more).
 *
 * @param etcd null when etcd was not measured
 */
record RoundFigures(int clients, SideFigures cell, SideFigures etcd) {

    /** p50 cell/etcd; NaN without etcd or without samples. */
    double p50Ratio() {
        return etcd == null || etcd.p50Ms() == 0 ? Double.NaN : cell.p50Ms() / etcd.p50Ms();
    }

    /** writes/s cell/etcd; NaN without etcd or when etcd wrote nothing. */
    double writesRatio() {
        return etcd == null || etcd.writesPerSec() == 0 ? Double.NaN : cell.writesPerSec() / etcd.writesPerSec();
    }

    Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("clients", clients);
        f.put("cell", cell.fields());
        f.put("etcd", etcd == null ? null : etcd.fields());
        f.put("p50_ratio", JsonLine.round(p50Ratio(), 3));
        f.put("writes_ratio", JsonLine.round(writesRatio(), 3));
        return f;
    }
}
