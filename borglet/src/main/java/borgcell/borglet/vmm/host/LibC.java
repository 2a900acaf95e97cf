package borgcell.borglet.vmm.host;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc functions the VMM needs, as FFM downcalls. Each failing call throws a
 * {@link NativeCallException} naming the call and errno; calls interrupted by a signal are
 * retried, except where the caller must see the interruption ({@link #ioctlInterruptible}).
 */
public final class LibC {

    public static final int O_RDWR = 2;
    public static final int O_CLOEXEC = 0x80000;

    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_NORESERVE = 0x4000;

    public static final int MADV_DONTNEED = 4;
    /** Frees a shared mapping's backing pages (a memfd's): the range reads zeros afterwards. */
    public static final int MADV_REMOVE = 9;
    public static final int MFD_CLOEXEC = 1;
    private static final long PAGE_SIZE = 4096;
    public static final int MADV_HUGEPAGE = 14;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** One errno slot per thread: the vCPU thread and the callers that build a VM each have their own. */
    private static final ThreadLocal<MemorySegment> CALL_STATE_SLOT =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    // open(const char *path, int flags, ...): the mode is variadic.
    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    // ioctl(int fd, unsigned long request, ...): the argument is variadic, an integer or a pointer.
    private static final MethodHandle IOCTL_LONG = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL_POINTER = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = downcall("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle MADVISE = downcall("madvise",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MEMFD_CREATE = downcall("memfd_create",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FTRUNCATE = downcall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle WRITE = downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle PIPE2 = downcall("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETPID = plainDowncall("getpid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle MINCORE = downcall("mincore",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));

    private LibC() {}

    public static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            while (true) {
                int fd = (int) OPEN.invokeExact(state(), cPath, flags, 0);
                if (fd >= 0) {
                    return fd;
                }
                int errno = errno();
                if (errno != Errno.EINTR) {
                    throw new NativeCallException("open(" + path + ")", errno);
                }
            }
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    public static void close(int fd) {
        try {
            // close is never retried on EINTR: on Linux the descriptor is gone either way.
            if ((int) CLOSE.invokeExact(state(), fd) < 0) {
                throw new NativeCallException("close", errno());
            }
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** {@code ioctl(fd, request, value)} with an integer argument; returns the result (often an fd). */
    public static int ioctl(int fd, Ioctl request, long value) {
        try {
            while (true) {
                int result = (int) IOCTL_LONG.invokeExact(state(), fd, request.number(), value);
                if (result >= 0) {
                    return result;
                }
                int errno = errno();
                if (errno != Errno.EINTR) {
                    throw new NativeCallException(request.name(), errno);
                }
            }
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** {@code ioctl(fd, request, pointer)} with a struct argument. */
    public static int ioctl(int fd, Ioctl request, MemorySegment argument) {
        while (true) {
            int result = ioctlInterruptible(fd, request, argument);
            if (result >= 0) {
                return result;
            }
        }
    }

    /**
     * {@code ioctl(fd, request, pointer)} that returns -1 on EINTR instead of retrying: for
     * {@code KVM_RUN}, where EINTR is how a kicked vCPU comes back.
     */
    public static int ioctlInterruptible(int fd, Ioctl request, MemorySegment argument) {
        try {
            int result = (int) IOCTL_POINTER.invokeExact(state(), fd, request.number(), argument);
            if (result >= 0) {
                return result;
            }
            int errno = errno();
            if (errno == Errno.EINTR) {
                return -1;
            }
            throw new NativeCallException(request.name(), errno);
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** An anonymous memory file ({@code memfd_create}), empty until {@link #ftruncate}. */
    public static int memfdCreate(String name, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) MEMFD_CREATE.invokeExact(state(), arena.allocateFrom(name), flags);
            if (fd < 0) {
                throw new NativeCallException("memfd_create(" + name + ")", errno());
            }
            return fd;
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    public static void ftruncate(int fd, long length) {
        try {
            while ((int) FTRUNCATE.invokeExact(state(), fd, length) < 0) {
                if (errno() != Errno.EINTR) {
                    throw new NativeCallException("ftruncate(" + length + ")", errno());
                }
            }
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** Writes all of {@code bytes} to {@code fd}. */
    public static void writeFully(int fd, byte[] bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, buffer, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
            long done = 0;
            while (done < bytes.length) {
                long n = (long) WRITE.invokeExact(state(), fd, buffer.asSlice(done), (long) bytes.length - done);
                if (n < 0 && errno() != Errno.EINTR) {
                    throw new NativeCallException("write", errno());
                }
                done += Math.max(n, 0);
            }
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** A pipe: {read end, write end}. */
    public static int[] pipe(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            if ((int) PIPE2.invokeExact(state(), fds, flags) < 0) {
                throw new NativeCallException("pipe2", errno());
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** This process's id (the JVM's). */
    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** Maps {@code length} bytes (of {@code fd}, or anonymous memory when fd is -1); never returns MAP_FAILED. */
    public static MemorySegment mmap(long length, int prot, int flags, int fd, String what) {
        try {
            MemorySegment address = (MemorySegment) MMAP.invokeExact(state(), MemorySegment.NULL, length, prot, flags, fd, 0L);
            if (address.address() == -1L) {
                throw new NativeCallException("mmap(" + what + ", " + length + " bytes)", errno());
            }
            return address.reinterpret(length);
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    public static void munmap(MemorySegment mapping) {
        try {
            if ((int) MUNMAP.invokeExact(state(), mapping, mapping.byteSize()) < 0) {
                throw new NativeCallException("munmap", errno());
            }
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    public static void madvise(MemorySegment range, int advice) {
        try {
            if ((int) MADVISE.invokeExact(state(), range, range.byteSize(), advice) < 0) {
                throw new NativeCallException("madvise(" + advice + ")", errno());
            }
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** Bytes of a page-aligned mapping that are resident in host memory (mincore(2)); for accounting, not control. */
    public static long residentBytes(MemorySegment range) {
        long pages = (range.byteSize() + PAGE_SIZE - 1) / PAGE_SIZE;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vector = arena.allocate(pages);
            if ((int) MINCORE.invokeExact(state(), range, range.byteSize(), vector) < 0) {
                throw new NativeCallException("mincore", errno());
            }
            long resident = 0;
            for (long i = 0; i < pages; i++) {
                resident += vector.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) & 1;
            }
            return resident * PAGE_SIZE;
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    public static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = CAPTURE_ERRNO;
        System.arraycopy(options, 0, all, 1, options.length);
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, all);
    }

    /** A downcall without errno capture, for functions that return their error (pthread_*). */
    public static MethodHandle plainDowncall(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    public static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    public static MemorySegment state() {
        return CALL_STATE_SLOT.get();
    }

    public static int errno() {
        return (int) ERRNO.get(CALL_STATE_SLOT.get(), 0L);
    }

    public static RuntimeException rethrown(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
