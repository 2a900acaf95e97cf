package borgcell.borglet.vmm.libos;

import static borgcell.borglet.vmm.libos.SyscallOutcome.error;
import static borgcell.borglet.vmm.libos.SyscallOutcome.value;

import borgcell.borglet.vmm.host.Errno;
import borgcell.borglet.vmm.memory.UserMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.random.RandomGenerator;

/** getrandom, from the host's secure random source. */
public final class RandomSyscalls {

    static final int GRND_NONBLOCK = 1;
    static final int GRND_RANDOM = 2;
    static final int GRND_INSECURE = 4;
    /** Linux answers at most 32 MiB - 1 bytes per call. */
    static final long MAX_BYTES = (32 << 20) - 1;
    private static final int CHUNK = 4096;

    private final UserMemory memory;
    private final RandomGenerator random;

    public RandomSyscalls(UserMemory memory, RandomGenerator random) {
        this.memory = memory;
        this.random = random;
    }

    /** getrandom(buf, buflen, flags). */
    public SyscallOutcome getrandom(SyscallArgs call) {
        if ((call.int2() & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) != 0) {
            return error(Errno.EINVAL);
        }
        long length = call.a1() < 0 ? MAX_BYTES : Math.min(call.a1(), MAX_BYTES);
        MemorySegment target = memory.slice(call.a0(), length);
        byte[] chunk = new byte[(int) Math.min(CHUNK, length)];
        for (long done = 0; done < length; done += chunk.length) {
            int n = (int) Math.min(chunk.length, length - done);
            random.nextBytes(chunk);
            MemorySegment.copy(chunk, 0, target, ValueLayout.JAVA_BYTE, done, n);
        }
        return value(length);
    }
}
