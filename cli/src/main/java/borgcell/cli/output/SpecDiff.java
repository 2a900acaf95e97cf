package borgcell.cli.output;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed between two specs, one line per field by its path in the API
 * ({@code task.argv: [sleep, 10] -> [sleep, 20]}), read off the messages themselves so that a
 * field added to the spec is compared without a change here.
 */
public final class SpecDiff {
    private static final int MAX_VALUE = 60;

    private SpecDiff() {
    }

    public static List<String> between(Message before, Message after) {
        List<String> out = new ArrayList<>();
        diff("", before, after, out);
        return out;
    }

    private static void diff(String at, Message before, Message after, List<String> out) {
        TreeSet<String> names = new TreeSet<>();
        Map<FieldDescriptor, Object> a = before.getAllFields();
        Map<FieldDescriptor, Object> b = after.getAllFields();
        List<FieldDescriptor> fields = new ArrayList<>(before.getDescriptorForType().getFields());
        for (FieldDescriptor f : fields) {
            names.add(f.getName());
            Object x = a.get(f);
            Object y = b.get(f);
            if (java.util.Objects.equals(x, y)) {
                continue;
            }
            String path = at + f.getName();
            if (!f.isRepeated() && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && x != null && y != null) {
                diff(path + ".", (Message) x, (Message) y, out);
            } else {
                out.add(path + ": " + show(x) + " -> " + show(y));
            }
        }
    }

    private static String show(Object value) {
        if (value == null) {
            return "(none)";
        }
        String s = value instanceof Message m ? com.google.protobuf.TextFormat.shortDebugString(m) : value.toString();
        return s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE - 3) + "...";
    }
}
