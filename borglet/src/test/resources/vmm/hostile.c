/*
 * A guest that tries to reach past the library OS. Each attempt prints what it got; one that
 * reached the host kernel would print what the host has (a real pid, the host's hostname, a
 * child, a file of the Borglet's) instead of what the library OS answers.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *what, long r) {
    printf("%s: %ld%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
}

static void report_raw(const char *what, long r) {
    printf("%s: %ld%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerror((int) -r) : "");
}

static long raw(long number, long a0, long a1, long a2) {
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(number), "D"(a0), "S"(a1), "d"(a2) : "rcx", "r11", "memory");
    return r;
}

int main(int argc, char **argv) {
    const char *what = argc > 1 ? argv[1] : "all";
    if (strcmp(what, "all") == 0) {
        report("getpid", getpid());
        report("getppid", getppid());
        report("kill parent", kill(getppid(), SIGKILL));
        report("kill group", kill(0, SIGKILL));
        report("kill init", kill(1, SIGKILL));
        report("ptrace traceme", syscall(SYS_ptrace, 0, 0, 0, 0));
        report_raw("fork", raw(SYS_fork, 0, 0, 0));
        report_raw("vfork", raw(SYS_vfork, 0, 0, 0));
        report_raw("clone", raw(SYS_clone, SIGCHLD, 0, 0));
        char *args[] = {"/bin/sh", "-c", "echo escaped", NULL};
        report_raw("execve", raw(SYS_execve, (long) "/bin/sh", (long) args, 0));
        int fd = open("/etc/hostname", O_RDONLY);
        if (fd < 0) {
            report("open /etc/hostname", fd);
        } else {
            char name[128] = {0};
            read(fd, name, sizeof name - 1);
            close(fd);
            printf("/etc/hostname says: %s", name);
        }
        report("open /proc/self/maps", open("/proc/self/maps", O_RDONLY));
        /* Only sandbox files map (as copies); the guest has none open now, and the Borglet's own descriptors are not its. */
        long mapped = 0;
        for (int n = 0; n < 1024; n++) {
            void *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, n, 0);
            if (p != MAP_FAILED) {
                mapped++;
            }
        }
        report("mmap of descriptors 0-1023 that map", mapped);
        report("memfd_create", syscall(SYS_memfd_create, "x", 0));
        report("socket", syscall(SYS_socket, 2, 1, 0));
        report("personality", syscall(SYS_personality, 0xffffffff));
        report("seccomp", syscall(SYS_seccomp, 0, 0, 0));
        report("prctl", syscall(SYS_prctl, 15, (long) "evil", 0, 0, 0));
        printf("done\n");
        return 0;
    }
    printf("about to try %s\n", what);
    fflush(stdout);
    if (strcmp(what, "int80") == 0) {
        long r;
        __asm__ volatile("int $0x80" : "=a"(r) : "a"(20) : "memory");   /* getpid, the 32-bit way */
        printf("int 0x80 returned %ld\n", r);
    } else if (strcmp(what, "jump") == 0 && argc > 2) {
        void (*target)(void) = (void (*)(void)) strtoul(argv[2], NULL, 16);
        target();                                                      /* the vDSO or the vsyscall page */
        printf("came back from %s\n", argv[2]);
    } else if (strcmp(what, "compat") == 0) {
        /* Far return into 32-bit code (cs 0x23), where syscall and int 0x80 mean the i386 ABI. */
        long r;
        __asm__ volatile(
            "lea 1f(%%rip), %%rcx\n"
            "pushq $0x23\n"
            "pushq %%rcx\n"
            "lretq\n"
            "1: .code32\n"
            "movl $20, %%eax\n"
            "int $0x80\n"
            ".code64\n"
            : "=a"(r) : : "rcx", "memory");
        printf("32-bit code returned %ld\n", r);
    }
    printf("survived %s\n", what);
    return 0;
}
