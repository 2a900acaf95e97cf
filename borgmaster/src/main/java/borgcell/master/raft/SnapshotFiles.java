package borgcell.master.raft;

import borgcell.api.v1.raft.CellSnapshot;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.AtomicFileOutputStream;
import org.apache.ratis.util.MD5FileUtil;

/**
 * The cell's snapshot files: written whole or not at all, read back with their checksum checked.
 *
 * <p>A snapshot is written to a temporary file, forced to disk and only then renamed to its
 * {@code snapshot.TERM_INDEX} name, because Ratis picks the newest file by that name when the
 * replica restarts, and purges the log below it. Written in place, a replica killed mid-write
 * left a truncated newest snapshot and could never start again (the fault campaign found it).
 */
final class SnapshotFiles {

    /** Writes a snapshot's bytes. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private SnapshotFiles() {}

    /** Writes {@code body} to {@code target} atomically and saves its MD5 beside it. */
    static MD5Hash write(File target, Body body) throws IOException {
        AtomicFileOutputStream out = new AtomicFileOutputStream(target);
        try {
            body.writeTo(out);
        } catch (IOException | RuntimeException e) {
            out.abort(); // close() would rename what was written so far into place
            throw e;
        }
        out.close(); // flush, force, rename
        return MD5FileUtil.computeAndSaveMd5ForFile(target);
    }

    /** Reads a snapshot, checking its MD5 when one was saved; names the file if it is damaged. */
    static CellSnapshot read(SingleFileSnapshotInfo snapshot) throws IOException {
        File file = snapshot.getFile().getPath().toFile();
        MD5Hash md5 = snapshot.getFile().getFileDigest();
        if (md5 != null) {
            MD5FileUtil.verifySavedMD5(file, md5);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file.toPath()))) {
            return CellSnapshot.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("snapshot " + file + " is damaged (" + e.getMessage() + "); move this replica's data"
                    + " directory aside and start it empty: it rejoins the group and gets the leader's snapshot", e);
        }
    }

    /** Deletes what a writer killed before its rename left behind (ours are never read). */
    static void removeUnfinished(File stateMachineDir) throws IOException {
        if (stateMachineDir == null || !stateMachineDir.isDirectory()) {
            return;
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(stateMachineDir.toPath(),
                "snapshot.*" + AtomicFileOutputStream.TMP_EXTENSION)) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
            }
        }
    }
}
