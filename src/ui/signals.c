/* The wake pipe and the signal handlers: everything that wakes the UI loop from poll(). */
#include "ui/signals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "ui/ui.h"
#include "util/signal_ignored.h"

/* Written by the signal handlers, read by the UI loop. */
static volatile sig_atomic_t resize_pending;
static volatile sig_atomic_t continued;   /* SIGCONT: the shell may have reset the terminal */
static volatile sig_atomic_t quit_signal;
static volatile sig_atomic_t signal_wake_fd = -1;

static const int handled_signals[] = {SIGWINCH, SIGCONT, SIGINT, SIGTERM, SIGHUP};
#define N_HANDLED (sizeof handled_signals / sizeof handled_signals[0])
static struct sigaction saved_actions[N_HANDLED];
static bool signals_installed;

int ui_wake_pipe(int fds[2])
{
  if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
    return -errno;
  return 0;
}

void ui_wake(void *user)
{
  int fd = *(const int *)user;
  char c = 1;
  /* A full pipe already holds a wake-up; nothing is lost by dropping this one. */
  ssize_t n = write(fd, &c, 1);
  (void)n;
}

static void on_signal(int sig)
{
  int saved_errno = errno;
  if (sig == SIGWINCH)
    resize_pending = 1;
  else if (sig == SIGCONT)
    continued = 1;
  else if (!quit_signal)
    quit_signal = sig;
  int fd = signal_wake_fd;
  if (fd >= 0) {
    char c = 2;
    ssize_t n = write(fd, &c, 1);
    (void)n;
  }
  errno = saved_errno;
}

int ui_signals_install(int wake_write_fd)
{
  signal_wake_fd = wake_write_fd;
  quit_signal = 0;
  resize_pending = 0;
  continued = 0;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (size_t i = 0; i < N_HANDLED; i++) {
    int sig = handled_signals[i];
    /* A signal the reader was started with ignored (nohup's SIGHUP) stays ignored. */
    if (sig != SIGWINCH && sig != SIGCONT && signal_was_ignored(sig)) {
      sigaction(sig, NULL, &saved_actions[i]);
      continue;
    }
    if (sigaction(sig, &sa, &saved_actions[i]) != 0)
      return -errno;
  }
  signals_installed = true;
  return 0;
}

void ui_signals_restore(void)
{
  if (!signals_installed)
    return;
  for (size_t i = 0; i < N_HANDLED; i++)
    sigaction(handled_signals[i], &saved_actions[i], NULL);
  signals_installed = false;
  signal_wake_fd = -1;
}

bool signals_take_resize(void)
{
  if (!resize_pending)
    return false;
  resize_pending = 0;
  return true;
}

bool signals_take_continued(void)
{
  if (!continued)
    return false;
  continued = 0;
  return true;
}

int signals_quit(void)
{
  return ui_signals_quit();
}

int ui_signals_quit(void)
{
  return (int)quit_signal;
}

void signals_hangup(void)
{
  if (!quit_signal)
    quit_signal = SIGHUP;
}

void signals_drain(int fd)
{
  char buf[256];
  while (read(fd, buf, sizeof buf) > 0)
    ;
}
