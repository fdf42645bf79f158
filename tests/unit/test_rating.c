/*
 * test_rating.c - unit tests of src/domain/rating.c (好差评): the level
 * codes and their translation, what a 差评 is, the channels, the comment
 * and tags, the periods of a rating and its 追评, the rectification
 * table, deadline and light across the 2025 National Day calendar, the
 * return-visit sampling rule and the statistics formulas.  Tables first,
 * boundaries first.  Single-threaded test binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "calendar_fixture.h"
#include "domain/clock.h"
#include "domain/rating.h"

static void test_rating_levels_and_translation(void **state)
{
	static const struct {
		int level, provincial;
		const char *label;
		bool bad, satisfied;
	} rows[] = {
		{1, 5, "非常满意", false, true},
		{2, 4, "满意", false, true},
		{3, 3, "基本满意", false, true},
		{4, 2, "不满意", true, false},
		{5, 1, "非常不满意", true, false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_true(rating_level_valid(rows[i].level));
		assert_string_equal(rating_level_label(rows[i].level), rows[i].label);
		assert_int_equal(rating_to_provincial(rows[i].level),
		    rows[i].provincial);
		assert_int_equal(rating_from_provincial(rows[i].provincial),
		    rows[i].level);
		assert_int_equal(rating_is_bad(rows[i].level), rows[i].bad);
		assert_int_equal(rating_is_satisfied(rows[i].level),
		    rows[i].satisfied);
	}
	for (int v = -1; v <= 7; v += 1) {
		if (v >= 1 && v <= 5)
			continue;
		assert_false(rating_level_valid(v));
		assert_null(rating_level_label(v));
		assert_int_equal(rating_to_provincial(v), 0);
		assert_int_equal(rating_from_provincial(v), 0);
		assert_false(rating_is_bad(v));
		assert_false(rating_is_satisfied(v));
	}
}

static void test_rating_channels(void **state)
{
	static const char *const names[] = {"pc", "mobile", "qr", "pad",
		"terminal", "phone", "sms"};

	(void)state;
	for (int i = 0; i < RATING_CH_COUNT_; i++) {
		assert_string_equal(rating_channel_name(i), names[i]);
		assert_non_null(rating_channel_label(i));
		assert_int_equal(rating_channel_from_name(names[i]), i);
	}
	assert_null(rating_channel_name(RATING_CH_COUNT_));
	assert_int_equal(rating_channel_from_name("window"), -1);
	assert_int_equal(rating_channel_from_name(NULL), -1);
}

static void test_rating_input(void **state)
{
	static char buf[4096];
	const char *ok2[] = {"办事效率高", "一次办好"};
	const char *dup[] = {"一次办好", "一次办好"};
	const char *unknown[] = {"一次办好", "很好"};
	const char *six[] = {"办事效率高", "服务态度好", "一次办好", "指引清楚",
		"环境舒适", "乱收费"};
	size_t off = 0, idx = 99;

	(void)state;
	assert_int_equal(rating_check_input(NULL, NULL, 0, &idx), RATING_INPUT_OK);
	assert_int_equal(rating_check_input("很好\n谢谢", ok2, 2, &idx),
	    RATING_INPUT_OK);
	assert_int_equal(rating_check_input(NULL, six, 5, &idx), RATING_INPUT_OK);
	assert_int_equal(rating_check_input(NULL, six, 6, &idx),
	    RATING_INPUT_TOO_MANY_TAGS);
	assert_int_equal(rating_check_input(NULL, dup, 2, &idx),
	    RATING_INPUT_TAG_DUPLICATE);
	assert_int_equal(idx, 1);
	idx = 99;
	assert_int_equal(rating_check_input(NULL, unknown, 2, &idx),
	    RATING_INPUT_TAG_UNKNOWN);
	assert_int_equal(idx, 1);
	assert_int_equal(rating_check_input("坏\x01", NULL, 0, &idx),
	    RATING_INPUT_COMMENT_INVALID);
	assert_int_equal(rating_check_input("坏\xff", NULL, 0, &idx),
	    RATING_INPUT_COMMENT_INVALID);
	/* 500 Chinese characters pass, 501 do not: characters, not bytes */
	for (int i = 0; i < 500; i++, off += 3)
		memcpy(buf + off, "评", 3);
	buf[off] = '\0';
	assert_int_equal(rating_check_input(buf, NULL, 0, &idx), RATING_INPUT_OK);
	memcpy(buf + off, "评", 4);
	assert_int_equal(rating_check_input(buf, NULL, 0, &idx),
	    RATING_INPUT_COMMENT_LONG);
}

