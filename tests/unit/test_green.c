/*
 * test_green.c - unit tests of src/domain/green.c: the green channel's
 * decision for a case (priority, limit, reason) over the item's promised
 * limit, its green setting and the applicant's key-project entry on the
 * day, rounding of the share, validity boundaries, and the checks of what
 * an administrator enters.  Single-threaded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/day.h"
#include "domain/green.h"
#include "util/gh_err.h"
#include "util/utf8.h"

#define D(y, m, d) day_from_ymd(y, m, d)

static void test_green_ratio_rounds_up_and_stays_in_range(void **state)
{
	static const struct { int promised, pct, want; } t[] = {
		{10, 50, 5}, {9, 50, 5}, {1, 50, 1}, {20, 30, 6}, {7, 33, 3},
		{3, 1, 1}, {100, 1, 1}, {10, 100, 10}, {10, 99, 10},
		/* an instant item stays 0; a share out of range is no share */
		{0, 50, 0}, {10, 0, 10}, {10, 101, 10}, {10, -5, 10},
		{-1, 50, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		int got = green_ratio_days(t[i].promised, t[i].pct);

		if (got != t[i].want)
			fail_msg("row %zu: %d%% of %d = %d, want %d", i, t[i].pct,
			    t[i].promised, got, t[i].want);
	}
}

static void test_green_key_validity_boundaries(void **state)
{
	struct green_key k = {"城南产业园", "县委县政府2026年重点项目清单", 50,
		D(2026, 12, 31), true};

	(void)state;
	assert_true(green_key_valid_on(&k, D(2026, 12, 31)));
	assert_false(green_key_valid_on(&k, D(2027, 1, 1)));
	assert_true(green_key_valid_on(&k, D(2026, 1, 1)));
	k.valid_until = DAY_NONE;
	assert_true(green_key_valid_on(&k, D(2099, 1, 1)));
	k.active = false;
	assert_false(green_key_valid_on(&k, D(2026, 6, 1)));
	assert_false(green_key_valid_on(NULL, D(2026, 6, 1)));
}

struct decide_case {
	const char *name;
	int promised;
	bool has_item;
	int item_limit;
	bool has_key;
	int pct;
	int32_t valid_until;
	bool active;
	int32_t today;
	int want_priority, want_limit;
	const char *want_in_reason;   /* NULL: reason must be empty */
};

