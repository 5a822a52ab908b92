#include "app/fetch.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "util/grow.h"

bool fetch_is_url(const char *input)
{
  const char *p = input;
  if (!isalpha((unsigned char)*p))
    return false;
  while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  return !strncmp(p, "://", 3);
}

struct transfer {
  char *body;
  size_t len, cap;
  bool too_big, no_memory;
  char reason[64];          /* the last status line's reason phrase ("Not Found"); may be "" */
  bool progress;
  bool drew;                /* a progress line is on the screen */
  double drawn_at;          /* seconds after the start the line was last drawn */
  struct timespec started;
};

static size_t on_body(char *data, size_t size, size_t n, void *user)
{
  struct transfer *t = user;
  size_t bytes = size * n;
  if (t->len + bytes > FETCH_MAX_BYTES) {
    t->too_big = true;
    return 0;   /* fewer bytes than given: libcurl stops the transfer */
  }
  if (t->len + bytes + 1 > t->cap) {
    size_t want = t->cap ? t->cap : 65536;
    while (want < t->len + bytes + 1)
      want *= 2;
    if (grow_to((void **)&t->body, &t->cap, want, 1)) {
      t->no_memory = true;
      return 0;
    }
  }
  memcpy(t->body + t->len, data, bytes);
  t->len += bytes;
  return bytes;
}

/* Keeps the reason phrase of each status line ("HTTP/1.1 404 Not Found"): the last one is the
 * final answer's, redirects included. HTTP/2 sends none. */
static size_t on_header(char *line, size_t size, size_t n, void *user)
{
  struct transfer *t = user;
  size_t len = size * n;
  if (len > 5 && !strncasecmp(line, "HTTP/", 5)) {
    t->reason[0] = '\0';
    const char *sp = memchr(line, ' ', len);
    const char *reason = sp ? memchr(sp + 1, ' ', len - (size_t)(sp + 1 - line)) : NULL;
    if (reason) {
      const char *rest = reason + 1;
      size_t k = len - (size_t)(rest - line);
      while (k && (rest[k - 1] == '\r' || rest[k - 1] == '\n'))
        k--;
      if (k >= sizeof t->reason)
        k = sizeof t->reason - 1;
      memcpy(t->reason, rest, k);
      t->reason[k] = '\0';
    }
  }
  return len;
}

static double seconds_since(const struct timespec *t0)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* "lector: fetching… 1.2 of 3.4 MB" once a download has taken a second. */
static int on_progress(void *user, curl_off_t total, curl_off_t now, curl_off_t up_total,
                       curl_off_t up_now)
{
  (void)up_total;
  (void)up_now;
  struct transfer *t = user;
  double elapsed = t->progress ? seconds_since(&t->started) : 0;
  if (elapsed < 1.0 || elapsed < t->drawn_at + 0.25)   /* libcurl calls many times a second */
    return 0;
  t->drawn_at = elapsed;
  if (total > 0)
    fprintf(stderr, "\rlector: fetching\u2026 %.1f of %.1f MB\033[K", (double)now / 1e6,
            (double)total / 1e6);
  else
    fprintf(stderr, "\rlector: fetching\u2026 %.1f MB\033[K", (double)now / 1e6);
  t->drew = true;
  return 0;
}

/* What people call the common failures when the server gives no reason phrase (HTTP/2). */
static const char *status_name(long code)
{
  static const struct { long code; const char *name; } names[] = {
    {400, "Bad Request"}, {401, "Unauthorized"}, {403, "Forbidden"}, {404, "Not Found"},
    {410, "Gone"}, {429, "Too Many Requests"}, {500, "Internal Server Error"},
    {502, "Bad Gateway"}, {503, "Service Unavailable"}, {504, "Gateway Timeout"}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (names[i].code == code)
      return names[i].name;
  return "HTTP error";
}

/* The limits, LECTOR_FETCH_TIMEOUT lowering all three times. */
static void set_limits(CURL *curl)
{
  long total = FETCH_TOTAL_SECONDS;
  const char *env = getenv("LECTOR_FETCH_TIMEOUT");
  if (env && *env) {
    char *end;
    long v = strtol(env, &end, 10);
    if (!*end && v > 0 && v < total)
      total = v;
  }
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, total);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
                   FETCH_CONNECT_SECONDS < total ? FETCH_CONNECT_SECONDS : total);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME,
                   FETCH_STALL_SECONDS < total ? FETCH_STALL_SECONDS : total);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRECTS);
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)FETCH_MAX_BYTES);
}

