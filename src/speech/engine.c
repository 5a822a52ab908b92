/* The espeak-ng wrapper.
 *
 * Determinism. espeak-ng keeps synthesis state in function-local statics that no API resets:
 * wavegen.c's pitch flutter phase (Flutter_ix), automatic gain (agc) and cycle counter, plus
 * the resonator, echo and clause context left by the previous call. Re-selecting the voice or
 * re-setting parameters does not clear them (measured: the same sentence gives different
 * samples after different predecessors), and espeak_Terminate + espeak_Initialize hangs on the
 * second round in 1.51. So the process that owns the engine never synthesises: it initialises
 * espeak-ng and applies voice and parameters, and every sentence is synthesised in a child
 * forked from that pristine state, which streams PCM and word events back through a pipe and
 * exits. Each sentence therefore starts from exactly the same state whatever came before. A
 * fork and the child's first copy-on-write page faults cost 1-3 ms on a virtual machine, most of
 * a key's latency: so the child of the next sentence is forked ahead, after a sentence, and
 * waits for its text (engine_child.c). Aborting kills the child.
 *
 * A caller that synthesises long runs of sentences and isolates them itself (export: one child
 * per run of paragraphs) sets TTS_ISOLATE_NONE: synthesis then runs in the calling process,
 * straight from espeak-ng's callback to the caller's, without the fork and the pipe per
 * sentence (measured: export then cost 45% more CPU than espeak-ng's own command line, with
 * thousands of context switches).
 *
 * Threads: espeak-ng is initialised once per process (never terminated: a second
 * Initialize/Terminate round hangs). Only the thread that created the engine may use it.
 *
 * The per-sentence child is in engine_child.c, the word times in engine_times.c. */
#include "speech/engine.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <espeak-ng/speak_lib.h>

#include "speech/engine_internal.h"
#include "speech/reading_rules.h"
#include "speech/voice.h"
#include "speech/voice_select.h"
#include "text/speech_text.h"
#include "util/error.h"
#include "util/grow.h"

/* Milliseconds of audio espeak-ng hands to the callback at a time: small enough that the first
 * audio of a sentence and an abort come quickly. */
#define ENGINE_BUFFER_MS 50

struct tts_engine {
  int sample_rate;
  enum tts_isolation isolation;
  char voice[160];      /* the voice set (tts_engine_set_voice) as espeak-ng selects it by name */
  char variant[32];     /* its variant, which another language's voice takes too */
  char voice_name[64];  /* its name, e.g. "German" */
  char selected[160];   /* the voice selected now: the set one or another language's */
  struct engine_params params;   /* speed and volume in espeak-ng now */
  uint64_t voice_gen;   /* bumped by every other change of espeak-ng's state (voice, pitch...) */
  struct voice_profile set;     /* the voice set last (tts_engine_set_voice) */
  uint64_t changes_at_set;      /* espeak_changes then; 0: none set */
  struct engine_spare spare;
  int cancel_fd;        /* tts_engine_set_cancel_fd */
};

/* Process-wide espeak-ng state: initialised once (see top). */
static int espeak_sample_rate;
/* Counts the changes of espeak-ng's parameters other than speed and volume (which each
 * sentence's request carries to its child): an engine sees by it whether another changed them
 * since it set its voice. */
static uint64_t espeak_changes = 1;

/* Set in the engine's own thread for the length of a TTS_ISOLATE_NONE synthesis only: where
 * the callback delivers (espeak-ng's callback has no user pointer in synchronous mode). */
struct direct_call {
  const struct speak_call *call;
  uint64_t total;     /* samples passed to fn */
  int rc;             /* -ECANCELED when fn aborted, -ENOMEM */
};
static struct direct_call *direct;

int tts_espeak_init(void)
{
  if (espeak_sample_rate > 0)
    return espeak_sample_rate;
  int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, ENGINE_BUFFER_MS, NULL,
                               espeakINITIALIZE_DONT_EXIT);
  if (rate <= 0)
    return LECTOR_ETTS;
  espeak_sample_rate = rate;
  return rate;
}

bool tts_espeak_started(void)
{
  return espeak_sample_rate > 0;
}

int engine_add_event(const struct speak_call *call, int32_t pos, int64_t sample)
{
  struct events *e = call->events;
  if (pos < 1 || (size_t)pos > call->n_chars || sample < 0)
    return 0; /* espeak-ng sometimes reports position 0: no anchor */
  if (grow_for((void **)&e->ev, &e->cap, e->n, sizeof *e->ev, 32))
    return -ENOMEM;
  e->ev[e->n++] = (struct word_event){call->byte_of_char[pos - 1], (uint64_t)sample};
  return 0;
}