static void test_rating_periods(void **state)
{
	const int32_t done = d("2025-09-30");
	static const struct {
		const char *what;
		bool completed, rated;
		int offset, period;
		int want;
	} rate_rows[] = {
		{"not completed", false, false, 0, 15, RATING_NOT_COMPLETED},
		{"on the completion day", true, false, 0, 15, RATING_MAY},
		{"the period's last day", true, false, 15, 15, RATING_MAY},
		{"the day after it", true, false, 16, 15, RATING_PERIOD_OVER},
		{"before completion", true, false, -1, 15, RATING_TOO_EARLY},
		{"a second rating", true, true, 1, 15, RATING_ALREADY},
		{"a second rating after the period", true, true, 30, 15,
		    RATING_ALREADY},
		{"period 0: the day itself", true, false, 0, 0, RATING_MAY},
		{"period 0: the next day", true, false, 1, 0, RATING_PERIOD_OVER},
	};
	static const struct {
		const char *what;
		bool rated, followed, aside;
		int offset, period;
		int want;
	} follow_rows[] = {
		{"no rating", false, false, false, 0, 90, RATING_NOT_RATED},
		{"on the rating day", true, false, false, 0, 90, RATING_MAY},
		{"the last day", true, false, false, 90, 90, RATING_MAY},
		{"the day after", true, false, false, 91, 90, RATING_PERIOD_OVER},
		{"a second 追评", true, true, false, 1, 90, RATING_ALREADY},
		{"set aside", true, false, true, 1, 90, RATING_SET_ASIDE},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rate_rows / sizeof rate_rows[0]; i++)
		if (rating_may_rate(rate_rows[i].completed ? done : DAY_NONE,
		    rate_rows[i].rated, done + rate_rows[i].offset,
		    rate_rows[i].period) != rate_rows[i].want)
			fail_msg("rate: %s", rate_rows[i].what);
	for (size_t i = 0; i < sizeof follow_rows / sizeof follow_rows[0]; i++)
		if (rating_may_follow_up(done, follow_rows[i].rated,
		    follow_rows[i].followed, follow_rows[i].aside,
		    done + follow_rows[i].offset, follow_rows[i].period) !=
		    follow_rows[i].want)
			fail_msg("follow-up: %s", follow_rows[i].what);
}

static void test_rect_transitions(void **state)
{
	/* the whole table: every (state, action) pair, -1 where closed */
	static const int want[RECT_STATE_COUNT_][RECT_ACTION_COUNT_] = {
		/* verify rectify explain reply rate_fix close set_aside */
		[RECT_VERIFYING] = {RECT_RECTIFYING, -1, -1, -1, -1, -1,
		    RECT_SET_ASIDE},
		[RECT_RECTIFYING] = {-1, RECT_TO_REPLY, RECT_TO_REPLY, -1, -1, -1,
		    RECT_SET_ASIDE},
		[RECT_TO_REPLY] = {-1, -1, -1, RECT_REPLIED, -1, -1, RECT_SET_ASIDE},
		[RECT_REPLIED] = {-1, -1, -1, -1, RECT_CLOSED, RECT_CLOSED,
		    RECT_SET_ASIDE},
		[RECT_CLOSED] = {-1, -1, -1, -1, -1, -1, RECT_SET_ASIDE},
		[RECT_SET_ASIDE] = {-1, -1, -1, -1, -1, -1, -1},
	};
	int by;

	(void)state;
	for (int s = 0; s < RECT_STATE_COUNT_; s++)
		for (int a = 0; a < RECT_ACTION_COUNT_; a++)
			if (rect_next(s, a, NULL) != want[s][a])
				fail_msg("%s + %s", rect_state_name(s), rect_action_name(a));
	assert_int_equal(rect_next(RECT_VERIFYING, RECT_A_VERIFY, &by), 1);
	assert_int_equal(by, RECT_BY_DEPT);
	rect_next(RECT_REPLIED, RECT_A_RATE_FIX, &by);
	assert_int_equal(by, RECT_BY_RATER);
	rect_next(RECT_CLOSED, RECT_A_SET_ASIDE, &by);
	assert_int_equal(by, RECT_BY_SUPERVISOR);
	assert_int_equal(rect_outcome_of(RECT_A_RECTIFY), RECT_OUT_RECTIFIED);
	assert_int_equal(rect_outcome_of(RECT_A_EXPLAIN), RECT_OUT_EXPLAINED);
	assert_int_equal(rect_outcome_of(RECT_A_REPLY), RECT_OUT_NONE);
	for (int s = 0; s < RECT_STATE_COUNT_; s++) {
		assert_int_equal(rect_state_from_name(rect_state_name(s)), s);
		assert_non_null(rect_state_label(s));
		assert_int_equal(rect_open(s), s == RECT_VERIFYING ||
		    s == RECT_RECTIFYING);
	}
	for (int a = 0; a < RECT_ACTION_COUNT_; a++)
		assert_int_equal(rect_action_from_name(rect_action_name(a)), a);
	assert_int_equal(rect_action_from_name("approve"), -1);
}

