/* The EPUB archive: libzip, with the limits that keep a hostile archive from costing more than a
 * book would (load_epub.h). Nothing here writes a file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "text/load_epub.h"
#include "text/load_epub_internal.h"
#include "util/error.h"

/* A name that would leave the archive if anything ever extracted it: absolute, a drive or a
 * ".." part. Such an archive is refused whole: no reader needs one. */
static bool unsafe_name(const char *name)
{
  if (name[0] == '/' || name[0] == '\\' || (name[0] && name[1] == ':'))
    return true;
  for (const char *p = name; *p;) {
    size_t n = strcspn(p, "/\\");
    if (n == 2 && p[0] == '.' && p[1] == '.')
      return true;
    p += n;
    if (*p)
      p++;
  }
  return false;
}

/* Checks every entry as declared in the central directory, before anything is inflated. */
static int check_entries(zip_t *za)
{
  zip_int64_t n = zip_get_num_entries(za, 0);
  if (n < 0 || n > EPUB_MAX_ENTRIES)
    return LECTOR_EUNSAFE;
  unsigned long long total = 0;
  for (zip_int64_t i = 0; i < n; i++) {
    zip_stat_t st;
    if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0)
      return LECTOR_EBADEPUB;
    if (!(st.valid & ZIP_STAT_NAME) || unsafe_name(st.name))
      return LECTOR_EUNSAFE;
    if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
      return LECTOR_EBADEPUB;
    total += st.size;
    if (st.size > EPUB_MAX_ENTRY_BYTES || total > EPUB_MAX_TOTAL_BYTES)
      return LECTOR_EUNSAFE;
    if (st.size > EPUB_RATIO_FROM && st.size / (st.comp_size ? st.comp_size : 1) > EPUB_MAX_RATIO)
      return LECTOR_EUNSAFE;
  }
  return 0;
}

int epub_zip_open(const char *path, zip_t **out)
{
  *out = NULL;
  int err = 0;
  zip_t *za = zip_open(path, ZIP_RDONLY, &err);
  if (!za) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    int sys = zip_error_code_system(&ze);
    zip_error_fini(&ze);
    if (err == ZIP_ER_MEMORY)
      return -ENOMEM;
    if ((err == ZIP_ER_OPEN || err == ZIP_ER_READ) && sys)
      return -sys;
    return LECTOR_EBADEPUB;
  }
  int rc = check_entries(za);
  if (rc) {
    zip_discard(za);
    return rc;
  }
  *out = za;
  return 0;
}

bool epub_zip_has(zip_t *za, const char *name)
{
  return zip_name_locate(za, name, 0) >= 0;
}

/* Reads exactly size bytes of f into buf; one byte more, or fewer, means the directory lied
 * about the size (a zip bomb's trick) or the data is damaged. */
static int read_exact(zip_file_t *f, char *buf, zip_uint64_t size)
{
  zip_uint64_t got = 0;
  while (got < size) {
    zip_int64_t n = zip_fread(f, buf + got, size - got);
    if (n <= 0)
      return LECTOR_EBADEPUB;
    got += (zip_uint64_t)n;
  }
  char extra;
  zip_int64_t n = zip_fread(f, &extra, 1);
  return n == 0 ? 0 : n > 0 ? LECTOR_EUNSAFE : LECTOR_EBADEPUB;
}

int epub_zip_read(zip_t *za, const char *name, char **out, size_t *len)
{
  *out = NULL;
  *len = 0;
  zip_int64_t index = zip_name_locate(za, name, 0);
  zip_stat_t st;
  if (index < 0 || zip_stat_index(za, (zip_uint64_t)index, 0, &st) != 0)
    return LECTOR_EBADEPUB;
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
    return LECTOR_EDRM;
  if (st.size > EPUB_MAX_ENTRY_BYTES)
    return LECTOR_EUNSAFE;
  char *buf = malloc((size_t)st.size + 1);
  if (!buf)
    return -ENOMEM;
  zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)index, 0);
  int rc = f ? read_exact(f, buf, st.size) : LECTOR_EBADEPUB;
  if (f)
    zip_fclose(f);
  if (rc) {
    free(buf);
    return rc;
  }
  buf[st.size] = '\0';
  *out = buf;
  *len = (size_t)st.size;
  return 0;
}

static int hex(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Appends segment s[0, n) to the path in out (length *w), "." ignored and ".." climbing; a
 * climb above the root is LECTOR_EUNSAFE. */
static int push_segment(char *out, size_t *w, const char *s, size_t n)
{
  if (n == 0 || (n == 1 && s[0] == '.'))
    return 0;
  if (n == 2 && s[0] == '.' && s[1] == '.') {
    if (*w == 0)
      return LECTOR_EUNSAFE;
    char *slash = memrchr(out, '/', *w);
    *w = slash ? (size_t)(slash - out) : 0;
    return 0;
  }
  if (*w + 1 + n + 1 > EPUB_PATH_MAX)
    return LECTOR_EUNSAFE;
  if (*w)
    out[(*w)++] = '/';
  memcpy(out + *w, s, n);
  *w += n;
  return 0;
}

/* Appends the segments of the path p[0, n) (percent-decoded when decode) to out. */
static int push_path(char *out, size_t *w, const char *p, size_t n, bool decode)
{
  char seg[EPUB_PATH_MAX];
  size_t k = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i == n || p[i] == '/') {
      int rc = push_segment(out, w, seg, k);
      if (rc)
        return rc;
      k = 0;
      continue;
    }
    char c = p[i];
    if (decode && c == '%' && i + 2 < n + 1 && hex(p[i + 1]) >= 0 && hex(p[i + 2]) >= 0) {
      c = (char)(hex(p[i + 1]) * 16 + hex(p[i + 2]));
      i += 2;
    }
    if (c == '\0' || k + 1 >= sizeof seg)
      return LECTOR_EUNSAFE;
    seg[k++] = c;
  }
  return 0;
}

int epub_path_resolve(const char *base, const char *href, char *out, const char **fragment)
{
  size_t hn = strcspn(href, "#?");
  if (fragment)
    *fragment = href[hn] == '#' ? href + hn + 1 : "";
  if (href[0] == '/' || memchr(href, ':', strcspn(href, "/#?")))
    return LECTOR_EUNSAFE;       /* absolute, or remote (http:, file:) */
  size_t w = 0;
  const char *slash = strrchr(base, '/');
  int rc = slash ? push_path(out, &w, base, (size_t)(slash - base), false) : 0;
  if (!rc)
    rc = push_path(out, &w, href, hn, true);
  out[w] = '\0';
  return rc;
}

bool load_epub_detect(int fd, const char *path)
{
  const char *dot = path ? strrchr(path, '.') : NULL;
  if (dot && !strcasecmp(dot, ".epub"))
    return true;
  /* A local file header (30 bytes), then the name "mimetype", then its stored content. */
  char head[30 + 8 + 20];
  if (pread(fd, head, sizeof head, 0) != (ssize_t)sizeof head)
    return false;
  return !memcmp(head, "PK\003\004", 4) && !memcmp(head + 30, "mimetype", 8) &&
         !memcmp(head + 38, "application/epub+zip", 20);
}
