package borgcell.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    private static final Identity OPS = Identity.admin("ops");
    private static final Identity ALICE = Identity.user("alice");
    private static final Identity GRAFANA = new Identity(Role.VIEWER, "grafana");
    private static final Identity M1 = Identity.machine("m1");
    private static final Identity R1 = Identity.replica("r1");

    private static Set<Action> allowed(Identity who) {
        Set<Action> may = EnumSet.noneOf(Action.class);
        for (Action action : Action.values()) {
            if (AccessPolicy.refusal(who, action).isEmpty()) {
                may.add(action);
            }
        }
        return may;
    }

    @Test
    void eachRoleMayWhatTheSecurityDocumentSays() {
        assertThat(allowed(OPS)).isEqualTo(EnumSet.allOf(Action.class));
        assertThat(allowed(ALICE)).containsExactlyInAnyOrder(Action.READ_CELL, Action.READ_LOGS, Action.SUBMIT_JOB,
                Action.KILL_JOB);
        assertThat(allowed(GRAFANA)).containsExactly(Action.READ_CELL);
        assertThat(allowed(M1)).containsExactly(Action.LINK_MACHINE);
        assertThat(allowed(R1)).containsExactly(Action.READ_CELL);
    }

    @Test
    void aRefusalNamesTheCallerWhatItAskedAndWhoMay() {
        assertThat(AccessPolicy.refusal(ALICE, Action.SET_QUOTA))
                .contains("user:alice may not set quotas: that needs the admin role");
        assertThat(AccessPolicy.refusal(GRAFANA, Action.KILL_JOB))
                .contains("viewer:grafana may not kill jobs: that needs the admin or user role");
        assertThat(AccessPolicy.refusal(M1, Action.READ_CELL))
                .contains("machine:m1 may not read the cell: that needs the replica or admin or user or viewer role");
    }

    @Test
    void usersActOnTheirOwnJobsMachinesAsThemselvesAndAdminsForAnyone() {
        assertThat(AccessPolicy.refusal(ALICE, Action.KILL_JOB, "job web", "alice")).isEmpty();
        assertThat(AccessPolicy.refusal(ALICE, Action.KILL_JOB, "job batch-7", "bob"))
                .contains("user:alice may not kill job batch-7 (bob's): only an admin acts for another user");
        assertThat(AccessPolicy.refusal(ALICE, Action.SUBMIT_JOB, "job web", "bob"))
                .contains("user:alice may not submit job web (bob's): only an admin acts for another user");
        assertThat(AccessPolicy.refusal(ALICE, Action.READ_LOGS, "job web", "bob")).isPresent();
        assertThat(AccessPolicy.refusal(ALICE, Action.READ_CELL, "job web", "bob")).as("reading is not owned").isEmpty();
        assertThat(AccessPolicy.refusal(M1, Action.LINK_MACHINE, "machine m1", "m1")).isEmpty();
        assertThat(AccessPolicy.refusal(M1, Action.LINK_MACHINE, "machine m2", "m2"))
                .contains("machine:m1 may not link as machine m2 (m2's): only an admin acts for another machine");
        assertThat(AccessPolicy.refusal(OPS, Action.KILL_JOB, "job batch-7", "bob")).isEmpty();
        assertThat(AccessPolicy.refusal(GRAFANA, Action.KILL_JOB, "job web", "grafana"))
                .as("owning a name is not a role").contains("viewer:grafana may not kill jobs: that needs the admin or user role");
    }
}
