/*
 * mask.c - masking of personal data for output (see mask.h).
 *
 * Every masker keeps a head and a tail of the input and writes one ASCII
 * '*' for each code point between them, so a masked value shows how long
 * the original was but not what it said.  Choices mask.h leaves open:
 * - names: 1 code point -> "*" (a one-character name would otherwise be
 *   shown whole), 2 -> first + "*", 3 or more -> first + stars + last; the
 *   empty name gives "".
 * - ID numbers: more than 10 code points keep 6 + 4; 3..10 keep the first
 *   and last one; 2 keep the first; 1 gives "*".  (At 10 or fewer the
 *   6 + 4 rule would hide nothing.)
 * - phones: only ASCII digits count and are masked; anything else ("+",
 *   "-", spaces) is copied where it stands.  8 or more digits keep 3 + 4
 *   ("010-****5678"); 3..7 keep the first and last digit; 2 keep the
 *   first; 1 is masked.
 * Input must be valid UTF-8 and the whole result must fit in cap bytes with
 * its NUL; otherwise GH_EINVAL and out is untouched (never a truncated or
 * half-masked value).
 *
 * Owns nothing; pure and reentrant.
 */
#include "domain/mask.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "util/gh_err.h"
#include "util/utf8.h"

/* Which code points count as units to keep or mask. */
enum unit_kind { UNIT_ALL, UNIT_DIGITS };

static bool is_unit(int kind, uint32_t cp)
{
	return kind == UNIT_ALL || (cp >= '0' && cp <= '9');
}

/* Counts the units of s; (size_t)-1 on invalid UTF-8. */
static size_t count_units(const char *s, size_t len, int kind)
{
	size_t n = 0;

	for (size_t i = 0, j; i < len; i = j) {
		uint32_t cp;

		j = utf8_next(s, len, i, &cp);
		if (!j)
			return (size_t)-1;
		if (is_unit(kind, cp))
			n++;
	}
	return n;
}

/* Writes s with units [head, n - tail) replaced by '*' into out when it
 * fits; s is known to be valid UTF-8 with n units. */
static int write_masked(const char *s, size_t len, int kind, size_t n,
    size_t head, size_t tail, char *out, size_t cap)
{
	size_t need = 0, pos = 0, k;

	/* Pass 1 sizes the result so that out is written only on success. */
	k = 0;
	for (size_t i = 0, j; i < len; i = j) {
		uint32_t cp;

		j = utf8_next(s, len, i, &cp);
		if (is_unit(kind, cp) && k++ >= head && k <= n - tail)
			need += 1;
		else
			need += j - i;
	}
	if (!out || need + 1 > cap)
		return GH_EINVAL;
	k = 0;
	for (size_t i = 0, j; i < len; i = j) {
		uint32_t cp;

		j = utf8_next(s, len, i, &cp);
		if (is_unit(kind, cp) && k++ >= head && k <= n - tail) {
			out[pos++] = '*';
		} else {
			memcpy(out + pos, s + i, j - i);
			pos += j - i;
		}
	}
	out[pos] = '\0';
	return 0;
}

/* Keeps head and tail units, but never so many that nothing is masked. */
static int mask_units(const char *s, int kind, size_t big, size_t head,
    size_t tail, char *out, size_t cap)
{
	size_t len, n;

	if (!s)
		return GH_EINVAL;
	len = strlen(s);
	n = count_units(s, len, kind);
	if (n == (size_t)-1)
		return GH_EINVAL;
	if (n < big) {
		/* Short values keep the first and last unit, or fewer. */
		head = n >= 2 ? 1 : 0;
		tail = n >= 3 ? 1 : 0;
	}
	return write_masked(s, len, kind, n, head, tail, out, cap);
}

int mask_name(const char *name, char *out, size_t cap)
{
	/* Any length: first and last kept from 3 code points on. */
	return mask_units(name, UNIT_ALL, SIZE_MAX, 1, 1, out, cap);
}

int mask_id_number(const char *id, char *out, size_t cap)
{
	return mask_units(id, UNIT_ALL, 11, 6, 4, out, cap);
}

int mask_phone(const char *phone, char *out, size_t cap)
{
	return mask_units(phone, UNIT_DIGITS, 8, 3, 4, out, cap);
}
