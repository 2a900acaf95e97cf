/*
 * systrap_estimate.c - estimate of what a gVisor-style "systrap" platform
 * would cost per guest syscall on this host, next to the ptrace (SYSEMU)
 * platform we use today.
 *
 * THIS IS AN ESTIMATE FOR A DESIGN DECISION, NOT A TEST.  It asserts nothing
 * about the project; the numbers depend on the CPU, the hypervisor, the
 * kernel and whatever else runs on the machine.  It was written from the
 * description of the idea, not from gVisor's code.
 *
 * Build and run (from the repository root):
 *
 *     gcc -O2 -o /tmp/systrap_estimate docs/probes/systrap_estimate.c && /tmp/systrap_estimate
 *
 * (musl-gcc -O2 -static works as well.)  No arguments.  Needs fork, ptrace of
 * its own child and seccomp filters (no root needed, no /dev/kvm needed).
 * Takes roughly 15-40 s.  Prints a table, then ONE JSON line (the last line).
 * Run it on an otherwise idle machine: it reports how much CPU other
 * processes used meanwhile (background_cpu_pct); the cross-CPU and spinning
 * numbers are meaningless when the other CPU is busy.
 *
 * What is measured.  Each benchmark runs a warm-up, picks N so that one
 * repetition takes about REP_BUDGET_NS (N capped at 100,000), then runs REPS
 * repetitions of N iterations; the reported value is the MEDIAN over the
 * repetitions of (elapsed / N), in ns per iteration, timed with
 * clock_gettime(CLOCK_MONOTONIC).  "getppid" stands for "a guest syscall":
 * it is issued with a raw `syscall` instruction.
 *
 *  native_getppid_ns        plain getppid() loop: the native syscall floor.
 *  sigsys_trap_ns           a child with a seccomp filter returning
 *                           SECCOMP_RET_TRAP for getppid (everything else
 *                           allowed); the SIGSYS handler sets the ucontext
 *                           RAX to a constant and returns.  = trap + signal
 *                           frame setup + handler + rt_sigreturn, no second
 *                           process.  The in-stub half of systrap.
 *  futex_pingpong_*_ns      request/reply round trip between two processes
 *                           over a MAP_SHARED page, waiting with FUTEX_WAIT
 *                           and waking with FUTEX_WAKE (no spinning):
 *                           unpinned, both pinned to the same CPU, pinned to
 *                           two different CPUs.  The waker only calls
 *                           FUTEX_WAKE when the waiter announced it is (about
 *                           to be) asleep (Dekker-style flag, seq_cst), as a
 *                           real implementation would.
 *  spin_pingpong_ns         the same round trip, both sides spinning on the
 *                           shared word with `pause`, pinned to different
 *                           CPUs: best case when a core can be burnt spinning.
 *  systrap_full_*_ns        the whole systrap path: a "stub" child with the
 *                           RET_TRAP filter whose SIGSYS handler copies the
 *                           syscall number and the six argument registers to
 *                           the shared page, wakes the "server" process and
 *                           waits for the reply, then stores the result in
 *                           the ucontext RAX and returns (rt_sigreturn).  The
 *                           server answers with a constant.  Variants:
 *                             futex only (unpinned / same CPU / other CPU),
 *                             spin-then-futex (both sides spin up to
 *                             SPIN_LIMIT_NS ~2 us, then FUTEX_WAIT;
 *                             unpinned / other CPU; plus one unpinned
 *                             run spinning up to SPIN_LONG_NS ~20 us),
 *                             pure spin, pinned to different CPUs.
 *                           systrap_full_ns is the futex-only unpinned one.
 *  ptrace_sysemu_*_ns       the floor of our ptrace platform, in C without a
 *                           JVM: a child looping on getppid, traced with
 *                           PTRACE_SEIZE; per syscall the tracer does waitpid,
 *                           PTRACE_GETREGS, PTRACE_SETREGS (rax), PTRACE_SYSEMU.
 *                           Unpinned / same CPU / other CPU.
 *
 * Not measured: the server-side work of really emulating a syscall, the
 * extra cost of a big seccomp filter, page faults and signals other than
 * SIGSYS, multi-threaded guests.  The seccomp filter is installed with flags
 * 0 (the kernel's default speculation mitigation policy applies).
 * Children are killed (PDEATHSIG, PTRACE_O_EXITKILL, explicit kill, a
 * watchdog alarm) when the parent exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#if !defined(__x86_64__)
#error "x86-64 only"
#endif

/* ---- constants defined locally so that no kernel headers are needed ---- */
#define MY_FUTEX_WAIT 0
#define MY_FUTEX_WAKE 1
#define MY_SECCOMP_MODE_FILTER 2
#define MY_SECCOMP_RET_TRAP 0x00030000U
#define MY_SECCOMP_RET_ALLOW 0x7fff0000U
#define MY_AUDIT_ARCH_X86_64 0xc000003eU
#define MY_SECCOMP_DATA_NR_OFF 0   /* offsetof(struct seccomp_data, nr) */
#define MY_SECCOMP_DATA_ARCH_OFF 4 /* offsetof(struct seccomp_data, arch) */
#define MY_BPF_LD_W_ABS 0x20       /* BPF_LD | BPF_W | BPF_ABS */
#define MY_BPF_JEQ_K 0x15          /* BPF_JMP | BPF_JEQ | BPF_K */
#define MY_BPF_RET_K 0x06          /* BPF_RET | BPF_K */
#define MY_PTRACE_SEIZE 0x4206
#define MY_PTRACE_SYSEMU 31
#define MY_PTRACE_GETREGS 12
#define MY_PTRACE_SETREGS 13
#define MY_PTRACE_O_TRACESYSGOOD 0x1
#define MY_PTRACE_O_EXITKILL 0x100000

