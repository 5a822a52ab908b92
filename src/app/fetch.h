/* Fetching a web page over HTTP or HTTPS (libcurl): the body, its content type and charset, and
 * the URL it was finally found at. Nothing else: which loader reads the body is load_url.h's. */
#ifndef LECTOR_APP_FETCH_H
#define LECTOR_APP_FETCH_H

#include <stdbool.h>
#include <stddef.h>

/* The limits of one fetch. A page is tens to hundreds of kilobytes; these only stop what is
 * broken or hostile. LECTOR_FETCH_TIMEOUT (seconds) lowers the total time, and with it the two
 * waits, for tests and slow-link users alike. */
#define FETCH_MAX_REDIRECTS 5
#define FETCH_MAX_BYTES ((size_t)20 << 20)   /* the body, as decompressed */
#define FETCH_CONNECT_SECONDS 10L
#define FETCH_STALL_SECONDS 15L              /* abort when under 1 byte/s for this long */
#define FETCH_TOTAL_SECONDS 60L

struct fetch_result {
  char *body;          /* malloc'd, len bytes plus a NUL */
  size_t len;
  char *url;           /* the final URL, after redirects */
  char *type;          /* the media type, lower-cased, without parameters; NULL: none sent */
  char *charset;       /* Content-Type's charset parameter, lower-cased; NULL: none */
};

/* Whether input names a URL ("scheme://..."), not a local path. */
bool fetch_is_url(const char *input);

/* Fetches url (http or https only; anything else is refused without a connection), following
 * at most FETCH_MAX_REDIRECTS redirects. progress: draw a line on stderr while a download takes
 * more than a second (the caller says whether stderr is a terminal). Returns 0 and fills *out,
 * or -1 with why in err ("404 Not Found", "more than 5 redirects", "timed out", ...). */
int fetch_url(const char *url, bool progress, struct fetch_result *out, char *err,
              size_t err_len);

void fetch_result_free(struct fetch_result *r);

#endif
