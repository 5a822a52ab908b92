/* The segmenter's word lists: abbreviations and how each behaves before a capitalised word,
 * words that typically start a sentence, and the words around a time of day. Kept apart from
 * the boundary rules so that adding an abbreviation is one line in one sorted table. */
#include "text/segment_scan.h"
#include "text/segment_words.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "text/segmenter.h"

struct abbr {
  const char *name;   /* lower case, without the full stop; sorted by strcmp */
  enum abbr_class cls;
};

static const struct abbr abbreviations[] = {
  {"acad", ABBR_ORDINARY}, {"adm", ABBR_TITLE}, {"al", ABBR_ORDINARY}, {"ala", ABBR_ORDINARY},
  {"approx", ABBR_NEVER}, {"apr", ABBR_FINAL}, {"apt", ABBR_ORDINARY}, {"ariz", ABBR_ORDINARY},
  {"art", ABBR_NUMBERED}, {"assn", ABBR_ORDINARY}, {"assoc", ABBR_ORDINARY}, {"atty", ABBR_TITLE},
  {"aug", ABBR_FINAL}, {"ave", ABBR_ORDINARY}, {"bldg", ABBR_ORDINARY}, {"blvd", ABBR_ORDINARY},
  {"brig", ABBR_TITLE}, {"bros", ABBR_ORDINARY}, {"ca", ABBR_NEVER}, {"calif", ABBR_ORDINARY},
  {"capt", ABBR_TITLE}, {"cca", ABBR_NEVER}, {"cf", ABBR_NEVER}, {"ch", ABBR_NUMBERED},
  {"chap", ABBR_NUMBERED}, {"cit", ABBR_ORDINARY}, {"cmdr", ABBR_TITLE}, {"co", ABBR_ORDINARY},
  {"col", ABBR_TITLE}, {"colo", ABBR_ORDINARY}, {"comdr", ABBR_TITLE}, {"conn", ABBR_ORDINARY},
  {"corp", ABBR_ORDINARY}, {"cos", ABBR_ORDINARY}, {"cpl", ABBR_TITLE}, {"cpt", ABBR_TITLE},
  {"cres", ABBR_ORDINARY}, {"ct", ABBR_ORDINARY}, {"dec", ABBR_FINAL}, {"dept", ABBR_ORDINARY},
  {"depts", ABBR_ORDINARY}, {"det", ABBR_TITLE}, {"dist", ABBR_ORDINARY}, {"div", ABBR_ORDINARY},
  {"dr", ABBR_TITLE}, {"drs", ABBR_TITLE}, {"ed", ABBR_NUMBERED}, {"eds", ABBR_ORDINARY},
  {"eq", ABBR_NUMBERED}, {"eqs", ABBR_NUMBERED}, {"esq", ABBR_ORDINARY}, {"est", ABBR_ORDINARY},
  {"etc", ABBR_FINAL}, {"ext", ABBR_NUMBERED}, {"feb", ABBR_FINAL}, {"fig", ABBR_NUMBERED},
  {"figs", ABBR_NUMBERED}, {"fla", ABBR_ORDINARY}, {"fr", ABBR_TITLE}, {"fri", ABBR_FINAL},
  {"ft", ABBR_ORDINARY}, {"gen", ABBR_TITLE}, {"gens", ABBR_TITLE}, {"gov", ABBR_TITLE},
  {"govt", ABBR_ORDINARY}, {"hon", ABBR_TITLE}, {"hosp", ABBR_ORDINARY}, {"hrs", ABBR_ORDINARY},
  {"hwy", ABBR_ORDINARY}, {"ibid", ABBR_ORDINARY}, {"inc", ABBR_ORDINARY}, {"insp", ABBR_TITLE},
  {"intl", ABBR_ORDINARY}, {"jan", ABBR_FINAL}, {"jct", ABBR_ORDINARY}, {"jr", ABBR_ORDINARY},
  {"jul", ABBR_FINAL}, {"jun", ABBR_FINAL}, {"kan", ABBR_ORDINARY}, {"kans", ABBR_ORDINARY},
  {"ky", ABBR_ORDINARY}, {"lb", ABBR_ORDINARY}, {"lbs", ABBR_ORDINARY}, {"lieut", ABBR_TITLE},
  {"llc", ABBR_ORDINARY}, {"ln", ABBR_ORDINARY}, {"lt", ABBR_TITLE}, {"ltd", ABBR_ORDINARY},
  {"maj", ABBR_TITLE}, {"mar", ABBR_FINAL}, {"messrs", ABBR_TITLE}, {"mfg", ABBR_ORDINARY},
  {"mgr", ABBR_ORDINARY}, {"mich", ABBR_ORDINARY}, {"minn", ABBR_ORDINARY},
  {"misc", ABBR_ORDINARY}, {"mlle", ABBR_TITLE}, {"mme", ABBR_TITLE}, {"mmes", ABBR_TITLE},
  {"mo", ABBR_ORDINARY}, {"mon", ABBR_ORDINARY}, {"mos", ABBR_ORDINARY}, {"mr", ABBR_TITLE},
  {"mrs", ABBR_TITLE}, {"ms", ABBR_TITLE}, {"msgr", ABBR_TITLE}, {"mt", ABBR_TITLE},
  {"mtn", ABBR_ORDINARY}, {"mts", ABBR_TITLE}, {"mx", ABBR_TITLE}, {"natl", ABBR_ORDINARY},
  {"neb", ABBR_ORDINARY}, {"nebr", ABBR_ORDINARY}, {"nev", ABBR_ORDINARY}, {"no", ABBR_NUMBERED},
  {"nos", ABBR_NUMBERED}, {"nov", ABBR_FINAL}, {"nr", ABBR_NUMBERED},
  {"n\xc2\xb0", ABBR_NUMBERED}, {"oct", ABBR_FINAL}, {"okla", ABBR_ORDINARY},
  {"ont", ABBR_ORDINARY}, {"op", ABBR_NUMBERED}, {"oz", ABBR_ORDINARY}, {"p", ABBR_NUMBERED},
  {"para", ABBR_NUMBERED}, {"penn", ABBR_ORDINARY}, {"pfc", ABBR_TITLE}, {"pkwy", ABBR_ORDINARY},
  {"pl", ABBR_ORDINARY}, {"plc", ABBR_ORDINARY}, {"pp", ABBR_NUMBERED}, {"pres", ABBR_TITLE},
  {"prof", ABBR_TITLE}, {"profs", ABBR_TITLE}, {"pt", ABBR_NUMBERED}, {"pts", ABBR_NUMBERED},
  {"pvt", ABBR_TITLE}, {"rd", ABBR_ORDINARY}, {"ref", ABBR_NUMBERED}, {"rep", ABBR_TITLE},
  {"repr", ABBR_ORDINARY}, {"reps", ABBR_TITLE}, {"rev", ABBR_TITLE}, {"revd", ABBR_TITLE},
  {"sask", ABBR_ORDINARY}, {"sec", ABBR_NUMBERED}, {"sect", ABBR_NUMBERED}, {"sen", ABBR_TITLE},
  {"sens", ABBR_TITLE}, {"sep", ABBR_FINAL}, {"sept", ABBR_FINAL}, {"sgt", ABBR_TITLE},
  {"sq", ABBR_ORDINARY}, {"sr", ABBR_ORDINARY}, {"st", ABBR_TITLE}, {"ste", ABBR_TITLE},
  {"supt", ABBR_TITLE}, {"tce", ABBR_ORDINARY}, {"tel", ABBR_NUMBERED}, {"tenn", ABBR_ORDINARY},
  {"tex", ABBR_ORDINARY}, {"thu", ABBR_FINAL}, {"thur", ABBR_FINAL}, {"thurs", ABBR_FINAL},
  {"trans", ABBR_ORDINARY}, {"tue", ABBR_FINAL}, {"tues", ABBR_FINAL}, {"univ", ABBR_ORDINARY},
  {"viz", ABBR_NEVER}, {"vol", ABBR_NUMBERED}, {"vols", ABBR_NUMBERED}, {"vs", ABBR_NEVER},
  {"wed", ABBR_ORDINARY}, {"wis", ABBR_ORDINARY}, {"wisc", ABBR_ORDINARY}, {"wk", ABBR_ORDINARY},
  {"wks", ABBR_ORDINARY}, {"wyo", ABBR_ORDINARY}, {"yd", ABBR_ORDINARY}, {"yds", ABBR_ORDINARY},
  {"yr", ABBR_ORDINARY}, {"yrs", ABBR_ORDINARY},
};

