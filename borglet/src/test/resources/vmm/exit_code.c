/* Exits with the status given as the first argument, through exit() (atexit handlers, stdio flush). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int status = argc > 1 ? atoi(argv[1]) : 0;
    printf("exiting with %d\n", status);
    exit(status);
}
