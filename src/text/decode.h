/* Bytes to UTF-8: byte-order marks, UTF-16/UTF-32 with a BOM, a declared charset (HTML <meta
 * charset>, XML declaration), and a Windows-1252 fallback for text that is not valid UTF-8.
 *
 * The decoded text also has its line endings normalised (CRLF and lone CR become LF, form feeds
 * and vertical tabs become LF, so does U+0085 NEXT LINE) and stray C0 and C1 control characters
 * replaced by spaces, so that every loader sees one kind of line break and no control character
 * reaches the panel, the speech or a message. Terminal escape sequences (a saved coloured log)
 * are removed whole, not just their ESC byte, and are no sign of binary data: a colour change
 * (CSI ... m), a window title or hyperlink (OSC ... BEL or ESC \) and the other short escapes
 * become nothing, so that a word coloured in the middle stays one word; a CSI that moves the
 * cursor or erases becomes a space, as it stands between words on the screen. */
#ifndef LECTOR_TEXT_DECODE_H
#define LECTOR_TEXT_DECODE_H

#include <stdbool.h>
#include <stddef.h>

enum decode_bom { DECODE_BOM_NONE, DECODE_BOM_UTF8, DECODE_BOM_UTF16LE, DECODE_BOM_UTF16BE,
                  DECODE_BOM_UTF32LE, DECODE_BOM_UTF32BE };

/* The byte-order mark that data starts with, and its length in *bom_len (may be NULL). */
enum decode_bom decode_sniff_bom(const char *data, size_t len, size_t *bom_len);

/* Looks for a charset declared in the first 1024 bytes of an HTML or XHTML document
 * (<meta charset=...>, <meta http-equiv="Content-Type" content="...; charset=...">,
 * <?xml ... encoding="..."?>). Copies the name, lower-cased, into out (size outsz) and returns
 * true when one is found. */
bool decode_html_charset(const char *data, size_t len, char *out, size_t outsz);

/* True when data[0, len) is well-formed UTF-8 (no overlong forms, surrogates or values above
 * U+10FFFF). */
bool decode_is_utf8(const char *data, size_t len);

/* The length of the control character at s[0, n) (C0 other than tab and line feed, DEL, or a
 * C1 control U+0080..U+009F in UTF-8), 0 if there is none. Loaders that produce text of their
 * own (HTML character references such as &#27;) use it to keep the same promise. */
size_t decode_control_at(const char *s, size_t n);

/* The length of s[0, n) without a UTF-8 sequence cut short at its end: where text cut to fit a
 * buffer may end without splitting a character. */
size_t decode_utf8_whole_len(const char *s, size_t n);

/* Decodes buf (malloc'd, len bytes plus room for a NUL, owned by this call: it is either reused
 * for the result or freed) into NUL-terminated UTF-8 in *out (malloc'd, owned by the caller) of *out_len bytes.
 *
 * charset: a declared charset (from decode_html_charset) or NULL. A BOM always wins over it.
 * name: how to name the input in a warning; NULL for an unnamed input (standard input).
 * *warning: set to a malloc'd one-line message (owned by the caller) when the text was not what
 * it claimed and was read as Windows-1252, else NULL.
 *
 * Errors: LECTOR_ENOTTEXT (NUL bytes without a UTF-16/32 BOM, or mostly control characters),
 * LECTOR_EENCODING (a UTF-16/32 text with invalid sequences), -ENOMEM. */
int decode_text(char *buf, size_t len, const char *charset, const char *name, char **out,
                size_t *out_len, char **warning);

#endif
