/*
 * utf8.h - strict UTF-8 validation and decoding.
 *
 * "Strict" means RFC 3629: no overlong forms, no UTF-16 surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF, no stray continuation bytes and
 * no truncated sequences.  An embedded NUL byte is valid UTF-8 (U+0000);
 * callers that handle C strings pass strlen() as the length.
 *
 * Pure functions over caller-owned bytes; reentrant.
 */
#ifndef GH_UTF8_H
#define GH_UTF8_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_IDEOGRAPHIC_SPACE 0x3000u /* U+3000, "　" */

/* Whether the len bytes at s are strict UTF-8.  s may be NULL when len is
 * 0 (the empty string is valid). */
bool utf8_valid(const char *s, size_t len);

/* Decodes the code point that starts at byte i of s[0..len).  Returns the
 * index of the byte after it (so always > i) and stores the code point in
 * *cp when cp is not NULL; returns 0, with *cp untouched, when i >= len or
 * the bytes at i are not one strict UTF-8 sequence.  Loop with
 *	for (size_t i = 0, j; i < len; i = j)
 *		if (!(j = utf8_next(s, len, i, &cp))) ... invalid ...
 */
size_t utf8_next(const char *s, size_t len, size_t i, uint32_t *cp);

/* Number of code points in s[0..len), or (size_t)-1 when it is not strict
 * UTF-8. */
size_t utf8_count(const char *s, size_t len);

/* Copies s[0..len) into out (cap bytes, always NUL-terminated when cap >
 * 0), replacing each byte that does not start a strict UTF-8 sequence and
 * each control character (U+0000..U+001F, U+007F) by U+FFFD, and cutting
 * at a character boundary when out is full.  The result is always valid
 * UTF-8 and safe to echo into JSON or a log.  Returns the bytes written
 * (without the NUL). */
size_t utf8_scrub(const char *s, size_t len, char *out, size_t cap);

#endif