/* TTS_ISOLATE_NONE: hands word events and audio straight to the caller. */
static int direct_callback(short *wav, int n, espeak_EVENT *ev)
{
  struct direct_call *d = direct;
  if (d->rc)
    return 1;
  for (; ev && ev->type != espeakEVENT_LIST_TERMINATED; ev++) {
    if (ev->type != espeakEVENT_WORD)
      continue;
    int rc = engine_add_event(d->call, ev->text_position, ev->sample);
    if (rc) {
      d->rc = rc;
      return 1;
    }
  }
  if (wav && n > 0) {
    d->total += (uint64_t)n;
    if (d->call->fn && d->call->fn(d->call->user, wav, (size_t)n)) {
      d->rc = -ECANCELED;
      return 1;
    }
  }
  return 0;
}

/* espeak-ng's callback: in a TTS_ISOLATE_NONE call, straight to the caller; otherwise it runs
 * in the synthesis child, which forwards word events and audio to the parent. */
static int synth_callback(short *wav, int n, espeak_EVENT *ev)
{
  if (direct)
    return direct_callback(wav, n, ev);
  return engine_child_callback(wav, n, ev);
}

espeak_ERROR engine_synth(const char *text, size_t len)
{
  /* Plain text, never espeakSSML. espeakPHONEMES: espeak-ng 1.51 reads [[...]] as phonemes
   * only with this flag (measured); only the lexicon can put [[ into speech text (speech_text.c
   * drops square brackets from the document). No espeakENDPAUSE: the caller adds the pause
   * after a sentence from the voice profile, so the sentence ends where its speech ends. */
  return espeak_Synth(text, len + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8 | espeakPHONEMES,
                      NULL, NULL);
}

int tts_engine_new(struct tts_engine **out)
{
  *out = NULL;
  int rate = tts_espeak_init();
  if (rate < 0)
    return rate;
  struct tts_engine *e = calloc(1, sizeof *e);
  if (!e)
    return -ENOMEM;
  e->sample_rate = rate;
  e->cancel_fd = -1;
  espeak_SetSynthCallback(synth_callback);
  struct voice_profile defaults;
  voice_profile_defaults(&defaults);
  int rc = tts_engine_set_voice(e, &defaults);
  if (rc) {
    free(e);
    return rc;
  }
  *out = e;
  return 0;
}

void tts_engine_free(struct tts_engine *engine)
{
  /* espeak-ng stays initialised for the process: see the top of this file. */
  if (engine)
    engine_spare_end(&engine->spare);
  free(engine);
}

void tts_engine_set_isolation(struct tts_engine *engine, enum tts_isolation mode)
{
  engine->isolation = mode;
  engine_spare_end(&engine->spare);   /* forked with another rand() state */
  /* Breathy and Klatt variants draw noise from rand() (see engine_child.c): children forked
   * from here start it alike. */
  if (mode == TTS_ISOLATE_NONE)
    srand(1);
}

int tts_engine_sample_rate(const struct tts_engine *engine)
{
  return engine->sample_rate;
}

static int set_param(espeak_PARAMETER p, int value)
{
  if (p != espeakRATE && p != espeakVOLUME)
    espeak_changes++;
  return espeak_SetParameter(p, value, 0) == EE_OK ? 0 : LECTOR_ETTS;
}

/* Into name: the voice espeak-ng picks for language lang (e.g. "gmw/en" for en-gb, as
 * espeak_SetVoiceByProperties finds it, or as it found it in an earlier run: voice_cache.h),
 * with the variant. */
static int language_voice(const char *lang, const char *variant, char *name, size_t len)
{
  char base[128];
  if (voice_select_language(lang, base, sizeof base, NULL, 0))
    return LECTOR_EVOICE;
  char *plus = strchr(base, '+');
  if (plus)
    *plus = '\0';
  snprintf(name, len, "%s%s%s", base, variant[0] ? "+" : "", variant);
  return 0;
}

/* Selects the espeak-ng voice of a profile (name + variant, or language via
 * espeak_SetVoiceByProperties) without touching the other parameters. A language's voice is
 * then selected again by its name, the way tts_engine_use_voice comes back to it: the same
 * voice sounds the same whichever way it was reached. */
