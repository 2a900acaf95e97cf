package borgcell.borglet.vmm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import borgcell.borglet.vmm.arch.GuestLayout;
import borgcell.borglet.vmm.memory.GuestMemory;
import borgcell.borglet.vmm.memory.UserMemory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every malformed or hostile ELF ends in a clean {@link ElfException} whose message says what is wrong. */
class ElfFileTest {

    private static final long RAM = 16L << 20;
    private static final int RX = ProgramHeader.PF_R | ProgramHeader.PF_X;
    private static final int RW = ProgramHeader.PF_R | ProgramHeader.PF_W;

    @Test
    void aWellFormedExecutableParsesAndLoads() throws Exception {
        byte[] file = ElfBytes.executable().bytes();
        ElfFile elf = ElfFile.parse(file);
        try (GuestMemory memory = GuestMemory.anonymous(RAM, false)) {
            LoadedProgram program = ElfLoader.load(elf, file, new UserMemory(memory, GuestLayout.USER_BASE));

            assertThat(program.entry()).isEqualTo(0x401000);
            assertThat(program.programHeaders()).isEqualTo(0x400040);
            assertThat(program.imageEnd()).isEqualTo(0x402000);
            assertThat(memory.slice(0x400000, 4).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).containsExactly(0x7f, 'E', 'L', 'F');
        }
    }

    @Test
    void aTruncatedFileIsRefused() {
        byte[] file = Arrays.copyOf(ElfBytes.executable().bytes(), 40);
        assertRefused(file, "truncated: 40 bytes, an ELF header alone is 64");
    }

    @Test
    void aFileThatIsNoElfIsRefused() {
        assertRefused("#!/bin/sh\necho this is a script, not a program\n".getBytes(StandardCharsets.US_ASCII),
                "not an ELF file (no \\x7fELF magic at the start)");
    }

    @Test
    void thirtyTwoBitAndForeignMachinesAreRefused() {
        assertRefused(ElfBytes.executable().elfClass(1).bytes(), "not a 64-bit ELF (class 1)");
        assertRefused(ElfBytes.executable().machine(183).bytes(), "built for another machine (e_machine 183)");
        assertRefused(ElfBytes.executable().type(1).bytes(), "not an executable (e_type 1");
    }

    @Test
    void programHeadersPastTheEndOfTheFileAreRefused() {
        assertRefused(ElfBytes.executable().declaredHeaders(200).fileSize(0x100).bytes(), "truncated: program headers at offset 64");
    }

    @Test
    void aSegmentWhoseBytesLieOutsideTheFileIsRefused() {
        byte[] file = new ElfBytes().segment(new ProgramHeader(ProgramHeader.PT_LOAD, RX, 0x1000, 0x400000, 0x10_0000, 0x10_0000, 0x1000))
                .bytes();
        assertRefused(file, "truncated: segment at 0x400000 wants file bytes up to 1052672, the file has 8192");
    }

    @Test
    void anOffsetThatWouldWrapAroundIsRefused() {
        byte[] file = new ElfBytes().segment(new ProgramHeader(ProgramHeader.PT_LOAD, RX, Long.MAX_VALUE - 8, 0x400000, 0x100, 0x100, 0x1000))
                .bytes();
        assertRefused(file, "truncated: segment at 0x400000 wants file bytes");
    }

    @Test
    void aFileSizeLargerThanTheMemorySizeIsRefused() {
        byte[] file = new ElfBytes().segment(new ProgramHeader(ProgramHeader.PT_LOAD, RX, 0, 0x400000, 0x2000, 0x1000, 0x1000)).bytes();
        assertRefused(file, "file size 8192 exceeds its memory size 4096");
    }

    @Test
    void overlappingSegmentsAreRefused() {
        byte[] file = ElfBytes.executable()
                .segment(new ProgramHeader(ProgramHeader.PT_LOAD, RW, 0, 0x401800, 0x100, 0x1000, 0x1000)).bytes();
        assertRefused(file, "segment at 0x401800 overlaps or precedes the segment before it");
    }