struct my_sock_filter { uint16_t code; uint8_t jt, jf; uint32_t k; };
struct my_sock_fprog { unsigned short len; struct my_sock_filter *filter; };

/* ---- tunables ---- */
#define REPS 5
#define MAX_N 100000L
#define MIN_N 1000L
#define WARMUP_N 2000L
#define REP_BUDGET_NS 400000000.0 /* ~0.4 s per repetition at most */
#define SPIN_LIMIT_NS 2000.0      /* spin-then-futex: spin ~2 us */
#define SPIN_LONG_NS 20000.0      /* extra variant: spin ~20 us */
#define BENCH_TIMEOUT_S 30        /* watchdog per benchmark */

#define VAL_TRAP 4243   /* returned by the trap-only SIGSYS handler */
#define VAL_SERVER 4242 /* returned by the server */
#define VAL_PTRACE 4244 /* set by the ptrace tracer */
#define NR_STOP (-1L)   /* request that stops the server */

enum mode { MODE_FUTEX, MODE_SPIN_FUTEX, MODE_SPIN };

/* ---- raw syscalls (no errno, usable in signal handlers) ---- */
static inline long raw_syscall0(long nr)
{
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
    return ret;
}

static inline long raw_syscall4(long nr, long a1, long a2, long a3, long a4)
{
    long ret;
    register long r10 __asm__("r10") = a4;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
                     : "rcx", "r11", "memory");
    return ret;
}

static inline long raw_getppid(void) { return raw_syscall0(SYS_getppid); }
static inline void cpu_relax(void) { __asm__ volatile("pause" ::: "memory"); }

static inline double now_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        /* cannot really happen; keep going with a sentinel */
        return 0.0;
    }
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* ---- shared state ---- */
struct result {
    long n;
    double ns[REPS];
    long bad;   /* wrong syscall results seen */
    int err;    /* nonzero: benchmark failed */
    int done;
    char msg[160];
};

struct chan {
    _Alignas(64) atomic_uint req_seq;  /* written by client */
    atomic_uint req_sleep;             /* server is (about to be) in FUTEX_WAIT */
    long nr;
    long args[6];
    _Alignas(64) atomic_uint resp_seq; /* written by server */
    atomic_uint resp_sleep;            /* client is (about to be) in FUTEX_WAIT */
    long result;
    _Alignas(64) atomic_int error;
};

static long g_spin_iters; /* pause-loop iterations before FUTEX_WAIT */
static double g_pause_ns; /* cost of one spin iteration (calibrated) */

static void set_spin_limit(double ns)
{
    g_spin_iters = g_pause_ns > 0 ? (long)(ns / g_pause_ns) : 1000;
    if (g_spin_iters < 10)
        g_spin_iters = 10;
}

static void set_err(struct result *r, const char *what, int e)
{
    r->err = 1;
    snprintf(r->msg, sizeof r->msg, "%s: %s", what, strerror(e));
}

/* Wait until *word != old.  Returns 0, or -errno on a futex failure. */
static long wait_change(atomic_uint *word, atomic_uint *sleepflag, unsigned old,
                        int mode)
{
    if (mode != MODE_FUTEX) {
        for (long i = 0; mode == MODE_SPIN || i < g_spin_iters; i++) {
            if (atomic_load_explicit(word, memory_order_acquire) != old)
                return 0;
            cpu_relax();
        }
    }
    for (;;) {
        atomic_store_explicit(sleepflag, 1, memory_order_seq_cst);
        if (atomic_load_explicit(word, memory_order_seq_cst) != old) {
            atomic_store_explicit(sleepflag, 0, memory_order_relaxed);
            return 0;
        }
        long r = raw_syscall4(SYS_futex, (long)word, MY_FUTEX_WAIT, (long)old, 0);
        if (r < 0 && r != -EAGAIN && r != -EINTR) {
            atomic_store_explicit(sleepflag, 0, memory_order_relaxed);
            return r;
        }
    }
}

