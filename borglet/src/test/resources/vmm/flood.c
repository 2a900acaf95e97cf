/* Floods stdout: argv[1] MiB in 64 KiB writes ("forever": until stopped), then a last line, exit 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    static char chunk[64 * 1024];
    for (size_t i = 0; i < sizeof chunk; i++) chunk[i] = (i % 64 == 63) ? '\n' : 'a' + i % 26;
    int forever = argc > 1 && strcmp(argv[1], "forever") == 0;
    long mib = argc > 1 && !forever ? atol(argv[1]) : 1;
    long written = 0;
    while (forever || written < mib * 1024 * 1024) {
        ssize_t n = write(1, chunk, sizeof chunk);
        if (n <= 0) { perror("write"); return 1; }
        written += n;
    }
    printf("flood done: %ld bytes\n", written);
    fprintf(stderr, "flood done\n");
    return 0;
}
