/* The fork server of TTS_ISOLATE_SENTENCE (see engine_internal.h): a child forked from the
 * engine's state that never synthesises; asked for a spare, it forks one (a grandchild of the
 * engine's process, on the other core) and goes on waiting. The engine's thread, which a key
 * waits for, then never waits for a fork: a fork copies the page tables of the process, ~1 ms
 * on an idle machine and 5-30 ms on a busy one.
 *
 * The spare's pipe and socket are made by the engine's process and passed over the server's
 * socket (SCM_RIGHTS), so the spare talks to it as a child of its own would. The engine's
 * process does not wait for such a spare (the server's children are reaped by the kernel:
 * SIGCHLD ignored there) nor kill it: closing its pipe ends it (EOF on its request, EPIPE on
 * its audio). The server ends when its socket closes, or with the engine's process
 * (PR_SET_PDEATHSIG, which its spares have too). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "speech/engine_internal.h"
#include "util/child.h"

/* Receives the two fds of a spare to fork; false when the socket closed. */
static bool receive_fds(int sock, int fds[2])
{
  char byte;
  struct iovec iov = {&byte, 1};
  union {
    struct cmsghdr h;
    char buf[CMSG_SPACE(2 * sizeof(int))];
  } u;
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                       .msg_controllen = sizeof u.buf};
  ssize_t r;
  while ((r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
    ;
  struct cmsghdr *c = r > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
  if (!c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(2 * sizeof(int)))
    return false;
  memcpy(fds, CMSG_DATA(c), 2 * sizeof(int));
  return true;
}

_Noreturn static void server_main(int sock, const struct engine_params *forked)
{
  signal(SIGCHLD, SIG_IGN);   /* its spares are reaped by the kernel */
  int fds[2];
  while (receive_fds(sock, fds)) {
    pid_t pid = child_fork();
    if (pid == 0) {
      close(sock);
      signal(SIGCHLD, SIG_DFL);   /* a batch waits for its grandchildren */
      engine_child_main(fds[0], fds[1], forked, true);
    }
    close(fds[0]);
    close(fds[1]);
  }
  _exit(0);
}

int engine_server_start(struct engine_server *sv, uint64_t voice_gen,
                        const struct engine_params *params)
{
  int sock[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sock) < 0)
    return -errno;
  int fd;   /* the server writes nothing: its pipe only tells it is gone */
  pid_t pid = child_fork_pipe(&fd);
  if (pid == 0) {
    close(sock[0]);
    server_main(sock[1], params);
  }
  close(sock[1]);
  if (pid < 0) {
    close(sock[0]);
    return pid;
  }
  *sv = (struct engine_server){pid, sock[0], fd, voice_gen, *params};
  return 0;
}

pid_t engine_server_kill(struct engine_server *sv)
{
  pid_t pid = sv->pid;
  if (pid <= 0)
    return 0;
  close(sv->sock);
  close(sv->fd);
  kill(pid, SIGKILL);
  sv->pid = 0;
  return pid;
}

void engine_server_stop(struct engine_server *sv)
{
  pid_t pid = engine_server_kill(sv);
  while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
    ;
}

int engine_server_spare(struct engine_server *sv, int *fd, int *req_fd)
{
  int out[2], req[2];
  if (pipe2(out, O_CLOEXEC) < 0)
    return -errno;
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, req) < 0) {
    int rc = -errno;
    close(out[0]);
    close(out[1]);
    return rc;
  }
  int fds[2] = {out[1], req[0]};   /* the spare's ends: it writes records, reads requests */
  char byte = 0;
  struct iovec iov = {&byte, 1};
  union {
    struct cmsghdr h;
    char buf[CMSG_SPACE(sizeof fds)];
  } u;
  memset(&u, 0, sizeof u);
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                       .msg_controllen = sizeof u.buf};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof fds);
  memcpy(CMSG_DATA(c), fds, sizeof fds);
  ssize_t w;
  while ((w = sendmsg(sv->sock, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
    ;
  int rc = w < 0 ? -errno : 0;
  close(out[1]);
  close(req[0]);
  if (rc < 0) {
    close(out[0]);
    close(req[1]);
    return rc;
  }
  *fd = out[0];
  *req_fd = req[1];
  return 0;
}
