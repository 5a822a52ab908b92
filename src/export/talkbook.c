/* The parts of a talking book and the XHTML of their text (see talkbook.h). */
#include "export/talkbook.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "export/sidecar.h"
#include "text/document.h"
#include "text/section.h"
#include "util/grow.h"

/* The section that starts each part, SECTIONS_NONE for front text. */
static int part_starts(const struct talkbook *tb, bool every_section, size_t **out, size_t *n)
{
  const struct document *doc = tb->doc;
  unsigned chapter_level = sections_chapter_level(doc);
  size_t *starts = malloc((doc->n_sections + 1) * sizeof *starts);
  if (!starts)
    return -ENOMEM;
  size_t count = 0;
  for (size_t s = 0; s < doc->n_sections; s++) {
    const struct doc_section *sec = &doc->sections[s];
    if (!every_section && sec->level > chapter_level)
      continue;
    if (sec->first >= doc->n_paragraphs)
      continue;
    /* Two sections on one paragraph make one part: the first names it. */
    if (count && doc->sections[starts[count - 1]].first >= sec->first)
      continue;
    starts[count++] = s;
  }
  if (count == 0 || doc->sections[starts[0]].first > 0) {
    memmove(starts + 1, starts, count * sizeof *starts);
    starts[0] = SECTIONS_NONE;
    count++;
  }
  *out = starts;
  *n = count;
  return 0;
}

int talkbook_plan(struct talkbook *tb, bool every_section)
{
  const struct document *doc = tb->doc;
  size_t *starts, n;
  int rc = part_starts(tb, every_section, &starts, &n);
  if (rc)
    return rc;
  tb->parts = calloc(n, sizeof *tb->parts);
  if (!tb->parts) {
    free(starts);
    return -ENOMEM;
  }
  tb->n_parts = n;
  for (size_t i = 0; i < n; i++) {
    struct talkbook_part *pt = &tb->parts[i];
    const struct doc_section *sec = starts[i] == SECTIONS_NONE ? NULL : &doc->sections[starts[i]];
    pt->first_para = sec ? sec->first : 0;
    pt->has_section = sec != NULL;
    pt->title = sec && *sec->title ? sec->title : tb->title;
    pt->level = sec ? sec->level : 1;
    if (i > 0)
      tb->parts[i - 1].last_para = pt->first_para - 1;
  }
  tb->parts[n - 1].last_para = doc->n_paragraphs - 1;
  for (size_t i = 0; i < n; i++) {
    struct talkbook_part *pt = &tb->parts[i];
    const struct doc_paragraph *last = &doc->paragraphs[pt->last_para];
    pt->first_sentence = doc->paragraphs[pt->first_para].first_sentence;
    pt->end_sentence = last->first_sentence + last->n_sentences;
    pt->start = i == 0 ? 0 : tb->sc->sentences[pt->first_sentence].start;
    if (i > 0)
      tb->parts[i - 1].end = pt->start;
  }
  tb->parts[n - 1].end = tb->frames;
  free(starts);
  return 0;
}

void talkbook_free(struct talkbook *tb)
{
  free(tb->parts);
  tb->parts = NULL;
  tb->n_parts = 0;
}

/* ---- text ---- */

bool talkbook_cancelled(const struct talkbook *tb)
{
  return tb->cancel && *tb->cancel;
}

bool talkbook_word_nests(const struct talkbook *tb, size_t s, size_t w, size_t *at)
{
  const struct sidecar_word *sw = &tb->sc->words[w];
  const struct doc_sentence *ds = &tb->doc->sentences[s];
  if (*at < ds->start)
    *at = ds->start;
  if (sw->doc_start < *at || sw->doc_end > ds->end || sw->doc_end <= sw->doc_start)
    return false;
  *at = sw->doc_end;
  return true;
}

static void lang_attributes(struct xml_buf *x, const char *lang)
{
  xml_raw(x, " lang=\"");
  xml_str(x, lang);
  xml_raw(x, "\" xml:lang=\"");
  xml_str(x, lang);
  xml_raw(x, "\"");
}