static void test_rect_deadline_and_light(void **state)
{
	calendar *cal = national_day();
	static const struct {
		const char *opened;
		int days;
		const char *due;
	} due_rows[] = {
		/* 15 working days from Tue 9/30 cross the holiday: 10/9, 10/10,
		 * Sat 10/11 (worked) and on */
		{"2025-09-30", 15, "2025-10-28"},
		{"2025-09-26", 1, "2025-09-28"},  /* Sunday 9/28 is worked */
		{"2025-09-30", 1, "2025-10-09"},
		{"2025-09-30", 0, "2025-10-09"},  /* at least 1 */
		{"2025-10-10", 5, "2025-10-16"},  /* Sat 10/11 is worked */
	};
	static const struct {
		const char *today;
		int left, light;
	} light_rows[] = {
		/* due Thu 2025-10-16, warn 1 */
		{"2025-10-14", 2, LIGHT_GREEN},
		{"2025-10-15", 1, LIGHT_YELLOW},
		{"2025-10-16", 0, LIGHT_YELLOW},
		{"2025-10-17", -1, LIGHT_RED},
		{"2025-10-18", -1, LIGHT_RED},   /* Saturday: no working day more */
		{"2025-10-20", -2, LIGHT_RED},
	};
	int32_t due;

	(void)state;
	for (size_t i = 0; i < sizeof due_rows / sizeof due_rows[0]; i++) {
		assert_int_equal(rect_due_day(cal, d(due_rows[i].opened),
		    due_rows[i].days, &due), 0);
		if (due != d(due_rows[i].due))
			fail_msg("row %zu", i);
	}
	for (size_t i = 0; i < sizeof light_rows / sizeof light_rows[0]; i++) {
		int32_t t = d(light_rows[i].today);

		assert_int_equal(rect_days_left(cal, d("2025-10-16"), t),
		    light_rows[i].left);
		assert_int_equal(rect_light(cal, d("2025-10-16"), DAY_NONE, t, 1),
		    light_rows[i].light);
		assert_int_equal(rect_light(cal, d("2025-10-16"), t, t, 1),
		    LIGHT_NONE);
	}
	assert_true(rect_on_time(d("2025-10-16"), d("2025-10-16")));
	assert_false(rect_on_time(d("2025-10-16"), d("2025-10-17")));
	assert_false(rect_on_time(d("2025-10-16"), DAY_NONE));
	calendar_free(cal);
}

