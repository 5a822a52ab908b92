/* Shared by the libFuzzer targets: the entry point's prototype and the invariants every loaded
 * document must satisfy. A broken invariant aborts, which libFuzzer reports as a finding. */
#ifndef LECTOR_FUZZ_COMMON_H
#define LECTOR_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "text/document.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints "fuzz invariant: why" and aborts. */
void fuzz_fail(const char *why, size_t a, size_t b) __attribute__((noreturn));

/* True when s[0, len) is well-formed UTF-8 (no overlong forms, no surrogates, <= U+10FFFF). */
int fuzz_valid_utf8(const char *s, size_t len);

/* Checks what document.h, loader.h and segmenter.h promise: text NUL-terminated, valid UTF-8
 * without NUL bytes, paragraph and sentence spans in range and ordered, every paragraph holding
 * >= 1 sentence inside its span, sentences trimmed and at most SEGMENT_MAX_SENTENCE_BYTES long
 * (except in code blocks, which are one sentence each). */
void fuzz_check_document(const struct document *doc);

/* Loads data as fmt (an enum input_format), checks the result and frees it. */
void fuzz_load(const uint8_t *data, size_t size, int fmt, const char *name);

#endif
