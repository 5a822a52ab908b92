/* Shared by the files of the espeak-ng wrapper (engine.c, engine_child.c, engine_times.c);
 * nothing outside src/speech/engine*.c includes it. */
#ifndef LECTOR_SPEECH_ENGINE_INTERNAL_H
#define LECTOR_SPEECH_ENGINE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <espeak-ng/speak_lib.h>

#include "speech/engine.h"

struct speech_text;

struct word_event {
  size_t byte;        /* byte offset in the speech text */
  uint64_t sample;
};

/* The word events of one call to tts_engine_speak. */
struct events {
  struct word_event *ev;
  size_t n, cap;
};

/* Where one call to tts_engine_speak delivers: the caller's function, and the maps between
 * espeak-ng's character positions and the speech text's bytes. */
struct speak_call {
  const struct speech_text *st;
  tts_audio_fn fn;
  void *user;
  const size_t *byte_of_char;  /* byte offset of character c (0-based), n_chars + 1 entries */
  size_t n_chars;
  struct events *events;
  int cancel_fd;               /* readable: abort (tts_engine_set_cancel_fd); -1: none */
};

/* Records a WORD event at character position pos (1-based) and sample offset sample. */
int engine_add_event(const struct speak_call *call, int32_t pos, int64_t sample);

/* espeak_Synth of a sentence's speech text (text[len] is its NUL), with the flags every
 * sentence is spoken with; audio and events go to the callback. */
espeak_ERROR engine_synth(const char *text, size_t len);

/* The speed and volume as handed to espeak-ng (espeakRATE, espeakVOLUME). */
struct engine_params {
  int32_t wpm, volume;
};

/* Sets them in espeak-ng where they differ from was (in a synthesis child forked before the
 * parent changed them: the same calls on the same state give the same state). */
void engine_apply_params(const struct engine_params *was, const struct engine_params *want);

/* A synthesis child forked ahead, from the engine's state after a sentence: it waits for its
 * sentence, so that the next one (a key's) does not wait for a fork (~1-3 ms, most of a key's
 * latency). It is good while the voice is the one it was forked with (voice_gen); the speed and
 * volume come with the sentence. */
#define ENGINE_DYING 8

/* The fork server (engine_server.c): a child forked from the engine's state for one voice_gen,
 * which forks the spares. */
struct engine_server {
  pid_t pid;             /* 0: none */
  int sock;              /* spares are asked for here */
  int fd;                /* its pipe (it writes nothing) */
  uint64_t voice_gen;
  struct engine_params params;   /* in espeak-ng when it was forked */
};

int engine_server_start(struct engine_server *sv, uint64_t voice_gen,
                        const struct engine_params *params);
/* A spare forked by the server: *fd its records, *req_fd its requests. */
int engine_server_spare(struct engine_server *sv, int *fd, int *req_fd);
/* Kills the server and returns its pid (0: none) to wait for; engine_server_stop waits. */
pid_t engine_server_kill(struct engine_server *sv);
void engine_server_stop(struct engine_server *sv);
/* A synthesis child's life: waits for its request on req_fd, speaks it (or a batch) to fd and
 * exits. forked: the speed and volume in espeak-ng at the fork; ahead: it has time to wait. */
_Noreturn void engine_child_main(int fd, int req_fd, const struct engine_params *forked,
                                 bool ahead);

struct engine_spare {
  pid_t pid;             /* 0: none (or a served one) */
  bool served;           /* forked by the server: neither waited for nor killed */
  struct engine_server server;
  int fd;                /* its records */
  int req_fd;            /* its sentence goes here */
  uint64_t voice_gen;
  struct engine_params params;   /* in espeak-ng when it was forked */
  uint64_t used;         /* sentences a spare forked before they were asked for spoke */
  /* Children killed and not yet waited for: a killed child exits once the scheduler runs it,
   * which on a busy machine takes milliseconds that a key would wait. Waited for later without
   * blocking (or, when the list is full, the oldest with). */
  pid_t dying[ENGINE_DYING];
  size_t n_dying;
};

/* TTS_ISOLATE_SENTENCE: synthesises in a child (the spare when it fits, else one forked now),
 * read back through a pipe; after a completed sentence forks the next spare. *total receives
 * the samples passed to call->fn. */
int engine_speak_child(struct engine_spare *spare, uint64_t voice_gen,
                       const struct engine_params *params, const struct speak_call *call,
                       uint64_t *total);
/* TTS_ISOLATE_SENTENCE: engine_ahead (engine.h's tts_engine_speak_ahead) in one child (the
 * spare when it fits), which forks a grandchild for each item; forks the next spare meanwhile.
 * Items' speed and volume are within the reading limits. */
int engine_speak_ahead(struct engine_spare *spare, uint64_t voice_gen,
                       const struct engine_params *params, const struct tts_ahead_item *items,
                       size_t n, size_t max_samples, tts_ahead_fn fn, void *user, int cancel_fd);
/* Forks the spare now, unless there is one (tts_engine_fork_ahead). */
int engine_spare_fork_ahead(struct engine_spare *spare, uint64_t voice_gen,
                            const struct engine_params *params);
/* Ends the spare, if any. */
void engine_spare_drop(struct engine_spare *spare);
/* Waits for the killed children. */
void engine_spare_reap_all(struct engine_spare *spare);
/* Ends the spare and the server, and waits for the killed children (tts_engine_free). */
void engine_spare_end(struct engine_spare *spare);

/* In a synthesis child forked ahead: copies now the pages synthesis writes first (engine_pages.c). */
void engine_copy_pages_ahead(void);

/* espeak-ng's callback inside the synthesis child: forwards to the parent. */
int engine_child_callback(short *wav, int n, espeak_EVENT *ev);

/* Every word of st gets increasing start/end samples from the events, interpolated by
 * character position where espeak-ng gave none; total is the sentence's last sample. */
void engine_word_times(const struct speech_text *st, const struct word_event *ev, size_t n_ev,
                       uint64_t total, const size_t *char_of_byte, struct tts_word_time *times);

#endif