static int select_voice(struct tts_engine *e, const struct voice_profile *voice)
{
  char name[160], selected[160];
  if (voice->espeak_voice[0]) {
    if (voice->variant[0])
      snprintf(name, sizeof name, "%s+%s", voice->espeak_voice, voice->variant);
    else
      snprintf(name, sizeof name, "%s", voice->espeak_voice);
    /* A language code such as en-gb names no voice file: espeak-ng finds it as a language. */
    if (voice_select_by_name(name, selected, sizeof selected) &&
        (language_voice(voice->espeak_voice, voice->variant, name, sizeof name) ||
         voice_select_by_name(name, selected, sizeof selected)))
      return LECTOR_EVOICE;
  } else if (language_voice(voice->language[0] ? voice->language : "en-gb", voice->variant, name,
                            sizeof name) ||
             voice_select_by_name(name, selected, sizeof selected)) {
    return LECTOR_EVOICE;
  }
  espeak_VOICE *cur = espeak_GetCurrentVoice();
  snprintf(e->voice, sizeof e->voice, "%s", selected);
  snprintf(e->selected, sizeof e->selected, "%s", selected);
  snprintf(e->variant, sizeof e->variant, "%s", voice->variant);
  snprintf(e->voice_name, sizeof e->voice_name, "%.63s", cur && cur->name ? cur->name : name);
  return 0;
}

int tts_engine_use_voice(struct tts_engine *engine, const char *id)
{
  char name[160];
  if (id && *id)
    snprintf(name, sizeof name, "%s%s%s", id, engine->variant[0] ? "+" : "", engine->variant);
  else
    snprintf(name, sizeof name, "%s", engine->voice);
  if (strcmp(name, engine->selected) == 0)
    return 0;
  /* espeak-ng keeps speed, pitch, range, volume and word gap across a change of voice. */
  engine->voice_gen++;
  char selected[160];
  if (voice_select_by_name(name, selected, sizeof selected))
    return LECTOR_EVOICE;
  snprintf(engine->selected, sizeof engine->selected, "%s", name);
  return 0;
}

void tts_engine_set_cancel_fd(struct tts_engine *engine, int fd)
{
  engine->cancel_fd = fd;
}

uint64_t tts_engine_spares_used(const struct tts_engine *engine)
{
  return engine->spare.used;
}

const char *tts_engine_voice_name(const struct tts_engine *engine)
{
  return engine->voice_name;
}

/* True when voice sounds as the one set last, and espeak-ng still is as that left it: the
 * same voice selected, the same pitch, range and word gap. */
static bool same_as_set(const struct tts_engine *e, const struct voice_profile *voice)
{
  const struct voice_profile *was = &e->set;
  return e->changes_at_set == espeak_changes && strcmp(e->selected, e->voice) == 0 &&
         voice_select_is_selected(e->voice) &&
         strcmp(voice->espeak_voice, was->espeak_voice) == 0 &&
         strcmp(voice->language, was->language) == 0 &&
         strcmp(voice->variant, was->variant) == 0 && voice->pitch == was->pitch &&
         voice->range == was->range && voice->word_gap == was->word_gap;
}

int tts_engine_set_voice(struct tts_engine *engine, const struct voice_profile *voice)
{
  if (same_as_set(engine, voice)) {
    int rc = tts_engine_set_speed(engine, voice->speed);
    return rc ? rc : set_param(espeakVOLUME, engine->params.volume = voice->volume);
  }
  engine->voice_gen++;
  engine->changes_at_set = 0;
  int rc = select_voice(engine, voice);
  if (rc)
    return rc;
  /* Punctuation and capitals stay at espeak-ng's defaults (not announced): setting them
   * returns an error in 1.51. */
  if ((rc = tts_engine_set_speed(engine, voice->speed)) ||
      (rc = set_param(espeakPITCH, voice->pitch)) ||
      (rc = set_param(espeakRANGE, voice->range)) ||
      (rc = set_param(espeakVOLUME, engine->params.volume = voice->volume)) ||
      (rc = set_param(espeakWORDGAP, voice->word_gap)))
    return rc;
  engine->set = *voice;
  engine->changes_at_set = espeak_changes;
  return 0;
}

void tts_engine_fork_ahead(struct tts_engine *engine)
{
  if (engine->isolation == TTS_ISOLATE_SENTENCE)
    engine_spare_fork_ahead(&engine->spare, engine->voice_gen, &engine->params);
}

int tts_engine_set_speed(struct tts_engine *engine, int wpm)
{
  engine->params.wpm = reading_clamp(wpm, READING_SPEED_MIN, READING_SPEED_MAX);
  /* Above espeakRATE_MAXIMUM (450) espeak-ng 1.51 itself synthesises at its normal pace and
   * speeds the audio up with libsonic (setlengths.c, SetSpeed), as `espeak-ng -s 900` does; its
   * word events stay on the words (measured within 10 ms at 900), so the word times below stay
   * exact. */
  return set_param(espeakRATE, engine->params.wpm);
}

