package borgcell.borglet.vmm.host;

/**
 * An ioctl request: its name (for messages) and number, encoded as asm-generic/ioctl.h does:
 * direction in bits 30-31, argument size in bits 16-29, type in 8-15, number in 0-7.
 */
public record Ioctl(String name, long number) {

    private static final long NONE = 0;
    private static final long WRITE = 1;
    private static final long READ = 2;

    /** {@code _IO(type, nr)}: no argument, or an integer passed by value. */
    public static Ioctl io(String name, int type, int nr) {
        return new Ioctl(name, encode(NONE, type, nr, 0));
    }

    /** {@code _IOR(type, nr, size)}: the kernel writes a struct of that size. */
    public static Ioctl ior(String name, int type, int nr, long size) {
        return new Ioctl(name, encode(READ, type, nr, size));
    }

    /** {@code _IOW(type, nr, size)}: the kernel reads a struct of that size. */
    public static Ioctl iow(String name, int type, int nr, long size) {
        return new Ioctl(name, encode(WRITE, type, nr, size));
    }

    /** {@code _IOWR(type, nr, size)}: both ways. */
    public static Ioctl iowr(String name, int type, int nr, long size) {
        return new Ioctl(name, encode(READ | WRITE, type, nr, size));
    }

    private static long encode(long direction, int type, int nr, long size) {
        if (size >= (1 << 14)) {
            throw new IllegalArgumentException("ioctl argument too large to encode: " + size);
        }
        return (direction << 30) | (size << 16) | ((long) type << 8) | nr;
    }
}