static void test_green_decide_table(void **state)
{
	const int32_t today = D(2026, 11, 23);
	const struct decide_case t[] = {
		{"nothing applies", 10, false, 0, false, 0, DAY_NONE, true, today,
		    PRIORITY_NORMAL, 10, NULL},
		{"green item shortens", 10, true, 5, false, 0, DAY_NONE, true,
		    today, PRIORITY_GREEN_ITEM, 5, "承诺时限由10个工作日缩短为5个"},
		{"green item at the promised limit", 10, true, 10, false, 0,
		    DAY_NONE, true, today, PRIORITY_GREEN_ITEM, 10, "优先办理"},
		{"green limit above a lowered promised limit", 4, true, 6, false,
		    0, DAY_NONE, true, today, PRIORITY_GREEN_ITEM, 4, "优先办理"},
		{"key applicant with a share", 10, false, 0, true, 50, DAY_NONE,
		    true, today, PRIORITY_KEY_APPLICANT, 5, "按承诺时限的50%计"},
		{"share rounds up", 9, false, 0, true, 50, DAY_NONE, true, today,
		    PRIORITY_KEY_APPLICANT, 5, "缩短为5个工作日"},
		{"share at least one day", 3, false, 0, true, 10, DAY_NONE, true,
		    today, PRIORITY_KEY_APPLICANT, 1, "缩短为1个工作日"},
		{"key applicant without a share", 10, false, 0, true, 0, DAY_NONE,
		    true, today, PRIORITY_KEY_APPLICANT, 10, "优先办理"},
		{"both: the item is shorter", 10, true, 3, true, 50, DAY_NONE,
		    true, today, PRIORITY_KEY_APPLICANT, 3, "绿色通道事项"},
		{"both: the share is shorter", 10, true, 8, true, 20, DAY_NONE,
		    true, today, PRIORITY_KEY_APPLICANT, 2, "缩短为2个工作日"},
		{"valid on its last day", 10, false, 0, true, 50, today, true,
		    today, PRIORITY_KEY_APPLICANT, 5, "重点项目"},
		{"expired the day before", 10, false, 0, true, 50, today - 1, true,
		    today, PRIORITY_NORMAL, 10, NULL},
		{"expired key, green item", 10, true, 7, true, 50, today - 1,
		    true, today, PRIORITY_GREEN_ITEM, 7, "缩短为7个工作日"},
		{"deactivated", 10, false, 0, true, 50, DAY_NONE, false, today,
		    PRIORITY_NORMAL, 10, NULL},
		{"instant item, key applicant", 0, false, 0, true, 50, DAY_NONE,
		    true, today, PRIORITY_KEY_APPLICANT, 0, "优先办理"},
		{"instant item, green item", 0, true, 1, false, 0, DAY_NONE, true,
		    today, PRIORITY_GREEN_ITEM, 0, "优先办理"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct green_item it = {t[i].item_limit, "县政府办〔2026〕12号"};
		struct green_key k = {"城南产业园", "县委县政府2026年重点项目清单",
			t[i].pct, t[i].valid_until, t[i].active};
		struct green_decision d;

		memset(&d, 0x55, sizeof d);
		if (green_decide(t[i].promised, t[i].has_item ? &it : NULL,
		    t[i].has_key ? &k : NULL, t[i].today, &d))
			fail_msg("%s: refused", t[i].name);
		if (d.priority != t[i].want_priority || d.limit_days !=
		    t[i].want_limit)
			fail_msg("%s: priority %d limit %d, want %d and %d",
			    t[i].name, d.priority, d.limit_days, t[i].want_priority,
			    t[i].want_limit);
		if (!t[i].want_in_reason ? d.reason[0] != '\0' :
		    !strstr(d.reason, t[i].want_in_reason))
			fail_msg("%s: reason \"%s\", want \"%s\"", t[i].name,
			    d.reason, t[i].want_in_reason ? t[i].want_in_reason : "");
		if (!utf8_valid(d.reason, strlen(d.reason)))
			fail_msg("%s: reason is not UTF-8", t[i].name);
	}
}

static void test_green_reason_names_project_and_bases(void **state)
{
	struct green_item it = {3, "县政府办〔2026〕12号"};
	struct green_key k = {"城南产业园", "县委县政府2026年重点项目清单", 50,
		DAY_NONE, true};
	struct green_decision d;

	(void)state;
	assert_int_equal(green_decide(10, &it, &k, D(2026, 11, 23), &d), 0);
	assert_string_equal(d.reason, "重点项目“城南产业园”(认定依据:"
	    "县委县政府2026年重点项目清单,时限按承诺时限的50%计);绿色通道事项"
	    "(依据:县政府办〔2026〕12号);承诺时限由10个工作日缩短为3个工作日");
}

static void test_green_reason_of_the_longest_texts_fits(void **state)
{
	/* the longest texts the checks admit, all three-byte characters */
	char project[GREEN_PROJECT_MAX * 3 + 1] = "", basis[GREEN_BASIS_MAX * 3 +
		1] = "", ibasis[GREEN_BASIS_MAX * 3 + 1] = "";
	struct green_item it = {1, ibasis};
	struct green_key k = {project, basis, 1, DAY_NONE, true};
	struct green_decision d;

	(void)state;
	for (int i = 0; i < GREEN_PROJECT_MAX; i++)
		memcpy(project + 3 * i, "项", 4);
	for (int i = 0; i < GREEN_BASIS_MAX; i++) {
		memcpy(basis + 3 * i, "据", 4);
		memcpy(ibasis + 3 * i, "文", 4);
	}
	assert_int_equal(green_decide(365, &it, &k, D(2026, 1, 1), &d), 0);
	assert_non_null(strstr(d.reason, "缩短为1个工作日"));
	assert_true(utf8_valid(d.reason, strlen(d.reason)));
}

static void test_green_decide_refuses_bad_input(void **state)
{
	struct green_item zero = {0, "x"};
	struct green_decision d = {.priority = 9, .limit_days = 9};

	(void)state;
	assert_int_equal(green_decide(-1, NULL, NULL, 0, &d), GH_EINVAL);
	assert_int_equal(green_decide(10, &zero, NULL, 0, &d), GH_EINVAL);
	assert_int_equal(d.priority, 9);
	assert_int_equal(d.limit_days, 9);
}

static void test_green_priority_names(void **state)
{
	(void)state;
	assert_string_equal(green_priority_name(PRIORITY_NORMAL), "normal");
	assert_string_equal(green_priority_name(PRIORITY_GREEN_ITEM),
	    "green_item");
	assert_string_equal(green_priority_name(PRIORITY_KEY_APPLICANT),
	    "key_applicant");
	assert_null(green_priority_name(3));
	assert_string_equal(green_priority_label(PRIORITY_GREEN_ITEM),
	    "绿色通道事项");
	assert_string_equal(green_priority_label(-1), "");
}

static void test_green_checks(void **state)
{
	const int32_t today = D(2026, 11, 23);
	char why[300];
	bool person = false;

	(void)state;
	/* an item's green limit: 1..promised */
	assert_int_equal(green_check_item_limit(10, 1, why, sizeof why), 0);
	assert_int_equal(green_check_item_limit(10, 10, why, sizeof why), 0);
	assert_int_equal(green_check_item_limit(10, 11, why, sizeof why),
	    GH_EINVAL);
	assert_non_null(strstr(why, "1到10个工作日"));
	assert_int_equal(green_check_item_limit(10, 0, why, sizeof why),
	    GH_EINVAL);
	assert_int_equal(green_check_item_limit(0, 1, why, sizeof why),
	    GH_EINVAL);
	assert_non_null(strstr(why, "即办件"));
	/* shares */
	assert_int_equal(green_check_ratio(1, why, sizeof why), 0);
	assert_int_equal(green_check_ratio(100, why, sizeof why), 0);
	assert_int_equal(green_check_ratio(0, why, sizeof why), GH_EINVAL);
	assert_int_equal(green_check_ratio(101, why, sizeof why), GH_EINVAL);
	/* last valid day: today or later */
	assert_int_equal(green_check_valid_until(today, today, why, sizeof why),
	    0);
	assert_int_equal(green_check_valid_until(DAY_NONE, today, why,
	    sizeof why), 0);
	assert_int_equal(green_check_valid_until(today - 1, today, why,
	    sizeof why), GH_EINVAL);
	assert_non_null(strstr(why, "2026-11-23"));
	/* numbers: a person's, a company's, neither */
	assert_int_equal(green_check_id_number("11010519491231002X", today,
	    &person, why, sizeof why), 0);
	assert_true(person);
	assert_int_equal(green_check_id_number("91350100M000100Y43", today,
	    &person, why, sizeof why), 0);
	assert_false(person);
	assert_int_equal(green_check_id_number("110105194912310021", today,
	    &person, why, sizeof why), GH_EINVAL);
	assert_non_null(strstr(why, "统一社会信用代码"));
	assert_int_equal(green_check_id_number("", today, &person, why,
	    sizeof why), GH_EINVAL);
	assert_non_null(strstr(why, "现为0位"));
	assert_int_equal(green_check_id_number("91350100M000100Y4", today,
	    &person, why, sizeof why), GH_EINVAL);
	assert_non_null(strstr(why, "现为17位"));
	/* texts */
	assert_int_equal(green_check_text("县委县政府2026年重点项目清单", 100,
	    "认定依据", why, sizeof why), 0);
	assert_int_equal(green_check_text(" \xe3\x80\x80 ", 100, "认定依据", why,
	    sizeof why), GH_EINVAL);
	assert_non_null(strstr(why, "请填写认定依据"));
	assert_int_equal(green_check_text(NULL, 100, "认定依据", why,
	    sizeof why), GH_EINVAL);
	assert_int_equal(green_check_text("一二三", 2, "项目名称", why,
	    sizeof why), GH_EINVAL);
	assert_int_equal(green_check_text("一二", 2, "项目名称", why,
	    sizeof why), 0);
	assert_int_equal(green_check_text("a\nb", 10, "项目名称", why,
	    sizeof why), GH_EINVAL);
	assert_int_equal(green_check_text("\xff\xfe", 10, "项目名称", why,
	    sizeof why), GH_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_green_ratio_rounds_up_and_stays_in_range),
		cmocka_unit_test(test_green_key_validity_boundaries),
		cmocka_unit_test(test_green_decide_table),
		cmocka_unit_test(test_green_reason_names_project_and_bases),
		cmocka_unit_test(test_green_reason_of_the_longest_texts_fits),
		cmocka_unit_test(test_green_decide_refuses_bad_input),
		cmocka_unit_test(test_green_priority_names),
		cmocka_unit_test(test_green_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
