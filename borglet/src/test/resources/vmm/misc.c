/* uname, ids, clocks, getrandom, rlimits, signal masks: prints what does not differ between host and microVM. */
#include <signal.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    struct utsname u;
    printf("uname: %d %s %s\n", uname(&u), u.sysname, u.machine);
    printf("pid positive: %s\n", getpid() > 0 ? "yes" : "no");

    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("monotonic: %s\n", (b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec)) ? "yes" : "no");
    time_t now = time(NULL);
    printf("wall clock after 2024: %s\n", now > 1704067200 ? "yes" : "no");

    unsigned char buf[64] = {0};
    ssize_t n = getrandom(buf, sizeof buf, 0);
    int nonzero = 0;
    for (int i = 0; i < 64; i++) nonzero |= buf[i];
    printf("getrandom: %zd bytes, nonzero %s\n", n, nonzero ? "yes" : "no");

    struct rlimit r;
    printf("getrlimit stack: %d\n", getrlimit(RLIMIT_STACK, &r));

    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    printf("sigprocmask: %d\n", sigprocmask(SIG_BLOCK, &set, &old));
    printf("sched_yield: %d\n", sched_yield());
    return 0;
}
