#include "text/decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/grow.h"
#include "util/error.h"

enum decode_bom decode_sniff_bom(const char *data, size_t len, size_t *bom_len)
{
  const unsigned char *p = (const unsigned char *)data;
  enum decode_bom bom = DECODE_BOM_NONE;
  size_t n = 0;
  /* UTF-32LE before UTF-16LE: FF FE 00 00 starts both. */
  if (len >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0)
    bom = DECODE_BOM_UTF32LE, n = 4;
  else if (len >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF)
    bom = DECODE_BOM_UTF32BE, n = 4;
  else if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
    bom = DECODE_BOM_UTF8, n = 3;
  else if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
    bom = DECODE_BOM_UTF16LE, n = 2;
  else if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
    bom = DECODE_BOM_UTF16BE, n = 2;
  if (bom_len)
    *bom_len = n;
  return bom;
}

/* Word-at-a-time tests (8 bytes in a uint64_t): any byte below 0x20, any byte 0x7F or above,
 * any byte zero. Large texts are mostly plain ASCII, and these let the decoder's passes skip it
 * eight bytes at a time. */
#define BYTES(b) (UINT64_C(0x0101010101010101) * (b))
static uint64_t word_at(const unsigned char *s)
{
  uint64_t w;
  memcpy(&w, s, sizeof w);
  return w;
}
/* The high bit of each zero byte of w; exact at the lowest one (a borrow can only mark bytes
 * above a true zero), which is all scan_utf8 reads. */
static uint64_t zero_bytes(uint64_t w)
{
  return (w - BYTES(1)) & ~w & BYTES(0x80);
}
/* A byte outside 0x20..0x7E: a control character, DEL or a byte of a multi-byte character. */
static bool word_has_unprintable(uint64_t w)
{
  return (((w - BYTES(0x20)) & ~w) | ((w + BYTES(1)) | w)) & BYTES(0x80);
}

/* Whether data[0, len) is well-formed UTF-8, and in *nul whether it holds a NUL byte (looked for
 * to the end even when the text is not UTF-8; at the first one the scan stops and its answer
 * means nothing). One pass where loading a large file took two. */
static bool scan_utf8(const char *data, size_t len, bool *nul)
{
  const unsigned char *s = (const unsigned char *)data;
  size_t i = 0;
  *nul = false;
  while (i < len) {
    if (len - i >= 8) {
      uint64_t w = word_at(s + i);
      uint64_t stops = (w & BYTES(0x80)) | zero_bytes(w);
      if (!stops) {
        i += 8;
        continue;
      }
      /* Skip the plain ASCII before the first stop rather than retrying the word a byte at a
       * time: text with a curly quote every line spent a tenth of `segment` here. */
      size_t ascii = (size_t)__builtin_ctzll(stops) / 8;
      if (ascii) {
        i += ascii;
        continue;
      }
    }
    unsigned char c = s[i];
    if (c < 0x80) {
      if (c == 0) {
        *nul = true;
        return false;
      }
      i++;
      continue;
    }
    size_t n;
    uint32_t min, cp;
    if (c >= 0xC2 && c <= 0xDF)
      n = 1, min = 0x80, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
      n = 2, min = 0x800, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
      n = 3, min = 0x10000, cp = c & 0x07;
    else
      goto invalid;
    if (len - i - 1 < n)
      goto invalid;
    for (size_t k = 1; k <= n; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        goto invalid;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      goto invalid;
    i += n + 1;
  }
  return true;
invalid:
  *nul = memchr(s + i, '\0', len - i) != NULL;
  return false;
}

bool decode_is_utf8(const char *data, size_t len)
{
  bool nul;
  return scan_utf8(data, len, &nul);
}

/* Case-insensitive search for needle in hay[0, len). */
static const char *find_ci(const char *hay, size_t len, const char *needle)
{
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= len; i++)
    if (!strncasecmp(hay + i, needle, n))
      return hay + i;
  return NULL;
}

/* Reads a charset name after "charset" or "encoding" at p (bounded by end): optional spaces,
 * '=', optional spaces and quote, then the name. */
