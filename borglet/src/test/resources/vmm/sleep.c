/* nanosleep, clock_nanosleep, futex with one thread; "forever" then sleeps until killed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* linux/futex.h is not among musl-gcc's headers. */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

static long millis_since(struct timespec *a) {
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static long futex(int *addr, int op, int val, struct timespec *timeout) {
    long r = syscall(SYS_futex, addr, op, val, timeout, 0, 0);
    return r < 0 ? -errno : r;
}

int main(int argc, char **argv) {
    struct timespec start, t = {0, 30 * 1000000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    printf("nanosleep: %d\n", nanosleep(&t, 0));
    printf("slept 30 ms: %s\n", millis_since(&start) >= 30 ? "yes" : "no");

    clock_gettime(CLOCK_MONOTONIC, &start);
    struct timespec until = start;
    until.tv_nsec += 20 * 1000000;
    if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
    printf("clock_nanosleep absolute: %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, 0));
    printf("slept until: %s\n", millis_since(&start) >= 20 ? "yes" : "no");
    printf("usleep: %d\n", usleep(1000));

    struct timespec bad = {0, 1000000000};
    int r = nanosleep(&bad, 0);
    printf("nanosleep bad: %d %s\n", r, strerror(errno));

    int word = 7;
    struct timespec short_wait = {0, 5 * 1000000};
    printf("futex wait changed: %s\n", strerror(-futex(&word, FUTEX_WAIT_PRIVATE, 8, 0)));
    printf("futex wake: %ld\n", futex(&word, FUTEX_WAKE_PRIVATE, 1, 0));
    printf("futex wait timeout: %s\n", strerror(-futex(&word, FUTEX_WAIT_PRIVATE, 7, &short_wait)));
    printf("futex wait forever: %s\n", strerror(-futex(&word, FUTEX_WAIT_PRIVATE, 7, 0)));

    if (argc > 1 && strcmp(argv[1], "forever") == 0) {
        printf("sleeping\n");
        fflush(stdout);
        sleep(3600);
        printf("woke up\n");
    }
    return 0;
}
