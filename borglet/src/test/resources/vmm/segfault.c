/* Writes through a null pointer: SIGSEGV natively, status 139 in both worlds. */
#include <stdio.h>

int main(void) {
    printf("about to fault\n");
    fflush(stdout);
    volatile int *nowhere = 0;
    *nowhere = 42;
    printf("unreachable\n");
    return 0;
}