int tts_engine_set_volume(struct tts_engine *engine, int volume)
{
  engine->params.volume = reading_clamp(volume, READING_VOLUME_MIN, READING_VOLUME_MAX);
  return set_param(espeakVOLUME, engine->params.volume);
}

void engine_apply_params(const struct engine_params *was, const struct engine_params *want)
{
  if (want->wpm != was->wpm)
    set_param(espeakRATE, want->wpm);
  if (want->volume != was->volume)
    set_param(espeakVOLUME, want->volume);
}

/* The same text as the synthesis child, synthesised in this process (TTS_ISOLATE_NONE). */
static int speak_direct(const struct speak_call *call, uint64_t *total)
{
  struct direct_call d = {call, 0, 0};
  voice_select_forget();   /* a text may switch voices as it goes */
  direct = &d;
  espeak_ERROR err = engine_synth(call->st->text, call->st->len);
  direct = NULL;
  *total = d.total;
  if (d.rc)
    return d.rc;
  return err == EE_OK ? 0 : LECTOR_ETTS;
}

/* Maps between bytes of text and characters (espeak-ng counts characters, 1-based):
 * char_of_byte[b] is the characters before byte b (len + 1 entries), byte_of_char[c] the byte
 * offset of character c (*n_chars + 1 entries). Both malloc'd. */
static int char_maps(const char *text, size_t len, size_t **char_of_byte_out,
                     size_t **byte_of_char_out, size_t *n_chars_out)
{
  size_t *char_of_byte = malloc((len + 1) * sizeof *char_of_byte);
  if (!char_of_byte)
    return -ENOMEM;
  size_t n_chars = 0;
  for (size_t b = 0; b < len; b++) {
    char_of_byte[b] = n_chars;
    if (((unsigned char)text[b] & 0xC0) != 0x80)
      n_chars++;
  }
  char_of_byte[len] = n_chars;
  size_t *byte_of_char = malloc((n_chars + 1) * sizeof *byte_of_char);
  if (!byte_of_char) {
    free(char_of_byte);
    return -ENOMEM;
  }
  for (size_t b = 0, c = 0; b < len; b++)
    if (((unsigned char)text[b] & 0xC0) != 0x80)
      byte_of_char[c++] = b;
  byte_of_char[n_chars] = len;
  *char_of_byte_out = char_of_byte;
  *byte_of_char_out = byte_of_char;
  *n_chars_out = n_chars;
  return 0;
}

int tts_engine_speak(struct tts_engine *engine, const struct speech_text *st, tts_audio_fn fn,
                     void *user, struct tts_word_time *times, uint64_t *n_samples)
{
  if (n_samples)
    *n_samples = 0;
  if (times)
    memset(times, 0, st->n_words * sizeof *times);
  if (!st->text || st->len == 0)
    return 0;

  size_t *char_of_byte, *byte_of_char, n_chars;
  int rc = char_maps(st->text, st->len, &char_of_byte, &byte_of_char, &n_chars);
  if (rc)
    return rc;
  struct events events = {0};
  struct speak_call call = {st, fn, user, byte_of_char, n_chars, &events, engine->cancel_fd};
  uint64_t total = 0;
  rc = engine->isolation == TTS_ISOLATE_NONE
         ? speak_direct(&call, &total)
         : engine_speak_child(&engine->spare, engine->voice_gen, &engine->params, &call, &total);
  if (!rc && times)
    engine_word_times(st, events.ev, events.n, total, char_of_byte, times);
  if (n_samples)
    *n_samples = total;
  free(events.ev);
  free(byte_of_char);
  free(char_of_byte);
  return rc;
}

int tts_engine_speak_ahead(struct tts_engine *engine, const struct tts_ahead_item *items,
                           size_t n, size_t max_samples, tts_ahead_fn fn, void *user)
{
  if (engine->isolation != TTS_ISOLATE_SENTENCE)
    return -ENOTSUP;
  if (n == 0)
    return 0;
  struct tts_ahead_item *held = malloc(n * sizeof *held);
  if (!held)
    return -ENOMEM;
  for (size_t i = 0; i < n; i++)
    held[i] = (struct tts_ahead_item){
      items[i].st, reading_clamp(items[i].wpm, READING_SPEED_MIN, READING_SPEED_MAX),
      reading_clamp(items[i].volume, READING_VOLUME_MIN, READING_VOLUME_MAX)};
  int rc = engine_speak_ahead(&engine->spare, engine->voice_gen, &engine->params, held, n,
                              max_samples, fn, user, engine->cancel_fd);
  free(held);
  return rc;
}
