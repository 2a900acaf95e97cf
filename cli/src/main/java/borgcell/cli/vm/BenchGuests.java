package borgcell.cli.vm;

import borgcell.borglet.vmm.guest.TinyElf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bench's guests, hand-assembled so that {@code borg vm bench} needs no compiler: each is a
 * valid static executable that Linux runs natively too, so one file is measured both ways.
 */
public final class BenchGuests {

    private BenchGuests() {}

    /** write(1, "hello\n", 6); exit_group(0): the smallest program that says something. */
    public static byte[] hello() {
        return TinyElf.of(new byte[] {
                (byte) 0xB8, 0x01, 0x00, 0x00, 0x00,              //  0: mov eax, 1          ; write
                (byte) 0xBF, 0x01, 0x00, 0x00, 0x00,              //  5: mov edi, 1          ; stdout
                0x48, (byte) 0x8D, 0x35, 0x10, 0x00, 0x00, 0x00,  // 10: lea rsi, [rip + 16] ; the message, at 33
                (byte) 0xBA, 0x06, 0x00, 0x00, 0x00,              // 17: mov edx, 6
                0x0F, 0x05,                                       // 22: syscall
                (byte) 0xB8, (byte) 0xE7, 0x00, 0x00, 0x00,       // 24: mov eax, 231        ; exit_group
                0x31, (byte) 0xFF,                                // 29: xor edi, edi
                0x0F, 0x05,                                       // 31: syscall
                'h', 'e', 'l', 'l', 'o', '\n',                    // 33
        });
    }

    /** Counts rcx down from {@code iterations} in ring 3 (no syscall, no memory), then exit_group(0). */
    static byte[] spin(long iterations) {
        ByteBuffer code = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        code.put(new byte[] {0x48, (byte) 0xB9}).putLong(iterations);     //  0: mov rcx, iterations
        code.put(new byte[] {0x48, (byte) 0xFF, (byte) 0xC9});            // 10: dec rcx
        code.put(new byte[] {0x75, (byte) 0xFB});                         // 13: jnz 10
        code.put(new byte[] {(byte) 0xB8, (byte) 0xE7, 0x00, 0x00, 0x00}); // 15: mov eax, 231 ; exit_group
        code.put(new byte[] {0x31, (byte) 0xFF});                         // 20: xor edi, edi
        code.put(new byte[] {0x0F, 0x05});                                // 22: syscall
        return TinyElf.of(code.array());
    }

    /**
     * getppid {@code calls} times, then exit_group(0): a syscall that does next to nothing, so
     * the time per call is what getting to the VMM and back costs. The count is in ebx because
     * {@code syscall} clobbers rcx and r11.
     */
    static byte[] getppidLoop(int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("the getppid loop needs at least one call, not " + calls);
        }
        ByteBuffer code = ByteBuffer.allocate(25).order(ByteOrder.LITTLE_ENDIAN);
        code.put((byte) 0xBB).putInt(calls);                               //  0: mov ebx, calls
        code.put(new byte[] {(byte) 0xB8, 0x6E, 0x00, 0x00, 0x00});        //  5: mov eax, 110 ; getppid
        code.put(new byte[] {0x0F, 0x05});                                 // 10: syscall
        code.put(new byte[] {(byte) 0xFF, (byte) 0xCB});                   // 12: dec ebx
        code.put(new byte[] {0x75, (byte) 0xF5});                          // 14: jnz 5
        code.put(new byte[] {(byte) 0xB8, (byte) 0xE7, 0x00, 0x00, 0x00}); // 16: mov eax, 231 ; exit_group
        code.put(new byte[] {0x31, (byte) 0xFF});                          // 21: xor edi, edi
        code.put(new byte[] {0x0F, 0x05});                                 // 23: syscall
        return TinyElf.of(code.array());
    }

    /** write(1, "r\n", 2), then nanosleep for an hour, forever: an idle service that said it is up. */
    static byte[] idle() {
        ByteBuffer code = ByteBuffer.allocate(60).order(ByteOrder.LITTLE_ENDIAN);
        code.put(new byte[] {(byte) 0xB8, 0x01, 0x00, 0x00, 0x00});        //  0: mov eax, 1          ; write
        code.put(new byte[] {(byte) 0xBF, 0x01, 0x00, 0x00, 0x00});        //  5: mov edi, 1
        code.put(new byte[] {0x48, (byte) 0x8D, 0x35, 0x19, 0x00, 0x00, 0x00}); // 10: lea rsi, [rip + 25] ; "r\n" at 42
        code.put(new byte[] {(byte) 0xBA, 0x02, 0x00, 0x00, 0x00});        // 17: mov edx, 2
        code.put(new byte[] {0x0F, 0x05});                                 // 22: syscall
        code.put(new byte[] {(byte) 0xB8, 0x23, 0x00, 0x00, 0x00});        // 24: mov eax, 35         ; nanosleep
        code.put(new byte[] {0x48, (byte) 0x8D, 0x3D, 0x08, 0x00, 0x00, 0x00}); // 29: lea rdi, [rip + 8] ; timespec at 44
        code.put(new byte[] {0x31, (byte) 0xF6});                          // 36: xor esi, esi        ; no rem
        code.put(new byte[] {0x0F, 0x05});                                 // 38: syscall
        code.put(new byte[] {(byte) 0xEB, (byte) 0xEE});                   // 40: jmp 24
        code.put(new byte[] {'r', '\n'});                                  // 42
        code.putLong(3600).putLong(0);                                     // 44: { 3600 s, 0 ns }
        return TinyElf.of(code.array());
    }
}
