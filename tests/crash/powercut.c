/*
 * powercut.so — an LD_PRELOAD shim for the power-loss crash trials
 * (tests/crash/power.ts builds it with gcc at test time).
 *
 * It records, in order, every call that changes a file under $POWERCUT_DIR
 * (write/pwrite with their bytes, ftruncate, fsync/fdatasync of a file or a
 * directory, rename, unlink, creation) to the log $POWERCUT_LOG, and copies
 * whatever the process writes to the file $POWERCUT_MARKS into the same log
 * (the app's "saved" acknowledgements), so the parent knows exactly what had
 * been flushed when the app said "saved". From that log the parent builds the
 * disk a power cut would leave: only what an fsync made durable.
 *
 * Each record is one writev(2) on an O_APPEND descriptor, appended AFTER the
 * real call returned: a record in the log means the call happened. Records:
 *   "W <path>\t<offset> <len>\n" + len bytes     a write
 *   "T <path>\t<size>\n"                          ftruncate
 *   "S <path>\n"                                  fsync/fdatasync (file or directory)
 *   "C <path>\n"                                  a file was created
 *   "R <from>\t<to>\n"                            rename
 *   "U <path>\n"                                  unlink
 *   "M <len>\n" + len bytes                       bytes written to the marks file
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAXFD 4096
static char *paths[MAXFD]; /* fd -> watched path (NULL: not watched) */
static int is_marks[MAXFD];
static int logfd = -1;
static const char *dir, *marks;
static size_t dirlen;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static ssize_t (*r_write)(int, const void *, size_t);
static ssize_t (*r_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*r_pwrite64)(int, const void *, size_t, off64_t);
static ssize_t (*r_writev)(int, const struct iovec *, int);
static int (*r_open)(const char *, int, ...);
static int (*r_open64)(const char *, int, ...);
static int (*r_openat)(int, const char *, int, ...);
static int (*r_openat64)(int, const char *, int, ...);
static int (*r_close)(int);
static int (*r_fsync)(int);
static int (*r_fdatasync)(int);
static int (*r_ftruncate)(int, off_t);
static int (*r_ftruncate64)(int, off64_t);
static int (*r_rename)(const char *, const char *);
static int (*r_renameat)(int, const char *, int, const char *);
static int (*r_unlink)(const char *);
static int (*r_unlinkat)(int, const char *, int);

__attribute__((constructor)) static void init(void) {
  r_write = dlsym(RTLD_NEXT, "write");
  r_pwrite = dlsym(RTLD_NEXT, "pwrite");
  r_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
  r_writev = dlsym(RTLD_NEXT, "writev");
  r_open = dlsym(RTLD_NEXT, "open");
  r_open64 = dlsym(RTLD_NEXT, "open64");
  r_openat = dlsym(RTLD_NEXT, "openat");
  r_openat64 = dlsym(RTLD_NEXT, "openat64");
  r_close = dlsym(RTLD_NEXT, "close");
  r_fsync = dlsym(RTLD_NEXT, "fsync");
  r_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
  r_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
  r_ftruncate64 = dlsym(RTLD_NEXT, "ftruncate64");
  r_rename = dlsym(RTLD_NEXT, "rename");
  r_renameat = dlsym(RTLD_NEXT, "renameat");
  r_unlink = dlsym(RTLD_NEXT, "unlink");
  r_unlinkat = dlsym(RTLD_NEXT, "unlinkat");
  dir = getenv("POWERCUT_DIR");
  marks = getenv("POWERCUT_MARKS");
  const char *log = getenv("POWERCUT_LOG");
  if (dir && log) {
    dirlen = strlen(dir);
    logfd = r_open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  }
}

/* An absolute path, or NULL when the call is relative to another directory (not used on our files). */
static int watched(const char *p) {
  return logfd >= 0 && p && p[0] == '/' && strncmp(p, dir, dirlen) == 0 && (p[dirlen] == '/' || p[dirlen] == 0);
}

static void emit(const char *head, size_t hlen, const void *data, size_t len) {
  struct iovec v[2] = {{(void *)head, hlen}, {(void *)data, len}};
  int saved = errno;
  r_writev(logfd, v, len ? 2 : 1);
  errno = saved;
}

static void emit1(char kind, const char *a, const char *b) {
  char head[2 * PATH_MAX + 8];
  int n = b ? snprintf(head, sizeof head, "%c %s\t%s\n", kind, a, b) : snprintf(head, sizeof head, "%c %s\n", kind, a);
  emit(head, (size_t)n, NULL, 0);
}

static void opened(int fd, const char *p, int flags, int existed) {
  if (fd < 0 || fd >= MAXFD) return;
  pthread_mutex_lock(&mu);
  free(paths[fd]);
  paths[fd] = NULL;
  is_marks[fd] = marks && p && strcmp(p, marks) == 0;
  if (watched(p)) {
    paths[fd] = strdup(p);
    if ((flags & O_CREAT) && !existed) emit1('C', p, NULL);
  }
  pthread_mutex_unlock(&mu);
}

