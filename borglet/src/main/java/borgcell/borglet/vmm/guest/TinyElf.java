package borgcell.borglet.vmm.guest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes the smallest valid static x86-64 executable around some machine code: the ELF header,
 * one program header, then the code, all in one read+execute PT_LOAD at {@link #BASE}. Used for
 * the built-in self-test guest and for tests that need a program no compiler made.
 */
public final class TinyElf {

    public static final long BASE = 0x400000;
    /** Where the code starts in the file and, offset by BASE, in memory. */
    public static final int CODE_OFFSET = ElfFile.HEADER_SIZE + ElfFile.PROGRAM_HEADER_SIZE;

    private TinyElf() {}

    /** The executable; its entry point is the first byte of {@code code}, at {@code BASE + CODE_OFFSET}. */
    public static byte[] of(byte[] code) {
        return of(code, BASE);
    }

    /** The same, loaded at {@code base} (page-aligned): the entry point is {@code base + CODE_OFFSET}. */
    public static byte[] of(byte[] code, long base) {
        int size = CODE_OFFSET + code.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2 /* 64-bit */, 1 /* little-endian */, 1 /* version */, 0 /* System V ABI */});
        b.put(new byte[8]);
        b.putShort((short) ElfFile.ET_EXEC);
        b.putShort((short) ElfFile.EM_X86_64);
        b.putInt(1);                                  // e_version
        b.putLong(base + CODE_OFFSET);                // e_entry
        b.putLong(ElfFile.HEADER_SIZE);               // e_phoff: right after this header
        b.putLong(0);                                 // e_shoff: no section headers
        b.putInt(0);                                  // e_flags
        b.putShort((short) ElfFile.HEADER_SIZE);      // e_ehsize
        b.putShort((short) ElfFile.PROGRAM_HEADER_SIZE);
        b.putShort((short) 1);                        // e_phnum
        b.putShort((short) 64);                       // e_shentsize
        b.putShort((short) 0);                        // e_shnum
        b.putShort((short) 0);                        // e_shstrndx
        b.putInt(ProgramHeader.PT_LOAD);
        b.putInt(ProgramHeader.PF_R | ProgramHeader.PF_X);
        b.putLong(0);                                 // p_offset: the whole file,
        b.putLong(base);                              // p_vaddr: at base
        b.putLong(base);                              // p_paddr
        b.putLong(size);                              // p_filesz
        b.putLong(size);                              // p_memsz
        b.putLong(0x1000);                            // p_align
        b.put(code);
        return b.array();
    }
}
