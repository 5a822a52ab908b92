#include "export/sidecar.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "text/document.h"
#include "text/span.h"
#include "util/error.h"

int sidecar_format_from_path(const char *path, enum sidecar_format *out)
{
  static const struct {
    const char *ext;
    enum sidecar_format format;
  } known[] = {
    {"json", SIDECAR_JSON}, {"vtt", SIDECAR_VTT}, {"srt", SIDECAR_SRT}, {"lrc", SIDECAR_LRC},
  };
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  if (!dot || dot == base)
    return LECTOR_EFORMAT;
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (strcasecmp(dot + 1, known[i].ext) == 0) {
      *out = known[i].format;
      return 0;
    }
  return LECTOR_EFORMAT;
}

int sidecar_new(struct sidecar **out, const struct document *doc)
{
  *out = NULL;
  struct sidecar *sc = calloc(1, sizeof *sc);
  if (!sc)
    return -ENOMEM;
  sc->doc = doc;
  sc->sentences = calloc(doc->n_sentences ? doc->n_sentences : 1, sizeof *sc->sentences);
  if (!sc->sentences) {
    free(sc);
    return -ENOMEM;
  }
  *out = sc;
  return 0;
}

void sidecar_free(struct sidecar *sc)
{
  if (!sc)
    return;
  free(sc->sentences);
  free(sc->words);
  free(sc);
}

int sidecar_add_sentence(struct sidecar *sc, size_t s, uint64_t start, uint64_t end,
                         const struct sidecar_word *words, size_t n)
{
  if (s >= sc->doc->n_sentences)
    return -EINVAL;
  if (sc->n_words + n > sc->cap_words) {
    size_t cap = sc->cap_words ? sc->cap_words : 256;
    while (cap < sc->n_words + n)
      cap *= 2;
    struct sidecar_word *grown = realloc(sc->words, cap * sizeof *grown);
    if (!grown)
      return -ENOMEM;
    sc->words = grown;
    sc->cap_words = cap;
  }
  if (n)
    memcpy(sc->words + sc->n_words, words, n * sizeof *words);
  sc->sentences[s] = (struct sidecar_sentence){start, end, sc->n_words, n};
  sc->n_words += n;
  return 0;
}

/* WebVTT cue text reserves &, < and >. */
static void put_vtt_escaped(void *user, const char *s, size_t n)
{
  FILE *f = user;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '&')
      fputs("&amp;", f);
    else if (s[i] == '<')
      fputs("&lt;", f);
    else if (s[i] == '>')
      fputs("&gt;", f);
    else
      fputc(s[i], f);
  }
}

/* A cue's text: the sentence as `lector segment` prints it, escaped for WebVTT. */
static void put_cue_text(FILE *f, const char *text, size_t start, size_t end, bool vtt)
{
  if (vtt)
    span_for_each_piece(text, start, end, put_vtt_escaped, f);
  else
    span_print_collapsed(f, text, start, end);
}

static double seconds(uint64_t frames, int rate)
{
  return (double)frames / rate;
}

/* Appends item to array, taking ownership; false (and item freed) on failure. */
static bool append(json_t *array, json_t *item)
{
  return item && json_array_append_new(array, item) == 0;
}

static json_t *json_sentence(const struct sidecar *sc, size_t s, size_t index, int rate)
{
  const struct document *doc = sc->doc;
  const struct sidecar_sentence *ss = &sc->sentences[s];
  json_t *words = json_array();
  if (!words)
    return NULL;
  for (size_t w = ss->first_word; w < ss->first_word + ss->n_words; w++) {
    const struct sidecar_word *sw = &sc->words[w];
    json_t *text = json_stringn(doc->text + sw->doc_start, sw->doc_end - sw->doc_start);
    if (!append(words, json_pack("{s:o?,s:f,s:f}", "text", text, "start",
                                 seconds(sw->start, rate), "end", seconds(sw->end, rate)))) {
      json_decref(words);
      return NULL;
    }
  }
  const struct doc_sentence *ds = &doc->sentences[s];
  return json_pack("{s:I,s:o?,s:f,s:f,s:o}", "index", (json_int_t)index, "text",
                   span_collapsed_json(doc->text, ds->start, ds->end), "start",
                   seconds(ss->start, rate), "end", seconds(ss->end, rate), "words", words);
}

