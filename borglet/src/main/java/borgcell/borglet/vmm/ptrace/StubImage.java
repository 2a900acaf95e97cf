package borgcell.borglet.vmm.ptrace;

import borgcell.borglet.vmm.guest.TinyElf;
import borgcell.borglet.vmm.host.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The stub process's program: a static x86-64 executable of 245 bytes, written here (no
 * compiler, no file of ours on the host: it is executed from a memfd). Linked far above any
 * guest address, so guest memory can be mapped below it at the guest's own addresses.
 *
 * <pre>
 * entry:  read(0, rsp - 16, 1)      block on the Borglet's pipe until it has seized the stub;
 *         exit_group(1)             EOF: the Borglet died before that, so go
 * inject: syscall                   every syscall the Borglet makes the stub do, then
 *         int3                      back to the tracer
 * data:   the seccomp filter, its sock_fprog, and the stub's name
 * </pre>
 *
 * The seccomp filter lets a syscall through only from {@link #INJECT}, for x86-64, and kills the
 * process for any other. Guest syscalls never get that far (PTRACE_SYSEMU stops and skips
 * them first); the filter is for what ptrace does not see: the vsyscall page, which the kernel
 * emulates without a syscall stop, and anything that might run while the tracer is not in
 * control.
 */
final class StubImage {

    /**
     * 256 GiB: above the most guest memory can reach (64 GiB), far below the kernel's mmap area,
     * and in the same 512 GiB as guest memory, so the two share their top-level page tables.
     */
    static final long BASE = 0x40_0000_0000L;
    static final long ENTRY = BASE + TinyElf.CODE_OFFSET;
    /** The {@code syscall} instruction injected calls run at. */
    static final long INJECT = ENTRY + 28;
    /** Where rip is while such a syscall runs (seccomp's instruction_pointer): just after it, at the int3. */
    static final long INJECT_RETURN = INJECT + 2;
    static final long FILTER_PROGRAM = ENTRY + 32;
    private static final long FILTER = ENTRY + 48;
    static final long NAME = ENTRY + 112;
    static final String PROCESS_NAME = "microvm-stub";

    private static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    private static final int SECCOMP_RET_ALLOW = 0x7FFF0000;
    private static final int SECCOMP_RET_KILL_PROCESS = 0x80000000;
    private static final short BPF_LD_W_ABS = 0x20;
    private static final short BPF_JEQ_K = 0x15;
    private static final short BPF_RET_K = 0x06;
    private static final int SECCOMP_DATA_ARCH = 4;
    private static final int SECCOMP_DATA_IP = 8;

    private static final byte[] CODE = {
            0x31, (byte) 0xC0,                              //  0: xor eax, eax          ; read
            0x31, (byte) 0xFF,                              //  2: xor edi, edi          ; fd 0, the pipe
            0x48, (byte) 0x8D, 0x74, 0x24, (byte) 0xF0,     //  4: lea rsi, [rsp - 16]
            (byte) 0xBA, 0x01, 0x00, 0x00, 0x00,            //  9: mov edx, 1
            0x0F, 0x05,                                     // 14: syscall
            (byte) 0xB8, (byte) 0xE7, 0x00, 0x00, 0x00,     // 16: mov eax, 231          ; exit_group
            (byte) 0xBF, 0x01, 0x00, 0x00, 0x00,            // 21: mov edi, 1
            0x0F, 0x05,                                     // 26: syscall
            0x0F, 0x05,                                     // 28: syscall              ; INJECT
            (byte) 0xCC,                                    // 30: int3
            (byte) 0xCC,                                    // 31: (padding)
    };

    private static volatile String executable;
    /** Offsets in CODE of its three {@code syscall} instructions. */
    private static final int[] SYSCALLS = {14, 26, 28};

    private StubImage() {}

    /** The whole executable. */
    static byte[] elf() {
        ByteBuffer tail = ByteBuffer.allocate(16 + 8 * 8 + PROCESS_NAME.length() + 1).order(ByteOrder.LITTLE_ENDIAN);
        // struct sock_fprog: unsigned short len, 6 bytes of padding, struct sock_filter *filter
        tail.putShort((short) 8).put(new byte[6]).putLong(FILTER);
        // struct sock_filter: u16 code, u8 jt, u8 jf, u32 k; a jump's offsets count from the next instruction.
        filter(tail, BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_ARCH);
        filter(tail, BPF_JEQ_K, 0, 5, AUDIT_ARCH_X86_64);
        filter(tail, BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_IP);
        filter(tail, BPF_JEQ_K, 0, 3, (int) INJECT_RETURN);
        filter(tail, BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_IP + 4);
        filter(tail, BPF_JEQ_K, 0, 1, (int) (INJECT_RETURN >>> 32));
        filter(tail, BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW);
        filter(tail, BPF_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS);
        tail.put(PROCESS_NAME.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 0);
        byte[] code = new byte[CODE.length + tail.capacity()];
        System.arraycopy(CODE, 0, code, 0, CODE.length);
        System.arraycopy(tail.array(), 0, code, CODE.length, tail.capacity());
        return TinyElf.of(code, BASE);
    }

    /**
     * A path that executes the stub: {@code /proc/PID/fd/N} of a memfd holding it, made once
     * per JVM. posix_spawn opens it before the close-on-exec descriptors go.
     */
    static String executable() {
        String path = executable;
        if (path == null) {
            synchronized (StubImage.class) {
                path = executable;
                if (path == null) {
                    int fd = LibC.memfdCreate(PROCESS_NAME, LibC.MFD_CLOEXEC);
                    LibC.writeFully(fd, elf());
                    path = "/proc/" + LibC.getpid() + "/fd/" + fd;
                    executable = path;
                }
            }
        }
        return path;
    }

    /** Whether {@code address} is one of the stub's own {@code syscall} instructions (a guest may jump there). */
    static boolean isSyscallInstruction(long address) {
        for (int offset : SYSCALLS) {
            if (address == ENTRY + offset) {
                return true;
            }
        }
        return false;
    }

    private static void filter(ByteBuffer b, short code, int jt, int jf, int k) {
        b.putShort(code).put((byte) jt).put((byte) jf).putInt(k);
    }
}
