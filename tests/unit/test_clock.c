/*
 * test_clock.c - unit tests of src/domain/clock.c over the official
 * 2025/2026 calendar (shared/data, via GH_SHARED_DIR): deadlines across
 * holidays and 调休, suspensions, remaining and elapsed days, lights,
 * on-time completion and the explanation notes.  Single-threaded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/calendar.h"
#include "domain/clock.h"
#include "domain/day.h"
#include "util/gh_err.h"

#ifndef GH_SHARED_DIR
#error "GH_SHARED_DIR must name the shared/ directory (tests/CMakeLists.txt)"
#endif

#define D(y, m, d) day_from_ymd(y, m, d)
#define CSV_PATH GH_SHARED_DIR "/data/cn-calendar-2025-2026.csv"
#define MAX_ROWS 256

static struct cal_entry csv_rows[MAX_ROWS];
static char csv_names[MAX_ROWS][64];
static size_t csv_n;
static calendar *cal;

/* Reads "date,kind,name" lines after the header of the shared CSV. */
static int load_calendar(void **state)
{
	FILE *f = fopen(CSV_PATH, "r");
	char line[256];

	(void)state;
	if (!f || !fgets(line, sizeof(line), f))
		goto fail;
	csv_n = 0;
	while (fgets(line, sizeof(line), f) && csv_n < MAX_ROWS) {
		char *kind, *name;

		line[strcspn(line, "\r\n")] = '\0';
		kind = strchr(line, ',');
		if (!kind)
			continue;
		*kind++ = '\0';
		name = strchr(kind, ',');
		if (!name || strlen(name + 1) >= 64)
			goto fail;
		*name++ = '\0';
		if (day_parse_iso(line, &csv_rows[csv_n].day))
			goto fail;
		csv_rows[csv_n].kind = strcmp(kind, "workday") == 0 ?
		    CAL_WORKDAY : strcmp(kind, "holiday") == 0 ? CAL_HOLIDAY : 0;
		memcpy(csv_names[csv_n], name, strlen(name) + 1);
		csv_rows[csv_n].name = csv_names[csv_n];
		csv_n++;
	}
	fclose(f);
	return calendar_new(csv_rows, csv_n, &cal) ? -1 : 0;
fail:
	if (f)
		fclose(f);
	return -1;
}

static int free_calendar(void **state)
{
	(void)state;
	calendar_free(cal);
	return 0;
}

static struct clock_input input(int32_t start, int limit, int32_t today)
{
	struct clock_input in = {
		.start_day = start,
		.limit_days = limit,
		.susp = NULL,
		.n_susp = 0,
		.end_day = DAY_NONE,
		.today = today,
		.warn_days = 1,
	};

	return in;
}

static struct clock_result compute(const struct clock_input *in)
{
	struct clock_result r;

	assert_int_equal(clock_compute(cal, in, &r), 0);
	return r;
}

static void assert_day(int32_t got, int32_t want)
{
	if (got != want) {
		char g[11], w[11];

		day_format_iso(got, g);
		day_format_iso(want, w);
		fail_msg("got %s, want %s", g, w);
	}
}

struct deadline_case {
	int32_t start;
	int limit;
	int32_t deadline;
};

static void test_clock_deadline_skips_holidays_and_counts_makeup_days(
    void **state)
{
	const struct deadline_case cases[] = {
		/* The acceptance day never counts. */
		{D(2025, 3, 3), 1, D(2025, 3, 4)},
		{D(2025, 3, 7), 1, D(2025, 3, 10)},
		{D(2025, 3, 3), 0, D(2025, 3, 3)},
		/* Spring Festival: Sun 1/26 and Sat 2/8 are worked. */
		{D(2025, 1, 20), 5, D(2025, 1, 26)},
		{D(2025, 1, 27), 1, D(2025, 2, 5)},
		{D(2025, 1, 27), 3, D(2025, 2, 7)},
		{D(2025, 1, 27), 4, D(2025, 2, 8)},
		{D(2025, 1, 20), 10, D(2025, 2, 8)},
		/* 劳动节, 国庆节 with Sun 9/28 and Sat 10/11 worked. */
		{D(2025, 4, 30), 1, D(2025, 5, 6)},
		{D(2025, 9, 26), 5, D(2025, 10, 10)},
		{D(2025, 9, 26), 6, D(2025, 10, 11)},
		{D(2025, 10, 1), 1, D(2025, 10, 9)}, /* accepted on a holiday */
		/* Across the year end into 2026 元旦 (Sun 1/4 worked). */
		{D(2025, 12, 31), 1, D(2026, 1, 4)},
		{D(2025, 12, 31), 20, D(2026, 1, 29)},
		/* The statutory 20 working days from before 国庆节. */
		{D(2025, 9, 15), 20, D(2025, 10, 17)},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct clock_input in = input(cases[i].start, cases[i].limit,
		    cases[i].start);
		struct clock_result r = compute(&in);

		assert_day(r.base_deadline, cases[i].deadline);
		assert_day(r.deadline, cases[i].deadline);
		assert_int_equal(r.suspended_days, 0);
	}
}

