#include "app/state.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "speech/reading_rules.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/xdg.h"
#include "util/file.h"

/* FNV-1a: a file name needs a stable, well spread hash, not a cryptographic one. */
static uint64_t fnv1a(const void *data, size_t len, uint64_t h)
{
  const unsigned char *p = data;
  for (size_t i = 0; i < len; i++) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

#define FNV_OFFSET 0xcbf29ce484222325ull

int state_key_for_path(const char *path, char key[STATE_KEY_LEN])
{
  char *abs = realpath(path, NULL);
  if (!abs)
    return -errno;
  snprintf(key, STATE_KEY_LEN, "p-%016llx",
           (unsigned long long)fnv1a(abs, strlen(abs), FNV_OFFSET));
  free(abs);
  return 0;
}

void state_key_for_url(const char *url, char key[STATE_KEY_LEN])
{
  snprintf(key, STATE_KEY_LEN, "u-%016llx",
           (unsigned long long)fnv1a(url, strlen(url), FNV_OFFSET));
}

void state_key_for_content(const char *data, size_t len, char key[STATE_KEY_LEN])
{
  snprintf(key, STATE_KEY_LEN, "c-%016llx", (unsigned long long)fnv1a(data, len, FNV_OFFSET));
}

static char *positions_dir(void)
{
  char *base = xdg_state_dir();
  if (!base)
    return NULL;
  char *dir = NULL;
  if (asprintf(&dir, "%s/positions", base) < 0)
    dir = NULL;
  free(base);
  return dir;
}

char *state_file_path(const char *key)
{
  char *dir = positions_dir();
  if (!dir)
    return NULL;
  char *path = NULL;
  if (asprintf(&path, "%s/%s.json", dir, key) < 0)
    path = NULL;
  free(dir);
  return path;
}

static int get_index(json_t *root, const char *name, size_t *out)
{
  json_t *v = json_object_get(root, name);
  if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > INT_MAX)
    return LECTOR_EPARSE;
  *out = (size_t)json_integer_value(v);
  return 0;
}

/* Optional, both: the section (index, title, the paragraph's offset in it) and the prints, as
 * "print": {"paragraph": "16 hex digits", "sentence": ...}. What is missing or malformed is left
 * out, and the place is then found as older files' was. */
static void get_section(json_t *root, struct doc_anchor *place)
{
  json_t *sec = json_object_get(root, "section");
  const char *title = json_string_value(json_object_get(sec, "title"));
  place->has_section = title && strlen(title) < sizeof place->section_title &&
                       !get_index(sec, "index", &place->section) &&
                       !get_index(sec, "paragraph", &place->section_offset);
  if (place->has_section)
    strcpy(place->section_title, title);
}

static bool get_print(json_t *prints, const char *name, uint64_t *out)
{
  const char *hex = json_string_value(json_object_get(prints, name));
  if (!hex || strlen(hex) != 16 || strspn(hex, "0123456789abcdef") != 16)
    return false;
  *out = strtoull(hex, NULL, 16);
  return true;
}

static void get_prints(json_t *root, struct doc_anchor *place)
{
  json_t *prints = json_object_get(root, "print");
  place->has_prints = get_print(prints, "paragraph", &place->paragraph_print) &&
                      get_print(prints, "sentence", &place->sentence_print);
}

/* Optional: each a sentence index with its print, {"sentence": N, "print": "16 hex digits"}, or
 * the plain index older files hold. What is neither is skipped, so a damaged entry costs itself,
 * not the position; past STATE_BOOKMARKS_MAX the rest is ignored. */
static void get_bookmarks(json_t *root, struct state_position *pos)
{
  pos->n_bookmarks = 0;
  json_t *list = json_object_get(root, "bookmarks");
  size_t i;
  json_t *v;
  json_array_foreach(list, i, v) {
    if (pos->n_bookmarks >= STATE_BOOKMARKS_MAX)
      break;
    size_t k = pos->n_bookmarks;
    json_t *index = json_is_object(v) ? json_object_get(v, "sentence") : v;
    if (!json_is_integer(index) || json_integer_value(index) < 0 ||
        json_integer_value(index) > INT_MAX)
      continue;
    pos->bookmarks[k] = (size_t)json_integer_value(index);
    pos->bookmark_has_print[k] = get_print(v, "print", &pos->bookmark_prints[k]);
    pos->n_bookmarks++;
  }
}

static json_t *print_json(uint64_t print)
{
  char hex[17];
  snprintf(hex, sizeof hex, "%016llx", (unsigned long long)print);
  return json_string(hex);
}

/* The section and prints of state_save's file (see get_section and get_prints). */
static void set_anchor(json_t *root, const struct doc_anchor *place)
{
  if (place->has_section) {
    json_t *sec = json_object();
    json_object_set_new(sec, "index", json_integer((json_int_t)place->section));
    json_object_set_new(sec, "title", json_string(place->section_title));
    json_object_set_new(sec, "paragraph", json_integer((json_int_t)place->section_offset));
    json_object_set_new(root, "section", sec);
  }
  if (place->has_prints) {
    json_t *prints = json_object();
    json_object_set_new(prints, "paragraph", print_json(place->paragraph_print));
    json_object_set_new(prints, "sentence", print_json(place->sentence_print));
    json_object_set_new(root, "print", prints);
  }
}

