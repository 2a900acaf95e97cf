/* malloc-heavy work (brk and mmap underneath), explicit anonymous mappings, sbrk: prints checksums. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static uint64_t checksum(const unsigned char *p, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 1099511628211ULL;
    }
    return h;
}

int main(void) {
    /* Many small and medium blocks, freed in a scrambled order, twice over. */
    enum { BLOCKS = 2000 };
    static unsigned char *blocks[BLOCKS];
    uint64_t sum = 0;
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < BLOCKS; i++) {
            size_t size = 16 + (size_t) (i * 7919 % 6000);
            blocks[i] = malloc(size);
            if (!blocks[i]) { printf("malloc failed\n"); return 1; }
            memset(blocks[i], (i + round) & 0xff, size);
            sum += checksum(blocks[i], size);
        }
        for (int i = 0; i < BLOCKS; i++) {
            free(blocks[(i * 37) % BLOCKS]);
        }
    }
    printf("small blocks: %llx\n", (unsigned long long) sum);

    /* A big block (mmap in any malloc), grown by realloc. */
    size_t big = 8 << 20;
    unsigned char *p = malloc(big);
    for (size_t i = 0; i < big; i += 4096) p[i] = (unsigned char) (i >> 12);
    p = realloc(p, 2 * big);
    for (size_t i = big; i < 2 * big; i += 4096) p[i] = (unsigned char) (i >> 12);
    uint64_t pages = 0;
    for (size_t i = 0; i < 2 * big; i += 4096) pages += p[i];
    free(p);
    printf("big block: %llu\n", (unsigned long long) pages);

    /* Anonymous mappings must come zeroed, also where one was just unmapped. */
    for (int i = 0; i < 3; i++) {
        size_t len = 1 << 20;
        unsigned char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) { printf("mmap failed\n"); return 1; }
        int zero = 1;
        for (size_t j = 0; j < len; j += 512) if (m[j]) zero = 0;
        memset(m, 0xab, len);
        printf("mapping %d zeroed: %s\n", i, zero ? "yes" : "no");
        munmap(m, len);
    }

    /* The break, through the raw syscall (musl's sbrk only answers sbrk(0)): grow, use, shrink, grow again. */
    char *start = (char *) syscall(SYS_brk, 0);
    char *grown = (char *) syscall(SYS_brk, start + (1 << 16));
    if (grown != start + (1 << 16)) { printf("brk did not grow\n"); return 1; }
    memset(start, 1, 1 << 16);
    syscall(SYS_brk, start);
    printf("brk back where it was: %s\n", (char *) syscall(SYS_brk, 0) == start ? "yes" : "no");
    syscall(SYS_brk, start + (1 << 16));
    int zero = 1;
    for (int i = 0; i < (1 << 16); i++) if (start[i]) zero = 0;
    printf("regrown break zeroed: %s\n", zero ? "yes" : "no");
    printf("brk below the limit refused: %s\n", (char *) syscall(SYS_brk, (char *) 4096) == start + (1 << 16) ? "yes" : "no");
    return 0;
}
