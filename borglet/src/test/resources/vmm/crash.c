/* Each way a CPU ends a program: the microVM must end with the status the host gives (128 + signal). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    const char *how = argc > 1 ? argv[1] : "";
    printf("about to %s\n", how);
    fflush(stdout);
    if (strcmp(how, "ill") == 0) {
        __asm__ volatile("ud2");                                   /* SIGILL, 132 */
    } else if (strcmp(how, "fpe") == 0) {
        int zero = 0;
        __asm__ volatile("cltd; idivl %1" : : "a"(1), "r"(zero) : "edx");  /* SIGFPE, 136 */
    } else if (strcmp(how, "trap") == 0) {
        __asm__ volatile("int3");                                  /* SIGTRAP, 133 */
    } else if (strcmp(how, "high") == 0) {
        printf("%d\n", *(volatile int *) 0x7ff000000000UL);        /* SIGSEGV, 139: nothing mapped there */
    } else if (strcmp(how, "bus") == 0) {
        /* Alignment checking on: a misaligned load is #AC, SIGBUS (135), where the kernel enables it. */
        __asm__ volatile("pushf; orl $0x40000, (%rsp); popf");
        volatile char buffer[16] = {0};
        printf("%d\n", *(volatile int *) (buffer + 1));
    }
    printf("still here\n");
    return 0;
}
