/* Files in the sandbox: the test fills the sandbox directory, this program reads, lists, writes and tries to escape it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void try_open(const char *path, int flags) {
    int fd = open(path, flags);
    if (fd >= 0) {
        char buf[64] = {0};
        ssize_t n = read(fd, buf, sizeof buf - 1);
        printf("open %s: OPENED (%zd bytes: %.20s)\n", path, n, buf);
        close(fd);
    } else {
        printf("open %s: %s\n", path, strerror(errno));
    }
}

int main(void) {
    char line[128];
    FILE *f = fopen("/data.txt", "r");
    if (!f) { printf("fopen: %s\n", strerror(errno)); return 1; }
    while (fgets(line, sizeof line, f)) printf("cat: %s", line);
    fclose(f);

    int fd = open("data.txt", O_RDONLY);
    struct stat st;
    fstat(fd, &st);
    printf("fstat: size %lld regular %d\n", (long long) st.st_size, S_ISREG(st.st_mode));
    char buf[32] = {0};
    printf("lseek end: %lld\n", (long long) lseek(fd, 0, SEEK_END));
    printf("pread: %zd ", pread(fd, buf, 6, 11));
    printf("'%s'\n", buf);
    long long r = lseek(fd, 0, 7);
    printf("lseek bad whence: %lld %s\n", r, strerror(errno));
    close(fd);
    r = read(fd, buf, 1);
    printf("read after close: %lld %s\n", r, strerror(errno));

    DIR *d = opendir("/dir");
    struct dirent *e;
    printf("ls /dir:");
    while ((e = readdir(d))) printf(" %s%s", e->d_name, e->d_type == DT_DIR ? "/" : e->d_type == DT_LNK ? "@" : "");
    printf("\n");
    closedir(d);

    char cwd[256];
    printf("getcwd: %s\n", getcwd(cwd, sizeof cwd));
    printf("chdir dir: %d\n", chdir("dir"));
    printf("getcwd: %s\n", getcwd(cwd, sizeof cwd));
    try_open("../data.txt", O_RDONLY);
    printf("chdir /../..: %d\n", chdir("/../.."));
    printf("getcwd: %s\n", getcwd(cwd, sizeof cwd));
    char *tiny = getcwd(cwd, 1);
    printf("getcwd tiny: %s %s\n", tiny ? "ok" : "NULL", strerror(errno));

    try_open("../../etc/passwd", O_RDONLY);
    try_open("/../../../etc/passwd", O_RDONLY);
    try_open("/escape", O_RDONLY);
    try_open("/up", O_RDONLY);
    try_open("/dir/hop", O_RDONLY);
    try_open("/loop1", O_RDONLY);
    try_open("/dir/link_to_data", O_RDONLY);
    try_open("/dir/link_to_data", O_RDONLY | O_NOFOLLOW);
    try_open("/data.txt/x", O_RDONLY);
    try_open("/dir", O_WRONLY);
    try_open("/data.txt", O_WRONLY | O_CREAT | O_EXCL);

    struct stat ls;
    /* One call per statement: C leaves the order of printf's arguments open. */
    r = stat("/dir/link_to_data", &st);
    printf("stat link: %lld size %lld\n", r, (long long) st.st_size);
    r = lstat("/dir/link_to_data", &ls);
    printf("lstat link: %lld symlink %d\n", r, S_ISLNK(ls.st_mode));
    r = stat("/escape", &st);
    printf("stat escape: %lld %s\n", r, strerror(errno));
    printf("access data: %d\n", access("/data.txt", R_OK));

    FILE *out = fopen("/out.txt", "w");
    fprintf(out, "written by the guest: %d\n", 42);
    fclose(out);
    out = fopen("/out.txt", "a");
    fprintf(out, "appended\n");
    fclose(out);
    f = fopen("/out.txt", "r");
    while (fgets(line, sizeof line, f)) printf("out.txt: %s", line);
    fclose(f);

    fd = open("/data.txt", O_RDONLY);
    char *m = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) { printf("mmap: %s\n", strerror(errno)); return 1; }
    printf("mmap: %.10s\n", m);
    m[0] = 'J';
    munmap(m, 4096);
    printf("mmap shared writable: %s\n", mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED ? strerror(errno) : "mapped");
    close(fd);
    try_open("/data.txt", O_RDONLY);

    int opened = 0;
    while (open("/data.txt", O_RDONLY) >= 0) opened++;
    printf("opened %d more, then: %s\n", opened, strerror(errno));
    for (int i = 3; i < 3 + opened; i++) close(i);
    try_open("/data.txt", O_RDONLY);
    return 0;
}
