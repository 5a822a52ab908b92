/* Helper child processes that die with the process that made them: the synthesis child of a
 * sentence, the export workers and their chunk children, the child that asks espeak-ng which
 * voices it has. None of them may outlive lector (an orphan would keep synthesising, or hold
 * a pipe open), whatever way lector ends, SIGKILL included. */
#ifndef LECTOR_UTIL_CHILD_H
#define LECTOR_UTIL_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* fork(), and in the child, before it returns 0: the kernel kills the child (SIGKILL) when the
 * thread that forked it ends (PR_SET_PDEATHSIG), and a child whose parent died before that
 * took effect exits at once. Returns the child's pid in the parent, 0 in the child, or -errno
 * (nothing forked). Signal masks and handlers are the caller's business (it may block signals
 * across the call so that none reaches the child before it has set its own). */
pid_t child_fork(void);

/* child_fork with a pipe from the child to the parent, for a child that reports and exits
 * (a sentence's audio, an answer of espeak-ng). Every signal is blocked across the fork, and
 * the child takes the default actions (child_default_signals) before it returns, so no handler
 * of the parent ever runs in it. Returns the pid in the parent with *fd the read end, 0 in the
 * child with *fd the write end (both close on exec), or -errno. */
pid_t child_fork_pipe(int *fd);

/* In the parent of a child_fork_pipe child that answers and exits: reads len bytes of answer
 * from fd (then closed) into buf and waits for the child. True when the whole answer came and
 * the child exited 0. */
bool child_answer(pid_t pid, int fd, void *buf, size_t len);

/* In a child: the parent's handlers (temporary file removal, the wake-up pipe) are not its to
 * run. Every signal lector handles goes back to its default action, and none is blocked. */
void child_default_signals(void);

/* In a child: its stdout and stderr go to /dev/null. Only the parent talks to the user; the
 * libraries below espeak-ng print while it starts (pcaudiolib sets up PulseAudio/ALSA even in
 * synchronous mode, and complains when that fails). */
void child_quiet_output(void);

#endif