/* Publish a new value and wake the other side if it may be asleep. */
static long post(atomic_uint *word, atomic_uint *sleepflag, unsigned v)
{
    atomic_store_explicit(word, v, memory_order_seq_cst);
    if (atomic_load_explicit(sleepflag, memory_order_seq_cst)) {
        long r = raw_syscall4(SYS_futex, (long)word, MY_FUTEX_WAKE, 1, 0);
        if (r < 0)
            return r;
    }
    return 0;
}

/* Client side: one request/reply round trip.  Async-signal-safe. */
static long chan_call(struct chan *c, long nr, const long args[6], int mode)
{
    unsigned s = atomic_load_explicit(&c->req_seq, memory_order_relaxed) + 1;
    c->nr = nr;
    for (int i = 0; i < 6; i++)
        c->args[i] = args[i];
    long r = post(&c->req_seq, &c->req_sleep, s);
    if (r == 0)
        r = wait_change(&c->resp_seq, &c->resp_sleep, s - 1, mode);
    if (r < 0) {
        atomic_store(&c->error, (int)-r);
        return r;
    }
    return c->result;
}

/* Server side: answer every request with VAL_SERVER until NR_STOP. */
static int server_loop(struct chan *c, int mode)
{
    unsigned last = 0;
    for (;;) {
        long r = wait_change(&c->req_seq, &c->req_sleep, last, mode);
        if (r < 0) {
            atomic_store(&c->error, (int)-r);
            return 1;
        }
        last = atomic_load_explicit(&c->req_seq, memory_order_acquire);
        long nr = c->nr;
        long sum = 0; /* touch the arguments, as a real server would */
        for (int i = 0; i < 6; i++)
            sum += c->args[i];
        (void)sum;
        c->result = (nr == NR_STOP) ? 0 : VAL_SERVER;
        r = post(&c->resp_seq, &c->resp_sleep, last);
        if (r < 0) {
            atomic_store(&c->error, (int)-r);
            return 1;
        }
        if (nr == NR_STOP)
            return 0;
    }
}

/* ---- benchmark driver ---- */
typedef int (*loop_fn)(long n, void *ctx, struct result *res);

static void run_reps(loop_fn fn, void *ctx, struct result *res)
{
    double t0 = now_ns();
    if (fn(WARMUP_N, ctx, res) != 0)
        return;
    double per = (now_ns() - t0) / WARMUP_N;
    long n = per > 0 ? (long)(REP_BUDGET_NS / per) : MAX_N;
    if (n > MAX_N)
        n = MAX_N;
    if (n < MIN_N)
        n = MIN_N;
    res->n = n;
    for (int r = 0; r < REPS; r++) {
        t0 = now_ns();
        if (fn(n, ctx, res) != 0)
            return;
        res->ns[r] = (now_ns() - t0) / (double)n;
    }
    res->done = 1;
}

/* ---- child bookkeeping / cleanup ---- */
#define MAX_CHILDREN 8
static volatile pid_t g_children[MAX_CHILDREN];
static pid_t g_parent_pid;

static void track(pid_t p)
{
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (g_children[i] == 0) {
            g_children[i] = p;
            return;
        }
}

static void untrack(pid_t p)
{
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (g_children[i] == p)
            g_children[i] = 0;
}

static void kill_children(void)
{
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (g_children[i] > 0)
            kill(g_children[i], SIGKILL);
}

static void on_alarm(int sig)
{
    (void)sig;
    kill_children(); /* waitpid in the parent then sees the kill */
}

