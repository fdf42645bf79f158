/*
 * test_calendar.c - unit tests of src/domain/calendar.c: the weekday rule,
 * the official 2025/2026 schedule read from shared/data (GH_SHARED_DIR),
 * year and range boundaries, add/count of working days, bad entries.
 * Single-threaded test binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/calendar.h"
#include "domain/day.h"
#include "util/gh_err.h"

#ifndef GH_SHARED_DIR
#error "GH_SHARED_DIR must name the shared/ directory (tests/CMakeLists.txt)"
#endif

#define D(y, m, d) day_from_ymd(y, m, d)
#define CSV_PATH GH_SHARED_DIR "/data/cn-calendar-2025-2026.csv"
#define MAX_ROWS 256

/* The rows of the shared CSV; names live in csv_names. */
static struct cal_entry csv_rows[MAX_ROWS];
static char csv_names[MAX_ROWS][64];
static size_t csv_n;

/* Reads "date,kind,name" lines after the header; fails the test on any
 * malformed line so that a broken fixture cannot pass silently. */
static void load_csv(void)
{
	FILE *f = fopen(CSV_PATH, "r");
	char line[256];

	if (!f)
		fail_msg("cannot open %s", CSV_PATH);
	csv_n = 0;
	assert_non_null(fgets(line, sizeof(line), f));
	assert_int_equal(strncmp(line, "date,kind,name", 14), 0);
	while (fgets(line, sizeof(line), f)) {
		char *kind, *name, *end;
		int32_t day;

		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0])
			continue;
		kind = strchr(line, ',');
		assert_non_null(kind);
		*kind++ = '\0';
		name = strchr(kind, ',');
		assert_non_null(name);
		*name++ = '\0';
		end = name + strlen(name);
		assert_true(end - name < 64);
		assert_int_equal(day_parse_iso(line, &day), 0);
		assert_true(csv_n < MAX_ROWS);
		memcpy(csv_names[csv_n], name, (size_t)(end - name) + 1);
		csv_rows[csv_n].day = day;
		if (strcmp(kind, "holiday") == 0)
			csv_rows[csv_n].kind = CAL_HOLIDAY;
		else if (strcmp(kind, "workday") == 0)
			csv_rows[csv_n].kind = CAL_WORKDAY;
		else
			fail_msg("bad kind %s", kind);
		csv_rows[csv_n].name = csv_names[csv_n];
		csv_n++;
	}
	fclose(f);
}

static int setup_official(void **state)
{
	calendar *cal = NULL;

	load_csv();
	if (calendar_new(csv_rows, csv_n, &cal) != 0)
		return -1;
	*state = cal;
	return 0;
}

static int setup_plain(void **state)
{
	calendar *cal = NULL;

	if (calendar_new(NULL, 0, &cal) != 0)
		return -1;
	*state = cal;
	return 0;
}

static int teardown(void **state)
{
	calendar_free(*state);
	return 0;
}

static void test_calendar_range_constants(void **state)
{
	(void)state;
	assert_int_equal(CAL_FIRST_DAY, D(2000, 1, 1));
	assert_int_equal(CAL_LAST_DAY, D(2100, 12, 31));
	assert_true(calendar_in_range(CAL_FIRST_DAY));
	assert_true(calendar_in_range(CAL_LAST_DAY));
	assert_false(calendar_in_range(CAL_FIRST_DAY - 1));
	assert_false(calendar_in_range(CAL_LAST_DAY + 1));
	assert_false(calendar_in_range(DAY_NONE));
}

static void test_calendar_weekends_are_off_without_entries(void **state)
{
	const calendar *cal = *state;

	/* 2025-03-03 is a Monday; a plain calendar knows no holidays. */
	for (int i = 0; i < 14; i++) {
		int32_t d = D(2025, 3, 3) + i;

		assert_int_equal(calendar_is_workday(cal, d), i % 7 < 5);
		assert_null(calendar_entry(cal, d));
	}
	assert_true(calendar_is_workday(cal, D(2025, 1, 1))); /* no 元旦 */
	assert_false(calendar_is_workday(cal, D(2025, 1, 26)));
	assert_int_equal(calendar_count_workdays(cal, D(2025, 3, 2),
	    D(2025, 3, 30)), 20);
}

struct span {
	int m1, d1, m2, d2;
};

/* DOMAIN.md section 4, the official 2025 schedule, written out by hand and
 * independently of the CSV. */
