/*
 * test_idcode.c - unit tests of src/domain/idcode.c: resident ID numbers
 * (length, characters, birth dates, future birth, MOD 11-2 check), unified
 * social credit codes (alphabet, region digits, MOD 31 check) and mobile
 * numbers.  Single-threaded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/day.h"
#include "domain/idcode.h"
#include "util/gh_err.h"

typedef int (*check_fn)(const char *, char *, size_t);

struct id_case {
	const char *in;
	const char *why; /* NULL = valid; else a fragment of the reason */
};

static void run_table(check_fn fn, const char *what, const struct id_case *t,
    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char why[256] = "";
		int rc = fn(t[i].in, why, sizeof(why));

		if (!t[i].why) {
			if (rc != 0)
				fail_msg("%s row %zu \"%s\": refused: %s", what, i,
				    t[i].in, why);
		} else if (rc != GH_EINVAL) {
			fail_msg("%s row %zu \"%s\": accepted", what, i, t[i].in);
		} else if (!strstr(why, t[i].why)) {
			fail_msg("%s row %zu \"%s\": reason \"%s\", want \"%s\"",
			    what, i, t[i].in, why, t[i].why);
		}
	}
}

static void test_idcode_person_valid_numbers(void **state)
{
	static const struct id_case cases[] = {
		{"11010519491231002X", NULL}, /* X check character */
		{"440304200002291236", NULL}, /* 29 February of a leap year */
		{"110101199003071233", NULL},
		{"51010719850101001X", NULL},
		{"110101190001011236", NULL}, /* first accepted year */
	};

	(void)state;
	run_table(idcode_check_person, "person", cases,
	    sizeof(cases) / sizeof(cases[0]));
}

static void test_idcode_person_invalid_numbers(void **state)
{
	static const struct id_case cases[] = {
		{"", "不能为空"},
		{"11010519491231002", "18 位"},     /* 17 */
		{"11010519491231002X1", "18 位"},   /* 19 */
		{"110105194912310021", "校验码不正确"}, /* wrong digit */
		{"110101199003071234", "校验码不正确"},
		{"11010519491231002x", "大写 X"},   /* lower-case x */
		{"11010519491231002Y", "大写 X"},
		{"1101051949123100X2", "前 17 位"}, /* X inside */
		{"11010A19491231002X", "前 17 位"},
		{"110101199902301238", "19990230"}, /* 30 February */
		{"110101200102291230", "20010229"}, /* not a leap year */
		{"110101199913011232", "不是有效日期"}, /* month 13 */
		{"110101199901001230", "不是有效日期"}, /* day 0 */
		{"110101189912311234", "不是有效日期"}, /* before 1900 */
	};

	(void)state;
	run_table(idcode_check_person, "person", cases,
	    sizeof(cases) / sizeof(cases[0]));
}

static void test_idcode_person_future_birth_is_refused(void **state)
{
	char why[256];
	int32_t today = day_from_ymd(2026, 12, 2);

	(void)state;
	/* Born today: accepted; born tomorrow: refused. */
	assert_int_equal(idcode_check_person_on("110101202612021236", today, why,
	    sizeof(why)), 0);
	assert_int_equal(idcode_check_person_on("110101202612031231", today, why,
	    sizeof(why)), GH_EINVAL);
	assert_non_null(strstr(why, "晚于今天"));
	/* The structural checks still come first. */
	assert_int_equal(idcode_check_person_on("110101199902301238", today, why,
	    sizeof(why)), GH_EINVAL);
	assert_non_null(strstr(why, "不是有效日期"));
	/* Without a today a future birth date passes the structural check. */
	assert_int_equal(idcode_check_person("110101202612031231", why,
	    sizeof(why)), 0);
}

static void test_idcode_credit_codes(void **state)
{
	static const struct id_case cases[] = {
		{"91350100M000100Y43", NULL},
		{"91110000600037341L", NULL},
		{"91310000MA1FL0000N", NULL},
		{"12100000400000770U", NULL},
		{"", "不能为空"},
		{"91350100M000100Y4", "18 位"},
		{"91350100M000100Y433", "18 位"},
		{"91350100M000100Y44", "校验码不正确"},
		{"91110000600037341K", "校验码不正确"},
		{"91350100M000100I43", "第 16 位"},  /* I not in the alphabet */
		{"91350100O000100Y43", "第 9 位"},   /* O */
		{"91350100m000100Y43", "第 9 位"},   /* lower case */
		{"913501 0M000100Y43", "第 7 位"},   /* space */
		{"9135A100M000100Y43", "行政区划"},  /* letter in the region */
	};

	(void)state;
	run_table(idcode_check_credit, "credit", cases,
	    sizeof(cases) / sizeof(cases[0]));
}

static void test_idcode_mobile_numbers(void **state)
{
	static const struct id_case cases[] = {
		{"13812345678", NULL},
		{"19900001111", NULL},
		{"", "不能为空"},
		{"1381234567", "11 位"},
		{"138123456789", "11 位"},
		{"12812345678", "13 至 19"},
		{"23812345678", "13 至 19"},
		{"138-1234-5678", "只能包含数字"},
		{"+8613812345678", "只能包含数字"},
	};

	(void)state;
	run_table(idcode_check_mobile, "mobile", cases,
	    sizeof(cases) / sizeof(cases[0]));
}

static void test_idcode_small_or_null_buffer(void **state)
{
	char why[8];

	(void)state;
	assert_int_equal(idcode_check_person("1", NULL, 0), GH_EINVAL);
	assert_int_equal(idcode_check_person(NULL, why, sizeof(why)), GH_EINVAL);
	assert_int_equal(idcode_check_credit("1", why, sizeof(why)), GH_EINVAL);
	assert_true(strlen(why) < sizeof(why));
	assert_int_equal(idcode_check_mobile(NULL, NULL, 0), GH_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idcode_person_valid_numbers),
		cmocka_unit_test(test_idcode_person_invalid_numbers),
		cmocka_unit_test(test_idcode_person_future_birth_is_refused),
		cmocka_unit_test(test_idcode_credit_codes),
		cmocka_unit_test(test_idcode_mobile_numbers),
		cmocka_unit_test(test_idcode_small_or_null_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
