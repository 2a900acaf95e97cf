/* Allocates and touches memory 1 MiB at a time until malloc fails: how much the guest's RAM allowed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    int mib = 0;
    for (;;) {
        char *p = malloc(1 << 20);
        if (!p) break;
        memset(p, 0x5a, 1 << 20);
        mib++;
        if (mib > 100000) break;
    }
    printf("allocated %d MiB, then malloc failed\n", mib);
    return 0;
}