/* The chapters and headings with the time their first paragraph starts and their last ends. */
static json_t *json_sections(const struct sidecar *sc, int rate)
{
  const struct document *doc = sc->doc;
  json_t *sections = json_array();
  for (size_t i = 0; sections && i < doc->n_sections; i++) {
    const struct doc_section *sec = &doc->sections[i];
    const struct doc_paragraph *first = &doc->paragraphs[sec->first];
    const struct doc_paragraph *last = &doc->paragraphs[sec->last];
    uint64_t start = sc->sentences[first->first_sentence].start;
    uint64_t end = sc->sentences[last->first_sentence + last->n_sentences - 1].end;
    if (!append(sections, json_pack("{s:I,s:s,s:I,s:I,s:f,s:f}", "level",
                                    (json_int_t)sec->level, "title", sec->title, "first",
                                    (json_int_t)sec->first, "last", (json_int_t)sec->last,
                                    "start", seconds(start, rate), "end", seconds(end, rate)))) {
      json_decref(sections);
      return NULL;
    }
  }
  return sections;
}

/* The voice speaking lang (a document lang field), or NULL when not named. */
static const char *voice_of(const struct sidecar_info *info, unsigned lang)
{
  const char *v = info->lang_voices && lang < info->n_lang_voices ? info->lang_voices[lang] : NULL;
  if ((!v || !*v) && info->lang_voices && info->n_lang_voices)
    v = info->lang_voices[0];
  return v && *v ? v : NULL;
}

/* The spans of paragraph p spoken in another voice than the paragraph: lang, voice, and when
 * their words are heard; NULL when there is none. */
static json_t *json_spans(const struct sidecar *sc, const struct sidecar_info *info, size_t p,
                          int rate)
{
  const struct document *doc = sc->doc;
  const struct doc_paragraph *para = &doc->paragraphs[p];
  const char *para_voice = voice_of(info, para->lang);
  size_t w0 = sc->sentences[para->first_sentence].first_word;
  const struct sidecar_sentence *last = &sc->sentences[para->first_sentence + para->n_sentences - 1];
  size_t w1 = last->first_word + last->n_words;
  json_t *spans = NULL;
  for (size_t i = document_lang_span_after(doc, para->start);
       i < doc->n_lang_spans && doc->lang_spans[i].start < para->end; i++) {
    const struct doc_lang_span *sp = &doc->lang_spans[i];
    const char *voice = voice_of(info, sp->lang);
    if (!voice ||
        (para_voice && !strcmp(voice, para_voice)))
      continue;
    size_t a = w0;
    while (a < w1 && sc->words[a].doc_start < sp->start)
      a++;
    size_t b = a;
    while (b < w1 && sc->words[b].doc_start < sp->end)
      b++;
    if (a == b)
      continue;
    if (!spans)
      spans = json_array();
    append(spans, json_pack("{s:s,s:s,s:o?,s:f,s:f}", "lang", document_lang_name(doc, sp->lang),
                            "voice", voice, "text", span_collapsed_json(doc->text, sp->start,
                                                                         sp->end),
                            "start", seconds(sc->words[a].start, rate), "end",
                            seconds(sc->words[b - 1].end, rate)));
  }
  return spans;
}

static json_t *json_paragraph(const struct sidecar *sc, const struct sidecar_info *info, size_t p)
{
  const struct document *doc = sc->doc;
  const struct doc_paragraph *para = &doc->paragraphs[p];
  int rate = info->sample_rate;
  json_t *sentences = json_array();
  for (size_t i = 0; sentences && i < para->n_sentences; i++)
    if (!append(sentences, json_sentence(sc, para->first_sentence + i, i, rate))) {
      json_decref(sentences);
      return NULL;
    }
  uint64_t start = 0, end = 0;
  if (para->n_sentences) {
    start = sc->sentences[para->first_sentence].start;
    end = sc->sentences[para->first_sentence + para->n_sentences - 1].end;
  }
  const char *lang = document_paragraph_lang(doc, p), *voice = voice_of(info, para->lang);
  json_t *pj = json_pack("{s:I,s:s,s:s?,s:s?,s:f,s:f,s:o}", "index", (json_int_t)p, "kind",
                         doc_kind_name(para->kind), "lang", lang, "voice", voice, "start",
                         seconds(start, rate), "end", seconds(end, rate), "sentences", sentences);
  json_t *spans = pj && para->n_sentences && doc->n_lang_spans ? json_spans(sc, info, p, rate)
                                                               : NULL;
  if (spans)
    json_object_set_new(pj, "spans", spans);
  return pj;
}

