package borgcell.borglet.vmm.guest;

import borgcell.borglet.vmm.arch.GuestLayout;
import borgcell.borglet.vmm.memory.UserMemory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The System V x86-64 initial process stack, built at the top of guest RAM:
 *
 * <pre>
 * rsp →  argc
 *        argv[0..argc-1], NULL
 *        envp[0..n-1], NULL
 *        auxv (key, value) pairs, AT_NULL
 *        padding
 *        16 random bytes (AT_RANDOM), the argument and environment strings
 * top →  (end of RAM)
 * </pre>
 *
 * rsp is 16-byte aligned, as the ABI requires at process entry.
 */
public final class InitialStack {

    /** Like Linux, arguments and environment may use at most a quarter of the stack. */
    static final int STRINGS_SHARE = 4;

    private InitialStack() {}

    /** Writes the stack and returns the initial rsp. */
    public static long build(UserMemory memory, LoadedProgram program, List<String> argv, List<String> envp,
                             byte[] random, Identity identity) throws ElfException {
        if (random.length != 16) {
            throw new IllegalArgumentException("AT_RANDOM takes 16 bytes");
        }
        long top = memory.end();
        long budget = GuestLayout.stackReserve(top) / STRINGS_SHARE;
        long cursor = top - 16; // keep the very top free: nothing reads past the last string

        List<Long> argvPointers = new ArrayList<>();
        List<Long> envpPointers = new ArrayList<>();
        long used = 0;
        for (List<String> strings : List.of(argv, envp)) {
            for (String s : strings) {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                used += bytes.length + 1L;
                if (used > budget) {
                    throw new ElfException("arguments and environment take more than " + budget
                            + " bytes (a quarter of the stack): give the microVM more RAM or pass less");
                }
                cursor -= bytes.length + 1L;
                memory.write(cursor, bytes);
                memory.slice(cursor + bytes.length, 1).fill((byte) 0);
                (strings == argv ? argvPointers : envpPointers).add(cursor);
            }
        }
        cursor -= random.length;
        long randomAt = cursor;
        memory.write(randomAt, random);
        long execfn = argvPointers.isEmpty() ? 0 : argvPointers.getFirst();

        long[] aux = {
                AuxVector.AT_PHDR, program.programHeaders(),
                AuxVector.AT_PHENT, ElfFile.PROGRAM_HEADER_SIZE,
                AuxVector.AT_PHNUM, program.programHeaderCount(),
                AuxVector.AT_PAGESZ, GuestLayout.PAGE_SIZE,
                AuxVector.AT_BASE, 0,
                AuxVector.AT_FLAGS, 0,
                AuxVector.AT_ENTRY, program.entry(),
                AuxVector.AT_UID, identity.uid(),
                AuxVector.AT_EUID, identity.uid(),
                AuxVector.AT_GID, identity.gid(),
                AuxVector.AT_EGID, identity.gid(),
                AuxVector.AT_SECURE, 0,
                AuxVector.AT_CLKTCK, 100,
                AuxVector.AT_RANDOM, randomAt,
                AuxVector.AT_EXECFN, execfn,
                AuxVector.AT_NULL, 0,
        };
        long words = 1 + argvPointers.size() + 1 + envpPointers.size() + 1 + aux.length;
        long rsp = (cursor - words * 8) & -16L;
        long at = rsp;
        memory.writeLong(at, argvPointers.size());
        at += 8;
        for (long p : argvPointers) {
            memory.writeLong(at, p);
            at += 8;
        }
        memory.writeLong(at, 0);
        at += 8;
        for (long p : envpPointers) {
            memory.writeLong(at, p);
            at += 8;
        }
        memory.writeLong(at, 0);
        at += 8;
        for (long word : aux) {
            memory.writeLong(at, word);
            at += 8;
        }
        return rsp;
    }

    /** The user and group the guest believes it runs as (also what getuid and friends answer). */
    public record Identity(long uid, long gid) {}
}
