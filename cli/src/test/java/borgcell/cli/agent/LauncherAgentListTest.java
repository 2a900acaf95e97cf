package borgcell.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The launcher hands the agent exactly the commands the agent runs: one list, written twice (bash and Java). */
class LauncherAgentListTest {
    private static final Pattern CASE = Pattern.compile("(?m)^\\s*(job\\|[^)]*)\\)\\s*$");

    @Test
    void theLaunchersCaseNamesTheServedCommands() throws IOException {
        String launcher = Files.readString(Path.of("..", "borg"));
        Matcher m = CASE.matcher(launcher);
        assertThat(m.find()).as("the launcher's case of agent commands").isTrue();
        Set<String> routed = Arrays.stream(m.group(1).split("\\|")).collect(Collectors.toSet());
        assertThat(routed).isEqualTo(ServedCommands.FIRST_WORDS);
    }
}
