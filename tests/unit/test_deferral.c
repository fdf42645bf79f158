/*
 * test_deferral.c - the rules of 容缺受理 (domain/deferral): which missing
 * materials a commitment may name, the latest supplement day (the case's
 * promised limit in working days, across the 2025 National Day holiday
 * and its makeup Saturday), the reminder and the broken promise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/calendar.h"
#include "domain/day.h"
#include "domain/deferral.h"
#include "domain/item.h"
#include "util/gh_err.h"

#include "calendar_fixture.h"

static void test_deferral_materials(void **state)
{
	struct item_material m[] = {
		{.name = "申请书", .main = true, .required = true},
		{.name = "健康证明", .main = false, .required = true,
		    .deferrable = true},
		{.name = "委托书", .main = false, .required = false},
		{.name = "承诺书", .main = false, .required = true,
		    .deferrable = true},
	};
	struct item it = {.materials = m, .n_materials = 4};
	static const struct {
		const char *names[3];
		size_t n;
		int want;
		size_t idx;
	} rows[] = {
		{{"健康证明"}, 1, DEFER_OK, 0},
		{{"健康证明", "承诺书"}, 2, DEFER_OK, 0},
		{{0}, 0, DEFER_OK, 0},
		{{"申请书"}, 1, DEFER_MAIN, 0},
		{{"健康证明", "委托书"}, 2, DEFER_NOT_DEFERRABLE, 1},
		{{"健康证明", "营业执照"}, 2, DEFER_UNKNOWN, 1},
		{{"承诺书", "健康证明", "承诺书"}, 3, DEFER_DUPLICATE, 2},
		{{"健康证明 "}, 1, DEFER_UNKNOWN, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t idx = 99;
		int got = deferral_check_materials(&it, rows[i].names, rows[i].n,
		    &idx);

		if (got != rows[i].want)
			fail_msg("row %zu: fault %d want %d", i, got, rows[i].want);
		if (got != DEFER_OK)
			assert_int_equal(idx, rows[i].idx);
		else
			assert_int_equal(idx, 99);
	}
}

/* The last supplement day is the case's deadline: the Nth working day
 * after acceptance. */
static void test_deferral_last_day_counts_working_days(void **state)
{
	static const struct {
		const char *accept;
		int limit;
		const char *last;
	} rows[] = {
		/* Tue 9/30 + 5: 10/9, 10/10, 10/11 (makeup Sat), 10/13, 10/14 */
		{"2025-09-30", 5, "2025-10-14"},
		/* Fri 9/26 + 1: Sun 9/28 is a makeup workday */
		{"2025-09-26", 1, "2025-09-28"},
		/* an ordinary week: Mon + 3 = Thu */
		{"2025-11-03", 3, "2025-11-06"},
		/* across a weekend: Thu + 2 = Mon */
		{"2025-11-06", 2, "2025-11-10"},
		/* no limit: the acceptance day itself, so nothing fits */
		{"2025-11-03", 0, "2025-11-03"},
	};
	calendar *cal = national_day();

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int32_t last;

		assert_int_equal(deferral_last_day(cal, d(rows[i].accept),
		    rows[i].limit, &last), 0);
		assert_int_equal(last, d(rows[i].last));
	}
	calendar_free(cal);
}

static void test_deferral_check_day_bounds(void **state)
{
	static const struct {
		const char *by;
		int want;
	} rows[] = {
		{"2025-09-30", GH_EUNPROCESSABLE}, /* the acceptance day */
		{"2025-09-29", GH_EUNPROCESSABLE}, /* before it */
		{"2025-10-01", 0},                 /* a holiday is still a day */
		{"2025-10-14", 0},                 /* the deadline itself */
		{"2025-10-15", GH_EUNPROCESSABLE}, /* past the promised limit */
	};
	calendar *cal = national_day();

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int32_t last = 0;

		assert_int_equal(deferral_check_day(cal, d("2025-09-30"), 5,
		    d(rows[i].by), &last), rows[i].want);
		assert_int_equal(last, d("2025-10-14"));
	}
	calendar_free(cal);
}

static void test_deferral_reminder_and_missed(void **state)
{
	static const struct {
		const char *today;
		int remind;
		bool due, missed;
	} rows[] = {
		/* supplement by Tue 10/14; 2 working days before: from Fri 10/10
		 * (10/11 makeup Sat, 10/13 Mon, 10/14 remain) it is 3, so not yet */
		{"2025-10-10", 2, false, false},
		{"2025-10-11", 2, true, false},   /* 10/13, 10/14 */
		{"2025-10-12", 2, true, false},   /* Sunday: still 2 */
		{"2025-10-14", 2, true, false},   /* the day itself: 0 left */
		{"2025-10-15", 2, false, true},   /* broken */
		{"2025-09-30", 0, false, false},
		{"2025-10-14", 0, true, false},
		{"2025-09-30", 30, true, false},
	};
	calendar *cal = national_day();

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int32_t today = d(rows[i].today);

		if (deferral_remind_due(cal, today, d("2025-10-14"),
		    rows[i].remind) != rows[i].due)
			fail_msg("row %zu: reminder", i);
		assert_int_equal(deferral_missed(today, d("2025-10-14")),
		    rows[i].missed);
	}
	calendar_free(cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deferral_materials),
		cmocka_unit_test(test_deferral_last_day_counts_working_days),
		cmocka_unit_test(test_deferral_check_day_bounds),
		cmocka_unit_test(test_deferral_reminder_and_missed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