static void set_options(CURL *curl, const char *url, struct transfer *t, char *curl_err)
{
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);   /* an error page is not the article */
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");   /* whatever libcurl can decompress */
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "lector/" LECTOR_VERSION);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, t);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, t);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, t);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  set_limits(curl);
}

/* One line saying why a transfer failed. */
static void explain(CURL *curl, CURLcode rc, const struct transfer *t, const char *curl_err,
                    char *err, size_t err_len)
{
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  if (rc == CURLE_HTTP_RETURNED_ERROR)
    snprintf(err, err_len, "%ld %s", code, t->reason[0] ? t->reason : status_name(code));
  else if (rc == CURLE_TOO_MANY_REDIRECTS)
    snprintf(err, err_len, "more than %d redirects", FETCH_MAX_REDIRECTS);
  else if (rc == CURLE_FILESIZE_EXCEEDED || t->too_big)
    snprintf(err, err_len, "larger than lector's limit of %zu MB", FETCH_MAX_BYTES >> 20);
  else if (t->no_memory)
    snprintf(err, err_len, "%s", strerror(ENOMEM));
  else if (rc == CURLE_OPERATION_TIMEDOUT)
    snprintf(err, err_len, "timed out");
  else if (rc == CURLE_UNSUPPORTED_PROTOCOL)   /* the URL itself was checked: a redirect */
    snprintf(err, err_len, "redirected to a URL that is not http or https");
  else
    snprintf(err, err_len, "%s", curl_err[0] ? curl_err : curl_easy_strerror(rc));
}

/* Copies the final URL and the Content-Type (split into type and charset) into out. */
static int describe(CURL *curl, struct fetch_result *out)
{
  char *url = NULL, *type = NULL;
  curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &url);
  curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
  out->url = strdup(url ? url : "");
  if (!out->url)
    return -1;
  if (!type)
    return 0;
  size_t n = strcspn(type, "; \t");
  out->type = strndup(type, n);
  if (!out->type)
    return -1;
  for (char *p = out->type; *p; p++)
    *p = (char)tolower((unsigned char)*p);
  const char *cs = strcasestr(type + n, "charset=");
  if (cs) {
    cs += 8;
    if (*cs == '"')
      cs++;
    size_t k = strcspn(cs, "\"; \t");
    if (!k)   /* "charset=" alone names none (iconv would take "" for the locale's) */
      return 0;
    out->charset = strndup(cs, k);
    if (!out->charset)
      return -1;
    for (char *p = out->charset; *p; p++)
      *p = (char)tolower((unsigned char)*p);
  }
  return 0;
}

int fetch_url(const char *url, bool progress, struct fetch_result *out, char *err,
              size_t err_len)
{
  memset(out, 0, sizeof *out);
  if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8)) {
    snprintf(err, err_len, "only http and https are fetched (a local file is given as a path)");
    return -1;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    snprintf(err, err_len, "cannot start libcurl");
    return -1;
  }
  CURL *curl = curl_easy_init();
  if (!curl) {
    curl_global_cleanup();
    snprintf(err, err_len, "cannot start libcurl");
    return -1;
  }
  struct transfer t = {.progress = progress};
  clock_gettime(CLOCK_MONOTONIC, &t.started);
  char curl_err[CURL_ERROR_SIZE] = "";
  set_options(curl, url, &t, curl_err);
  CURLcode rc = curl_easy_perform(curl);
  if (t.drew)
    fputs("\r\033[K", stderr);
  int status = 0;
  if (rc != CURLE_OK) {
    explain(curl, rc, &t, curl_err, err, err_len);
    status = -1;
  } else if (describe(curl, out) || (!t.body && !(t.body = malloc(1)))) {
    snprintf(err, err_len, "%s", strerror(ENOMEM));
    status = -1;
  }
  curl_easy_cleanup(curl);
  curl_global_cleanup();
  if (status) {
    free(t.body);
    fetch_result_free(out);
    return -1;
  }
  t.body[t.len] = '\0';
  out->body = t.body;
  out->len = t.len;
  return 0;
}

void fetch_result_free(struct fetch_result *r)
{
  free(r->body);
  free(r->url);
  free(r->type);
  free(r->charset);
  memset(r, 0, sizeof *r);
}
