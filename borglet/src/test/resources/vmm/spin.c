/* Says so, then spins in ring 3 without a syscall: only a kick from the VMM can stop it. */
#include <stdio.h>

int main(void) {
    printf("spinning\n");
    fflush(stdout);
    for (volatile unsigned long i = 0;; i++) {
    }
}
