/* Prints argc, every argument and every environment variable, on stdout and a summary on stderr. */
#include <stdio.h>

extern char **environ;

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    int n = 0;
    for (char **e = environ; *e; e++, n++) {
        printf("env: %s\n", *e);
    }
    fprintf(stderr, "%d arguments, %d variables\n", argc, n);
    return 0;
}
