package borgcell.borglet.vmm;

import borgcell.borglet.vmm.guest.TinyElf;

/**
 * The built-in guest of {@link MicroVm#selfTest()}: write(1, "ok\n", 3), then exit_group(0),
 * or exit_group(1) if the write did not return 3. Hand-assembled so that the self-test needs
 * no compiler and no file on the host.
 */
final class SelfTestGuest {

    static final String OUTPUT = "ok\n";

    private static final byte[] CODE = {
            (byte) 0xB8, 0x01, 0x00, 0x00, 0x00,        //  0: mov eax, 1            ; write
            (byte) 0xBF, 0x01, 0x00, 0x00, 0x00,        //  5: mov edi, 1            ; stdout
            0x48, (byte) 0x8D, 0x35, 0x22, 0x00, 0x00, 0x00, // 10: lea rsi, [rip + 34] ; the message, at 51
            (byte) 0xBA, 0x03, 0x00, 0x00, 0x00,        // 17: mov edx, 3            ; its length
            0x0F, 0x05,                                 // 22: syscall
            0x48, (byte) 0x83, (byte) 0xF8, 0x03,       // 24: cmp rax, 3
            0x75, 0x09,                                 // 28: jne +9                ; to 39
            (byte) 0xB8, (byte) 0xE7, 0x00, 0x00, 0x00, // 30: mov eax, 231          ; exit_group
            0x31, (byte) 0xFF,                          // 35: xor edi, edi          ; status 0
            0x0F, 0x05,                                 // 37: syscall
            (byte) 0xB8, (byte) 0xE7, 0x00, 0x00, 0x00, // 39: mov eax, 231          ; exit_group
            (byte) 0xBF, 0x01, 0x00, 0x00, 0x00,        // 44: mov edi, 1            ; status 1
            0x0F, 0x05,                                 // 49: syscall
            'o', 'k', '\n',                             // 51: the message
    };

    private SelfTestGuest() {}

    static byte[] elf() {
        return TinyElf.of(CODE);
    }
}