static bool blank(const char *s, size_t len)
{
  for (size_t i = 0; i < len; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
      return false;
  return true;
}

/* Writes the document's text [start, end) of a block in language `lang`: each run inside a lang
 * span of another language (a <q lang="fr"> in an English paragraph) as a span saying so, so
 * that a reading system's own voice reads it in that language too. Runs are cut where the
 * sentence and word spans are, which keeps the XHTML nested; white space is not marked. */
static void lang_text(struct xml_buf *x, const struct talkbook *tb, const char *lang,
                      size_t start, size_t end)
{
  const struct document *doc = tb->doc;
  for (size_t i = document_lang_span_after(doc, start); start < end; i++) {
    const struct doc_lang_span *sp = i < doc->n_lang_spans ? &doc->lang_spans[i] : NULL;
    size_t from = sp && sp->start > start ? sp->start : start;
    if (!sp || from >= end)
      break;
    xml_text(x, doc->text + start, from - start);
    size_t to = sp->end < end ? sp->end : end;
    const char *tag = document_lang_name(doc, sp->lang);
    bool mark = tag && strcmp(tag, lang) != 0 && !blank(doc->text + from, to - from);
    if (mark) {
      xml_raw(x, "<span");
      lang_attributes(x, tag);
      xml_raw(x, ">");
    }
    xml_text(x, doc->text + from, to - from);
    if (mark)
      xml_raw(x, "</span>");
    start = to;
  }
  if (end > start)
    xml_text(x, doc->text + start, end - start);
}

static void words_of(struct xml_buf *x, const struct talkbook *tb, const char *lang, size_t s,
                     size_t *at)
{
  const struct sidecar_sentence *ss = &tb->sc->sentences[s];
  size_t nest = *at;
  for (size_t w = ss->first_word; w < ss->first_word + ss->n_words; w++) {
    const struct sidecar_word *sw = &tb->sc->words[w];
    if (!talkbook_word_nests(tb, s, w, &nest))
      continue;
    lang_text(x, tb, lang, *at, sw->doc_start);
    xml_printf(x, "<span id=\"w%zu\">", w + 1);
    lang_text(x, tb, lang, sw->doc_start, sw->doc_end);
    xml_raw(x, "</span>");
    *at = sw->doc_end;
  }
}

static void inline_text(struct xml_buf *x, const struct talkbook *tb, size_t p, const char *lang,
                        bool words)
{
  const struct document *doc = tb->doc;
  const struct doc_paragraph *para = &doc->paragraphs[p];
  size_t at = para->start;
  for (size_t s = para->first_sentence; s < para->first_sentence + para->n_sentences; s++) {
    const struct doc_sentence *ds = &doc->sentences[s];
    if (ds->start < at)
      continue;
    lang_text(x, tb, lang, at, ds->start);
    xml_printf(x, "<span id=\"s%zu\">", s + 1);
    at = ds->start;
    if (words)
      words_of(x, tb, lang, s, &at);
    lang_text(x, tb, lang, at, ds->end);
    xml_raw(x, "</span>");
    at = ds->end;
  }
  if (para->end > at)
    lang_text(x, tb, lang, at, para->end);
}

/* Paragraph p's language: a span in another language covering all of it (an element with its
 * own lang= around the paragraph's text), else the paragraph's, else the book's. */
static const char *paragraph_lang(const struct talkbook *tb, size_t p)
{
  const struct document *doc = tb->doc;
  const struct doc_paragraph *para = &doc->paragraphs[p];
  size_t i = document_lang_span_after(doc, para->start);
  const char *lang = NULL;
  if (i < doc->n_lang_spans && doc->lang_spans[i].start <= para->start &&
      doc->lang_spans[i].end >= para->end)
    lang = document_lang_name(doc, doc->lang_spans[i].lang);
  if (!lang)
    lang = document_paragraph_lang(doc, p);
  return lang ? lang : tb->lang;
}

static void block_open(struct xml_buf *x, const struct talkbook *tb, size_t p, const char *tag,
                       const char *cls, const char *lang)
{
  xml_printf(x, "<%s id=\"p%zu\"", tag, p + 1);
  if (cls)
    xml_printf(x, " class=\"%s\"", cls);
  if (strcmp(lang, tb->lang) != 0)
    lang_attributes(x, lang);
  xml_raw(x, ">");
}

void talkbook_blocks(struct xml_buf *x, const struct talkbook *tb, size_t part, bool words)
{
  const struct talkbook_part *pt = &tb->parts[part];
  const struct doc_paragraph *paras = tb->doc->paragraphs;
  for (size_t p = pt->first_para; p <= pt->last_para; p++) {
    enum doc_kind kind = paras[p].kind;
    char tag[4] = "p";
    const char *cls = NULL;
    if (kind == DOC_HEADING) {
      unsigned level = paras[p].level < 1 ? 1 : paras[p].level > 6 ? 6 : paras[p].level;
      snprintf(tag, sizeof tag, "h%u", level);
    } else if (kind == DOC_ITEM) {
      if (p == pt->first_para || paras[p - 1].kind != DOC_ITEM)
        xml_raw(x, "<ul>\n");
      strcpy(tag, "li");
      cls = paras[p].marker ? "numbered" : NULL;  /* the number is part of the text */
    } else if (kind == DOC_QUOTE) {
      xml_raw(x, "<blockquote>");
    } else if (kind == DOC_CODE) {
      strcpy(tag, "pre");
    }
    const char *lang = paragraph_lang(tb, p);
    block_open(x, tb, p, tag, cls, lang);
    inline_text(x, tb, p, lang, words);
    xml_printf(x, "</%s>", tag);
    if (kind == DOC_QUOTE)
      xml_raw(x, "</blockquote>");
    xml_raw(x, "\n");
    if (kind == DOC_ITEM && (p == pt->last_para || paras[p + 1].kind != DOC_ITEM))
      xml_raw(x, "</ul>\n");
  }
}

/* ---- times, names, dates ---- */

uint64_t talkbook_ms(const struct talkbook *tb, uint64_t f)
{
  return (f * 1000 + (uint64_t)tb->rate / 2) / (uint64_t)tb->rate;
}

void talkbook_clock(char *buf, size_t len, uint64_t ms)
{
  snprintf(buf, len, "%" PRIu64 ":%02u:%02u.%03u", ms / 3600000, (unsigned)(ms / 60000 % 60),
           (unsigned)(ms / 1000 % 60), (unsigned)(ms % 1000));
}

static uint64_t fnv1a(uint64_t h, const char *s, size_t len)
{
  for (size_t i = 0; i < len; i++) {
    h ^= (unsigned char)s[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

void talkbook_uuid(const struct talkbook *tb, char *buf, size_t len)
{
  uint64_t a = fnv1a(0xcbf29ce484222325ULL, tb->title, strlen(tb->title));
  a = fnv1a(a, tb->doc->text, tb->doc->len);
  uint64_t b = fnv1a(a ^ 0x9e3779b97f4a7c15ULL, tb->doc->text, tb->doc->len);
  /* Shaped as a name-based UUID (version 5, RFC 4122 variant). */
  snprintf(buf, len, "urn:uuid:%08x-%04x-5%03x-%04x-%012" PRIx64, (unsigned)(a >> 32),
           (unsigned)(a >> 16 & 0xffff), (unsigned)(a & 0xfff),
           (unsigned)(0x8000 | (b >> 48 & 0x3fff)), (uint64_t)(b & 0xffffffffffffULL));
}

void talkbook_date(char *buf, size_t len, bool date_only)
{
  time_t t = time(NULL);
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  if (epoch && *epoch)
    t = (time_t)strtoll(epoch, NULL, 10);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, len, date_only ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool talkbook_clip(const struct talkbook *tb, size_t part, size_t s, uint64_t *begin,
                   uint64_t *end)
{
  const struct talkbook_part *pt = &tb->parts[part];
  uint64_t b = tb->sc->sentences[s].start;
  uint64_t e = s + 1 < pt->end_sentence ? tb->sc->sentences[s + 1].start : pt->end;
  if (b < pt->start || e > pt->end || talkbook_ms(tb, e) <= talkbook_ms(tb, b))
    return false;
  *begin = b - pt->start;
  *end = e - pt->start;
  return true;
}
