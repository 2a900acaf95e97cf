/* Syscalls no kernel has: ENOSYS natively, ENOSYS from the library OS, and the program goes on. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    long numbers[] = {999, 100000};
    for (int i = 0; i < 2; i++) {
        long r = syscall(numbers[i]);
        printf("syscall %ld: %ld (%s)\n", numbers[i], r, r < 0 ? strerror(errno) : "ok");
    }
    return 3;
}
