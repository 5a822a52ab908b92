#include "text/html_parse.h"

#include <stdbool.h>
#include <string.h>

#include <libxml/parserInternals.h>

#include "text/html_extract.h"
#include "text/html_hints.h"
#include "text/html_measure.h"

/* The page handed to libxml2 a piece at a time (htmlCtxtReadIO): from memory, libxml2 would
 * first copy all of it into an input buffer of its own, and again through a UTF-8-to-UTF-8
 * decoder when told the encoding, three copies of the page alive at once besides the tree. Read
 * in pieces, the parser keeps a few kilobytes and drops what it has parsed. */
struct html_source {
  const char *s;
  size_t len, at;
};

static int read_piece(void *ctx, char *out, int size)
{
  struct html_source *in = ctx;
  size_t n = in->len - in->at;
  if (n > (size_t)size)
    n = (size_t)size;
  memcpy(out, in->s + in->at, n);
  in->at += n;
  return (int)n;
}

/* The handlers of libxml2's that the parse wraps (xmlSAX2StartDocument, xmlSAX2EndElement). */
struct closing {
  startDocumentSAXFunc start;
  endElementSAXFunc close;
  bool strip_unlikely;      /* the pass removes unlikely elements (HTML_X_STRIP_UNLIKELY) */
};

/* Starts the tree without a table of id= attributes: libxml2 would keep one for
 * getElementById (XML_SKIP_IDS; the reset at the start of a parse clears the flag, hence here),
 * a 12 kB table and a record per id that nothing here looks up. */
static void start_document(void *ctx)
{
  htmlParserCtxtPtr ctxt = ctx;
  const struct closing *c = ctxt->_private;
  ctxt->loadsubset |= XML_SKIP_IDS;
  c->start(ctx);
}

static bool in_body(const xmlNode *n)
{
  for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    if (html_is(n, "body"))
      return true;
  return false;
}

/* Whether n is an element that the metadata (html_meta) or the title's cleaning (html_title)
 * reads anywhere in the page, extraction's removals or not: a <meta> with a name or a
 * property, a JSON-LD <script>, <title>, <h1>, <h2>. */
static bool is_metadata(const xmlNode *n)
{
  static const char *const read[] = {"title", "h1", "h2", NULL};
  if (html_is(n, "meta"))
    return xmlHasProp(n, (const xmlChar *)"name") || xmlHasProp(n, (const xmlChar *)"property");
  if (html_is(n, "script")) {
    xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
    bool json_ld = type && !strcmp((const char *)type, "application/ld+json");
    xmlFree(type);
    return json_ld;
  }
  return html_is_any(n, read);
}

static bool holds_metadata(xmlNode *top)
{
  for (xmlNode *n = top; n; n = html_next(n, top, true))
    if (is_metadata(n))
      return true;
  return false;
}

/* Closes the element being parsed, and frees what it holds at once when the pass would remove
 * it unread (html_extract's preparation), so that the tree is never held whole.
 * The element itself stays, empty, for the passes to remove as before: gone, it would let the
 * text before and after it merge into one node (libxml2 appends to the last child when that is
 * text), a tree other than the one the passes are written for. */
static void end_element(void *ctx, const xmlChar *name)
{
  htmlParserCtxtPtr ctxt = ctx;
  const struct closing *c = ctxt->_private;
  xmlNode *n = ctxt->node;
  c->close(ctx, name);
  if (n && n != ctxt->node && n->type == XML_ELEMENT_NODE && n->children &&
      (html_never_read(n) || (c->strip_unlikely && html_unlikely_block(n))) && in_body(n) &&
      !holds_metadata(n)) {
    xmlFreeNodeList(n->children);
    n->children = n->last = NULL;
  }
}

/* The text is already UTF-8, and the parser is told so (told nothing, it reads Latin-1); its
 * UTF-8 decoder works a piece at a time like the reading, and IGNORE_ENC keeps a <meta charset>
 * from switching decoders. No NOENT/DTDLOAD: entities declared in a DOCTYPE are never expanded,
 * so an entity bomb is read as its literal text. NONET: nothing is fetched. HUGE: without it
 * libxml2 silently drops everything below 256 levels of nesting (old pages with unclosed <font>
 * tags); every walk is iterative, so depth costs us no stack. */
htmlDocPtr html_parse(const char *src, size_t len, int flags)
{
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt)
    return NULL;
  struct closing c = {ctxt->sax->startDocument, ctxt->sax->endElement,
                      (flags & HTML_X_STRIP_UNLIKELY) != 0};
  ctxt->_private = &c;
  if (c.start)
    ctxt->sax->startDocument = start_document;
  if (c.close)
    ctxt->sax->endElement = end_element;
  struct html_source in = {src, len, 0};
  htmlDocPtr doc = htmlCtxtReadIO(ctxt, read_piece, NULL, &in, NULL, "UTF-8",
                                  HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                  HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC |
                                  HTML_PARSE_COMPACT | XML_PARSE_HUGE);
  htmlFreeParserCtxt(ctxt);
  return doc;
}