struct susp_case {
	int32_t start, end;
	int days;
};

static void test_clock_suspension_days_round_up(void **state)
{
	const struct susp_case cases[] = {
		{D(2025, 3, 5), D(2025, 3, 5), 1},   /* same day: one day */
		{D(2025, 3, 5), D(2025, 3, 6), 1},
		{D(2025, 3, 5), D(2025, 3, 7), 2},
		{D(2025, 3, 7), D(2025, 3, 10), 1},  /* Fri to Mon */
		{D(2025, 3, 6), D(2025, 3, 11), 3},  /* Thu, Fri, Mon */
		{D(2025, 3, 8), D(2025, 3, 10), 1},  /* a weekend only: minimum */
		{D(2025, 3, 8), D(2025, 3, 9), 1},
		{D(2025, 9, 30), D(2025, 10, 9), 1}, /* across 国庆节 */
		{D(2025, 9, 27), D(2025, 9, 29), 1}, /* Sun 9/28 is worked */
		/* 1/24, Sun 1/26, 1/27, 2/5, 2/6, 2/7, Sat 2/8. */
		{D(2025, 1, 24), D(2025, 2, 10), 7},
		{D(2025, 3, 5), DAY_NONE, 1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = clock_suspension_days(cal, cases[i].start, cases[i].end);

		if (got != cases[i].days)
			fail_msg("row %zu: %d days, want %d", i, got, cases[i].days);
	}
}

static void test_clock_suspension_pushes_deadline(void **state)
{
	/* Accepted Mon 3/3 with 5 days: base deadline Mon 3/10. */
	const struct clock_suspension same_day[] = {{D(2025, 3, 5), D(2025, 3, 5)}};
	const struct clock_suspension weekend[] = {{D(2025, 3, 6), D(2025, 3, 11)}};
	const struct clock_suspension two[] = {
		{D(2025, 3, 4), D(2025, 3, 5)},
		{D(2025, 3, 7), D(2025, 3, 10)},
	};
	struct clock_input in = input(D(2025, 3, 3), 5, D(2025, 3, 5));
	struct clock_result r;

	(void)state;
	in.susp = same_day;
	in.n_susp = 1;
	r = compute(&in);
	assert_day(r.base_deadline, D(2025, 3, 10));
	assert_day(r.deadline, D(2025, 3, 11));
	assert_int_equal(r.suspended_days, 1);
	assert_false(r.paused);

	in.susp = weekend;
	in.today = D(2025, 3, 11);
	r = compute(&in);
	assert_int_equal(r.suspended_days, 3);
	assert_day(r.deadline, D(2025, 3, 13));
	assert_int_equal(r.remaining_days, 2);
	assert_int_equal(r.elapsed_days, 3); /* 3/4, 3/5, 3/11 */

	in.susp = two;
	in.n_susp = 2;
	r = compute(&in);
	assert_int_equal(r.suspended_days, 2);
	assert_day(r.deadline, D(2025, 3, 12));

	/* A suspension over 国庆节 costs one day and pushes past it. */
	{
		const struct clock_suspension golden[] = {
		    {D(2025, 9, 30), D(2025, 10, 9)}};
		struct clock_input g = input(D(2025, 9, 29), 1, D(2025, 10, 9));

		g.susp = golden;
		g.n_susp = 1;
		r = compute(&g);
		assert_day(r.base_deadline, D(2025, 9, 30));
		assert_day(r.deadline, D(2025, 10, 9));
		assert_int_equal(r.remaining_days, 0);
	}
}

/* Each working day is suspended once however many suspensions touch it:
 * the union of the suspended days, not the sum of each one rounded up. */
struct union_case {
	const char *what;
	struct clock_suspension susp[6];
	size_t n;
	int days;
	int32_t deadline; /* accepted Mon 2025-03-03, 5 days: base 3/10 */
};

static void test_clock_suspensions_count_each_day_once(void **state)
{
	const int32_t w = D(2025, 3, 5), th = D(2025, 3, 6);
	const struct union_case cases[] = {
		{"one same-day suspension", {{w, w}}, 1, 1, D(2025, 3, 11)},
		{"five same-day cycles", {{w, w}, {w, w}, {w, w}, {w, w}, {w, w}},
		    5, 1, D(2025, 3, 11)},
		{"same day, then Wed to Fri", {{w, w}, {w, D(2025, 3, 7)}}, 2, 2,
		    D(2025, 3, 12)},
		{"two days apart", {{w, w}, {th, th}}, 2, 2, D(2025, 3, 12)},
		{"overlapping spans", {{D(2025, 3, 4), th}, {w, D(2025, 3, 7)}}, 2,
		    3, D(2025, 3, 13)},
		{"nested in a longer one", {{D(2025, 3, 4), D(2025, 3, 11)},
		    {th, th}, {D(2025, 3, 7), D(2025, 3, 10)}}, 3, 5,
		    D(2025, 3, 17)},
		{"weekend-only and the Monday", {{D(2025, 3, 8), D(2025, 3, 9)},
		    {D(2025, 3, 10), D(2025, 3, 10)}}, 2, 1, D(2025, 3, 11)},
		{"open one over a closed one", {{w, w}, {w, DAY_NONE}}, 2, 2,
		    D(2025, 3, 12)},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct clock_input in = input(D(2025, 3, 3), 5, D(2025, 3, 7));
		struct clock_result r;
		struct clock_note notes[16];
		size_t n;
		int sum = 0;

		in.susp = cases[i].susp;
		in.n_susp = cases[i].n;
		r = compute(&in);
		if (r.suspended_days != cases[i].days || r.deadline !=
		    cases[i].deadline)
			fail_msg("%s: %d days, deadline %d; want %d, %d",
			    cases[i].what, r.suspended_days, (int)r.deadline,
			    cases[i].days, (int)cases[i].deadline);
		/* the explanation adds up to the same days */
		n = clock_explain(cal, &in, &r, notes, 16);
		for (size_t k = 0; k < n && k < 16; k++)
			if (notes[k].kind == CLOCK_NOTE_SUSPENSION)
				sum += notes[k].days;
		if (sum != cases[i].days)
			fail_msg("%s: notes sum to %d, want %d", cases[i].what, sum,
			    cases[i].days);
	}
}

static void test_clock_open_suspension_measured_to_today(void **state)
{
	const struct clock_suspension open[] = {{D(2025, 3, 5), DAY_NONE}};
	struct clock_input in = input(D(2025, 3, 3), 5, D(2025, 3, 7));
	struct clock_result r;

	(void)state;
	in.susp = open;
	in.n_susp = 1;
	/* Fri 3/7: 3/5 and 3/6 suspended, deadline 7th day after 3/3. */
	r = compute(&in);
	assert_true(r.paused);
	assert_int_equal(r.suspended_days, 2);
	assert_day(r.deadline, D(2025, 3, 12));
	assert_int_equal(r.remaining_days, 3);
	assert_int_equal(r.elapsed_days, 2);
	/* Mon 3/10: one more day suspended; remaining holds still. */
	in.today = D(2025, 3, 10);
	r = compute(&in);
	assert_int_equal(r.suspended_days, 3);
	assert_day(r.deadline, D(2025, 3, 13));
	assert_int_equal(r.remaining_days, 3);
	/* The day it began the one-day minimum applies. */
	in.today = D(2025, 3, 5);
	r = compute(&in);
	assert_int_equal(r.suspended_days, 1);
	assert_day(r.deadline, D(2025, 3, 11));
	/* A paused case far past its base deadline is not red. */
	in.today = D(2025, 4, 30);
	r = compute(&in);
	assert_true(r.remaining_days >= 0);
	assert_int_not_equal(r.light, LIGHT_RED);
	/* Finished while suspended: measured to the end day, not paused. */
	in.end_day = D(2025, 3, 7);
	r = compute(&in);
	assert_false(r.paused);
	assert_true(r.finished);
	assert_int_equal(r.suspended_days, 2);
	assert_true(r.on_time);
}

struct light_case {
	int32_t start;
	int limit;
	int32_t today;
	int warn;
	int remaining;
	int light;
};

static void test_clock_lights_green_yellow_red(void **state)
{
	const struct light_case cases[] = {
		/* Deadline Mon 3/10. */
		{D(2025, 3, 3), 5, D(2025, 3, 3), 1, 5, LIGHT_GREEN},
		{D(2025, 3, 3), 5, D(2025, 3, 6), 1, 2, LIGHT_GREEN},
		{D(2025, 3, 3), 5, D(2025, 3, 7), 1, 1, LIGHT_YELLOW},
		{D(2025, 3, 3), 5, D(2025, 3, 8), 1, 1, LIGHT_YELLOW},
		{D(2025, 3, 3), 5, D(2025, 3, 10), 1, 0, LIGHT_YELLOW},
		{D(2025, 3, 3), 5, D(2025, 3, 11), 1, -1, LIGHT_RED},
		{D(2025, 3, 3), 5, D(2025, 3, 20), 1, -8, LIGHT_RED},
		{D(2025, 3, 3), 5, D(2025, 3, 7), 0, 1, LIGHT_GREEN},
		{D(2025, 3, 3), 5, D(2025, 3, 10), 0, 0, LIGHT_YELLOW},
		{D(2025, 3, 3), 5, D(2025, 3, 5), 3, 3, LIGHT_YELLOW},
		/* Deadline Fri 3/7: the weekend after it is not yet overdue. */
		{D(2025, 3, 3), 4, D(2025, 3, 8), 1, 0, LIGHT_YELLOW},
		{D(2025, 3, 3), 4, D(2025, 3, 9), 1, 0, LIGHT_YELLOW},
		{D(2025, 3, 3), 4, D(2025, 3, 10), 1, -1, LIGHT_RED},
		/* Deadline Tue 9/30: the whole 国庆节 break is not overdue. */
		{D(2025, 9, 29), 1, D(2025, 10, 5), 1, 0, LIGHT_YELLOW},
		{D(2025, 9, 29), 1, D(2025, 10, 8), 1, 0, LIGHT_YELLOW},
		{D(2025, 9, 29), 1, D(2025, 10, 9), 1, -1, LIGHT_RED},
		/* Deadline Fri 1/24: Sun 1/26 is worked, so it is red. */
		{D(2025, 1, 23), 1, D(2025, 1, 25), 1, 0, LIGHT_YELLOW},
		{D(2025, 1, 23), 1, D(2025, 1, 26), 1, -1, LIGHT_RED},
		/* A zero limit is due on the acceptance day. */
		{D(2025, 3, 3), 0, D(2025, 3, 3), 1, 0, LIGHT_YELLOW},
		{D(2025, 3, 3), 0, D(2025, 3, 4), 1, -1, LIGHT_RED},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct clock_input in = input(cases[i].start, cases[i].limit,
		    cases[i].today);
		struct clock_result r;

		in.warn_days = cases[i].warn;
		r = compute(&in);
		if (r.remaining_days != cases[i].remaining ||
		    r.light != cases[i].light)
			fail_msg("row %zu: remaining %d light %d", i,
			    r.remaining_days, r.light);
		assert_false(r.finished);
		assert_false(r.on_time);
	}
}

struct finish_case {
	int32_t end;
	bool on_time;
	int remaining;
};

static void test_clock_on_time_at_completion(void **state)
{
	/* Deadline Fri 3/7. */
	const struct finish_case cases[] = {
		{D(2025, 3, 3), true, 4},
		{D(2025, 3, 6), true, 1},
		{D(2025, 3, 7), true, 0},
		{D(2025, 3, 8), false, 0}, /* the rule is end_day <= deadline */
		{D(2025, 3, 10), false, -1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct clock_input in = input(D(2025, 3, 3), 4, D(2025, 3, 31));
		struct clock_result r;

		in.end_day = cases[i].end;
		r = compute(&in);
		if (r.on_time != cases[i].on_time ||
		    r.remaining_days != cases[i].remaining)
			fail_msg("row %zu: on_time %d remaining %d", i, (int)r.on_time,
			    r.remaining_days);
		assert_true(r.finished);
		assert_int_equal(r.light, LIGHT_NONE);
	}
}

static void test_clock_elapsed_permille(void **state)
{
	struct clock_input in = input(D(2025, 3, 3), 5, D(2025, 3, 5));
	struct clock_result r;

	(void)state;
	r = compute(&in);
	assert_int_equal(r.elapsed_days, 2);
	assert_int_equal(r.elapsed_permille, 400);
	in.today = D(2025, 3, 10);
	r = compute(&in);
	assert_int_equal(r.elapsed_permille, 1000);
	in.today = D(2025, 3, 11);
	r = compute(&in);
	assert_int_equal(r.elapsed_days, 6);
	assert_int_equal(r.elapsed_permille, 1200);
	in.today = D(2025, 3, 1); /* before acceptance: nothing elapsed */
	r = compute(&in);
	assert_int_equal(r.elapsed_days, 0);
	in = input(D(2025, 3, 3), 0, D(2025, 3, 3));
	r = compute(&in);
	assert_int_equal(r.elapsed_permille, 0);
	in.today = D(2025, 3, 4);
	r = compute(&in);
	assert_true(r.elapsed_permille >= 1000);
}

static void test_clock_rejects_bad_input(void **state)
{
	const struct clock_suspension backwards[] = {{D(2025, 3, 6), D(2025, 3, 5)}};
	const struct clock_suspension two_open[] = {
		{D(2025, 3, 4), DAY_NONE}, {D(2025, 3, 5), DAY_NONE}};
	const struct clock_suspension outside[] = {{D(1999, 3, 4), D(2025, 3, 5)}};
	struct clock_input good = input(D(2025, 3, 3), 5, D(2025, 3, 5));
	struct clock_input bad[9];
	struct clock_result r, sentinel;

	(void)state;
	for (size_t i = 0; i < 9; i++)
		bad[i] = good;
	bad[0].limit_days = -1;
	bad[1].warn_days = -1;
	bad[2].start_day = D(1999, 12, 31);
	bad[3].today = D(2101, 1, 1);
	bad[4].end_day = D(2025, 3, 2); /* before acceptance */
	bad[5].susp = backwards;
	bad[5].n_susp = 1;
	bad[6].susp = two_open;
	bad[6].n_susp = 2;
	bad[7].susp = outside;
	bad[7].n_susp = 1;
	bad[8].n_susp = 1; /* susp NULL */
	memset(&sentinel, 0x5A, sizeof(sentinel));
	for (size_t i = 0; i < 9; i++) {
		r = sentinel;
		if (clock_compute(cal, &bad[i], &r) != GH_EINVAL)
			fail_msg("row %zu accepted", i);
		assert_memory_equal(&r, &sentinel, sizeof(r));
	}
	/* A deadline beyond the calendar cannot be computed. */
	good.start_day = D(2100, 12, 1);
	good.today = good.start_day;
	good.limit_days = 100;
	assert_int_equal(clock_compute(cal, &good, &r), GH_EINVAL);
}

static void test_clock_explain_lists_holidays_makeups_weekends(void **state)
{
	/* 1/20 + 10 = Sat 2/8 (makeup), through the Spring Festival. */
	struct clock_input in = input(D(2025, 1, 20), 10, D(2025, 1, 21));
	struct clock_result r = compute(&in);
	struct clock_note notes[16];
	const int kinds[] = {
		CLOCK_NOTE_START, CLOCK_NOTE_MAKEUP, CLOCK_NOTE_HOLIDAY,
		CLOCK_NOTE_HOLIDAY, CLOCK_NOTE_HOLIDAY, CLOCK_NOTE_HOLIDAY,
		CLOCK_NOTE_HOLIDAY, CLOCK_NOTE_HOLIDAY, CLOCK_NOTE_MAKEUP,
		CLOCK_NOTE_WEEKENDS, CLOCK_NOTE_DEADLINE,
	};
	const int32_t days[] = {
		D(2025, 1, 20), D(2025, 1, 26), D(2025, 1, 28), D(2025, 1, 29),
		D(2025, 1, 30), D(2025, 1, 31), D(2025, 2, 3), D(2025, 2, 4),
		D(2025, 2, 8), D(2025, 2, 8), D(2025, 2, 8),
	};
	size_t n;

	(void)state;
	n = clock_explain(cal, &in, &r, notes, 16);
	assert_int_equal(n, 11);
	for (size_t i = 0; i < n; i++) {
		if (notes[i].kind != kinds[i] || notes[i].day != days[i])
			fail_msg("note %zu: kind %d", i, notes[i].kind);
		if (i > 0)
			assert_true(notes[i - 1].day <= notes[i].day);
	}
	assert_int_equal(notes[0].days, 10);
	assert_string_equal(notes[1].name, "春节调休上班");
	assert_string_equal(notes[2].name, "春节");
	/* Sat 1/25, Sat 2/1, Sun 2/2; not Sun 1/26 or Sat 2/8 (worked). */
	assert_int_equal(notes[9].days, 3);
	assert_null(notes[10].name);
	/* A short buffer still reports the total. */
	assert_int_equal(clock_explain(cal, &in, &r, notes, 2), 11);
	assert_int_equal(clock_explain(cal, &in, &r, NULL, 0), 11);
}

static void test_clock_explain_lists_suspensions(void **state)
{
	const struct clock_suspension susp[] = {
		{D(2025, 3, 5), D(2025, 3, 5)},
		{D(2025, 3, 12), DAY_NONE},
	};
	struct clock_input in = input(D(2025, 3, 3), 5, D(2025, 3, 14));
	struct clock_result r;
	struct clock_note notes[8];
	size_t n;

	(void)state;
	in.susp = susp;
	in.n_susp = 2;
	/* 1 day + open 3/12..3/14 (2 days): 8th working day after 3/3. */
	r = compute(&in);
	assert_int_equal(r.suspended_days, 3);
	assert_day(r.deadline, D(2025, 3, 13));
	n = clock_explain(cal, &in, &r, notes, 8);
	assert_int_equal(n, 5);
	assert_int_equal(notes[0].kind, CLOCK_NOTE_START);
	assert_int_equal(notes[1].kind, CLOCK_NOTE_SUSPENSION);
	assert_int_equal(notes[1].day, D(2025, 3, 5));
	assert_int_equal(notes[1].end_day, D(2025, 3, 5));
	assert_int_equal(notes[1].days, 1);
	assert_int_equal(notes[2].kind, CLOCK_NOTE_SUSPENSION);
	assert_int_equal(notes[2].day, D(2025, 3, 12));
	assert_int_equal(notes[2].end_day, DAY_NONE);
	assert_int_equal(notes[2].days, 2);
	assert_int_equal(notes[3].kind, CLOCK_NOTE_WEEKENDS);
	assert_int_equal(notes[3].days, 2);
	assert_int_equal(notes[4].kind, CLOCK_NOTE_DEADLINE);
	assert_int_equal(notes[4].day, D(2025, 3, 13));
}

/* 延长 (许可法 art. 42): the approved days lengthen the limit; the base
 * deadline stays the promised one; suspensions add on top; the note sits
 * on the approval day (or right after START when approved on or before
 * the acceptance day). */
static void test_clock_extension_lengthens_the_limit(void **state)
{
	const struct clock_suspension one_day[] = {
		{D(2025, 3, 5), D(2025, 3, 5)},
	};
	const struct {
		int ext;
		int32_t ext_day;
		size_t n_susp;
		int32_t deadline;
		int remaining;   /* on 2025-03-07 */
		int elapsed;
		int permille;
		size_t ext_note; /* index of the EXTENSION note, 0 for none */
	} rows[] = {
		/* 5 days from Mon 3/3: Mon 3/10; today Fri 3/7 used 4 of 5 */
		{0, DAY_NONE, 0, D(2025, 3, 10), 1, 4, 800, 0},
		/* +3: the 8th working day, Thu 3/13; 4 of 8 used */
		{3, D(2025, 3, 5), 0, D(2025, 3, 13), 4, 4, 500, 1},
		/* +3 and a one-day suspension: Fri 3/14; 3 of 8 used */
		{3, D(2025, 3, 5), 1, D(2025, 3, 14), 5, 3, 375, 1},
		/* +10 approved on the acceptance day: Mon 3/24, 4 of 15 */
		{10, D(2025, 3, 3), 0, D(2025, 3, 24), 11, 4, 266, 1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct clock_input in = input(D(2025, 3, 3), 5, D(2025, 3, 7));
		struct clock_result r;
		struct clock_note notes[16];
		size_t n, found = 0;

		in.extension_days = rows[i].ext;
		in.extension_day = rows[i].ext_day;
		in.susp = one_day;
		in.n_susp = rows[i].n_susp;
		r = compute(&in);
		assert_day(r.base_deadline, D(2025, 3, 10));
		assert_day(r.deadline, rows[i].deadline);
		assert_int_equal(r.extension_days, rows[i].ext);
		assert_int_equal(r.remaining_days, rows[i].remaining);
		assert_int_equal(r.elapsed_days, rows[i].elapsed);
		assert_int_equal(r.elapsed_permille, rows[i].permille);
		n = clock_explain(cal, &in, &r, notes, 16);
		assert_true(n <= 16);
		for (size_t k = 0; k < n; k++)
			if (notes[k].kind == CLOCK_NOTE_EXTENSION) {
				assert_int_equal(found, 0);
				found = k;
				assert_int_equal(notes[k].days, rows[i].ext);
				assert_int_equal(notes[k].day, rows[i].ext_day);
			}
		assert_int_equal(found, rows[i].ext_note);
		assert_int_equal(notes[n - 1].kind, CLOCK_NOTE_DEADLINE);
	}
	{
		struct clock_input in = input(D(2025, 3, 3), 5, D(2025, 3, 7));
		struct clock_result r;

		in.extension_days = -1;
		assert_int_equal(clock_compute(cal, &in, &r), GH_EINVAL);
	}
}

static void test_clock_explain_plain_week_has_no_weekend_note(void **state)
{
	struct clock_input in = input(D(2025, 3, 3), 4, D(2025, 3, 3));
	struct clock_result r = compute(&in);
	struct clock_note notes[4];

	(void)state;
	assert_int_equal(clock_explain(cal, &in, &r, notes, 4), 2);
	assert_int_equal(notes[0].kind, CLOCK_NOTE_START);
	assert_int_equal(notes[1].kind, CLOCK_NOTE_DEADLINE);
	assert_int_equal(notes[1].day, D(2025, 3, 7));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_clock_deadline_skips_holidays_and_counts_makeup_days),
		cmocka_unit_test(test_clock_suspension_days_round_up),
		cmocka_unit_test(test_clock_suspension_pushes_deadline),
		cmocka_unit_test(test_clock_open_suspension_measured_to_today),
		cmocka_unit_test(test_clock_lights_green_yellow_red),
		cmocka_unit_test(test_clock_on_time_at_completion),
		cmocka_unit_test(test_clock_elapsed_permille),
		cmocka_unit_test(test_clock_rejects_bad_input),
		cmocka_unit_test(test_clock_explain_lists_holidays_makeups_weekends),
		cmocka_unit_test(test_clock_explain_lists_suspensions),
		cmocka_unit_test(test_clock_suspensions_count_each_day_once),
		cmocka_unit_test(test_clock_explain_plain_week_has_no_weekend_note),
		cmocka_unit_test(test_clock_extension_lengthens_the_limit),
	};

	return cmocka_run_group_tests(tests, load_calendar, free_calendar);
}
