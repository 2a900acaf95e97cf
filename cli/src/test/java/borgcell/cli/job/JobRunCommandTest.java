package borgcell.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import borgcell.cli.client.MasterAddress;
import borgcell.cli.client.MasterEndpoints;
import borgcell.trust.CellCa;
import borgcell.trust.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunCommandTest {
    @Test
    void aSpecWithoutAUserIsTheUserTheClientCertificateNames(@TempDir Path dir) throws Exception {
        CellCa ca = CellCa.loadOrCreate(dir.resolve("pki"));
        Path spec = Files.writeString(dir.resolve("job.yaml"), "name: web\ntask:\n  argv: [/bin/true]\n");
        List<MasterAddress> masters = List.of(MasterAddress.parse("127.0.0.1:7101"));

        MasterEndpoints asAlice = new MasterEndpoints(masters, "test", Optional.of(ca.issue(Identity.user("alice"), List.of())));
        MasterEndpoints asAdmin = new MasterEndpoints(masters, "test", Optional.of(ca.issue(Identity.admin("ops"), List.of())));

        assertThat(JobRunCommand.parser(asAlice).parse(spec).getUser()).isEqualTo("alice");
        assertThat(JobRunCommand.parser(asAdmin).parse(spec).getUser()).as("an admin's: $USER, as before")
                .isEqualTo(System.getenv().getOrDefault("USER", System.getProperty("user.name")));
    }
}