static void on_term(int sig)
{
    kill_children();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void child_setup(void)
{
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        _exit(120);
    if (getppid() != g_parent_pid)
        _exit(121);
    alarm(BENCH_TIMEOUT_S + 5);
}

static cpu_set_t g_orig_mask;
static int g_cpu[2] = {-1, -1};

static int pin_to(int cpu)
{
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(cpu, &s);
    return sched_setaffinity(0, sizeof s, &s);
}

static void *map_shared(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    memset(p, 0, len);
    return p;
}

/* wait for a child; returns 0 if it exited with status 0 */
static int reap(pid_t p, struct result *res, const char *who)
{
    int st;
    pid_t w;
    do {
        w = waitpid(p, &st, __WALL);
    } while (w < 0 && errno == EINTR);
    untrack(p);
    if (w < 0) {
        set_err(res, "waitpid", errno);
        return -1;
    }
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        return 0;
    if (!res->err) {
        res->err = 1;
        if (WIFSIGNALED(st))
            snprintf(res->msg, sizeof res->msg, "%s killed by signal %d%s", who,
                     WTERMSIG(st), WTERMSIG(st) == SIGKILL ? " (timeout?)" : "");
        else
            snprintf(res->msg, sizeof res->msg, "%s exit status %d", who,
                     WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    }
    return -1;
}

/* ---- 1. native ---- */
static int loop_native(long n, void *ctx, struct result *res)
{
    (void)ctx;
    for (long i = 0; i < n; i++)
        if (raw_getppid() <= 0)
            res->bad++;
    return 0;
}

/* ---- seccomp ---- */
static int install_trap_filter(void)
{
    struct my_sock_filter f[] = {
        {MY_BPF_LD_W_ABS, 0, 0, MY_SECCOMP_DATA_ARCH_OFF},
        {MY_BPF_JEQ_K, 1, 0, MY_AUDIT_ARCH_X86_64},
        {MY_BPF_RET_K, 0, 0, MY_SECCOMP_RET_ALLOW},
        {MY_BPF_LD_W_ABS, 0, 0, MY_SECCOMP_DATA_NR_OFF},
        {MY_BPF_JEQ_K, 0, 1, SYS_getppid},
        {MY_BPF_RET_K, 0, 0, MY_SECCOMP_RET_TRAP},
        {MY_BPF_RET_K, 0, 0, MY_SECCOMP_RET_ALLOW},
    };
    struct my_sock_fprog prog = {(unsigned short)(sizeof f / sizeof f[0]), f};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return -1;
    if (prctl(PR_SET_SECCOMP, MY_SECCOMP_MODE_FILTER, &prog, 0, 0) != 0)
        return -1;
    return 0;
}

static int install_sigsys(void (*h)(int, siginfo_t *, void *))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    return sigaction(SIGSYS, &sa, NULL);
}

/* ---- 2. SIGSYS trap only ---- */
static volatile long g_trap_count;
static void sigsys_const(int sig, siginfo_t *si, void *uctx)
{
    (void)sig;
    ucontext_t *uc = uctx;
    uc->uc_mcontext.gregs[REG_RAX] = (si->si_syscall == SYS_getppid) ? VAL_TRAP : -38;
    g_trap_count++;
}

static int loop_expect(long n, long expect, struct result *res)
{
    for (long i = 0; i < n; i++)
        if (raw_getppid() != expect)
            res->bad++;
    return 0;
}

static int loop_trap(long n, void *ctx, struct result *res)
{
    (void)ctx;
    return loop_expect(n, VAL_TRAP, res);
}

static void bench_sigsys(struct result *res)
{
    pid_t p = fork();
    if (p < 0) {
        set_err(res, "fork", errno);
        return;
    }
    if (p == 0) {
        child_setup();
        if (install_sigsys(sigsys_const) != 0) {
            set_err(res, "sigaction", errno);
            _exit(1);
        }
        if (install_trap_filter() != 0) {
            set_err(res, "seccomp", errno);
            _exit(1);
        }
        run_reps(loop_trap, NULL, res);
        if (g_trap_count == 0) {
            res->err = 1;
            snprintf(res->msg, sizeof res->msg, "handler never ran");
        }
        _exit(0);
    }
    track(p);
    alarm(BENCH_TIMEOUT_S);
    reap(p, res, "trap child");
    alarm(0);
}

/* ---- 3/4/5. two-process round trips ---- */
enum kind { KIND_PINGPONG, KIND_SYSTRAP };

static struct chan *g_chan;
static int g_mode;

static int loop_pingpong(long n, void *ctx, struct result *res)
{
    (void)ctx;
    static const long args[6] = {1, 2, 3, 4, 5, 6};
    for (long i = 0; i < n; i++) {
        long r = chan_call(g_chan, SYS_getppid, args, g_mode);
        if (r != VAL_SERVER) {
            res->bad++;
            if (atomic_load(&g_chan->error)) {
                set_err(res, "futex (client)", atomic_load(&g_chan->error));
                return -1;
            }
        }
    }
    return 0;
}

static void sigsys_to_server(int sig, siginfo_t *si, void *uctx)
{
    (void)sig;
    ucontext_t *uc = uctx;
    greg_t *g = uc->uc_mcontext.gregs;
    long args[6] = {g[REG_RDI], g[REG_RSI], g[REG_RDX], g[REG_R10], g[REG_R8], g[REG_R9]};
    g[REG_RAX] = chan_call(g_chan, si->si_syscall, args, g_mode);
}

static int loop_systrap(long n, void *ctx, struct result *res)
{
    (void)ctx;
    for (long i = 0; i < n; i++) {
        if (raw_getppid() != VAL_SERVER) {
            res->bad++;
            if (atomic_load(&g_chan->error)) {
                set_err(res, "futex (stub)", atomic_load(&g_chan->error));
                return -1;
            }
        }
    }
    return 0;
}

static void bench_pair(int kind, int mode, int client_cpu, int server_cpu,
                       struct result *res)
{
    struct chan *c = map_shared(sizeof(struct chan));
    g_chan = c;
    g_mode = mode;

    pid_t srv = fork();
    if (srv < 0) {
        set_err(res, "fork", errno);
        munmap(c, sizeof *c);
        return;
    }
    if (srv == 0) {
        child_setup();
        if (server_cpu >= 0 && pin_to(server_cpu) != 0)
            _exit(2);
        _exit(server_loop(c, mode));
    }
    track(srv);

    pid_t cli = fork();
    if (cli < 0) {
        set_err(res, "fork", errno);
        kill(srv, SIGKILL);
        reap(srv, res, "server");
        munmap(c, sizeof *c);
        return;
    }
    if (cli == 0) {
        child_setup();
        if (client_cpu >= 0 && pin_to(client_cpu) != 0) {
            set_err(res, "sched_setaffinity", errno);
            _exit(1);
        }
        if (kind == KIND_SYSTRAP) {
            if (install_sigsys(sigsys_to_server) != 0) {
                set_err(res, "sigaction", errno);
                _exit(1);
            }
            if (install_trap_filter() != 0) {
                set_err(res, "seccomp", errno);
                _exit(1);
            }
            run_reps(loop_systrap, NULL, res);
        } else {
            run_reps(loop_pingpong, NULL, res);
        }
        static const long none[6];
        chan_call(c, NR_STOP, none, mode); /* stop the server */
        _exit(0);
    }
    track(cli);

    alarm(BENCH_TIMEOUT_S);
    if (reap(cli, res, "client") != 0)
        kill(srv, SIGKILL);
    reap(srv, res, "server");
    alarm(0);
    if (atomic_load(&c->error) && !res->err)
        set_err(res, "futex", atomic_load(&c->error));
    munmap(c, sizeof *c);
}

/* ---- 6. ptrace SYSEMU ---- */
struct ptrace_ctx { pid_t pid; };

static int loop_ptrace(long n, void *ctx, struct result *res)
{
    pid_t pid = ((struct ptrace_ctx *)ctx)->pid;
    struct user_regs_struct regs;
    for (long i = 0; i < n; i++) {
        int st;
        pid_t w = waitpid(pid, &st, __WALL);
        if (w != pid) {
            set_err(res, "waitpid(tracee)", errno);
            return -1;
        }
        if (!WIFSTOPPED(st) || WSTOPSIG(st) != (SIGTRAP | 0x80)) {
            res->err = 1;
            snprintf(res->msg, sizeof res->msg, "unexpected tracee status 0x%x", st);
            return -1;
        }
        if (ptrace(MY_PTRACE_GETREGS, pid, NULL, &regs) != 0) {
            set_err(res, "PTRACE_GETREGS", errno);
            return -1;
        }
        if (regs.orig_rax != SYS_getppid) {
            res->err = 1;
            snprintf(res->msg, sizeof res->msg, "unexpected syscall %lld",
                     (long long)regs.orig_rax);
            return -1;
        }
        regs.rax = VAL_PTRACE;
        if (ptrace(MY_PTRACE_SETREGS, pid, NULL, &regs) != 0) {
            set_err(res, "PTRACE_SETREGS", errno);
            return -1;
        }
        if (ptrace(MY_PTRACE_SYSEMU, pid, NULL, NULL) != 0) {
            set_err(res, "PTRACE_SYSEMU", errno);
            return -1;
        }
    }
    return 0;
}

static void bench_ptrace(int tracer_cpu, int tracee_cpu, struct result *res,
                         struct result *child_res)
{
    int pfd[2];
    if (tracer_cpu >= 0 && pin_to(tracer_cpu) != 0) {
        set_err(res, "sched_setaffinity", errno);
        return;
    }
    if (pipe(pfd) != 0) {
        set_err(res, "pipe", errno);
        goto out;
    }
    pid_t p = fork();
    if (p < 0) {
        set_err(res, "fork", errno);
        close(pfd[0]);
        close(pfd[1]);
        goto out;
    }
    if (p == 0) {
        child_setup();
        if (tracee_cpu >= 0 && pin_to(tracee_cpu) != 0)
            _exit(2);
        close(pfd[1]);
        char ch;
        if (read(pfd[0], &ch, 1) != 1)
            _exit(3);
        long me = raw_syscall0(SYS_getpid);
        /* stop ourselves; the tracer resumes us with PTRACE_SYSEMU */
        raw_syscall4(SYS_kill, me, SIGSTOP, 0, 0);
        for (;;)
            if (raw_getppid() != VAL_PTRACE)
                child_res->bad++;
    }
    track(p);
    close(pfd[0]);
    alarm(BENCH_TIMEOUT_S);
    if (ptrace(MY_PTRACE_SEIZE, p, NULL,
               (void *)(long)(MY_PTRACE_O_EXITKILL | MY_PTRACE_O_TRACESYSGOOD)) != 0) {
        set_err(res, "PTRACE_SEIZE", errno);
        close(pfd[1]);
        kill(p, SIGKILL);
        reap(p, res, "tracee");
        goto out;
    }
    if (write(pfd[1], "x", 1) != 1) {
        set_err(res, "write(pipe)", errno);
        close(pfd[1]);
        kill(p, SIGKILL);
        reap(p, res, "tracee");
        goto out;
    }
    close(pfd[1]);
    int st;
    if (waitpid(p, &st, __WALL) != p || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP) {
        res->err = 1;
        snprintf(res->msg, sizeof res->msg, "tracee did not stop (status 0x%x)", st);
        kill(p, SIGKILL);
        reap(p, res, "tracee");
        goto out;
    }
    if (ptrace(MY_PTRACE_SYSEMU, p, NULL, NULL) != 0) { /* suppress SIGSTOP */
        set_err(res, "PTRACE_SYSEMU", errno);
        kill(p, SIGKILL);
        reap(p, res, "tracee");
        goto out;
    }
    struct ptrace_ctx ctx = {p};
    run_reps(loop_ptrace, &ctx, res);
    kill(p, SIGKILL);
    {
        int st2;
        pid_t w;
        do {
            w = waitpid(p, &st2, __WALL);
        } while (w < 0 && errno == EINTR);
        untrack(p);
    }
    if (child_res->bad) {
        res->bad += child_res->bad;
    }
out:
    alarm(0);
    if (sched_setaffinity(0, sizeof g_orig_mask, &g_orig_mask) != 0)
        perror("sched_setaffinity(restore)");
}

/* ---- reporting ---- */
static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct bench {
    const char *key;
    const char *desc;
    struct result *res;
    int skipped;
    double median, min, max;
};

static void summarize(struct bench *b)
{
    struct result *r = b->res;
    if (b->skipped || !r->done || r->err || r->bad) {
        b->median = -1;
        return;
    }
    double v[REPS];
    memcpy(v, r->ns, sizeof v);
    qsort(v, REPS, sizeof v[0], cmp_d);
    b->median = v[REPS / 2];
    b->min = v[0];
    b->max = v[REPS - 1];
}

/* CPU time (s) all CPUs spent busy / in total, from /proc/stat; -1 if unknown */
static int read_proc_stat(double *busy_s, double *total_s)
{
    FILE *f = fopen("/proc/stat", "r");
    if (!f)
        return -1;
    unsigned long long v[8] = {0};
    int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
                   &v[3], &v[4], &v[5], &v[6], &v[7]);
    fclose(f);
    if (n < 5)
        return -1;
    double hz = (double)sysconf(_SC_CLK_TCK);
    unsigned long long tot = 0;
    for (int i = 0; i < 8; i++)
        tot += v[i];
    *total_s = tot / hz;
    *busy_s = (tot - v[3] - v[4]) / hz;
    return 0;
}