static const struct span off_2025[] = {
	{1, 1, 1, 1}, {1, 28, 2, 4}, {4, 4, 4, 6}, {5, 1, 5, 5},
	{5, 31, 6, 2}, {10, 1, 10, 8},
};
static const struct span work_2025[] = {
	{1, 26, 1, 26}, {2, 8, 2, 8}, {4, 27, 4, 27}, {9, 28, 9, 28},
	{10, 11, 10, 11},
};

static bool in_spans(const struct span *s, size_t n, int32_t d)
{
	for (size_t i = 0; i < n; i++)
		if (d >= D(2025, s[i].m1, s[i].d1) && d <= D(2025, s[i].m2, s[i].d2))
			return true;
	return false;
}

static void test_calendar_every_day_of_2025_matches_official_schedule(
    void **state)
{
	const calendar *cal = *state;
	int total = 0;

	for (int32_t d = D(2025, 1, 1); d <= D(2025, 12, 31); d++) {
		bool want = !day_is_weekend(d);
		char iso[11];

		if (in_spans(off_2025, 6, d))
			want = false;
		if (in_spans(work_2025, 5, d))
			want = true;
		total += want;
		day_format_iso(d, iso);
		if (calendar_is_workday(cal, d) != want)
			fail_msg("%s: workday should be %d", iso, (int)want);
	}
	assert_int_equal(calendar_count_workdays(cal, D(2024, 12, 31),
	    D(2025, 12, 31)), total);
	/* 261 weekdays - 18 weekdays off + 5 makeup days. */
	assert_int_equal(total, 248);
}

static void test_calendar_entries_carry_kind_and_name(void **state)
{
	const calendar *cal = *state;
	const struct cal_entry *e;

	e = calendar_entry(cal, D(2025, 1, 26));
	assert_non_null(e);
	assert_int_equal(e->kind, CAL_WORKDAY);
	assert_string_equal(e->name, "春节调休上班");
	e = calendar_entry(cal, D(2025, 1, 28));
	assert_non_null(e);
	assert_int_equal(e->kind, CAL_HOLIDAY);
	assert_string_equal(e->name, "春节");
	e = calendar_entry(cal, D(2025, 10, 6));
	assert_non_null(e);
	assert_string_equal(e->name, "中秋");
	/* A weekend inside a holiday span follows the weekday rule. */
	assert_null(calendar_entry(cal, D(2025, 2, 1)));
	assert_null(calendar_entry(cal, D(2025, 1, 27)));
	assert_null(calendar_entry(cal, CAL_FIRST_DAY - 1));
}

struct add_case {
	int32_t from;
	int n;
	int32_t want; /* DAY_NONE = GH_EINVAL */
};

static void test_calendar_add_workdays_across_holidays(void **state)
{
	const calendar *cal = *state;
	const struct add_case cases[] = {
		/* Spring Festival 2025: off 1/28-2/4, work Sun 1/26, Sat 2/8. */
		{D(2025, 1, 27), 1, D(2025, 2, 5)},
		{D(2025, 1, 24), 1, D(2025, 1, 26)},
		{D(2025, 1, 24), 2, D(2025, 1, 27)},
		{D(2025, 1, 24), 3, D(2025, 2, 5)},
		{D(2025, 1, 25), 1, D(2025, 1, 26)}, /* from a day off */
		{D(2025, 1, 29), 1, D(2025, 2, 5)},
		{D(2025, 2, 7), 1, D(2025, 2, 8)},
		{D(2025, 2, 8), 1, D(2025, 2, 10)},
		/* 劳动节 and 国庆节. */
		{D(2025, 4, 25), 1, D(2025, 4, 27)},
		{D(2025, 4, 30), 1, D(2025, 5, 6)},
		{D(2025, 9, 26), 1, D(2025, 9, 28)},
		{D(2025, 9, 30), 1, D(2025, 10, 9)},
		{D(2025, 10, 10), 1, D(2025, 10, 11)},
		/* Year boundary: 2026 元旦 1/1-1/2 off, Sun 1/4 worked. */
		{D(2025, 12, 31), 1, D(2026, 1, 4)},
		{D(2025, 12, 31), 2, D(2026, 1, 5)},
		{D(2026, 1, 3), 1, D(2026, 1, 4)},
		{D(2025, 12, 31), 0, D(2025, 12, 31)},
		/* Range ends: 2000-01-01 is a Saturday, 2100-12-31 a Friday. */
		{CAL_FIRST_DAY, 1, D(2000, 1, 3)},
		{D(2100, 12, 30), 1, D(2100, 12, 31)},
		{CAL_LAST_DAY, 1, DAY_NONE},
		{CAL_LAST_DAY, 0, CAL_LAST_DAY},
		{CAL_FIRST_DAY - 1, 1, DAY_NONE},
		{CAL_LAST_DAY + 1, 0, DAY_NONE},
		{D(2025, 1, 1), -1, DAY_NONE},
		{D(2025, 1, 1), 1000000, DAY_NONE},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int32_t out = 4242;
		int rc = calendar_add_workdays(cal, cases[i].from, cases[i].n, &out);

		if (cases[i].want == DAY_NONE) {
			if (rc != GH_EINVAL || out != 4242)
				fail_msg("row %zu: should fail, rc %d", i, rc);
		} else if (rc != 0 || out != cases[i].want) {
			char got[11], want[11];

			day_format_iso(out, got);
			day_format_iso(cases[i].want, want);
			fail_msg("row %zu: rc %d got %s want %s", i, rc, got, want);
		}
	}
}

