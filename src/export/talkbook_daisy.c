/* A talking book as DAISY 2.02 (see talkbook.h): ncc.html (the navigation centre: the title,
 * then every section as a heading at its level, each linking into its SMIL), content.html (the
 * whole text, each sentence a span with an id), and per section a SMIL 1.0 file with a par per
 * sentence and an MP3 file. Written into an empty directory that the caller puts in place. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export/chapter_mp3.h"
#include "export/sidecar.h"
#include "export/talkbook.h"
#include "text/document.h"

#define DOCTYPE_XHTML                                                                          \
  "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "                          \
  "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"

static int write_file(int dir_fd, const char *name, const char *data, size_t len)
{
  int fd = openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0)
    return -errno;
  int rc = 0;
  for (size_t off = 0; !rc && off < len;) {
    ssize_t n = write(fd, data + off, len - off);
    if (n < 0 && errno != EINTR)
      rc = -errno;
    else if (n > 0)
      off += (size_t)n;
  }
  if (!rc && fsync(fd) != 0)
    rc = -errno;
  if (close(fd) != 0 && !rc)
    rc = -errno;
  return rc;
}

static int write_xml(int dir_fd, const char *name, struct xml_buf *x)
{
  char *data;
  size_t len;
  int rc = xml_take(x, &data, &len);
  if (!rc)
    rc = write_file(dir_fd, name, data, len);
  free(data);
  return rc;
}

static void meta(struct xml_buf *x, const char *name, const char *content)
{
  xml_printf(x, "<meta name=\"%s\" content=\"", name);
  xml_str(x, content);
  xml_raw(x, "\"/>\n");
}

static void xhtml_start(struct xml_buf *x, const struct talkbook *tb)
{
  xml_raw(x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" DOCTYPE_XHTML
             "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"");
  xml_str(x, tb->lang);
  xml_raw(x, "\" xml:lang=\"");
  xml_str(x, tb->lang);
  xml_raw(x, "\">\n<head>\n<meta http-equiv=\"Content-type\" content=\"text/html; "
             "charset=utf-8\"/>\n<title>");
  xml_str(x, tb->title);
  xml_raw(x, "</title>\n");
}

/* The first sentence of part k with a clip (the one its heading links to); SIZE_MAX if none. */
static size_t first_heard(const struct talkbook *tb, size_t k)
{
  for (size_t s = tb->parts[k].first_sentence; s < tb->parts[k].end_sentence; s++) {
    uint64_t b, e;
    if (talkbook_clip(tb, k, s, &b, &e))
      return s;
  }
  return SIZE_MAX;
}

static uint64_t part_ms(const struct talkbook *tb, size_t k)
{
  return talkbook_ms(tb, tb->parts[k].end - tb->parts[k].start);
}

static void smil_doc(struct xml_buf *x, const struct talkbook *tb, size_t k, uint64_t elapsed_ms,
                     const char *uuid)
{
  char clock[32];
  xml_raw(x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE smil PUBLIC \"-//W3C//DTD "
             "SMIL 1.0//EN\" \"http://www.w3.org/TR/REC-smil/SMIL10.dtd\">\n<smil>\n<head>\n");
  meta(x, "dc:format", "Daisy 2.02");
  meta(x, "dc:identifier", uuid);
  meta(x, "dc:title", tb->title);
  meta(x, "ncc:generator", tb->generator);
  talkbook_clock(clock, sizeof clock, part_ms(tb, k));
  meta(x, "ncc:timeInThisSmil", clock);
  talkbook_clock(clock, sizeof clock, elapsed_ms);
  meta(x, "ncc:totalElapsedTime", clock);
  xml_raw(x, "<layout>\n<region id=\"txtView\"/>\n</layout>\n</head>\n<body>\n<seq>\n");
  const struct talkbook_part *pt = &tb->parts[k];
  for (size_t s = pt->first_sentence; s < pt->end_sentence; s++) {
    uint64_t b, e;
    if (!talkbook_clip(tb, k, s, &b, &e))
      continue;
    uint64_t bms = talkbook_ms(tb, b), ems = talkbook_ms(tb, e);
    xml_printf(x, "<par endsync=\"last\" id=\"par%zu\"><text src=\"content.html#s%zu\" "
                  "id=\"t%zu\"/><audio src=\"p%03zu.mp3\" clip-begin=\"npt=%u.%03us\" "
                  "clip-end=\"npt=%u.%03us\" id=\"a%zu\"/></par>\n", s + 1, s + 1, s + 1, k + 1,
               (unsigned)(bms / 1000), (unsigned)(bms % 1000), (unsigned)(ems / 1000),
               (unsigned)(ems % 1000), s + 1);
  }
  xml_raw(x, "</seq>\n</body>\n</smil>\n");
}

static void content_doc(struct xml_buf *x, const struct talkbook *tb)
{
  xhtml_start(x, tb);
  xml_raw(x, "</head>\n<body>\n");
  for (size_t k = 0; k < tb->n_parts; k++)
    talkbook_blocks(x, tb, k, false);
  xml_raw(x, "</body>\n</html>\n");
}

