/* The reader's espeak-ng thread (issue 18: first audio sooner).
 *
 * Starting espeak-ng in a process costs tens of milliseconds (the library, its phoneme data, a
 * scan of every voice file, a dictionary). The reader used to pay that three times in a row
 * before the first sample: a child answering whether the -v name or the document's language is
 * a voice, a child finding the voice of each language, then the player thread. Instead one
 * thread, started before the document loads, initialises espeak-ng while the main thread loads
 * the document, answers those questions (voice_espeak_ask and lang_voices_resolve run on it
 * rather than in children while it runs), and then becomes the player thread. It is the one
 * thread of the process that calls espeak-ng, as engine.h asks.
 *
 * One caller: every function below is called from the same thread (the reader's main thread).
 * The new thread inherits the caller's signal mask (block the terminal signals around the
 * start). Without engine_thread_start nothing changes: the questions are asked of children
 * (export, `lector voices`, the tests). */
#ifndef LECTOR_SPEECH_ENGINE_THREAD_H
#define LECTOR_SPEECH_ENGINE_THREAD_H

#include <stdbool.h>

/* Starts the thread, which at once initialises espeak-ng and loads the default voice (a failure
 * there is told by whoever uses espeak-ng next, e.g. tts_engine_new). Returns 0 or -errno. */
int engine_thread_start(void);

/* True when the calling process runs the thread and the caller is not it. */
bool engine_thread_running(void);

/* True when the caller is the thread. */
bool engine_thread_is_self(void);

/* Runs fn(arg) on the thread and waits until it returned. False (fn not run) when the thread
 * does not run. */
bool engine_thread_call(void (*fn)(void *), void *arg);

/* Runs fn(arg) on the thread without waiting (a loop that lasts: the player's). Returns 0, or
 * -ESRCH when the thread does not run. engine_thread_wait waits until it returned. */
int engine_thread_post(void (*fn)(void *), void *arg);
/* Waits until the thread has done every job posted, the start of espeak-ng included. */
void engine_thread_wait(void);

/* Waits for the job in progress, ends the thread and joins it. Nothing when it does not run. */
void engine_thread_stop(void);

#endif