static void test_calendar_range_ends(void **state)
{
	const calendar *cal = *state;
	int total;

	assert_false(calendar_is_workday(cal, CAL_FIRST_DAY));     /* Sat */
	assert_true(calendar_is_workday(cal, CAL_LAST_DAY));       /* Fri */
	assert_false(calendar_is_workday(cal, CAL_FIRST_DAY - 1)); /* outside */
	assert_false(calendar_is_workday(cal, CAL_LAST_DAY + 1));
	assert_false(calendar_is_workday(cal, DAY_NONE));
	/* Outside days are clamped. */
	assert_int_equal(calendar_count_workdays(cal, CAL_FIRST_DAY - 100,
	    D(2000, 1, 3)), 1);
	assert_int_equal(calendar_count_workdays(cal, CAL_LAST_DAY,
	    CAL_LAST_DAY + 1000), 0);
	total = calendar_count_workdays(cal, DAY_NONE, INT32_MAX);
	assert_int_equal(total, calendar_count_workdays(cal, CAL_FIRST_DAY - 1,
	    CAL_LAST_DAY));
	assert_int_equal(calendar_count_workdays(cal, INT32_MAX, DAY_NONE), -total);
	/* The last working day of the range is reachable from the first. */
	{
		int32_t out;

		assert_int_equal(calendar_add_workdays(cal, CAL_FIRST_DAY, total,
		    &out), 0);
		assert_int_equal(out, CAL_LAST_DAY);
		assert_int_equal(calendar_add_workdays(cal, CAL_FIRST_DAY,
		    total + 1, &out), GH_EINVAL);
	}
}

static void test_calendar_count_workdays_is_antisymmetric(void **state)
{
	const calendar *cal = *state;
	const int32_t days[] = {
		D(2024, 12, 31), D(2025, 1, 1), D(2025, 1, 24), D(2025, 1, 26),
		D(2025, 1, 27), D(2025, 2, 5), D(2025, 2, 8), D(2025, 10, 1),
		D(2025, 10, 11), D(2025, 12, 31), D(2026, 1, 4), CAL_FIRST_DAY,
		CAL_LAST_DAY,
	};
	const size_t n = sizeof(days) / sizeof(days[0]);

	for (size_t i = 0; i < n; i++) {
		assert_int_equal(calendar_count_workdays(cal, days[i], days[i]), 0);
		for (size_t j = 0; j < n; j++)
			assert_int_equal(calendar_count_workdays(cal, days[i], days[j]),
			    -calendar_count_workdays(cal, days[j], days[i]));
	}
	/* (a, b]: a is not counted, b is. */
	assert_int_equal(calendar_count_workdays(cal, D(2025, 1, 24),
	    D(2025, 2, 5)), 3);
	assert_int_equal(calendar_count_workdays(cal, D(2025, 1, 27),
	    D(2025, 2, 4)), 0);
	assert_int_equal(calendar_count_workdays(cal, D(2025, 2, 5),
	    D(2025, 1, 24)), -3);
}

static void test_calendar_count_inverts_add(void **state)
{
	const calendar *cal = *state;
	const int32_t from[] = {D(2025, 1, 1), D(2025, 1, 25), D(2025, 9, 27),
	    D(2025, 12, 20)};

	for (size_t i = 0; i < 4; i++) {
		for (int n = 1; n <= 300; n++) {
			int32_t to;

			assert_int_equal(calendar_add_workdays(cal, from[i], n, &to), 0);
			assert_true(calendar_is_workday(cal, to));
			assert_int_equal(calendar_count_workdays(cal, from[i], to), n);
			assert_int_equal(calendar_count_workdays(cal, from[i], to - 1),
			    n - 1);
		}
	}
}

