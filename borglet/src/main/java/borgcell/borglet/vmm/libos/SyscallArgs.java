package borgcell.borglet.vmm.libos;

/** A syscall as the guest made it: number in rax, arguments in rdi, rsi, rdx, r10, r8, r9. */
public record SyscallArgs(long number, long a0, long a1, long a2, long a3, long a4, long a5) {

    public static SyscallArgs of(long number, long... args) {
        long[] a = java.util.Arrays.copyOf(args, 6);
        return new SyscallArgs(number, a[0], a[1], a[2], a[3], a[4], a[5]);
    }

    /** An int argument: Linux reads the low 32 bits of the register. */
    public int int0() { return (int) a0; }
    public int int1() { return (int) a1; }
    public int int2() { return (int) a2; }
    public int int3() { return (int) a3; }
    public int int4() { return (int) a4; }
}
