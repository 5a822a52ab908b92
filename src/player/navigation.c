/* Where a navigation key leads (see navigation.h). */
#include "player/navigation.h"

#include "text/document.h"
#include "text/section.h"

bool navigation_is_move(enum player_command cmd)
{
  switch (cmd) {
  case PLAYER_NEXT_PARAGRAPH:
  case PLAYER_PREV_PARAGRAPH:
  case PLAYER_NEXT_SENTENCE:
  case PLAYER_PREV_SENTENCE:
  case PLAYER_FIRST_PARAGRAPH:
  case PLAYER_LAST_PARAGRAPH:
  case PLAYER_JUMP_SENTENCE:
  case PLAYER_REPEAT_SENTENCE:
    return true;
  default:
    return false;
  }
}

static size_t first_of(const struct document *doc, size_t paragraph)
{
  return doc->paragraphs[paragraph].first_sentence;
}

/* The current unit again when heard long enough (or there is none before), else the one
 * before. */
static size_t back(size_t cur, size_t before, double heard_s)
{
  return heard_s > NAVIGATION_RESTART_AFTER_S || cur == before ? cur : before;
}

size_t navigation_target(const struct document *doc, enum player_command cmd, long arg,
                         struct navigation_at at)
{
  size_t n = doc->n_sentences;
  if (n == 0 || !navigation_is_move(cmd))
    return NAVIGATION_STAY;
  size_t cur = at.sentence < n ? at.sentence : n - 1;
  size_t para = document_paragraph_of(doc, cur);
  switch (cmd) {
  case PLAYER_NEXT_PARAGRAPH:
    return para + 1 < doc->n_paragraphs ? first_of(doc, para + 1) : NAVIGATION_STAY;
  case PLAYER_PREV_PARAGRAPH:
    return first_of(doc, back(para, para ? para - 1 : 0, at.in_paragraph_s));
  case PLAYER_NEXT_SENTENCE:
    return cur + 1 < n ? cur + 1 : NAVIGATION_STAY;
  case PLAYER_PREV_SENTENCE:
    return back(cur, cur ? cur - 1 : 0, at.in_sentence_s);
  case PLAYER_FIRST_PARAGRAPH:
    return 0;
  case PLAYER_LAST_PARAGRAPH:
    return first_of(doc, doc->n_paragraphs - 1);
  case PLAYER_JUMP_SENTENCE:
    return arg >= 0 && (size_t)arg < n ? (size_t)arg : NAVIGATION_STAY;
  default:   /* PLAYER_REPEAT_SENTENCE */
    return cur;
  }
}

size_t navigation_heading(const struct document *doc, size_t sentence, int dir,
                          bool same_or_higher, size_t *section)
{
  if (doc->n_sentences == 0 || doc->n_sections == 0)
    return NAVIGATION_STAY;
  size_t cur = sentence < doc->n_sentences ? sentence : doc->n_sentences - 1;
  size_t para = document_paragraph_of(doc, cur);
  unsigned max_level = DOC_SECTION_MAX_LEVEL;
  size_t at = sections_at(doc, para);
  if (same_or_higher && at != SECTIONS_NONE)
    max_level = doc->sections[at].level;
  size_t to = sections_step(doc, para, dir, max_level);
  if (to == SECTIONS_NONE)
    return NAVIGATION_STAY;
  *section = to;
  return doc->paragraphs[doc->sections[to].first].first_sentence;
}
