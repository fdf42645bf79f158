/*
 * utf8.c - strict UTF-8 validation and decoding (see utf8.h).
 *
 * The decoder follows the well-formed byte sequence table of the Unicode
 * Standard (chapter 3, table 3-7): the allowed range of the second byte
 * depends on the first, which rules out overlongs, surrogates and code
 * points above U+10FFFF without decoding first and checking afterwards.
 *
 * Owns nothing; pure and reentrant.
 */
#include "util/utf8.h"

#include <string.h>

size_t utf8_next(const char *s, size_t len, size_t i, uint32_t *cp)
{
	const unsigned char *p;
	unsigned char b0, lo = 0x80, hi = 0xBF;
	size_t n;
	uint32_t c;

	if (!s || i >= len)
		return 0;
	p = (const unsigned char *)s + i;
	b0 = p[0];
	if (b0 < 0x80) {
		if (cp)
			*cp = b0;
		return i + 1;
	}
	if (b0 >= 0xC2 && b0 <= 0xDF) {
		n = 2;
		c = b0 & 0x1Fu;
	} else if (b0 >= 0xE0 && b0 <= 0xEF) {
		n = 3;
		c = b0 & 0x0Fu;
		if (b0 == 0xE0)
			lo = 0xA0; /* below: overlong */
		else if (b0 == 0xED)
			hi = 0x9F; /* above: surrogates */
	} else if (b0 >= 0xF0 && b0 <= 0xF4) {
		n = 4;
		c = b0 & 0x07u;
		if (b0 == 0xF0)
			lo = 0x90; /* below: overlong */
		else if (b0 == 0xF4)
			hi = 0x8F; /* above: beyond U+10FFFF */
	} else {
		/* 0x80..0xC1 (continuation, overlong 2-byte) and 0xF5..0xFF. */
		return 0;
	}
	if (len - i < n)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	c = (c << 6) | (p[1] & 0x3Fu);
	for (size_t k = 2; k < n; k++) {
		if (p[k] < 0x80 || p[k] > 0xBF)
			return 0;
		c = (c << 6) | (p[k] & 0x3Fu);
	}
	if (cp)
		*cp = c;
	return i + n;
}

bool utf8_valid(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t j = utf8_next(s, len, i, NULL);

		if (!j)
			return false;
		i = j;
	}
	return true;
}

size_t utf8_count(const char *s, size_t len)
{
	size_t i = 0, n = 0;

	while (i < len) {
		size_t j = utf8_next(s, len, i, NULL);

		if (!j)
			return (size_t)-1;
		i = j;
		n++;
	}
	return n;
}

size_t utf8_scrub(const char *s, size_t len, char *out, size_t cap)
{
	static const char repl[] = "\xEF\xBF\xBD"; /* U+FFFD */
	size_t i = 0, o = 0;

	if (!cap)
		return 0;
	while (i < len) {
		uint32_t cp = 0;
		size_t j = utf8_next(s, len, i, &cp);
		const char *src = s + i;
		size_t n = j - i;

		if (!j || cp < 0x20 || cp == 0x7F) {
			src = repl;
			n = 3;
			j = j ? j : i + 1;
		}
		if (o + n >= cap)
			break;
		memcpy(out + o, src, n);
		o += n;
		i = j;
	}
	out[o] = '\0';
	return o;
}