static bool read_charset_value(const char *p, const char *end, char *out, size_t outsz)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
    p++;
  if (p >= end || *p != '=')
    return false;
  p++;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '"' || *p == '\''))
    p++;
  size_t n = 0;
  while (p < end && n + 1 < outsz) {
    char c = *p;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '_' || c == '.' || c == ':'))
      break;
    out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    p++;
  }
  out[n] = '\0';
  return n > 0;
}

bool decode_html_charset(const char *data, size_t len, char *out, size_t outsz)
{
  if (len > 1024)
    len = 1024;
  const char *end = data + len;
  const char *xml = find_ci(data, len, "<?xml");
  if (xml) {
    const char *close = memchr(xml, '>', (size_t)(end - xml));
    const char *enc = find_ci(xml, (size_t)((close ? close : end) - xml), "encoding");
    if (enc && read_charset_value(enc + 8, close ? close : end, out, outsz))
      return true;
  }
  const char *p = data;
  while (p < end) {
    const char *meta = find_ci(p, (size_t)(end - p), "<meta");
    if (!meta)
      break;
    const char *close = memchr(meta, '>', (size_t)(end - meta));
    const char *tag_end = close ? close : end;
    const char *cs = find_ci(meta, (size_t)(tag_end - meta), "charset");
    if (cs && read_charset_value(cs + 7, tag_end, out, outsz))
      return true;
    p = meta + 5;
  }
  return false;
}

/* Converts in[0, inlen) with cd into a new malloc'd, NUL-terminated buffer. lenient: a byte
 * that cannot be converted becomes a space (Windows-1252 leaves five byte values undefined);
 * otherwise any invalid or truncated sequence fails with LECTOR_EENCODING. */
static int convert(iconv_t cd, const char *in, size_t inlen, bool lenient, char **out,
                   size_t *out_len)
{
  size_t cap = inlen + inlen / 2 + 16, used = 0;
  char *buf = malloc(cap);
  if (!buf)
    return -ENOMEM;
  char *src = (char *)in;
  size_t left = inlen;
  int rc = 0;
  while (left > 0) {
    char *dst = buf + used;
    size_t room = cap - used - 1;
    size_t r = iconv(cd, &src, &left, &dst, &room);
    used = (size_t)(dst - buf);
    if (r != (size_t)-1)
      continue;
    if (errno == E2BIG) {
      if ((rc = grow_to((void **)&buf, &cap, cap * 2, 1)) != 0)
        break;
    } else if (lenient && errno == EILSEQ) {
      if ((rc = grow_for((void **)&buf, &cap, used + 1, 1, cap)) != 0)
        break;
      buf[used++] = ' ';
      src++;
      left--;
    } else if (lenient) {
      break; /* a truncated sequence at the very end: drop it */
    } else {
      rc = LECTOR_EENCODING;
      break;
    }
  }
  if (rc) {
    free(buf);
    return rc;
  }
  buf[used] = '\0';
  *out = buf;
  *out_len = used;
  return 0;
}

static int convert_from(const char *charset, const char *in, size_t inlen, bool lenient,
                        char **out, size_t *out_len)
{
  iconv_t cd = iconv_open("UTF-8", charset);
  if (cd == (iconv_t)-1)
    return LECTOR_EENCODING;
  int rc = convert(cd, in, inlen, lenient, out, out_len);
  iconv_close(cd);
  return rc;
}

static bool is_utf8_name(const char *cs)
{
  return !strcmp(cs, "utf-8") || !strcmp(cs, "utf8") || !strcmp(cs, "unicode-1-1-utf-8") ||
         /* A UTF-16 declaration in a file without a BOM is a lie (the WHATWG rule). */
         !strncmp(cs, "utf-16", 6) || !strcmp(cs, "unicode");
}

/* Names that the web reads as Windows-1252 (WHATWG Encoding Standard). */
static bool is_1252_name(const char *cs)
{
  static const char *const names[] = {
    "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",
    "l1", "us-ascii", "ascii", "ansi_x3.4-1968", "cp819", "ibm819", "iso-ir-100"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcmp(cs, names[i]))
      return true;
  return false;
}