static void test_rating_sample_count(void **state)
{
	static const struct {
		int completed, pct, want;
	} rows[] = {
		{0, 5, 0}, {1, 5, 1}, {19, 5, 1}, {20, 5, 1}, {21, 5, 2},
		{40, 5, 2}, {41, 5, 3}, {100, 5, 5}, {3, 100, 3}, {3, 150, 3},
		{10, 0, 0}, {10, -3, 0}, {7, 50, 4},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (rating_sample_count(rows[i].completed, rows[i].pct) !=
		    rows[i].want)
			fail_msg("%d at %d%%", rows[i].completed, rows[i].pct);
}

static void test_rating_sample_pick(void **state)
{
	int64_t ids[41];
	size_t a[41], b[41], n;

	(void)state;
	for (int i = 0; i < 41; i++)
		ids[i] = 1000 + i;
	n = rating_sample_pick(ids, 41, 202510, 5, 7, a);
	assert_int_equal(n, 3);
	/* reproducible: a re-run picks the same cases, in the same order */
	assert_int_equal(rating_sample_pick(ids, 41, 202510, 5, 7, b), 3);
	assert_memory_equal(a, b, 3 * sizeof a[0]);
	/* distinct, and the lowest keys */
	assert_true(a[0] != a[1] && a[1] != a[2] && a[0] != a[2]);
	for (size_t i = 0; i < 41; i++) {
		bool picked = i == a[0] || i == a[1] || i == a[2];

		if (!picked)
			assert_true(rating_sample_key(7, ids[i], 202510) >
			    rating_sample_key(7, ids[a[2]], 202510));
	}
	/* another month or key draws otherwise (for these ids it does) */
	assert_int_equal(rating_sample_pick(ids, 41, 202511, 5, 7, b), 3);
	assert_false(a[0] == b[0] && a[1] == b[1] && a[2] == b[2]);
	/* one case completed: it is visited */
	assert_int_equal(rating_sample_pick(ids, 1, 202510, 5, 7, b), 1);
	assert_int_equal(b[0], 0);
	assert_int_equal(rating_sample_pick(ids, 0, 202510, 5, 7, b), 0);
}

static void test_rating_formulas(void **state)
{
	static const struct {
		struct rating_tally t;
		int satisfied, bad, rectified, visit;
	} rows[] = {
		{{0}, -1, -1, -1, -1},
		/* 36 ratings: 30 good or basic, 6 差评 of which 4 rectified;
		 * 10 visits due, 7 done */
		{{36, {0, 20, 6, 4, 5, 1}, 6, 4, 10, 7}, 8333, 1667, 6667, 7000},
		{{3, {0, 1, 1, 1, 0, 0}, 0, 0, 1, 1}, 10000, 0, -1, 10000},
		{{2, {0, 0, 0, 0, 1, 1}, 2, 0, 2, 0}, 0, 10000, 0, 0},
		/* 1/3 = 3333.3 -> 3333; 2/3 = 6666.7 -> 6667 */
		{{3, {0, 1, 0, 0, 2, 0}, 2, 1, 3, 2}, 3333, 6667, 5000, 6667},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_int_equal(rating_satisfied_bp(&rows[i].t), rows[i].satisfied);
		assert_int_equal(rating_bad_bp(&rows[i].t), rows[i].bad);
		assert_int_equal(rating_rectified_bp(&rows[i].t), rows[i].rectified);
		assert_int_equal(rating_visit_bp(&rows[i].t), rows[i].visit);
	}
	assert_int_equal(rating_rate_bp(1, 8), 1250);
	assert_int_equal(rating_rate_bp(1, 0), -1);
}

static void test_rect_counts_rectified(void **state)
{
	static const struct {
		int state, outcome;
		bool want;
	} rows[] = {
		{RECT_VERIFYING, RECT_OUT_NONE, false},
		{RECT_RECTIFYING, RECT_OUT_NONE, false},
		{RECT_TO_REPLY, RECT_OUT_RECTIFIED, true},
		{RECT_REPLIED, RECT_OUT_RECTIFIED, true},
		{RECT_CLOSED, RECT_OUT_RECTIFIED, true},
		{RECT_TO_REPLY, RECT_OUT_EXPLAINED, false},
		{RECT_REPLIED, RECT_OUT_EXPLAINED, false},
		{RECT_CLOSED, RECT_OUT_EXPLAINED, true},
		{RECT_SET_ASIDE, RECT_OUT_RECTIFIED, false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (rect_counts_rectified(rows[i].state, rows[i].outcome) !=
		    rows[i].want)
			fail_msg("row %zu", i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rating_levels_and_translation),
		cmocka_unit_test(test_rating_channels),
		cmocka_unit_test(test_rating_input),
		cmocka_unit_test(test_rating_periods),
		cmocka_unit_test(test_rect_transitions),
		cmocka_unit_test(test_rect_deadline_and_light),
		cmocka_unit_test(test_rating_sample_count),
		cmocka_unit_test(test_rating_sample_pick),
		cmocka_unit_test(test_rating_formulas),
		cmocka_unit_test(test_rect_counts_rectified),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
