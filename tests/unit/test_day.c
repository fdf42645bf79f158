/*
 * test_day.c - unit tests of src/domain/day.c: day numbers, ISO parsing
 * and formatting, weekdays.  Single-threaded test binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/day.h"
#include "util/gh_err.h"

struct ymd_case {
	int y, m, d;
	int32_t day;
	int weekday;
};

static const struct ymd_case ymd_cases[] = {
	{1970, 1, 1, 0, 4},
	{1969, 12, 31, -1, 3},
	{1900, 1, 1, -25567, 1},
	{1900, 3, 1, -25508, 4},  /* 1900 is not a leap year */
	{2000, 1, 1, 10957, 6},
	{2000, 2, 29, 11016, 2},  /* 2000 is */
	{2000, 3, 1, 11017, 3},
	{2024, 12, 31, 20088, 2},
	{2025, 1, 1, 20089, 3},
	{2025, 1, 26, 20114, 7},
	{2025, 10, 11, 20372, 6},
	{2100, 2, 28, 47540, 7},
	{2100, 3, 1, 47541, 1},   /* 2100 is not */
	{2100, 12, 31, 47846, 5},
	{2199, 12, 31, 84005, 2},
};

static void test_day_known_dates(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ymd_cases) / sizeof(ymd_cases[0]); i++) {
		const struct ymd_case *c = &ymd_cases[i];
		int y, m, d;

		if (day_from_ymd(c->y, c->m, c->d) != c->day)
			fail_msg("row %zu: day %d", i,
			    (int)day_from_ymd(c->y, c->m, c->d));
		day_to_ymd(c->day, &y, &m, &d);
		if (y != c->y || m != c->m || d != c->d)
			fail_msg("row %zu: ymd %d-%d-%d", i, y, m, d);
		if (day_weekday(c->day) != c->weekday)
			fail_msg("row %zu: weekday %d", i, day_weekday(c->day));
		assert_int_equal(day_is_weekend(c->day), c->weekday >= 6);
	}
}

static void test_day_round_trip_every_day_1900_to_2199(void **state)
{
	int32_t first = day_from_ymd(1900, 1, 1), last = day_from_ymd(2199, 12, 31);
	int py = 1899, pm = 12, pd = 31;

	(void)state;
	for (int32_t day = first; day <= last; day++) {
		int y, m, d;

		day_to_ymd(day, &y, &m, &d);
		assert_int_equal(day_from_ymd(y, m, d), day);
		/* Consecutive days are consecutive dates. */
		if (y == py && m == pm)
			assert_int_equal(d, pd + 1);
		else
			assert_int_equal(d, 1);
		assert_int_equal(day_weekday(day), (day_weekday(day - 1) % 7) + 1);
		py = y;
		pm = m;
		pd = d;
	}
}

static void test_day_extremes_do_not_overflow(void **state)
{
	char buf[11];
	int y, m, d;

	(void)state;
	day_to_ymd(DAY_NONE, &y, &m, &d);
	assert_true(day_weekday(DAY_NONE) >= 1 && day_weekday(DAY_NONE) <= 7);
	assert_true(day_weekday(INT32_MAX) >= 1 && day_weekday(INT32_MAX) <= 7);
	day_format_iso(DAY_NONE, buf);
	assert_string_equal(buf, "0000-00-00");
}

struct parse_case {
	const char *text;
	int32_t day; /* DAY_NONE = rejected */
};

static const struct parse_case parse_cases[] = {
	{"1970-01-01", 0},
	{"2025-01-26", 20114},
	{"2000-02-29", 11016},
	{"1900-01-01", -25567},
	{"2199-12-31", 84005},
	{"2024-02-29", 19782},
	{"2025-02-29", DAY_NONE}, /* not a leap year */
	{"1900-02-29", DAY_NONE},
	{"2100-02-29", DAY_NONE},
	{"2025-04-31", DAY_NONE},
	{"2025-13-01", DAY_NONE},
	{"2025-00-10", DAY_NONE},
	{"2025-01-00", DAY_NONE},
	{"2025-01-32", DAY_NONE},
	{"1899-12-31", DAY_NONE}, /* below the year range */
	{"2200-01-01", DAY_NONE}, /* above it */
	{"2025-1-26", DAY_NONE},
	{"2025-01-6", DAY_NONE},
	{"25-01-26", DAY_NONE},
	{"2025/01/26", DAY_NONE},
	{"2025-01-26 ", DAY_NONE},
	{" 2025-01-26", DAY_NONE},
	{"2025-01-26T00:00", DAY_NONE},
	{"2025-01-2a", DAY_NONE},
	{"+025-01-26", DAY_NONE},
	{"2025-+1-26", DAY_NONE},
	{"", DAY_NONE},
	{"20250126", DAY_NONE},
};

static void test_day_parse_iso_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		int32_t out = 12345;
		int rc = day_parse_iso(c->text, &out);

		if (c->day == DAY_NONE) {
			if (rc != GH_EINVAL || out != 12345)
				fail_msg("row %zu (%s): accepted", i, c->text);
		} else if (rc != 0 || out != c->day) {
			fail_msg("row %zu (%s): rc %d day %d", i, c->text, rc,
			    (int)out);
		}
	}
	assert_int_equal(day_parse_iso(NULL, &(int32_t){0}), GH_EINVAL);
}

static void test_day_format_iso_round_trips(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		char buf[11];

		if (parse_cases[i].day == DAY_NONE)
			continue;
		memset(buf, 'x', sizeof(buf));
		day_format_iso(parse_cases[i].day, buf);
		assert_string_equal(buf, parse_cases[i].text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day_known_dates),
		cmocka_unit_test(test_day_round_trip_every_day_1900_to_2199),
		cmocka_unit_test(test_day_extremes_do_not_overflow),
		cmocka_unit_test(test_day_parse_iso_table),
		cmocka_unit_test(test_day_format_iso_round_trips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
