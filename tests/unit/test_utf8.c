/*
 * test_utf8.c - unit tests of src/util/utf8.c: strict validation (RFC 3629
 * boundaries: overlongs, surrogates, > U+10FFFF, truncation) and decoding.
 * Single-threaded test binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/utf8.h"

struct utf8_case {
	const char *bytes;
	size_t len;
	bool valid;
	size_t count; /* code points when valid */
};

#define U(s, v, n) {s, sizeof(s) - 1, v, n}

static const struct utf8_case utf8_cases[] = {
	/* Boundaries of each sequence length. */
	U("", true, 0),
	U("a", true, 1),
	U("\x7F", true, 1),
	U("\xC2\x80", true, 1),             /* U+0080, smallest 2-byte */
	U("\xDF\xBF", true, 1),             /* U+07FF */
	U("\xE0\xA0\x80", true, 1),         /* U+0800, smallest 3-byte */
	U("\xED\x9F\xBF", true, 1),         /* U+D7FF, below surrogates */
	U("\xEE\x80\x80", true, 1),         /* U+E000, above surrogates */
	U("\xEF\xBF\xBF", true, 1),         /* U+FFFF */
	U("\xF0\x90\x80\x80", true, 1),     /* U+10000, smallest 4-byte */
	U("\xF4\x8F\xBF\xBF", true, 1),     /* U+10FFFF, largest */
	U("\xE5\xBC\xA0\xE4\xB8\x89", true, 2), /* 张三 */
	U("\xE3\x80\x80", true, 1),         /* U+3000 */
	U("a\0b", true, 3),                 /* NUL is a code point */
	/* Stray and impossible bytes. */
	U("\x80", false, 0),
	U("\xBF", false, 0),
	U("a\x80", false, 0),
	U("\xFE", false, 0),
	U("\xFF", false, 0),
	U("\xF5\x80\x80\x80", false, 0),
	/* Overlongs. */
	U("\xC0\x80", false, 0),
	U("\xC1\xBF", false, 0),
	U("\xE0\x80\x80", false, 0),
	U("\xE0\x9F\xBF", false, 0),
	U("\xF0\x80\x80\x80", false, 0),
	U("\xF0\x8F\xBF\xBF", false, 0),
	/* Surrogates U+D800..U+DFFF. */
	U("\xED\xA0\x80", false, 0),
	U("\xED\xBF\xBF", false, 0),
	/* Above U+10FFFF. */
	U("\xF4\x90\x80\x80", false, 0),
	/* Truncated and broken sequences. */
	U("\xC2", false, 0),
	U("\xE5\xBC", false, 0),
	U("\xF0\x90\x80", false, 0),
	U("\xC2\x41", false, 0),
	U("\xE5\xBC\x41", false, 0),
	U("\xF0\x90\x80\x41", false, 0),
	U("\xE5\xBC\xA0\xE4\xB8", false, 0),
};

static void test_utf8_valid_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]); i++) {
		const struct utf8_case *c = &utf8_cases[i];
		size_t n = utf8_count(c->bytes, c->len);

		if (utf8_valid(c->bytes, c->len) != c->valid)
			fail_msg("row %zu: valid should be %d", i, (int)c->valid);
		if (n != (c->valid ? c->count : (size_t)-1))
			fail_msg("row %zu: count %zu", i, n);
	}
}

static void test_utf8_empty_and_null(void **state)
{
	uint32_t cp = 7;

	(void)state;
	assert_true(utf8_valid(NULL, 0));
	assert_int_equal(utf8_next(NULL, 0, 0, &cp), 0);
	assert_int_equal(utf8_next("a", 1, 1, &cp), 0);
	assert_int_equal(cp, 7);
}

struct next_case {
	const char *bytes;
	size_t len;
	size_t at;
	size_t next; /* 0 = invalid */
	uint32_t cp;
};

#define N(s, at, next, cp) {s, sizeof(s) - 1, at, next, cp}

static const struct next_case next_cases[] = {
	N("A", 0, 1, 0x41),
	N("\xC2\x80", 0, 2, 0x80),
	N("\xDF\xBF", 0, 2, 0x7FF),
	N("\xE0\xA0\x80", 0, 3, 0x800),
	N("\xE5\xBC\xA0", 0, 3, 0x5F20), /* 张 */
	N("\xE3\x80\x80", 0, 3, 0x3000),
	N("\xF0\x90\x80\x80", 0, 4, 0x10000),
	N("\xF4\x8F\xBF\xBF", 0, 4, 0x10FFFF),
	N("x\xE4\xB8\x89", 1, 4, 0x4E09), /* 三 after "x" */
	N("\xE4\xB8\x89", 1, 0, 0),       /* starts mid-sequence */
	N("\xED\xA0\x80", 0, 0, 0),
	N("\xE5\xBC", 0, 0, 0),
};

static void test_utf8_next_decodes_code_points(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(next_cases) / sizeof(next_cases[0]); i++) {
		const struct next_case *c = &next_cases[i];
		uint32_t cp = 0xDEADu;
		size_t j = utf8_next(c->bytes, c->len, c->at, &cp);

		if (j != c->next)
			fail_msg("row %zu: next %zu, want %zu", i, j, c->next);
		if (j && cp != c->cp)
			fail_msg("row %zu: cp %x, want %x", i, (unsigned)cp,
			    (unsigned)c->cp);
		if (!j && cp != 0xDEADu)
			fail_msg("row %zu: cp written on failure", i);
	}
}

static void test_utf8_next_walks_a_string(void **state)
{
	const char *s = "\xE6\xAC\xA7\xE9\x98\xB3 A"; /* 欧阳 A */
	const uint32_t want[] = {0x6B27, 0x9633, 0x20, 0x41};
	size_t len = strlen(s), k = 0;

	(void)state;
	for (size_t i = 0, j; i < len; i = j) {
		uint32_t cp;

		j = utf8_next(s, len, i, &cp);
		assert_true(j > i);
		assert_true(k < 4);
		assert_int_equal(cp, want[k++]);
	}
	assert_int_equal(k, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid_table),
		cmocka_unit_test(test_utf8_empty_and_null),
		cmocka_unit_test(test_utf8_next_decodes_code_points),
		cmocka_unit_test(test_utf8_next_walks_a_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