/* A heading of the ncc: level 0 is the title (class="title"). */
static void ncc_heading(struct xml_buf *x, const struct talkbook *tb, size_t k, unsigned level,
                        const char *title, size_t *n)
{
  size_t s = first_heard(tb, k);
  if (s == SIZE_MAX)
    return;
  (*n)++;
  unsigned h = level == 0 ? 1 : level > 6 ? 6 : level;
  xml_printf(x, "<h%u%s id=\"nav%zu\"><a href=\"p%03zu.smil#t%zu\">", h,
             level == 0 ? " class=\"title\"" : "", *n, k + 1, s + 1);
  xml_str(x, *title ? title : tb->title);
  xml_printf(x, "</a></h%u>\n", h);
}

/* The headings into body, and their count and depth. */
static void ncc_body(struct xml_buf *body, const struct talkbook *tb, size_t *items,
                     unsigned *depth)
{
  *depth = 1;
  ncc_heading(body, tb, 0, 0, tb->title, items);
  for (size_t k = 0; k < tb->n_parts; k++) {
    const struct talkbook_part *pt = &tb->parts[k];
    if (!pt->has_section)
      continue;
    ncc_heading(body, tb, k, pt->level, pt->title, items);
    if (pt->level > *depth)
      *depth = pt->level > 6 ? 6 : pt->level;
  }
}

static void ncc_doc(struct xml_buf *x, const struct talkbook *tb, const char *uuid,
                    uint64_t total_ms)
{
  struct xml_buf body = {0};
  size_t items = 0;
  unsigned depth;
  ncc_body(&body, tb, &items, &depth);
  char date[16], clock[32], num[32];
  talkbook_date(date, sizeof date, true);
  xhtml_start(x, tb);
  meta(x, "dc:creator", tb->author && *tb->author ? tb->author : "Unknown");
  meta(x, "dc:date", date);
  meta(x, "dc:format", "Daisy 2.02");
  meta(x, "dc:identifier", uuid);
  meta(x, "dc:language", tb->lang);
  meta(x, "dc:publisher", tb->author && *tb->author ? tb->author : "Unknown");
  meta(x, "dc:title", tb->title);
  meta(x, "ncc:charset", "utf-8");
  meta(x, "ncc:generator", tb->generator);
  meta(x, "ncc:multimediaType", "audioFullText");
  meta(x, "ncc:pageFront", "0");
  meta(x, "ncc:pageNormal", "0");
  meta(x, "ncc:pageSpecial", "0");
  snprintf(num, sizeof num, "%zu", items);
  meta(x, "ncc:tocItems", num);
  snprintf(num, sizeof num, "%u", depth);
  meta(x, "ncc:depth", num);
  snprintf(num, sizeof num, "%zu", 2 + 2 * tb->n_parts);  /* ncc, content, SMIL and MP3 each */
  meta(x, "ncc:files", num);
  talkbook_clock(clock, sizeof clock, total_ms);
  meta(x, "ncc:totalTime", clock);
  xml_raw(x, "</head>\n<body>\n");
  if (!body.failed && body.data)
    xml_raw(x, body.data);
  x->failed |= body.failed;
  xml_free(&body);
  xml_raw(x, "</body>\n</html>\n");
}

static int write_part(const struct talkbook *tb, int dir_fd, size_t k, uint64_t elapsed_ms,
                      const char *uuid)
{
  char name[32];
  struct xml_buf x = {0};
  smil_doc(&x, tb, k, elapsed_ms, uuid);
  snprintf(name, sizeof name, "p%03zu.smil", k + 1);
  int rc = write_xml(dir_fd, name, &x);
  if (rc)
    return rc;
  char *mp3;
  size_t len;
  rc = chapter_audio_mp3(tb->audio, tb->parts[k].start, tb->parts[k].end, &mp3, &len);
  if (rc)
    return rc;
  snprintf(name, sizeof name, "p%03zu.mp3", k + 1);
  rc = write_file(dir_fd, name, mp3, len);
  free(mp3);
  return rc;
}

int talkbook_daisy_write(const struct talkbook *tb, int dir_fd)
{
  char uuid[64];
  talkbook_uuid(tb, uuid, sizeof uuid);
  uint64_t elapsed = 0;
  int rc = 0;
  for (size_t k = 0; !rc && k < tb->n_parts; k++) {
    rc = talkbook_cancelled(tb) ? -ECANCELED : write_part(tb, dir_fd, k, elapsed, uuid);
    elapsed += part_ms(tb, k);
  }
  struct xml_buf x = {0};
  if (!rc) {
    content_doc(&x, tb);
    rc = write_xml(dir_fd, "content.html", &x);
  }
  if (!rc) {
    ncc_doc(&x, tb, uuid, elapsed);
    rc = write_xml(dir_fd, "ncc.html", &x);
  }
  return rc;
}