/* Capitalised words that usually begin a sentence: after "U.S." or "Inc." they mark a new
 * sentence ("in the U.S. How about you?"), other capitalised words continue ("the U.S. Senate"). */
static const char *const sentence_starters[] = {
  "A", "After", "All", "Also", "Although", "An", "And", "Another", "Any", "Are", "As", "At",
  "Because", "Before", "Being", "Both", "But", "By", "Can", "Could", "Despite", "Did", "Do",
  "Does", "During", "Each", "Even", "Every", "Few", "For", "From", "Furthermore", "He", "Her",
  "Here", "His", "How", "However", "I", "If", "In", "Indeed", "Instead", "Is", "It", "Its",
  "Last", "Later", "Many", "Meanwhile", "Millions", "More", "Moreover", "Most", "Much", "My",
  "Nevertheless", "No", "Nobody", "Not", "Nothing", "Now", "Of", "On", "One", "Only", "Or",
  "Other", "Others", "Our", "Several", "She", "Should", "Since", "So", "Some", "Still", "Such",
  "That", "The", "Their", "Then", "There", "These", "They", "This", "Those", "Though", "Thus",
  "To", "Today", "Tomorrow", "Under", "Until", "Was", "We", "Were", "What", "When", "Where",
  "Whether", "Which", "While", "Who", "Why", "Will", "With", "Would", "Yesterday", "Yet", "You",
  "Your",
};

