package borgcell.borglet.vmm.guest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed ELF executable. {@link #parse} checks every header value against the file before
 * anything trusts it: sizes and offsets stay inside the file, no sum overflows, segments are
 * in order and do not overlap. A hostile file ends in an {@link ElfException}, nothing else.
 */
public record ElfFile(int type, long entry, long programHeaderOffset, int programHeaderCount, List<ProgramHeader> programHeaders) {

    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int EM_X86_64 = 62;
    public static final int HEADER_SIZE = 64;
    public static final int PROGRAM_HEADER_SIZE = 56;
    /** Far more than any real executable has; bounds the work a hostile header can ask for. */
    public static final int MAX_PROGRAM_HEADERS = 256;
    /** Canonical lower half: user addresses on x86-64 with 4-level paging are below 2^47. */
    public static final long ADDRESS_LIMIT = 1L << 47;

    private static final int EI_CLASS = 4;
    private static final int EI_DATA = 5;
    private static final int EI_VERSION = 6;
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int EV_CURRENT = 1;

    public static ElfFile parse(byte[] file) throws ElfException {
        if (file.length < HEADER_SIZE) {
            if (file.length >= 4 && !hasMagic(file)) {
                throw new ElfException("not an ELF file (no \\x7fELF magic at the start)");
            }
            throw new ElfException("truncated: " + file.length + " bytes, an ELF header alone is " + HEADER_SIZE);
        }
        if (!hasMagic(file)) {
            throw new ElfException("not an ELF file (no \\x7fELF magic at the start)");
        }
        if (file[EI_CLASS] != ELFCLASS64) {
            throw new ElfException("not a 64-bit ELF (class " + file[EI_CLASS] + "): only x86-64 executables run in a microVM");
        }
        if (file[EI_DATA] != ELFDATA2LSB) {
            throw new ElfException("not a little-endian ELF (data encoding " + file[EI_DATA] + ")");
        }
        if (file[EI_VERSION] != EV_CURRENT) {
            throw new ElfException("unknown ELF version " + file[EI_VERSION]);
        }
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int type = Short.toUnsignedInt(in.getShort(16));
        int machine = Short.toUnsignedInt(in.getShort(18));
        long entry = in.getLong(24);
        long phoff = in.getLong(32);
        int phentsize = Short.toUnsignedInt(in.getShort(54));
        int phnum = Short.toUnsignedInt(in.getShort(56));

        if (type != ET_EXEC && type != ET_DYN) {
            throw new ElfException("not an executable (e_type " + type + "; 1 is an object file, 4 a core dump)");
        }
        if (machine != EM_X86_64) {
            throw new ElfException("built for another machine (e_machine " + machine + "), not x86-64 (" + EM_X86_64 + ")");
        }
        if (phentsize != PROGRAM_HEADER_SIZE) {
            throw new ElfException("program header entries of " + phentsize + " bytes; ELF64 has " + PROGRAM_HEADER_SIZE);
        }
        if (phnum == 0 || phnum > MAX_PROGRAM_HEADERS) {
            throw new ElfException(phnum + " program headers; an executable has between 1 and " + MAX_PROGRAM_HEADERS);
        }
        if (!fits(phoff, (long) phnum * PROGRAM_HEADER_SIZE, file.length)) {
            throw new ElfException("truncated: program headers at offset " + Long.toUnsignedString(phoff)
                    + " run past the end of the " + file.length + "-byte file");
        }
        List<ProgramHeader> headers = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int at = (int) phoff + i * PROGRAM_HEADER_SIZE;
            headers.add(new ProgramHeader(in.getInt(at), in.getInt(at + 4), in.getLong(at + 8), in.getLong(at + 16),
                    in.getLong(at + 32), in.getLong(at + 40), in.getLong(at + 48)));
        }
        ElfFile elf = new ElfFile(type, entry, phoff, phnum, List.copyOf(headers));
        elf.check(file);
        return elf;
    }

    public List<ProgramHeader> loadSegments() {
        return programHeaders.stream().filter(h -> h.type() == ProgramHeader.PT_LOAD).toList();
    }

    /** ET_DYN without an interpreter: a static-pie, which relocates itself wherever it is loaded. */
    public boolean positionIndependent() {
        return type == ET_DYN;
    }

    private void check(byte[] file) throws ElfException {
        for (ProgramHeader h : programHeaders) {
            if (h.type() == ProgramHeader.PT_INTERP) {
                throw new ElfException("dynamically linked (it asks for the interpreter " + interpreter(h, file)
                        + "): only static executables run in a microVM");
            }
        }
        List<ProgramHeader> loads = loadSegments();
        if (loads.isEmpty()) {
            throw new ElfException("no loadable segment (PT_LOAD)");
        }
        long previousEnd = -1;
        for (ProgramHeader h : loads) {
            String which = "segment at 0x" + Long.toHexString(h.vaddr());
            if (h.offset() < 0 || h.vaddr() < 0 || h.fileSize() < 0 || h.memorySize() < 0 || h.align() < 0) {
                throw new ElfException("segment with a value beyond 2^63 (offset, address, size or alignment)");
            }
            if (h.fileSize() > h.memorySize()) {
                throw new ElfException(which + ": file size " + h.fileSize() + " exceeds its memory size " + h.memorySize());
            }
            if (!fits(h.offset(), h.fileSize(), file.length)) {
                throw new ElfException("truncated: " + which + " wants file bytes up to "
                        + Long.toUnsignedString(h.offset() + h.fileSize()) + ", the file has " + file.length);
            }
            if (!fits(h.vaddr(), h.memorySize(), ADDRESS_LIMIT)) {
                throw new ElfException(which + " of " + h.memorySize() + " bytes does not fit in the user address space");
            }
            if (h.align() > 1 && Long.bitCount(h.align()) != 1) {
                throw new ElfException(which + ": alignment " + h.align() + " is not a power of two");
            }
            if (h.vaddr() < previousEnd) {
                throw new ElfException(which + " overlaps or precedes the segment before it (PT_LOAD must be sorted and disjoint)");
            }
            previousEnd = h.end();
        }
        boolean entryInCode = loads.stream().anyMatch(h -> h.executable() && entry >= h.vaddr() && entry < h.end());
        if (!entryInCode) {
            throw new ElfException("entry point 0x" + Long.toHexString(entry) + " lies outside every executable segment");
        }
    }

    private static String interpreter(ProgramHeader h, byte[] file) {
        if (!fits(h.offset(), h.fileSize(), file.length) || h.fileSize() > 4096) {
            return "(unreadable path)";
        }
        int length = (int) h.fileSize();
        while (length > 0 && file[(int) h.offset() + length - 1] == 0) {
            length--;
        }
        return new String(file, (int) h.offset(), length, StandardCharsets.UTF_8);
    }

    private static boolean hasMagic(byte[] file) {
        return file[0] == 0x7f && file[1] == 'E' && file[2] == 'L' && file[3] == 'F';
    }

    /** {@code [offset, offset + length)} within {@code [0, limit)}, for offsets and lengths read as unsigned. */
    static boolean fits(long offset, long length, long limit) {
        return offset >= 0 && length >= 0 && offset <= limit && length <= limit - offset;
    }
}
