#include "util/child.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/signal_ignored.h"

pid_t child_fork(void)
{
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0)
    return -errno;
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)   /* the parent died before PDEATHSIG took effect */
      _exit(1);
  }
  return pid;
}

void child_default_signals(void)
{
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGWINCH,
                             SIGCONT};
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    /* The stop signals the parent was started with ignored (nohup) stay so: a hangup sent to
     * the whole process group must not kill the workers of an export that survives it. */
    if (i >= 3 || !signal_was_ignored(sigs[i]))
      signal(sigs[i], SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
}

pid_t child_fork_pipe(int *fd)
{
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0)
    return -errno;
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pid_t pid = child_fork();
  if (pid == 0) {
    close(p[0]);
    child_default_signals();
    *fd = p[1];
    return 0;
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  close(p[1]);
  if (pid < 0) {
    close(p[0]);
    return pid;
  }
  *fd = p[0];
  return pid;
}

bool child_answer(pid_t pid, int fd, void *buf, size_t len)
{
  size_t got = 0;
  while (got < len) {
    ssize_t r = read(fd, (char *)buf + got, len - got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    got += (size_t)r;
  }
  close(fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  return got == len && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void child_quiet_output(void)
{
  int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (devnull >= 0) {
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
    close(devnull);
  }
}
