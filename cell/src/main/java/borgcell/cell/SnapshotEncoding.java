package borgcell.cell;

import borgcell.api.v1.raft.CellSnapshot;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * How a {@link CellSnapshot} becomes bytes: protobuf's deterministic serialization (map entries
 * in key order), so two replicas holding the same state write the same file, and a test can
 * compare the state of two cells byte for byte.
 */
public final class SnapshotEncoding {

    private SnapshotEncoding() {}

    public static void writeCanonical(CellSnapshot snapshot, OutputStream out) throws IOException {
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        coded.useDeterministicSerialization();
        snapshot.writeTo(coded);
        coded.flush();
    }
}
