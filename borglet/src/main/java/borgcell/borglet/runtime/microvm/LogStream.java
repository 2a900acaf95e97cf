package borgcell.borglet.runtime.microvm;

import borgcell.borglet.logs.RotatingLog;
import java.io.IOException;
import java.io.OutputStream;

/** The guest's stdout or stderr into a task log: the library OS writes streams, the Borglet keeps capped, rotating files. */
final class LogStream extends OutputStream {

    private final RotatingLog log;

    LogStream(RotatingLog log) {
        this.log = log;
    }

    @Override
    public void write(int b) throws IOException {
        log.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        log.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
