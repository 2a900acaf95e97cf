package borgcell.borglet.vmm.libos;

import borgcell.borglet.vmm.arch.GuestLayout;
import borgcell.borglet.vmm.host.Errno;
import borgcell.borglet.vmm.memory.UserMemory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The guest's heap and anonymous mappings, within guest RAM (there is no other memory: guest
 * RAM is the task's hard limit). The brk heap grows up from the end of the image; mappings are
 * placed top-down from just below the stack reservation, as Linux does; the two meet in the
 * middle and then allocation fails (ENOMEM), never touching host memory beyond RAM.
 *
 * <p>Invariant: memory that is neither image, heap, mapping nor stack reads zero. Whatever is
 * given back (munmap, a shrinking brk, MAP_FIXED over a mapping) is discarded on the host, so
 * the next mapping there starts zeroed, as anonymous memory must.
 */
public final class AddressSpace {

    static final long PAGE = GuestLayout.PAGE_SIZE;
    /** Linux's default vm.max_map_count: bounds the bookkeeping a guest can cause. */
    static final int MAX_MAPPINGS = 65_530;

    private final UserMemory memory;
    private final long heapStart;
    private final long mappingTop;
    private final TreeMap<Long, Long> mappings = new TreeMap<>(); // start → end, disjoint, merged when adjacent
    private long brk;

    /** {@code imageEnd}: one past the program's last byte; the heap starts at the next page. */
    public AddressSpace(UserMemory memory, long imageEnd) {
        this.memory = memory;
        this.heapStart = pageUp(imageEnd);
        this.brk = heapStart;
        // One page of gap below the stack reservation, so a mapping never abuts the stack.
        this.mappingTop = GuestLayout.stackBottom(memory.end()) - PAGE;
    }

    public long brk() {
        return brk;
    }

    /** brk(2): moves the break if it can, and answers the break in force either way. */
    public long brk(long requested) {
        if (requested < heapStart || requested > lowestMapping()) {
            return brk;
        }
        long oldTop = pageUp(brk);
        long newTop = pageUp(requested);
        if (newTop < oldTop) {
            memory.discard(newTop, oldTop - newTop);
        }
        brk = requested;
        return brk;
    }

    /** mmap of anonymous memory: the address, or a negative errno. */
    public long map(long hint, long length, boolean fixed, boolean noReplace) {
        if (length <= 0) {
            return -Errno.EINVAL;
        }
        long size = pageUp(length);
        if (size <= 0 || size > mappingTop) {
            return -Errno.ENOMEM;
        }
        if (fixed || noReplace) {
            return mapFixed(hint, size, noReplace);
        }
        long start = findGap(size);
        if (start < 0) {
            return -Errno.ENOMEM;
        }
        return insert(start, size);
    }

    /** munmap: 0 or a negative errno. Ranges outside the mapping area (image, stack) are accepted and left as they are. */
    public long unmap(long address, long length) {
        if (address % PAGE != 0 || length <= 0) {
            return -Errno.EINVAL;
        }
        long size = pageUp(length);
        if (size <= 0 || !memory.contains(address, size)) {
            return -Errno.EINVAL;
        }
        long end = address + size;
        Long first = mappings.floorKey(address);
        // Copied out first: removing from a TreeMap may reuse the entry objects of its views.
        List<long[]> overlapping = mappings.subMap(first == null ? address : first, end).entrySet().stream()
                .map(m -> new long[] {m.getKey(), m.getValue()}).toList();
        for (long[] m : overlapping) {
            long from = Math.max(m[0], address);
            long to = Math.min(m[1], end);
            if (from >= to) {
                continue;
            }
            if (mappings.size() >= MAX_MAPPINGS && m[0] < from && to < m[1]) {
                return -Errno.ENOMEM; // splitting would need one more entry
            }
            mappings.remove(m[0]);
            if (m[0] < from) {
                mappings.put(m[0], from);
            }
            if (to < m[1]) {
                mappings.put(to, m[1]);
            }
            memory.discard(from, to - from);
        }
        return 0;
    }

    /** Whether {@code [address, address + length)} is guest memory the program may use (mprotect, madvise). */
    public boolean inUserMemory(long address, long length) {
        return memory.contains(address, length);
    }

    public UserMemory memory() {
        return memory;
    }

    int mappingCount() {
        return mappings.size();
    }

    private long mapFixed(long address, long size, boolean noReplace) {
        if (address % PAGE != 0) {
            return -Errno.EINVAL;
        }
        if (address < pageUp(brk) || address > mappingTop || size > mappingTop - address) {
            return -Errno.ENOMEM;
        }
        if (overlaps(address, address + size)) {
            if (noReplace) {
                return -Errno.EEXIST;
            }
            long unmapped = unmap(address, size);
            if (unmapped < 0) {
                return unmapped;
            }
        }
        return insert(address, size);
    }

    private long insert(long start, long size) {
        long end = start + size;
        Map.Entry<Long, Long> before = mappings.floorEntry(start);
        Long after = mappings.containsKey(end) ? mappings.get(end) : null;
        boolean mergesBefore = before != null && before.getValue() == start;
        if (!mergesBefore && after == null && mappings.size() >= MAX_MAPPINGS) {
            return -Errno.ENOMEM;
        }
        long newStart = mergesBefore ? before.getKey() : start;
        long newEnd = end;
        if (after != null) {
            mappings.remove(end);
            newEnd = after;
        }
        mappings.put(newStart, newEnd);
        return start;
    }

    /** Highest gap of {@code size} bytes between the break and the top of the mapping area. */
    private long findGap(long size) {
        long floor = pageUp(brk);
        long top = mappingTop;
        for (Map.Entry<Long, Long> m : mappings.descendingMap().entrySet()) {
            if (top - m.getValue() >= size) {
                return top - size;
            }
            top = m.getKey();
        }
        return top - floor >= size ? top - size : -1;
    }

    private boolean overlaps(long start, long end) {
        Map.Entry<Long, Long> before = mappings.lowerEntry(end);
        return before != null && before.getValue() > start;
    }

    private long lowestMapping() {
        return mappings.isEmpty() ? mappingTop : mappings.firstKey();
    }

    static long pageUp(long value) {
        return (value + PAGE - 1) & -PAGE;
    }
}