size_t decode_utf8_whole_len(const char *s, size_t n)
{
  size_t lead = n;
  while (lead > 0 && n - lead < 4 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
    lead--;
  if (lead == 0 || (unsigned char)s[lead - 1] < 0xC0)
    return n;   /* ASCII last, or no lead byte: nothing is cut short */
  unsigned char c = (unsigned char)s[lead - 1];
  size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  return n - (lead - 1) < want ? lead - 1 : n;
}

size_t decode_control_at(const char *s, size_t n)
{
  unsigned char c = (unsigned char)s[0];
  if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
    return 1;
  /* C1: never text, and U+009B is CSI to terminals that honour 8-bit controls. */
  if (c == 0xC2 && n >= 2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9F)
    return 2;
  return 0;
}

/* Longest escape sequences removed whole; a longer one is not a sequence (its ESC is then a
 * stray control character). An OSC holds a window title or a hyperlink's URL. */
#define ESCAPE_MAX_CSI 64
#define ESCAPE_MAX_STRING 4096

/* A control string (OSC ESC ], DCS ESC P, SOS ESC X, PM ESC ^, APC ESC _) from s[2]: its length
 * up to and with its terminator (BEL, or ST: ESC \), 0 when it has none within bounds or holds
 * another control character. */
static size_t control_string_len(const unsigned char *s, size_t n)
{
  for (size_t i = 2; i < n && i < ESCAPE_MAX_STRING; i++) {
    if (s[i] == 0x07)
      return i + 1;
    if (s[i] == 0x1B)
      return i + 1 < n && s[i + 1] == '\\' ? i + 2 : 0;
    if (s[i] < 0x20 || s[i] == 0x7F)
      return 0;
  }
  return 0;
}

/* The length of the terminal escape sequence at s[0, n) (s[0] is ESC), 0 when there is none:
 * CSI (ESC [ parameters intermediates final byte), a control string (above), or ESC with
 * intermediates and a final byte ("ESC ( B", "ESC 7", "ESC ="). *gap: the sequence moves the
 * cursor or erases (a CSI other than a colour change, SGR "m"), so it stands between words. */
static size_t escape_len(const unsigned char *s, size_t n, bool *gap)
{
  *gap = false;
  if (n < 2)
    return 0;
  size_t i = 2;
  switch (s[1]) {
  case '[':
    while (i < n && i < ESCAPE_MAX_CSI && s[i] >= 0x30 && s[i] <= 0x3F)
      i++;
    while (i < n && i < ESCAPE_MAX_CSI && s[i] >= 0x20 && s[i] <= 0x2F)
      i++;
    if (i >= n || i >= ESCAPE_MAX_CSI || s[i] < 0x40 || s[i] > 0x7E)
      return 0;
    *gap = s[i] != 'm';
    return i + 1;
  case ']': case 'P': case 'X': case '^': case '_':
    return control_string_len(s, n);
  default:
    i = 1;
    while (i < n && i < 4 && s[i] >= 0x20 && s[i] <= 0x2F)
      i++;
    return i < n && s[i] >= 0x30 && s[i] <= 0x7E ? i + 1 : 0;
  }
}

/* Whether normalise() may change the character at u[i] (of n bytes): a control character, DEL,
 * or a C1 control or NEXT LINE (0xC2 then 0x80..0x9F; not the no-break space, C2 A0). */
static bool may_change(const unsigned char *u, size_t i, size_t n)
{
  unsigned char c = u[i];
  return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F ||
         (c == 0xC2 && i + 1 < n && u[i + 1] <= 0x9F);
}

/* How many bytes at the start of s[0, n) normalise() leaves as they are: it reads them without
 * writing them back, so a clean text (the common case) is not rewritten byte by byte. */
static size_t unchanged_prefix(const char *s, size_t n)
{
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    if (n - i >= 8 && !word_has_unprintable(word_at(u + i))) {
      i += 8;
      continue;
    }
    if (may_change(u, i, n))
      break;
    i++;
  }
  return i;
}

/* Line endings (and NEL) to LF, terminal escape sequences removed, stray C0 and C1 control
 * characters to spaces, in place. Returns the new length, or (size_t)-1 when control characters are so frequent that this
 * cannot be text. */
