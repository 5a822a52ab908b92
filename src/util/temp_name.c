#include "util/temp_name.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TAG ".lector-"
#define RANDOM_LEN 6

static const char alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* How much of name the temporary name keeps: all of it unless the whole would pass NAME_MAX. */
static size_t kept_len(const char *name, int pid_digits)
{
  size_t fixed = 1 + strlen(TAG) + (size_t)pid_digits + 1 + RANDOM_LEN;
  size_t len = strlen(name);
  return len + fixed > NAME_MAX ? NAME_MAX - fixed : len;
}

static void random_suffix(char *out)
{
  unsigned char bytes[RANDOM_LEN];
  if (getrandom(bytes, sizeof bytes, GRND_NONBLOCK) != (ssize_t)sizeof bytes) {
    /* No entropy yet (early boot): O_EXCL still keeps names apart, only less evenly. */
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    unsigned long x = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16);
    for (int i = 0; i < RANDOM_LEN; i++, x = x * 6364136223846793005ul + 1442695040888963407ul)
      bytes[i] = (unsigned char)(x >> 33);
  }
  for (int i = 0; i < RANDOM_LEN; i++)
    out[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
  out[RANDOM_LEN] = '\0';
}

int temp_name_create(int dir_fd, const char *name, char out[TEMP_NAME_SIZE])
{
  long pid = (long)getpid();
  char pid_text[24];
  int digits = snprintf(pid_text, sizeof pid_text, "%ld", pid);
  size_t keep = kept_len(name, digits);
  for (int attempt = 0; attempt < 100; attempt++) {
    char suffix[RANDOM_LEN + 1];
    random_suffix(suffix);
    snprintf(out, TEMP_NAME_SIZE, ".%.*s" TAG "%s-%s", (int)keep, name, pid_text, suffix);
    int fd = openat(dir_fd, out, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0 || errno != EEXIST)
      return fd >= 0 ? fd : -errno;
  }
  return -EEXIST;
}

pid_t temp_name_owner(const char *entry, const char *name)
{
  if (entry[0] != '.')
    return 0;
  /* The PID's length is not known in advance: try the shortening each length would give. */
  for (int digits = 1; digits <= 10; digits++) {
    size_t keep = kept_len(name, digits);
    const char *p = entry + 1;
    if (strncmp(p, name, keep) != 0 || strncmp(p + keep, TAG, strlen(TAG)) != 0)
      continue;
    p += keep + strlen(TAG);
    long pid = 0;
    int n = 0;
    while (p[n] >= '0' && p[n] <= '9' && n < digits)
      pid = pid * 10 + (p[n++] - '0');
    if (n != digits || p[n] != '-' || strlen(p + n + 1) != RANDOM_LEN || pid <= 0)
      continue;
    if (strspn(p + n + 1, alphabet) != RANDOM_LEN)
      continue;
    return (pid_t)pid;
  }
  return 0;
}

int temp_name_remove_stale(int dir_fd, const char *name)
{
  int fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  DIR *dir = fdopendir(fd);
  if (!dir) {
    close(fd);
    return 0;
  }
  int removed = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    pid_t pid = temp_name_owner(e->d_name, name);
    /* A PID that exists (any process, perhaps an unrelated one reusing it) keeps its file:
     * a leftover kept is only space, a file removed under a live export is its loss. */
    if (pid <= 0 || pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH)
      continue;
    struct stat st;
    if (fstatat(dir_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
        st.st_uid != geteuid())
      continue;
    if (unlinkat(dir_fd, e->d_name, 0) == 0)
      removed++;
  }
  closedir(dir);
  return removed;
}

int temp_name_open_parent(const char *target, int *parent_fd, char **name)
{
  char *copy = strdup(target);
  if (!copy)
    return -ENOMEM;
  size_t len = strlen(copy);
  while (len > 1 && copy[len - 1] == '/')  /* "DIR/" names DIR */
    copy[--len] = '\0';
  char *last = strrchr(copy, '/');
  const char *dir = last ? (last == copy ? "/" : copy) : ".";
  if (last)
    *last = '\0';
  *parent_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int err = errno;
  *name = strdup(last ? last + 1 : copy);
  free(copy);
  if (*parent_fd < 0 || !*name) {
    int rc = *parent_fd < 0 ? -err : -ENOMEM;
    if (*parent_fd >= 0)
      close(*parent_fd);
    *parent_fd = -1;
    free(*name);
    *name = NULL;
    return rc;
  }
  return 0;
}
