/*
 * test_pledge.c - the rules of 告知承诺制 (domain/pledge): which items take
 * a promise (never a high-risk one), which proofs it may name, the due day
 * of the follow-up check (事后核查) in working days across the 2025
 * National Day holiday and its makeup days, when it is overdue, and the
 * names of its results.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/calendar.h"
#include "domain/day.h"
#include "domain/item.h"
#include "domain/pledge.h"
#include "util/gh_err.h"

#include "calendar_fixture.h"

static void test_pledge_item_check(void **state)
{
	static const struct {
		bool allowed, high_risk;
		int want;
	} rows[] = {
		{true, false, PLEDGE_ITEM_OK},
		{false, false, PLEDGE_ITEM_NOT_ALLOWED},
		/* the catalogue refuses both together; a promise is refused
		 * for the risk whatever the flag says */
		{true, true, PLEDGE_ITEM_HIGH_RISK},
		{false, true, PLEDGE_ITEM_HIGH_RISK},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct item it = {.pledge_allowed = rows[i].allowed,
			.high_risk = rows[i].high_risk};

		if (pledge_item_check(&it) != rows[i].want)
			fail_msg("row %zu: %d", i, pledge_item_check(&it));
	}
}

static void test_pledge_materials(void **state)
{
	struct item_material m[] = {
		{.name = "设立登记申请书", .main = true, .required = true},
		/* the proofs a promise replaces are usually 主件 */
		{.name = "住所使用证明", .main = true, .required = true,
		    .pledgeable = true},
		{.name = "授权委托书", .main = false, .required = false},
		{.name = "从业资格证明", .main = false, .required = true,
		    .pledgeable = true},
		{.name = "名称告知书", .main = false, .required = true,
		    .deferrable = true},
	};
	struct item it = {.materials = m, .n_materials = 5,
		.pledge_allowed = true};
	static const struct {
		const char *names[3];
		size_t n;
		int want;
		size_t idx;
	} rows[] = {
		{{"住所使用证明"}, 1, PLEDGE_OK, 0},
		{{"住所使用证明", "从业资格证明"}, 2, PLEDGE_OK, 0},
		{{0}, 0, PLEDGE_OK, 0},
		{{"设立登记申请书"}, 1, PLEDGE_NOT_PLEDGEABLE, 0},
		{{"住所使用证明", "授权委托书"}, 2, PLEDGE_NOT_PLEDGEABLE, 1},
		/* deferrable (容缺) is not pledgeable */
		{{"名称告知书"}, 1, PLEDGE_NOT_PLEDGEABLE, 0},
		{{"住所使用证明", "营业执照"}, 2, PLEDGE_UNKNOWN, 1},
		{{"从业资格证明", "住所使用证明", "从业资格证明"}, 3,
		    PLEDGE_DUPLICATE, 2},
		{{"住所使用证明 "}, 1, PLEDGE_UNKNOWN, 0},
		{{NULL}, 1, PLEDGE_UNKNOWN, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t idx = 99;
		int got = pledge_check_materials(&it, rows[i].names, rows[i].n,
		    &idx);

		if (got != rows[i].want)
			fail_msg("row %zu: fault %d want %d", i, got, rows[i].want);
		if (got != PLEDGE_OK)
			assert_int_equal(idx, rows[i].idx);
		else
			assert_int_equal(idx, 99);
	}
	assert_true(pledge_material_pledgeable(&it, "住所使用证明"));
	assert_false(pledge_material_pledgeable(&it, "设立登记申请书"));
	assert_false(pledge_material_pledgeable(&it, "不存在"));
	assert_false(pledge_material_pledgeable(&it, NULL));
}

/* The check is due the Nth working day after the decision (the decision
 * day never counts). */
static void test_pledge_verify_due_counts_working_days(void **state)
{
	static const struct {
		const char *decided;
		int days;
		const char *due;
	} rows[] = {
		/* Tue 9/30 + 5: 10/9, 10/10, 10/11 (makeup Sat), 10/13, 10/14 */
		{"2025-09-30", 5, "2025-10-14"},
		/* Fri 9/26 + 1: Sun 9/28 is a makeup workday */
		{"2025-09-26", 1, "2025-09-28"},
		/* the default 20 from Mon 9/22: 9/23..9/30 are 7 (9/28 worked),
		 * then 10/9, 10/10, 10/11 (10), 10/13..10/17 (15),
		 * 10/20..10/24 (20) */
		{"2025-09-22", 20, "2025-10-24"},
		/* decided on a holiday: the next working days count */
		{"2025-10-03", 2, "2025-10-10"},
		/* an ordinary week, and across a weekend */
		{"2025-11-03", 3, "2025-11-06"},
		{"2025-11-06", 2, "2025-11-10"},
		/* 0 or less is one day: never due on the decision day */
		{"2025-11-03", 0, "2025-11-04"},
		{"2025-11-07", -5, "2025-11-10"},
	};
	calendar *cal = national_day();

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int32_t due = 0;

		assert_int_equal(pledge_verify_due(cal, d(rows[i].decided),
		    rows[i].days, &due), 0);
		if (due != d(rows[i].due)) {
			char got[11];

			day_format_iso(due, got);
			fail_msg("row %zu: due %s want %s", i, got, rows[i].due);
		}
	}
	/* past the calendar's end: an error, not a day */
	{
		int32_t due = 7;

		assert_int_equal(pledge_verify_due(cal, d("2100-12-30"), 20,
		    &due), GH_EINVAL);
	}
	calendar_free(cal);
}

static void test_pledge_verify_overdue(void **state)
{
	static const struct {
		const char *today;
		int want;
	} rows[] = {
		{"2025-10-13", 0},
		{"2025-10-14", 0},   /* the due day itself: still in time */
		{"2025-10-15", 1},
		{"2025-10-18", 4},   /* natural days, weekends too */
		{"2024-01-01", 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		assert_int_equal(pledge_verify_overdue_days(d("2025-10-14"),
		    d(rows[i].today)), rows[i].want);
}

static void test_pledge_verify_status_names(void **state)
{
	static const struct {
		int status;
		const char *name, *label;
	} rows[] = {
		{PLEDGE_VERIFY_PENDING, "pending", "待核查"},
		{PLEDGE_VERIFY_TRUE, "verified_true", "核查属实"},
		{PLEDGE_VERIFY_FALSE, "verified_false", "承诺不实"},
		{PLEDGE_VERIFY_CANCELLED, "cancelled", "无需核查"},
	};

	(void)state;
	assert_int_equal(sizeof rows / sizeof rows[0], PLEDGE_VERIFY_COUNT_);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_string_equal(pledge_verify_status_name(rows[i].status),
		    rows[i].name);
		assert_string_equal(pledge_verify_status_label(rows[i].status),
		    rows[i].label);
		assert_int_equal(pledge_verify_status_from_name(rows[i].name),
		    rows[i].status);
	}
	assert_null(pledge_verify_status_name(-1));
	assert_null(pledge_verify_status_name(PLEDGE_VERIFY_COUNT_));
	assert_null(pledge_verify_status_label(PLEDGE_VERIFY_COUNT_));
	assert_int_equal(pledge_verify_status_from_name("true"), -1);
	assert_int_equal(pledge_verify_status_from_name(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pledge_item_check),
		cmocka_unit_test(test_pledge_materials),
		cmocka_unit_test(test_pledge_verify_due_counts_working_days),
		cmocka_unit_test(test_pledge_verify_overdue),
		cmocka_unit_test(test_pledge_verify_status_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