static void test_calendar_entries_between_in_day_order(void **state)
{
	const calendar *cal = *state;
	const struct cal_entry *out[3];
	const struct cal_entry *all[16];
	size_t n;

	/* 1/1, 1/26, 1/28..1/31, 2/3, 2/4, 2/8. */
	n = calendar_entries_between(cal, D(2025, 1, 1), D(2025, 2, 28), out, 3);
	assert_int_equal(n, 9);
	assert_int_equal(out[0]->day, D(2025, 1, 1));
	assert_int_equal(out[1]->day, D(2025, 1, 26));
	assert_int_equal(out[2]->day, D(2025, 1, 28));
	n = calendar_entries_between(cal, D(2025, 1, 1), D(2025, 2, 28), all, 16);
	assert_int_equal(n, 9);
	for (size_t i = 1; i < n; i++)
		assert_true(all[i - 1]->day < all[i]->day);
	assert_int_equal(all[8]->day, D(2025, 2, 8));
	/* Ends are inclusive; an empty span finds nothing. */
	assert_int_equal(calendar_entries_between(cal, D(2025, 1, 26),
	    D(2025, 1, 26), NULL, 0), 1);
	assert_int_equal(calendar_entries_between(cal, D(2025, 1, 2),
	    D(2025, 1, 25), NULL, 0), 0);
	assert_int_equal(calendar_entries_between(cal, D(2025, 2, 8),
	    D(2025, 1, 1), NULL, 0), 0);
	assert_int_equal(calendar_entries_between(cal, DAY_NONE, INT32_MAX,
	    NULL, 0), csv_n);
}

static void test_calendar_rejects_bad_entries(void **state)
{
	const struct cal_entry bad[][1] = {
		{{D(1999, 12, 31), CAL_HOLIDAY, "x"}},
		{{D(2101, 1, 1), CAL_WORKDAY, "x"}},
		{{DAY_NONE, CAL_HOLIDAY, "x"}},
		{{D(2025, 1, 1), 0, "x"}},
		{{D(2025, 1, 1), 3, "x"}},
		{{D(2025, 1, 1), -1, "x"}},
	};
	calendar *cal = (calendar *)&bad; /* sentinel: must stay untouched */

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (calendar_new(bad[i], 1, &cal) != GH_EINVAL)
			fail_msg("row %zu accepted", i);
		assert_ptr_equal(cal, (calendar *)&bad);
	}
	assert_int_equal(calendar_new(NULL, 2, &cal), GH_EINVAL);
	calendar_free(NULL);
}

static void test_calendar_duplicate_day_keeps_last_entry(void **state)
{
	char name[] = "first";
	const struct cal_entry e[] = {
		{D(2025, 3, 5), CAL_HOLIDAY, name},
		{D(2025, 3, 8), CAL_WORKDAY, NULL},
		{D(2025, 3, 5), CAL_HOLIDAY, "second"},
	};
	calendar *cal = NULL;

	(void)state;
	assert_int_equal(calendar_new(e, 3, &cal), 0);
	name[0] = 'X'; /* names are copied */
	assert_string_equal(calendar_entry(cal, D(2025, 3, 5))->name, "second");
	assert_null(calendar_entry(cal, D(2025, 3, 8))->name);
	assert_false(calendar_is_workday(cal, D(2025, 3, 5)));
	assert_true(calendar_is_workday(cal, D(2025, 3, 8)));
	assert_int_equal(calendar_entries_between(cal, DAY_NONE, INT32_MAX,
	    NULL, 0), 2);
	calendar_free(cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar_range_constants),
		cmocka_unit_test_setup_teardown(
		    test_calendar_weekends_are_off_without_entries, setup_plain,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_calendar_every_day_of_2025_matches_official_schedule,
		    setup_official, teardown),
		cmocka_unit_test_setup_teardown(
		    test_calendar_entries_carry_kind_and_name, setup_official,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_calendar_add_workdays_across_holidays, setup_official,
		    teardown),
		cmocka_unit_test_setup_teardown(test_calendar_range_ends,
		    setup_official, teardown),
		cmocka_unit_test_setup_teardown(
		    test_calendar_count_workdays_is_antisymmetric, setup_official,
		    teardown),
		cmocka_unit_test_setup_teardown(test_calendar_count_inverts_add,
		    setup_official, teardown),
		cmocka_unit_test_setup_teardown(
		    test_calendar_entries_between_in_day_order, setup_official,
		    teardown),
		cmocka_unit_test(test_calendar_rejects_bad_entries),
		cmocka_unit_test(test_calendar_duplicate_day_keeps_last_entry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