int state_load(const char *key, struct state_position *out)
{
  char *path = state_file_path(key);
  if (!path)
    return -ENOENT;
  /* A position file is a few hundred bytes, more with many bookmarks (at most 1000 of under
   * 60 bytes each); anything bigger is not ours. */
  char *buf;
  size_t n;
  int rc = file_read_small(path, 128 * 1024, &buf, &n);
  free(path);
  if (rc)
    return rc == LECTOR_ETOOBIG ? LECTOR_EPARSE : rc;

  json_error_t jerr;
  json_t *root = json_loadb(buf, n, JSON_REJECT_DUPLICATES, &jerr);
  free(buf);
  if (!json_is_object(root)) {
    json_decref(root);
    return LECTOR_EPARSE;
  }
  struct state_position pos;
  memset(&pos.place, 0, sizeof pos.place);
  rc = get_index(root, "paragraph", &pos.place.paragraph);
  if (!rc)
    rc = get_index(root, "sentence", &pos.place.sentence);
  get_section(root, &pos.place);
  get_prints(root, &pos.place);
  /* Optional (older files lack it); a speed out of the reading limits is ignored. */
  json_t *wpm = json_object_get(root, "wpm");
  pos.wpm = json_is_integer(wpm) && json_integer_value(wpm) >= READING_SPEED_MIN &&
                json_integer_value(wpm) <= READING_SPEED_MAX
              ? (int)json_integer_value(wpm) : 0;
  get_bookmarks(root, &pos);
  json_t *version = json_object_get(root, "version");
  if (!rc && (!json_is_integer(version) || json_integer_value(version) != 1))
    rc = LECTOR_EPARSE;
  json_decref(root);
  if (!rc)
    *out = pos;
  return rc;
}

int state_save(const char *key, const struct state_position *pos, const char *source)
{
  char *dir = positions_dir();
  if (!dir)
    return -ENOENT;
  int rc = xdg_mkdir_p(dir);
  free(dir);
  if (rc)
    return rc;
  char *path = state_file_path(key);
  if (!path)
    return -ENOMEM;

  json_t *root = json_object();
  if (root) {
    json_object_set_new(root, "version", json_integer(1));
    /* Only a help for a person looking at the file; a path that is not UTF-8 is left out. */
    if (source)
      json_object_set_new(root, "source", json_string(source));
    json_object_set_new(root, "paragraph", json_integer((json_int_t)pos->place.paragraph));
    json_object_set_new(root, "sentence", json_integer((json_int_t)pos->place.sentence));
    set_anchor(root, &pos->place);
    if (pos->wpm > 0)
      json_object_set_new(root, "wpm", json_integer(pos->wpm));
    json_t *list = pos->n_bookmarks ? json_array() : NULL;
    size_t n = pos->n_bookmarks < STATE_BOOKMARKS_MAX ? pos->n_bookmarks : STATE_BOOKMARKS_MAX;
    for (size_t i = 0; list && i < n; i++) {
      json_t *mark = json_object();
      json_object_set_new(mark, "sentence", json_integer((json_int_t)pos->bookmarks[i]));
      if (pos->bookmark_has_print[i])
        json_object_set_new(mark, "print", print_json(pos->bookmark_prints[i]));
      json_array_append_new(list, mark);
    }
    if (list)
      json_object_set_new(root, "bookmarks", list);
  }
  char *text = root ? json_dumps(root, JSON_PRESERVE_ORDER) : NULL;
  json_decref(root);
  if (!text) {
    free(path);
    return -ENOMEM;
  }
  size_t len = strlen(text);
  char *line = realloc(text, len + 2);
  if (!line) {
    free(text);
    free(path);
    return -ENOMEM;
  }
  line[len] = '\n';
  line[len + 1] = '\0';
  rc = atomic_file_write(path, line, len + 1, true);
  free(line);
  free(path);
  return rc;
}

void state_bookmarks_find(struct state_position *pos, const struct document *doc)
{
  for (size_t i = 0; i < pos->n_bookmarks; i++)
    if (!pos->bookmark_has_print[i] && pos->bookmarks[i] < doc->n_sentences)
      pos->bookmark_prints[i] = anchor_sentence_print(doc, pos->bookmarks[i]);
  /* Out of memory: the bookmarks stay at their numbers. */
  anchor_find_sentences(doc, pos->n_bookmarks, pos->bookmarks, pos->bookmark_prints);
}

void state_bookmarks_print(struct state_position *pos, const struct document *doc)
{
  for (size_t i = 0; i < pos->n_bookmarks; i++) {
    pos->bookmark_has_print[i] = pos->bookmarks[i] < doc->n_sentences;
    if (pos->bookmark_has_print[i])
      pos->bookmark_prints[i] = anchor_sentence_print(doc, pos->bookmarks[i]);
  }
}
