/*
 * test_mask.c - unit tests of src/domain/mask.c: names by code point, ID
 * numbers, phones, invalid UTF-8 and buffers too small.  Single-threaded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/mask.h"
#include "util/gh_err.h"

struct mask_case {
	const char *in;
	const char *want; /* NULL = GH_EINVAL */
};

typedef int (*mask_fn)(const char *, char *, size_t);

static void run_table(mask_fn fn, const char *what,
    const struct mask_case *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char out[64];
		int rc;

		memset(out, '#', sizeof(out));
		out[63] = '\0';
		rc = fn(t[i].in, out, sizeof(out));
		if (!t[i].want) {
			if (rc != GH_EINVAL || out[0] != '#')
				fail_msg("%s row %zu: accepted", what, i);
		} else if (rc != 0 || strcmp(out, t[i].want) != 0) {
			fail_msg("%s row %zu: rc %d \"%s\", want \"%s\"", what, i, rc,
			    rc ? "" : out, t[i].want);
		}
	}
}

static void test_mask_name_by_code_point(void **state)
{
	static const struct mask_case cases[] = {
		{"", ""},
		{"张", "*"},
		{"张三", "张*"},
		{"张小三", "张*三"},
		{"欧阳小明", "欧**明"},
		{"买买提·艾力", "买****力"},
		{"Li", "L*"},
		{"John Smith", "J********h"},
		{"𠀀三", "𠀀*"},            /* 4-byte first character kept whole */
		{"张\xE5\xBC", NULL},       /* truncated sequence */
		{"\xC0\x80", NULL},         /* overlong */
		{"\xED\xA0\x80张", NULL},   /* surrogate */
	};

	(void)state;
	run_table(mask_name, "name", cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_mask_id_number_keeps_six_and_four(void **state)
{
	static const struct mask_case cases[] = {
		{"110101199003071234", "110101********1234"},
		{"11010119900307123X", "110101********123X"},
		{"110101900307123", "110101*****7123"}, /* 15-digit old ID */
		{"12345678901", "123456*8901"},         /* 11: smallest 6+4 */
		{"1234567890", "1********0"},           /* 10: first and last */
		{"G1234567", "G******7"},               /* passport */
		{"123", "1*3"},
		{"12", "1*"},
		{"1", "*"},
		{"", ""},
		{"\xFF", NULL},
	};

	(void)state;
	run_table(mask_id_number, "id", cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_mask_phone_keeps_three_and_four_digits(void **state)
{
	static const struct mask_case cases[] = {
		{"13812345678", "138****5678"},
		{"010-12345678", "010-****5678"},
		{"+86 13812345678", "+86 1******5678"},
		{"12345678", "123*5678"},
		{"1234567", "1*****7"},
		{"123", "1*3"},
		{"12", "1*"},
		{"1", "*"},
		{"", ""},
		{"138\x80", NULL},
	};

	(void)state;
	run_table(mask_phone, "phone", cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_mask_small_buffer_is_refused_untouched(void **state)
{
	char out[16];

	(void)state;
	/* "张*三" is 7 bytes and a NUL. */
	memset(out, '#', sizeof(out));
	assert_int_equal(mask_name("张小三", out, 7), GH_EINVAL);
	assert_int_equal(out[0], '#');
	assert_int_equal(mask_name("张小三", out, 8), 0);
	assert_string_equal(out, "张*三");
	memset(out, '#', sizeof(out));
	assert_int_equal(mask_phone("13812345678", out, 11), GH_EINVAL);
	assert_int_equal(out[0], '#');
	assert_int_equal(mask_phone("13812345678", out, 12), 0);
	assert_int_equal(mask_id_number("", out, 0), GH_EINVAL);
	assert_int_equal(mask_id_number("", out, 1), 0);
	assert_string_equal(out, "");
	assert_int_equal(mask_name(NULL, out, sizeof(out)), GH_EINVAL);
	assert_int_equal(mask_name("张三", NULL, 0), GH_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask_name_by_code_point),
		cmocka_unit_test(test_mask_id_number_keeps_six_and_four),
		cmocka_unit_test(test_mask_phone_keeps_three_and_four_digits),
		cmocka_unit_test(test_mask_small_buffer_is_refused_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