    @Test
    void oversizedSegmentsAreRefused() {
        byte[] huge = ElfBytes.executable()
                .segment(new ProgramHeader(ProgramHeader.PT_LOAD, RW, 0, 0x500000, 0, 1L << 50, 0x1000)).bytes();
        assertRefused(huge, "segment at 0x500000 of 1125899906842624 bytes does not fit in the user address space");

        byte[] biggerThanRam = ElfBytes.executable()
                .segment(new ProgramHeader(ProgramHeader.PT_LOAD, RW, 0, 0x500000, 0, 64L << 20, 0x1000)).bytes();
        assertThatThrownBy(() -> ElfLoader.placement(ElfFile.parse(biggerThanRam), RAM))
                .isInstanceOf(ElfException.class).hasMessageContaining("give the microVM more RAM");
    }

    @Test
    void anEntryPointOutsideTheCodeIsRefused() {
        assertRefused(ElfBytes.executable().entry(0x900000).bytes(), "entry point 0x900000 lies outside every executable segment");
        byte[] entryInData = ElfBytes.executable().entry(0x402800)
                .segment(new ProgramHeader(ProgramHeader.PT_LOAD, RW, 0, 0x402000, 0x1000, 0x1000, 0x1000)).bytes();
        assertRefused(entryInData, "entry point 0x402800 lies outside every executable segment");
    }

    @Test
    void aSegmentInTheVmmsLowMemoryIsRefused() throws Exception {
        byte[] low = new ElfBytes().entry(0x10000)
                .segment(new ProgramHeader(ProgramHeader.PT_LOAD, RX, 0, 0x10000, 0x2000, 0x2000, 0x1000)).bytes();
        assertThatThrownBy(() -> ElfLoader.placement(ElfFile.parse(low), RAM))
                .isInstanceOf(ElfException.class).hasMessageContaining("lies below 0x200000, where the VMM keeps its tables");
    }

    @Test
    void aDynamicallyLinkedProgramIsRefusedNamingItsInterpreter() {
        byte[] file = ElfBytes.executable()
                .segment(new ProgramHeader(ProgramHeader.PT_INTERP, ProgramHeader.PF_R, 0x1000, 0, 0, 0, 1)).bytes();
        byte[] withPath = file.clone();
        byte[] path = "/lib/ld-musl-x86_64.so.1\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(path, 0, withPath, 0x1000, path.length);
        // p_filesz of the PT_INTERP header (second header, field at +32)
        java.nio.ByteBuffer.wrap(withPath).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(64 + 56 + 32, path.length);

        assertRefused(withPath, "dynamically linked (it asks for the interpreter /lib/ld-musl-x86_64.so.1)");
    }

    @Test
    void theHostsOwnDynamicBinariesAreRefused() throws Exception {
        Path sh = Path.of("/bin/sh");
        if (Files.isRegularFile(sh)) {
            assertThatThrownBy(() -> ElfFile.parse(Files.readAllBytes(sh.toRealPath())))
                    .isInstanceOf(ElfException.class).hasMessageContaining("dynamically linked");
        }
    }

    /** Thousands of corrupted variants of a valid file: parse, place and load end cleanly or in an ElfException, nothing else. */
    @Test
    void randomlyCorruptedFilesNeverEscapeAsAnythingButElfException() throws Exception {
        byte[] valid = ElfBytes.executable()
                .segment(new ProgramHeader(ProgramHeader.PT_LOAD, RW, 0x1000, 0x403000, 0x800, 0x3000, 0x1000)).bytes();
        SplittableRandom random = new SplittableRandom(4);
        int refused = 0;
        try (GuestMemory memory = GuestMemory.anonymous(RAM, false)) {
            UserMemory user = new UserMemory(memory, GuestLayout.USER_BASE);
            for (int i = 0; i < 20_000; i++) {
                byte[] file = valid.clone();
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    // Corrupt the headers mostly: that is where the parser's trust would break.
                    int at = random.nextInt(10) < 8 ? random.nextInt(64 + 2 * 56) : random.nextInt(file.length);
                    file[at] = (byte) random.nextInt(256);
                }
                if (random.nextInt(20) == 0) {
                    file = Arrays.copyOf(file, random.nextInt(file.length));
                }
                try {
                    ElfLoader.load(ElfFile.parse(file), file, user);
                } catch (ElfException e) {
                    refused++;
                }
            }
        }
        assertThat(refused).isGreaterThan(1000);
    }

    private static void assertRefused(byte[] file, String message) {
        assertThatThrownBy(() -> ElfFile.parse(file)).isInstanceOf(ElfException.class).hasMessageContaining(message);
    }
}