static int exists(const char *p) {
  struct stat st;
  return p && stat(p, &st) == 0;
}

#define OPEN_BODY(real, call)                      \
  mode_t mode = 0;                                 \
  if (flags & (O_CREAT | O_TMPFILE)) {             \
    va_list ap;                                    \
    va_start(ap, flags);                           \
    mode = va_arg(ap, mode_t);                     \
    va_end(ap);                                    \
  }                                                \
  int w = watched(p);                              \
  int existed = w ? exists(p) : 1;                 \
  int fd = call;                                   \
  opened(fd, p, flags, existed);                   \
  return fd;

int open(const char *p, int flags, ...) { OPEN_BODY(r_open, r_open(p, flags, mode)) }
int open64(const char *p, int flags, ...) { OPEN_BODY(r_open64, r_open64(p, flags, mode)) }
int openat(int d, const char *p, int flags, ...) { OPEN_BODY(r_openat, r_openat(d, p, flags, mode)) }
int openat64(int d, const char *p, int flags, ...) { OPEN_BODY(r_openat64, r_openat64(d, p, flags, mode)) }

int close(int fd) {
  if (fd >= 0 && fd < MAXFD) {
    pthread_mutex_lock(&mu);
    free(paths[fd]);
    paths[fd] = NULL;
    is_marks[fd] = 0;
    pthread_mutex_unlock(&mu);
  }
  return r_close(fd);
}

static void wrote(int fd, const void *buf, ssize_t n, off_t off) {
  if (n <= 0 || fd < 0 || fd >= MAXFD) return;
  if (is_marks[fd]) {
    char head[32];
    int h = snprintf(head, sizeof head, "M %zd\n", n);
    emit(head, (size_t)h, buf, (size_t)n);
    return;
  }
  const char *p = paths[fd];
  if (!p) return;
  char head[PATH_MAX + 64];
  int h = snprintf(head, sizeof head, "W %s\t%lld %zd\n", p, (long long)off, n);
  emit(head, (size_t)h, buf, (size_t)n);
}

ssize_t write(int fd, const void *buf, size_t len) {
  off_t off = (fd >= 0 && fd < MAXFD && paths[fd]) ? lseek(fd, 0, SEEK_CUR) : 0;
  ssize_t n = r_write(fd, buf, len);
  wrote(fd, buf, n, off);
  return n;
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off) {
  ssize_t n = r_pwrite(fd, buf, len, off);
  wrote(fd, buf, n, off);
  return n;
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off64_t off) {
  ssize_t n = r_pwrite64(fd, buf, len, off);
  wrote(fd, buf, n, (off_t)off);
  return n;
}

ssize_t writev(int fd, const struct iovec *iov, int cnt) {
  int tracked = fd >= 0 && fd < MAXFD && (paths[fd] || is_marks[fd]);
  off_t off = tracked && paths[fd] ? lseek(fd, 0, SEEK_CUR) : 0;
  ssize_t n = r_writev(fd, iov, cnt);
  if (tracked && n > 0) {
    ssize_t left = n;
    for (int i = 0; i < cnt && left > 0; i++) {
      ssize_t part = (ssize_t)iov[i].iov_len < left ? (ssize_t)iov[i].iov_len : left;
      wrote(fd, iov[i].iov_base, part, off);
      off += part;
      left -= part;
    }
  }
  return n;
}

static void synced(int fd, int rc) {
  if (rc == 0 && fd >= 0 && fd < MAXFD && paths[fd]) emit1('S', paths[fd], NULL);
}

int fsync(int fd) {
  int rc = r_fsync(fd);
  synced(fd, rc);
  return rc;
}

int fdatasync(int fd) {
  int rc = r_fdatasync(fd);
  synced(fd, rc);
  return rc;
}

static void truncated(int fd, int rc, long long size) {
  if (rc == 0 && fd >= 0 && fd < MAXFD && paths[fd]) {
    char n[32];
    snprintf(n, sizeof n, "%lld", size);
    emit1('T', paths[fd], n);
  }
}

int ftruncate(int fd, off_t size) {
  int rc = r_ftruncate(fd, size);
  truncated(fd, rc, (long long)size);
  return rc;
}

int ftruncate64(int fd, off64_t size) {
  int rc = r_ftruncate64(fd, size);
  truncated(fd, rc, (long long)size);
  return rc;
}

int rename(const char *a, const char *b) {
  int rc = r_rename(a, b);
  if (rc == 0 && (watched(a) || watched(b))) emit1('R', a, b);
  return rc;
}

int renameat(int da, const char *a, int db, const char *b) {
  int rc = r_renameat(da, a, db, b);
  if (rc == 0 && (watched(a) || watched(b))) emit1('R', a, b);
  return rc;
}

int unlink(const char *p) {
  int rc = r_unlink(p);
  if (rc == 0 && watched(p)) emit1('U', p, NULL);
  return rc;
}

int unlinkat(int d, const char *p, int flags) {
  int rc = r_unlinkat(d, p, flags);
  if (rc == 0 && watched(p)) emit1('U', p, NULL);
  return rc;
}