static double own_cpu_s(void)
{
    struct rusage a, b;
    if (getrusage(RUSAGE_SELF, &a) != 0 || getrusage(RUSAGE_CHILDREN, &b) != 0)
        return -1;
    return a.ru_utime.tv_sec + a.ru_utime.tv_usec / 1e6 + a.ru_stime.tv_sec +
           a.ru_stime.tv_usec / 1e6 + b.ru_utime.tv_sec + b.ru_utime.tv_usec / 1e6 +
           b.ru_stime.tv_sec + b.ru_stime.tv_usec / 1e6;
}

static void calibrate_spin(void)
{
    atomic_uint w = 0;
    long iters = 200000;
    double t0 = now_ns();
    for (long i = 0; i < iters; i++) {
        if (atomic_load_explicit(&w, memory_order_acquire) != 0)
            break;
        cpu_relax();
    }
    g_pause_ns = (now_ns() - t0) / iters;
    set_spin_limit(SPIN_LIMIT_NS);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    g_parent_pid = getpid();

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGALRM, &sa, NULL) != 0) {
        perror("sigaction");
        return 1;
    }
    sa.sa_handler = on_term;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    atexit(kill_children);

    if (sched_getaffinity(0, sizeof g_orig_mask, &g_orig_mask) != 0) {
        perror("sched_getaffinity");
        return 1;
    }
    int ncpu = 0;
    for (int i = 0; i < CPU_SETSIZE && ncpu < 2; i++)
        if (CPU_ISSET(i, &g_orig_mask))
            g_cpu[ncpu++] = i;
    int two = ncpu >= 2;
    calibrate_spin();

    enum {
        B_NATIVE, B_TRAP, B_FUT, B_FUT_SAME, B_FUT_OTHER, B_SPIN,
        B_ST, B_ST_SAME, B_ST_OTHER, B_ST_SF, B_ST_SF_OTHER, B_ST_SF20, B_ST_SPIN,
        B_PT, B_PT_SAME, B_PT_OTHER, B_COUNT
    };
    struct result *res = map_shared(sizeof(struct result) * (B_COUNT + 1));
    struct result *scratch = &res[B_COUNT];
    struct bench b[B_COUNT] = {
        [B_NATIVE] = {"native_getppid_ns", "native getppid"},
        [B_TRAP] = {"sigsys_trap_ns", "seccomp RET_TRAP + SIGSYS handler, 1 process"},
        [B_FUT] = {"futex_pingpong_ns", "futex ping-pong, unpinned"},
        [B_FUT_SAME] = {"futex_pingpong_pinned_same_cpu_ns", "futex ping-pong, same CPU"},
        [B_FUT_OTHER] = {"futex_pingpong_pinned_other_cpu_ns", "futex ping-pong, other CPU"},
        [B_SPIN] = {"spin_pingpong_ns", "spin ping-pong, other CPU"},
        [B_ST] = {"systrap_full_ns", "systrap full, futex, unpinned"},
        [B_ST_SAME] = {"systrap_full_pinned_same_cpu_ns", "systrap full, futex, same CPU"},
        [B_ST_OTHER] = {"systrap_full_pinned_other_cpu_ns", "systrap full, futex, other CPU"},
        [B_ST_SF] = {"systrap_full_spin_futex_ns", "systrap full, spin 2us+futex, unpinned"},
        [B_ST_SF_OTHER] = {"systrap_full_spin_futex_pinned_other_cpu_ns", "systrap full, spin 2us+futex, other CPU"},
        [B_ST_SF20] = {"systrap_full_spin20us_futex_ns", "systrap full, spin 20us+futex, unpinned"},
        [B_ST_SPIN] = {"systrap_full_spin_pinned_other_cpu_ns", "systrap full, pure spin, other CPU"},
        [B_PT] = {"ptrace_sysemu_ns", "ptrace SYSEMU loop, unpinned"},
        [B_PT_SAME] = {"ptrace_sysemu_pinned_same_cpu_ns", "ptrace SYSEMU loop, same CPU"},
        [B_PT_OTHER] = {"ptrace_sysemu_pinned_other_cpu_ns", "ptrace SYSEMU loop, other CPU"},
    };
    for (int i = 0; i < B_COUNT; i++)
        b[i].res = &res[i];

    double stat_busy0 = 0, stat_tot0 = 0, stat_busy1 = 0, stat_tot1 = 0;
    int have_stat = read_proc_stat(&stat_busy0, &stat_tot0) == 0;
    double own0 = own_cpu_s();
    double t_start = now_ns();
    run_reps(loop_native, NULL, b[B_NATIVE].res);
    bench_sigsys(b[B_TRAP].res);
    bench_pair(KIND_PINGPONG, MODE_FUTEX, -1, -1, b[B_FUT].res);
    bench_pair(KIND_PINGPONG, MODE_FUTEX, g_cpu[0], g_cpu[0], b[B_FUT_SAME].res);
    if (two) {
        bench_pair(KIND_PINGPONG, MODE_FUTEX, g_cpu[0], g_cpu[1], b[B_FUT_OTHER].res);
        bench_pair(KIND_PINGPONG, MODE_SPIN, g_cpu[0], g_cpu[1], b[B_SPIN].res);
    } else {
        b[B_FUT_OTHER].skipped = b[B_SPIN].skipped = 1;
    }
    bench_pair(KIND_SYSTRAP, MODE_FUTEX, -1, -1, b[B_ST].res);
    bench_pair(KIND_SYSTRAP, MODE_FUTEX, g_cpu[0], g_cpu[0], b[B_ST_SAME].res);
    bench_pair(KIND_SYSTRAP, MODE_SPIN_FUTEX, -1, -1, b[B_ST_SF].res);
    if (two) {
        bench_pair(KIND_SYSTRAP, MODE_FUTEX, g_cpu[0], g_cpu[1], b[B_ST_OTHER].res);
        bench_pair(KIND_SYSTRAP, MODE_SPIN_FUTEX, g_cpu[0], g_cpu[1], b[B_ST_SF_OTHER].res);
        bench_pair(KIND_SYSTRAP, MODE_SPIN, g_cpu[0], g_cpu[1], b[B_ST_SPIN].res);
    } else {
        b[B_ST_OTHER].skipped = b[B_ST_SF_OTHER].skipped = b[B_ST_SPIN].skipped = 1;
    }
    set_spin_limit(SPIN_LONG_NS);
    bench_pair(KIND_SYSTRAP, MODE_SPIN_FUTEX, -1, -1, b[B_ST_SF20].res);
    set_spin_limit(SPIN_LIMIT_NS);
    memset(scratch, 0, sizeof *scratch);
    bench_ptrace(-1, -1, b[B_PT].res, scratch);
    memset(scratch, 0, sizeof *scratch);
    bench_ptrace(g_cpu[0], g_cpu[0], b[B_PT_SAME].res, scratch);
    if (two) {
        memset(scratch, 0, sizeof *scratch);
        bench_ptrace(g_cpu[0], g_cpu[1], b[B_PT_OTHER].res, scratch);
    } else {
        b[B_PT_OTHER].skipped = 1;
    }
    double total_s = (now_ns() - t_start) / 1e9;
    /* share of all CPUs' time used by OTHER processes during the run */
    double bg_pct = -1;
    double own1 = own_cpu_s();
    if (have_stat && read_proc_stat(&stat_busy1, &stat_tot1) == 0 && own0 >= 0 && own1 >= 0 &&
        stat_tot1 > stat_tot0) {
        bg_pct = 100.0 * ((stat_busy1 - stat_busy0) - (own1 - own0)) / (stat_tot1 - stat_tot0);
        if (bg_pct < 0)
            bg_pct = 0;
    }

    for (int i = 0; i < B_COUNT; i++)
        summarize(&b[i]);
    double nat = b[B_NATIVE].median;

    printf("systrap estimate: %d CPUs used (%d,%d), %d reps, spin limit %.0f ns = %ld pause iters"
           " (%.1f ns each), %.1f s\n",
           ncpu, g_cpu[0], g_cpu[1], REPS, SPIN_LIMIT_NS, g_spin_iters, g_pause_ns, total_s);
    if (bg_pct >= 0)
        printf("other processes used %.0f%% of all CPUs' time during the run%s\n", bg_pct,
               bg_pct > 10 ? " -- NUMBERS DISTURBED, rerun on a quiet machine" : "");
    printf("%-46s %7s %10s %10s %10s %9s\n", "benchmark", "N", "median ns", "min ns",
           "max ns", "x native");
    for (int i = 0; i < B_COUNT; i++) {
        if (b[i].median < 0) {
            const char *why = b[i].skipped ? "skipped (needs 2 CPUs)"
                              : b[i].res->err ? b[i].res->msg
                              : b[i].res->bad ? "WRONG RESULTS"
                                              : "not completed";
            printf("%-46s %7ld  %s\n", b[i].desc, b[i].res->n, why);
            if (b[i].res->bad)
                printf("%-46s         (%ld wrong results)\n", "", b[i].res->bad);
            continue;
        }
        printf("%-46s %7ld %10.1f %10.1f %10.1f %9.1f\n", b[i].desc, b[i].res->n,
               b[i].median, b[i].min, b[i].max, nat > 0 ? b[i].median / nat : 0.0);
    }
    double pt = b[B_PT].median, st = b[B_ST].median, sf = b[B_ST_SF].median;
    if (pt > 0 && st > 0)
        printf("ptrace_sysemu / systrap_full (futex)           = %.2f\n", pt / st);
    if (pt > 0 && sf > 0)
        printf("ptrace_sysemu / systrap_full (spin+futex)      = %.2f\n", pt / sf);

    printf("{");
    for (int i = 0; i < B_COUNT; i++) {
        if (b[i].median < 0)
            printf("\"%s\":null,", b[i].key);
        else
            printf("\"%s\":%.1f,", b[i].key, b[i].median);
    }
    if (pt > 0 && st > 0)
        printf("\"ratio_ptrace_over_systrap_full\":%.2f,", pt / st);
    else
        printf("\"ratio_ptrace_over_systrap_full\":null,");
    if (pt > 0 && sf > 0)
        printf("\"ratio_ptrace_over_systrap_spin_futex\":%.2f,", pt / sf);
    else
        printf("\"ratio_ptrace_over_systrap_spin_futex\":null,");
    printf("\"reps\":%d,\"cpus\":%d,\"spin_limit_ns\":%.0f,\"total_s\":%.1f,", REPS, ncpu,
           SPIN_LIMIT_NS, total_s);
    if (bg_pct >= 0)
        printf("\"background_cpu_pct\":%.0f}\n", bg_pct);
    else
        printf("\"background_cpu_pct\":null}\n");

    int failed = 0;
    for (int i = 0; i < B_COUNT; i++)
        if (!b[i].skipped && b[i].median < 0)
            failed = 1;
    return failed;
}