/* Sentence starts that are never part of a name: after a single capital letter ("World War I.
 * It ended") they begin a new sentence even when a capitalised word precedes the letter. */
static const char *const strong_starters[] = {
  "After", "As", "Before", "But", "He", "Her", "His", "How", "However", "If", "In", "It", "Its",
  "Our", "She", "That", "The", "Their", "Then", "There", "These", "They", "This", "Those", "We",
  "What", "When", "Who", "Why",
};

/* Capitalised words that continue a time: "at 5 p.m. Monday", "at 9 a.m. GMT". */
static const char *const time_continuations[] = {
  "AEDT", "AEST", "Apr", "April", "Aug", "August", "BST", "CDT", "CEST", "CET", "CST", "CT",
  "Central", "Dec", "December", "EDT", "EST", "ET", "Eastern", "Feb", "February", "Fri", "Friday",
  "GMT", "Greenwich", "HKT", "IST", "JST", "Jan", "January", "Jul", "July", "Jun", "June",
  "Local", "MDT", "MST", "MT", "Mar", "March", "May", "Mon", "Monday", "Mountain", "Nov",
  "November", "Oct", "October", "PDT", "PST", "PT", "Pacific", "SGT", "Sat", "Saturday", "Sep",
  "Sept", "September", "Sun", "Sunday", "Thu", "Thurs", "Thursday", "Tue", "Tues", "Tuesday",
  "UTC", "Wed", "Wednesday",
};

/* First words of a phrase that introduces a time: "At 5 a.m. Mr. Smith went" (golden rule 18). */
static const char *const time_intro_words[] = {
  "About", "After", "Around", "At", "Before", "Beginning", "Between", "By", "Each", "Early",
  "Even", "Every", "From", "Just", "Late", "On", "Only", "Shortly", "Since", "Sometime",
  "Starting", "Then", "Till", "Today", "Tomorrow", "Tonight", "Until", "Yesterday",
};


/* ---- Table lookups ---------------------------------------------------------------------- */

static int compare_abbr(const void *key, const void *item)
{
  return strcmp(key, ((const struct abbr *)item)->name);
}

enum abbr_class seg_abbr_class(const char *p, size_t n)
{
  char key[16];
  if (n == 0 || n >= sizeof key)
    return ABBR_NONE;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    key[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  key[n] = '\0';
  const struct abbr *a = bsearch(key, abbreviations, sizeof abbreviations / sizeof *abbreviations,
                                 sizeof *abbreviations, compare_abbr);
  return a ? a->cls : ABBR_NONE;
}

struct word_key {
  const char *p;
  size_t len;
};

static int compare_word(const void *key, const void *item)
{
  const struct word_key *k = key;
  const char *w = *(const char *const *)item;
  size_t wl = strlen(w);
  int c = memcmp(k->p, w, k->len < wl ? k->len : wl);
  if (c)
    return c;
  return k->len < wl ? -1 : k->len > wl;
}

static bool in_words(const char *const *words, size_t n, const char *p, size_t len)
{
  struct word_key k = {p, len};
  return len > 0 && bsearch(&k, words, n, sizeof *words, compare_word) != NULL;
}

#define IN_WORDS(table, p, len) in_words(table, sizeof table / sizeof *table, p, len)

bool seg_word_in(enum seg_word_list list, const char *p, size_t len)
{
  switch (list) {
  case SEG_SENTENCE_STARTERS: return IN_WORDS(sentence_starters, p, len);
  case SEG_STRONG_STARTERS: return IN_WORDS(strong_starters, p, len);
  case SEG_TIME_CONTINUATIONS: return IN_WORDS(time_continuations, p, len);
  case SEG_TIME_INTRO_WORDS: return IN_WORDS(time_intro_words, p, len);
  }
  return false;
}

/* ---- Self-check ------------------------------------------------------------------------ */

static bool words_sorted(const char *const *words, size_t n)
{
  for (size_t i = 1; i < n; i++)
    if (strcmp(words[i - 1], words[i]) >= 0)
      return false;
  return true;
}

#define WORDS_SORTED(table) words_sorted(table, sizeof table / sizeof *table)

int segment_self_check(void)
{
  for (size_t i = 1; i < sizeof abbreviations / sizeof *abbreviations; i++)
    if (strcmp(abbreviations[i - 1].name, abbreviations[i].name) >= 0)
      return -EINVAL;
  if (!WORDS_SORTED(sentence_starters) || !WORDS_SORTED(strong_starters) ||
      !WORDS_SORTED(time_continuations) || !WORDS_SORTED(time_intro_words))
    return -EINVAL;
  return seg_check_sterm_leads();
}

