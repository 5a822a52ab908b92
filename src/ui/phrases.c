#include "ui/phrases.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <unicode/uloc.h>
#include <unicode/ustring.h>
#include <utf8proc.h>

#include "player/player.h"
#include "text/document.h"

/* Two tags name the same language when their primary subtags are equal ("en-GB", "en_us"). */
static bool same_language(const char *a, const char *b)
{
  size_t na = strcspn(a, "-_"), nb = strcspn(b, "-_");
  return na == nb && strncasecmp(a, b, na) == 0;
}

void phrases_language(const char *tag, char *buf, size_t len)
{
  UChar name[64];
  UErrorCode err = U_ZERO_ERROR;
  int32_t n = uloc_getDisplayLanguage(tag, "en", name, 64, &err);
  char lang[16];
  snprintf(lang, sizeof lang, "%.*s", (int)strcspn(tag, "-_"), tag);
  /* ICU gives back the code itself for a language it cannot name. */
  if (U_SUCCESS(err) && n > 0 && n < 64) {
    u_strToUTF8(buf, (int32_t)len, NULL, name, n, &err);
    if (U_SUCCESS(err) && err != U_STRING_NOT_TERMINATED_WARNING && strcasecmp(buf, lang) != 0)
      return;
  }
  snprintf(buf, len, "%s", tag);
}

void phrases_speaking(const struct player_status *st, char *buf, size_t len)
{
  /* "English (Great Britain)" is said as "English": the status line is short, and the
   * language is what changes from one paragraph to the next. */
  const char *paren = strstr(st->speaking, " (");
  int n = paren ? (int)(paren - st->speaking) : (int)strlen(st->speaking);
  if (n > 0 && (strncasecmp(st->speaking, st->voice, (size_t)n) != 0 || st->voice[n]))
    snprintf(buf, len, "%.*s", n, st->speaking);
  else if (len)
    buf[0] = '\0';
}

void phrases_voice(const struct player_status *st, char *buf, size_t len)
{
  char speaking[64];
  phrases_speaking(st, speaking, sizeof speaking);
  snprintf(buf, len, speaking[0] ? "%s (%s)" : "%s%s", st->voice, speaking);
}

void phrases_where(const struct document *doc, size_t sentence, char *buf, size_t len)
{
  if (sentence >= doc->n_sentences)
    sentence = doc->n_sentences ? doc->n_sentences - 1 : 0;
  size_t para = doc->n_sentences ? document_paragraph_of(doc, sentence) : 0;
  size_t in_para = doc->n_paragraphs ? sentence - doc->paragraphs[para].first_sentence : 0;
  size_t n_in_para = doc->n_paragraphs ? doc->paragraphs[para].n_sentences : 0;
  int percent = doc->n_sentences ? (int)(sentence * 100 / doc->n_sentences) : 0;
  int n = snprintf(buf, len, "paragraph %zu of %zu, sentence %zu of %zu, %d percent", para + 1,
                   doc->n_paragraphs, in_para + 1, n_in_para, percent);
  const char *lang = doc->n_paragraphs ? document_paragraph_lang(doc, para) : NULL;
  const char *doc_lang = document_lang(doc);
  if (n < 0 || (size_t)n >= len || !lang || (doc_lang && same_language(lang, doc_lang)))
    return;
  char name[64];
  phrases_language(lang, name, sizeof name);
  snprintf(buf + n, len - (size_t)n, ", in %s", name);
}

void phrases_spell(const char *word, size_t len, char *buf, size_t buf_len)
{
  size_t o = 0;
  if (buf_len == 0)
    return;
  buf[0] = '\0';
  size_t i = 0;
  while (i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)word + i,
                                          (utf8proc_ssize_t)(len - i), &cp);
    if (n <= 0) {
      i++;
      continue;
    }
    i += (size_t)n;
    utf8proc_category_t cat = utf8proc_category(cp);
    bool letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
    bool digit = cat == UTF8PROC_CATEGORY_ND;
    if (!letter && !digit)
      continue;
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
    if (o + (size_t)m + 3 >= buf_len)
      break;
    if (o) {
      buf[o++] = ',';
      buf[o++] = ' ';
    }
    memcpy(buf + o, enc, (size_t)m);
    o += (size_t)m;
    buf[o] = '\0';
  }
}
