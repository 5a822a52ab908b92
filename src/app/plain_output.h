/* lector segment's plain output (a sentence a line, a blank line between paragraphs), on two
 * threads for a large document: its paragraphs are cut into pieces of about
 * PLAIN_OUTPUT_PIECE_BYTES of text; the caller prints the even pieces straight to the stream
 * while a helper thread formats the next odd one into memory, which the caller then writes in
 * its turn. The output is the same bytes in the same order as from one thread; the memory it
 * takes is two pieces' output, in two buffers that take turns. */
#ifndef LECTOR_APP_PLAIN_OUTPUT_H
#define LECTOR_APP_PLAIN_OUTPUT_H

#include <stdio.h>

#include "text/document.h"

#define PLAIN_OUTPUT_PIECE_BYTES (128 * 1024)
/* Smaller documents are printed on the caller's thread alone: a thread would cost more. */
#define PLAIN_OUTPUT_THREADED_BYTES (1024 * 1024)

/* Prints doc's sentences to out. Errors are out's (ferror). */
void plain_output_print(FILE *out, const struct document *doc);

#endif
