package borgcell.master.web;

import borgcell.api.v1.Quota;
import borgcell.api.v1.QuotaUsage;
import borgcell.cell.ResourceMath;
import java.util.List;
import borgcell.trust.Action;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Quotas per user and priority band: list with usage, and set. */
@RestController
@RequestMapping("/api/v1/quotas")
class QuotaController {
    private final CellAccess cell;

    QuotaController(CellAccess cell) {
        this.cell = cell;
    }

    record QuotaJson(String user, String band, long cpuMillis, long ramBytes, long usedCpuMillis, long usedRamBytes) {
        static QuotaJson of(QuotaUsage u) {
            return new QuotaJson(u.getQuota().getUser(), u.getQuota().getBand(), u.getQuota().getCpuMillis(),
                    u.getQuota().getRamBytes(), u.getUsed().getCpuMillis(), u.getUsed().getRamBytes());
        }
    }

    record QuotaRequest(Long cpuMillis, Long ramBytes) {}

    @Requires(Action.READ_CELL)
    @GetMapping
    List<QuotaJson> list() {
        return cell.quotas().stream().map(QuotaJson::of).toList();
    }

    @Requires(Action.SET_QUOTA)
    @PutMapping("/{user}/{band}")
    QuotaJson set(@PathVariable String user, @PathVariable String band, @RequestBody QuotaRequest body) {
        if (body == null || body.cpuMillis() == null || body.ramBytes() == null) {
            throw ApiProblem.badRequest("cpuMillis and ramBytes: both required (e.g. {\"cpuMillis\": 4000, "
                    + "\"ramBytes\": 8589934592})");
        }
        Quota q = cell.setQuota(Quota.newBuilder().setUser(user).setBand(band).setCpuMillis(body.cpuMillis())
                .setRamBytes(body.ramBytes()).build());
        return QuotaJson.of(QuotaUsage.newBuilder().setQuota(q).setUsed(ResourceMath.ZERO).build());
    }
}
