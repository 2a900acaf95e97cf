package borgcell.borglet.vmm.memory;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The part of guest memory the guest's ring-3 code may use, {@code [floor, size)}, as the
 * library OS sees it: every access is checked and a bad one throws
 * {@link BadGuestAddressException} (the syscall then answers -EFAULT). The VMM's own
 * structures below {@code floor} (page tables, GDT, stub) are out of reach of any syscall.
 */
public final class UserMemory {

    private final GuestMemory memory;
    private final long floor;

    public UserMemory(GuestMemory memory, long floor) {
        this.memory = memory;
        this.floor = floor;
    }

    public long floor() {
        return floor;
    }

    public long end() {
        return memory.size();
    }

    public boolean contains(long address, long length) {
        return memory.contains(address, length, floor);
    }

    /** The range as native memory. An empty range is valid at any address, as for Linux's access_ok (write(fd, NULL, 0) is fine). */
    public MemorySegment slice(long address, long length) {
        if (length == 0) {
            return MemorySegment.NULL;
        }
        memory.check(address, length, floor);
        return memory.host().asSlice(address, length);
    }

    public long readLong(long address) {
        return slice(address, 8).get(JAVA_LONG_UNALIGNED, 0);
    }

    public int readInt(long address) {
        return slice(address, 4).get(JAVA_INT_UNALIGNED, 0);
    }

    public void writeLong(long address, long value) {
        slice(address, 8).set(JAVA_LONG_UNALIGNED, 0, value);
    }

    public void writeInt(long address, int value) {
        slice(address, 4).set(JAVA_INT_UNALIGNED, 0, value);
    }

    public void write(long address, byte[] bytes) {
        MemorySegment.copy(bytes, 0, slice(address, bytes.length), JAVA_BYTE, 0, bytes.length);
    }

    public byte[] read(long address, int length) {
        return slice(address, length).toArray(JAVA_BYTE);
    }

    /** A NUL-terminated string of at most {@code max} bytes (without the NUL). */
    public String readCString(long address, int max) {
        MemorySegment s = slice(address, Math.min(max + 1L, Math.max(0, end() - address)));
        for (int i = 0; i < s.byteSize(); i++) {
            if (s.get(JAVA_BYTE, i) == 0) {
                return new String(s.asSlice(0, i).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
            }
        }
        throw new BadGuestAddressException(address, max);
    }

    public void zero(long address, long length) {
        slice(address, length).fill((byte) 0);
    }

    /** See {@link GuestMemory#discard}. */
    public void discard(long address, long length) {
        memory.check(address, length, floor);
        memory.discard(address, length);
    }
}