static int render_json(const struct sidecar *sc, const struct sidecar_info *info, char **out,
                       size_t *len)
{
  const struct document *doc = sc->doc;
  int rate = info->sample_rate;
  json_t *paragraphs = json_array();
  if (!paragraphs)
    return -ENOMEM;
  for (size_t p = 0; p < doc->n_paragraphs; p++)
    if (!append(paragraphs, json_paragraph(sc, info, p))) {
      json_decref(paragraphs);
      return -ENOMEM;
    }
  json_t *root = json_pack("{s:i,s:s?,s:i,s:f,s:s?,s:o}", "version", 1, "audio", info->audio,
                           "sample_rate", rate, "duration", seconds(info->frames, rate), "voice",
                           info->voice, "paragraphs", paragraphs);
  if (root && doc->n_sections && json_object_set_new(root, "sections", json_sections(sc, rate)))
    json_decref(root), root = NULL;
  if (!root)
    return -ENOMEM;
  /* 12 significant digits keep microseconds up to 10^6 s: every time maps back to its frame. */
  *out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
  json_decref(root);
  if (!*out)
    return -ENOMEM;
  *len = strlen(*out);
  return 0;
}

/* hh:mm:ss.mmm (sep '.') or hh:mm:ss,mmm (sep ','), rounded to the millisecond. */
static void put_cue_time(FILE *f, uint64_t frames, int rate, char sep)
{
  uint64_t ms = (frames * 1000 + (uint64_t)rate / 2) / (uint64_t)rate;
  fprintf(f, "%02llu:%02llu:%02llu%c%03llu", (unsigned long long)(ms / 3600000),
          (unsigned long long)(ms / 60000 % 60), (unsigned long long)(ms / 1000 % 60), sep,
          (unsigned long long)(ms % 1000));
}

/* [mm:ss.xx], minutes unbounded, rounded to the hundredth. */
static void put_lrc_time(FILE *f, uint64_t frames, int rate)
{
  uint64_t cs = (frames * 100 + (uint64_t)rate / 2) / (uint64_t)rate;
  fprintf(f, "[%02llu:%02llu.%02llu]", (unsigned long long)(cs / 6000),
          (unsigned long long)(cs / 100 % 60), (unsigned long long)(cs % 100));
}

/* LRC header tags are single-line; drop anything that would end the tag or the line. */
static void put_lrc_tag(FILE *f, const char *name, const char *value)
{
  if (!value || !*value)
    return;
  fprintf(f, "[%s:", name);
  for (const char *p = value; *p; p++)
    fputc(*p == ']' || *p == '\n' || *p == '\r' ? ' ' : *p, f);
  fputs("]\n", f);
}

static int render_text(const struct sidecar *sc, enum sidecar_format format,
                       const struct sidecar_info *info, char **out, size_t *len)
{
  const struct document *doc = sc->doc;
  int rate = info->sample_rate;
  FILE *f = open_memstream(out, len);
  if (!f)
    return -ENOMEM;
  if (format == SIDECAR_VTT) {
    fputs("WEBVTT\n", f);
  } else if (format == SIDECAR_LRC) {
    put_lrc_tag(f, "ti", info->title);
    put_lrc_tag(f, "ar", info->artist);
    uint64_t secs = info->frames / (uint64_t)rate;
    fprintf(f, "[length:%02llu:%02llu]\n[re:lector]\n", (unsigned long long)(secs / 60),
            (unsigned long long)(secs % 60));
  }
  for (size_t s = 0; s < doc->n_sentences; s++) {
    const struct sidecar_sentence *ss = &sc->sentences[s];
    const struct doc_sentence *ds = &doc->sentences[s];
    switch (format) {
    case SIDECAR_VTT:
    case SIDECAR_SRT:
      if (format == SIDECAR_VTT)
        fputc('\n', f);
      fprintf(f, "%zu\n", s + 1);
      put_cue_time(f, ss->start, rate, format == SIDECAR_VTT ? '.' : ',');
      fputs(" --> ", f);
      put_cue_time(f, ss->end, rate, format == SIDECAR_VTT ? '.' : ',');
      fputc('\n', f);
      put_cue_text(f, doc->text, ds->start, ds->end, format == SIDECAR_VTT);
      fputs(format == SIDECAR_SRT ? "\n\n" : "\n", f);
      break;
    case SIDECAR_LRC:
      put_lrc_time(f, ss->start, rate);
      span_print_collapsed(f, doc->text, ds->start, ds->end);
      fputc('\n', f);
      break;
    case SIDECAR_JSON:
      break;
    }
  }
  if (fclose(f) != 0) {
    free(*out);
    *out = NULL;
    return -ENOMEM;
  }
  return 0;
}

int sidecar_render(const struct sidecar *sc, enum sidecar_format format,
                   const struct sidecar_info *info, char **out, size_t *len)
{
  *out = NULL;
  *len = 0;
  if (format == SIDECAR_JSON)
    return render_json(sc, info, out, len);
  return render_text(sc, format, info, out, len);
}
