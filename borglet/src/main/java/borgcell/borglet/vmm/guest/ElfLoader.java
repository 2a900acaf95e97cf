package borgcell.borglet.vmm.guest;

import borgcell.borglet.vmm.arch.GuestLayout;
import borgcell.borglet.vmm.memory.UserMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Copies an ELF's loadable segments into guest memory. Guest memory is identity-mapped and
 * fresh (zero), so a segment is its file bytes at its address, and bss needs no clearing.
 * The image must sit between {@link GuestLayout#USER_BASE} and the stack reservation.
 */
public final class ElfLoader {

    private ElfLoader() {}

    /** Where the image goes: its load bias and extent. */
    public record Placement(long bias, long start, long end) {}

    /**
     * Where the program would go in {@code ram} bytes of guest memory; throws when it would not
     * fit between the VMM's low memory and the stack.
     */
    public static Placement placement(ElfFile elf, long ram) throws ElfException {
        List<ProgramHeader> loads = elf.loadSegments();
        long lowest = loads.getFirst().vaddr() & -GuestLayout.PAGE_SIZE;
        long bias = elf.positionIndependent() ? GuestLayout.PIE_BASE - lowest : 0;
        long start = lowest + bias;
        long end = loads.getLast().end() + bias;
        long limit = GuestLayout.stackBottom(ram);
        if (start < GuestLayout.USER_BASE) {
            throw new ElfException("segment at 0x" + Long.toHexString(start) + " lies below 0x"
                    + Long.toHexString(GuestLayout.USER_BASE) + ", where the VMM keeps its tables (link it higher)");
        }
        if (end > limit) {
            throw new ElfException("the program needs guest memory up to 0x" + Long.toHexString(end)
                    + " but only 0x" + Long.toHexString(limit) + " is there below the stack: give the microVM more RAM");
        }
        return new Placement(bias, start, end);
    }

    public static LoadedProgram load(ElfFile elf, byte[] file, UserMemory memory) throws ElfException {
        Placement at = placement(elf, memory.end());
        List<ProgramHeader> loads = elf.loadSegments();
        for (ProgramHeader h : loads) {
            MemorySegment target = memory.slice(h.vaddr() + at.bias(), h.fileSize());
            MemorySegment.copy(file, (int) h.offset(), target, ValueLayout.JAVA_BYTE, 0, (int) h.fileSize());
        }
        return new LoadedProgram(elf.entry() + at.bias(), programHeaderAddress(elf, loads) + at.bias(),
                elf.programHeaderCount(), at.start(), at.end(), at.bias());
    }

    /** PT_PHDR when the file has one; else the load segment that covers e_phoff in the file, as Linux does. */
    private static long programHeaderAddress(ElfFile elf, List<ProgramHeader> loads) throws ElfException {
        long size = (long) elf.programHeaderCount() * ElfFile.PROGRAM_HEADER_SIZE;
        long address = -1;
        for (ProgramHeader h : elf.programHeaders()) {
            if (h.type() == ProgramHeader.PT_PHDR) {
                address = h.vaddr();
            }
        }
        if (address < 0) {
            for (ProgramHeader h : loads) {
                if (elf.programHeaderOffset() >= h.offset() && elf.programHeaderOffset() - h.offset() <= h.fileSize() - size) {
                    address = h.vaddr() + (elf.programHeaderOffset() - h.offset());
                }
            }
        }
        final long found = address;
        boolean loaded = found >= 0 && loads.stream().anyMatch(h -> found >= h.vaddr() && found - h.vaddr() <= h.fileSize() - size);
        if (!loaded) {
            // libc finds its TLS segment through AT_PHDR; without headers in memory it would read garbage.
            throw new ElfException("the program headers are not inside a loaded segment");
        }
        return found;
    }
}
