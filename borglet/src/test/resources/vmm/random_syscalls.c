/*
 * Makes N syscalls with random numbers and random arguments (a seeded xorshift), skipping the
 * ones that would end, park or take apart the program itself (exit, the sleeps and futex,
 * pause, reads of stdin, changes to its memory map, its FS base or its stdout, and getrandom,
 * whose "negative" length means 32 MiB written over the program, as natively). The library OS
 * must answer every one, and the program must go on.
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned long state = 88172645463325252UL;
/*
 * Where pointer arguments into guest memory point: never the program's own code, data or
 * stack. They point into its first 64 KiB, and the 8 MiB after them take whatever a random
 * length lets a call write (an address used as a length is about 4 MiB).
 */
static char scratch[8 << 20];

static unsigned long next(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static long argument(void) {
    switch (next() % 6) {
        case 0: return 0;
        case 1: return (long) (next() % 4096);
        case 2: return -(long) (next() % 4096);
        case 3: return (long) next();
        case 4: return (long) (scratch + next() % (64 << 10));
        default: return (long) (next() % 0x1000);              /* the VMM's own low pages */
    }
}

int main(int argc, char **argv) {
    long calls = argc > 1 ? atol(argv[1]) : 1000;
    state ^= argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
    long answered = 0;
    for (long i = 0; i < calls; i++) {
        long number = (long) (next() % 460);
        static const int skipped[] = {60, 231, 35, 230, 202, 34, 0, 19, 17, 295, 9, 10, 11, 12, 25, 28, 158, 3, 436, 318};
        int skip = 0;
        for (unsigned k = 0; k < sizeof skipped / sizeof skipped[0]; k++) {
            skip |= number == skipped[k];
        }
        if (skip) {
            continue;
        }
        long r;
        long a0 = argument(), a1 = argument(), a2 = argument();
        register long r10 __asm__("r10") = argument();
        register long r8 __asm__("r8") = argument();
        register long r9 __asm__("r9") = argument();
        __asm__ volatile("syscall" : "=a"(r) : "a"(number), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8), "r"(r9)
                         : "rcx", "r11", "memory");
        answered++;
    }
    printf("answered %ld random syscalls\n", answered);
    return 0;
}
