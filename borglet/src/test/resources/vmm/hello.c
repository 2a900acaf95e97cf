/* The smallest real program: stdio, one line, exit 0. */
#include <stdio.h>

int main(void) {
    printf("hello from a static binary\n");
    return 0;
}
