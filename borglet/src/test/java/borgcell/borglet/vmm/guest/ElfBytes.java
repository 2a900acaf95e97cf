package borgcell.borglet.vmm.guest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds ELF files header by header, so a test can make exactly the malformed one it means. */
final class ElfBytes {

    private int elfClass = 2;
    private int machine = ElfFile.EM_X86_64;
    private int type = ElfFile.ET_EXEC;
    private long entry = 0x401000;
    private int declaredHeaders = -1;
    private int fileSize = 0x2000;
    private final List<ProgramHeader> headers = new ArrayList<>();

    static ElfBytes executable() {
        return new ElfBytes().segment(new ProgramHeader(ProgramHeader.PT_LOAD, ProgramHeader.PF_R | ProgramHeader.PF_X,
                0, 0x400000, 0x2000, 0x2000, 0x1000));
    }

    ElfBytes segment(ProgramHeader header) {
        headers.add(header);
        return this;
    }

    ElfBytes elfClass(int value) { elfClass = value; return this; }
    ElfBytes machine(int value) { machine = value; return this; }
    ElfBytes type(int value) { type = value; return this; }
    ElfBytes entry(long value) { entry = value; return this; }
    ElfBytes declaredHeaders(int value) { declaredHeaders = value; return this; }
    ElfBytes fileSize(int value) { fileSize = value; return this; }

    byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(Math.max(fileSize, 64 + 56 * headers.size())).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, 1, 1, 0}).put(new byte[8]);
        b.putShort((short) type).putShort((short) machine).putInt(1).putLong(entry).putLong(64).putLong(0).putInt(0);
        b.putShort((short) 64).putShort((short) 56).putShort((short) (declaredHeaders < 0 ? headers.size() : declaredHeaders));
        b.putShort((short) 64).putShort((short) 0).putShort((short) 0);
        for (ProgramHeader h : headers) {
            b.putInt(h.type()).putInt(h.flags()).putLong(h.offset()).putLong(h.vaddr()).putLong(h.vaddr())
                    .putLong(h.fileSize()).putLong(h.memorySize()).putLong(h.align());
        }
        return b.array();
    }
}