static size_t normalise(char *s, size_t n)
{
  size_t w = unchanged_prefix(s, n), controls = 0, k;
  bool gap;
  for (size_t r = w; r < n; r++) {
    unsigned char c = (unsigned char)s[r];
    if (c == '\r') {
      s[w++] = '\n';
      if (r + 1 < n && s[r + 1] == '\n')
        r++;
    } else if (c == '\f' || c == '\v') {
      s[w++] = '\n';
    } else if (c == 0xC2 && r + 1 < n && (unsigned char)s[r + 1] == 0x85) {
      s[w++] = '\n';   /* U+0085 NEXT LINE is a line break */
      r++;
    } else if (c == 0x1B && (k = escape_len((const unsigned char *)s + r, n - r, &gap)) > 0) {
      if (gap)
        s[w++] = ' ';  /* a colour change inside a word leaves the word whole */
      r += k - 1;      /* text, not binary: not counted */
    } else if ((k = decode_control_at(s + r, n - r)) > 0) {
      controls++;
      s[w++] = ' ';
      r += k - 1;
    } else {
      s[w++] = (char)c;
    }
  }
  s[w] = '\0';
  /* Text may hold the odd escape or bell; binary data without NUL bytes holds many (random
   * bytes: one in nine). */
  if (controls >= 4 && controls * 32 >= w)
    return (size_t)-1;
  return w;
}

static int set_warning(char **warning, const char *name, const char *what)
{
  char *msg = NULL;
  int n = name ? asprintf(&msg, "'%s' %s; read as Windows-1252", name, what)
               : asprintf(&msg, "the text %s; read as Windows-1252", what);
  if (n < 0)
    return -ENOMEM;
  *warning = msg;
  return 0;
}

int decode_text(char *buf, size_t len, const char *charset, const char *name, char **out,
                size_t *out_len, char **warning)
{
  *out = NULL;
  *out_len = 0;
  *warning = NULL;
  size_t bom_len = 0;
  enum decode_bom bom = decode_sniff_bom(buf, len, &bom_len);
  char *text = NULL;
  size_t text_len = 0;
  int rc = 0;

  if (bom == DECODE_BOM_UTF16LE || bom == DECODE_BOM_UTF16BE || bom == DECODE_BOM_UTF32LE ||
      bom == DECODE_BOM_UTF32BE) {
    static const char *const names[] = {
      [DECODE_BOM_UTF16LE] = "UTF-16LE", [DECODE_BOM_UTF16BE] = "UTF-16BE",
      [DECODE_BOM_UTF32LE] = "UTF-32LE", [DECODE_BOM_UTF32BE] = "UTF-32BE"};
    rc = convert_from(names[bom], buf + bom_len, len - bom_len, false, &text, &text_len);
    free(buf);
    if (rc)
      return rc;
    if (memchr(text, '\0', text_len)) {
      free(text);
      return LECTOR_ENOTTEXT;
    }
  } else {
    const char *body = buf + bom_len;
    size_t body_len = len - bom_len;
    bool nul;
    bool utf8 = scan_utf8(body, body_len, &nul);
    if (nul) {
      free(buf);
      return LECTOR_ENOTTEXT;
    }
    const char *declared = charset && bom == DECODE_BOM_NONE ? charset : NULL;
    if (declared && !is_utf8_name(declared) && !utf8 && !is_1252_name(declared)) {
      /* A declared legacy charset (ISO-8859-2, KOI8-R, Shift_JIS...): trust it when iconv
       * knows it and the bytes fit it; otherwise fall through to the default. */
      if (convert_from(declared, body, body_len, false, &text, &text_len) == 0) {
        free(buf);
        buf = NULL;
      }
    }
    if (buf && utf8) {
      /* Valid UTF-8 (pure ASCII included), whatever was declared: reuse the buffer. */
      if (bom_len)
        memmove(buf, body, body_len);
      buf[body_len] = '\0';
      text = buf;
      text_len = body_len;
      buf = NULL;
    } else if (buf) {
      rc = convert_from("WINDOWS-1252", body, body_len, true, &text, &text_len);
      bool claimed = bom == DECODE_BOM_UTF8 || (declared && is_utf8_name(declared));
      if (!rc && !(declared && is_1252_name(declared)))
        rc = set_warning(warning, name,
                         claimed ? "says it is UTF-8 but is not" : "is not valid UTF-8");
      free(buf);
      if (rc) {
        free(text);
        return rc;
      }
    }
  }

  size_t n = normalise(text, text_len);
  if (n == (size_t)-1) {
    free(text);
    free(*warning);
    *warning = NULL;
    return LECTOR_ENOTTEXT;
  }
  *out = text;
  *out_len = n;
  return 0;
}
