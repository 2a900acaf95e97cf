package borgcell.cli.output;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * API messages as JSON (protobuf's canonical JSON mapping, zero values included so a
 * script sees {@code exitCode: 0}) and as YAML (the same tree).
 */
public final class Structured {

    private static final JsonFormat.Printer JSON = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();
    private static final JsonMapper JSON_TREE = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();
    /** Quotes every string: used when minimal quoting would change a value (a "0x10" in argv). */
    private static final YAMLMapper YAML_QUOTED = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .build();

    private Structured() {}

    public static String json(MessageOrBuilder message) {
        try {
            return JSON.print(message) + "\n";
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * The JSON tree as YAML, with as few quotes as keep every value what it is: int64 fields
     * stay strings as in the JSON mapping, and an argv entry "3600" stays a string.
     */
    public static String yaml(MessageOrBuilder message) {
        JsonNode tree = JSON_TREE.readTree(json(message));
        String minimal = YAML.writeValueAsString(tree);
        return YAML.readTree(minimal).equals(tree) ? minimal : YAML_QUOTED.writeValueAsString(tree);
    }

    /** JSON or YAML; a table is the caller's business because it depends on the view. */
    public static String render(MessageOrBuilder message, OutputFormat format) {
        return switch (format) {
            case JSON -> json(message);
            case YAML -> yaml(message);
            case TABLE -> throw new IllegalArgumentException("a table needs a view, not a message");
        };
    }
}
