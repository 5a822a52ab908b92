/* The HTML5 named character references, sorted by name (bytewise), without the '&' and ';'.
 * Generated from WHATWG's list by scripts/gen-html-entities. */
#ifndef LECTOR_TEXT_HTML_ENTITIES_H
#define LECTOR_TEXT_HTML_ENTITIES_H

#include <stddef.h>

struct html_entity {
  const char *name;
  unsigned cp[2];           /* one or two code points (0: none); their UTF-8 is never longer
                               than "&name;" */
};

extern const struct html_entity html_entities[];
extern const size_t html_n_entities;

#endif
