/*
 * test_supervision.c - unit tests of src/domain/supervision.c: escalation
 * across the clock's lights, step lights across the 2026 National Day
 * holiday and its 调休 Saturday, and every anomaly rule (one case that
 * fires it, one that does not), with rules switched off and thresholds
 * tuned.  Single-threaded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/calendar.h"
#include "domain/case_fsm.h"
#include "domain/clock.h"
#include "domain/day.h"
#include "domain/supervision.h"

#define D(y, m, d) day_from_ymd(y, m, d)

static calendar *cal;

/* The 2026 National Day schedule (国办发明电〔2025〕7号): off 10/1-10/7
 * (weekdays 1, 2, 5, 6, 7), 9/25 中秋; work Sun 9/20 and Sat 10/10. */
static int setup(void **state)
{
	struct cal_entry e[] = {
		{D(2026, 9, 20), CAL_WORKDAY, "国庆节调休上班"},
		{D(2026, 9, 25), CAL_HOLIDAY, "中秋"},
		{D(2026, 10, 1), CAL_HOLIDAY, "国庆节"},
		{D(2026, 10, 2), CAL_HOLIDAY, "国庆节"},
		{D(2026, 10, 5), CAL_HOLIDAY, "国庆节"},
		{D(2026, 10, 6), CAL_HOLIDAY, "国庆节"},
		{D(2026, 10, 7), CAL_HOLIDAY, "国庆节"},
		{D(2026, 10, 10), CAL_WORKDAY, "国庆节调休上班"},
	};

	(void)state;
	return calendar_new(e, sizeof e / sizeof e[0], &cal);
}

static int teardown(void **state)
{
	(void)state;
	calendar_free(cal);
	return 0;
}

/* The clock of a case accepted on start with limit, seen on today. */
static struct clock_result clock_at(int32_t start, int limit, int32_t today,
    const struct clock_suspension *s, size_t n)
{
	struct clock_input in = {
		.start_day = start, .limit_days = limit, .susp = s, .n_susp = n,
		.end_day = DAY_NONE, .today = today, .warn_days = 1,
	};
	struct clock_result r;

	assert_int_equal(clock_compute(cal, &in, &r), 0);
	return r;
}

static void test_escalation_follows_lights_across_national_day(void **state)
{
	struct escalation_policy p = ESCALATION_POLICY_DEFAULT;
	/* accepted Mon 9/28, 5 working days: 9/29, 9/30, 10/8, 10/9, 10/10 */
	const struct {
		int32_t today;
		int level;
	} rows[] = {
		{D(2026, 9, 29), ESC_NONE},        /* 4 left: green */
		{D(2026, 10, 9), ESC_WARNING},     /* 1 left: yellow */
		{D(2026, 10, 10), ESC_WARNING},    /* the 调休 Saturday: due today */
		{D(2026, 10, 11), ESC_WARNING},    /* Sunday: not yet a working day late */
		{D(2026, 10, 12), ESC_YELLOW_CARD},/* first working day past */
		{D(2026, 10, 14), ESC_RED_CARD},   /* 3 working days past */
		{D(2026, 10, 16), ESC_NOTICE},     /* 5 working days past */
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct clock_result r = clock_at(D(2026, 9, 28), 5, rows[i].today,
		    NULL, 0);

		assert_int_equal(r.deadline, D(2026, 10, 10));
		assert_int_equal(supervision_escalation(&r, &p), rows[i].level);
	}
}

static void test_escalation_none_while_suspended(void **state)
{
	struct escalation_policy p = ESCALATION_POLICY_DEFAULT;
	struct clock_suspension s = {D(2026, 10, 9), DAY_NONE};
	struct clock_result r = clock_at(D(2026, 9, 28), 5, D(2026, 10, 20), &s,
	    1);

	(void)state;
	assert_true(r.paused);
	assert_int_equal(supervision_escalation(&r, &p), ESC_NONE);
	assert_string_equal(escalation_label(ESC_RED_CARD), "红牌");
	assert_string_equal(escalation_name(ESC_NOTICE), "notice");
	assert_null(escalation_name(ESC_COUNT_));
}

static void test_step_light_across_holiday_and_makeup_day(void **state)
{
	(void)state;
	/* step due Fri 10/9: on 9/30 there are 2 working days left (10/8, 10/9) */
	assert_int_equal(supervision_step_light(cal, D(2026, 10, 9), DAY_NONE,
	    D(2026, 9, 30), 1), LIGHT_GREEN);
	assert_int_equal(supervision_step_light(cal, D(2026, 10, 9), DAY_NONE,
	    D(2026, 10, 3), 1), LIGHT_GREEN);
	assert_int_equal(supervision_step_light(cal, D(2026, 10, 9), DAY_NONE,
	    D(2026, 10, 8), 1), LIGHT_YELLOW);
	/* Saturday 10/10 is worked: the first working day past, so red */
	assert_int_equal(supervision_step_light(cal, D(2026, 10, 9), DAY_NONE,
	    D(2026, 10, 10), 1), LIGHT_RED);
	/* a finished step has no light */
	assert_int_equal(supervision_step_light(cal, D(2026, 10, 9),
	    D(2026, 10, 20), D(2026, 10, 20), 1), LIGHT_NONE);
}

/* Facts of an unremarkable open case during an action. */
static struct anomaly_facts clean_facts(void)
{
	struct anomaly_facts f = {
		.open = true, .accepted = true, .light = LIGHT_GREEN,
		.remaining_days = 3, .accepted_day = D(2026, 11, 2),
		.finished_day = DAY_NONE, .outcome = CO_NONE, .review_steps = 2,
		.notice_count = 1, .suspended_days = 0, .action = CA_APPROVE,
		.actor_is_handler = true, .actor_may_handle = true,
		.action_minute = 10 * 60, .action_on_workday = true,
		.reason = NULL,
	};

	return f;
}

static size_t hits(const struct anomaly_config *cfg,
    const struct anomaly_facts *f, int *rule)
{
	struct anomaly_hit h[AR_COUNT_];
	size_t n = anomaly_evaluate(cfg, f, h, AR_COUNT_);

	*rule = n ? h[0].rule : -1;
	if (n)
		assert_true(strlen(h[0].explanation) > 10);
	return n;
}

static void test_each_anomaly_rule_fires_and_stays_quiet(void **state)
{
	struct anomaly_config cfg;
	struct anomaly_facts f;
	int rule;

	(void)state;
	anomaly_config_default(&cfg);
	f = clean_facts();
	assert_int_equal(hits(&cfg, &f, &rule), 0);

	/* A01 overdue */
	f = clean_facts();
	f.light = LIGHT_RED;
	f.remaining_days = -2;
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	assert_int_equal(rule, AR_OVERDUE);
	f.light = LIGHT_YELLOW;
	f.remaining_days = 0;
	assert_int_equal(hits(&cfg, &f, &rule), 0);

	/* A02 long suspension (threshold 30 working days) */
	f = clean_facts();
	f.suspended_days = 31;
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	assert_int_equal(rule, AR_LONG_SUSPENSION);
	f.suspended_days = 30;
	assert_int_equal(hits(&cfg, &f, &rule), 0);

	/* A03 suspension without a special procedure */
	f = clean_facts();
	f.suspension_without_procedure = true;
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	assert_int_equal(rule, AR_SUSPENSION_NO_TYPE);

	/* A04 repeated correction */
	f = clean_facts();
	f.notice_count = 2;
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	assert_int_equal(rule, AR_REPEATED_CORRECTION);
	f.notice_count = 1;
	assert_int_equal(hits(&cfg, &f, &rule), 0);

	/* A05 same-day completion of an item with review steps */
	f = clean_facts();
	f.open = false;
	f.finished_day = f.accepted_day;
	f.outcome = CO_ISSUED;
	f.action = CA_COMPLETE;
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	assert_int_equal(rule, AR_SAME_DAY_COMPLETION);
	f.instant = true;   /* a 即办件 is meant to finish the same day */
	assert_int_equal(hits(&cfg, &f, &rule), 0);
	f.instant = false;
	f.pledged = true;   /* so is a 告知承诺 case: decided at once */
	assert_int_equal(hits(&cfg, &f, &rule), 0);
	f.pledged = false;
	f.review_steps = 0;
	assert_int_equal(hits(&cfg, &f, &rule), 0);
	f.review_steps = 2;
	f.finished_day = f.accepted_day + 1;
	assert_int_equal(hits(&cfg, &f, &rule), 0);

	/* A06 not the handler */
	f = clean_facts();
	f.actor_is_handler = false;
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	assert_int_equal(rule, AR_NOT_HANDLER);
	f.action = -1; /* a sweep has no actor */
	assert_int_equal(hits(&cfg, &f, &rule), 0);

	/* A07 window or department not authorised */
	f = clean_facts();
	f.actor_may_handle = false;
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	assert_int_equal(rule, AR_WINDOW_NOT_AUTHORISED);

	/* A08 accepted outside office hours or on a day off */
	f = clean_facts();
	f.action = CA_ACCEPT;
	f.action_minute = 19 * 60 + 5;
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	assert_int_equal(rule, AR_OFF_HOURS_ACCEPT);
	f.action_minute = 9 * 60;
	f.action_on_workday = false;
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	f.action_on_workday = true;
	assert_int_equal(hits(&cfg, &f, &rule), 0);
	f.action_minute = 17 * 60 + 30; /* closing time is outside */
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	f.action = CA_APPROVE;         /* only acceptance is watched */
	assert_int_equal(hits(&cfg, &f, &rule), 0);
	/* ... in each of its forms: on a commitment, on a promise */
	f.action = CA_ACCEPT_WITH_COMMITMENT;
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	assert_int_equal(rule, AR_OFF_HOURS_ACCEPT);
	f.action = CA_ACCEPT_WITH_PLEDGE;
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	assert_int_equal(rule, AR_OFF_HOURS_ACCEPT);

	/* A09 rejection or denial without a reason */
	f = clean_facts();
	f.action = CA_REJECT;
	f.reason = "  ";
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	assert_int_equal(rule, AR_REJECT_NO_REASON);
	f.reason = "申请事项不属于本部门职权范围";
	assert_int_equal(hits(&cfg, &f, &rule), 0);

	/* A10 withdrawal of a yellow or red case, by whoever */
	f = clean_facts();
	f.action = CA_WITHDRAW;
	f.reason = "申请人撤回";
	f.light_before = LIGHT_GREEN;
	assert_int_equal(hits(&cfg, &f, &rule), 0);
	f.light_before = LIGHT_NONE;   /* never accepted: no clock */
	assert_int_equal(hits(&cfg, &f, &rule), 0);
	f.light_before = LIGHT_YELLOW;
	f.remaining_before = 1;
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	assert_int_equal(rule, AR_WITHDRAW_LATE);
	f.light_before = LIGHT_RED;
	f.remaining_before = -3;
	assert_int_equal(hits(&cfg, &f, &rule), 1);
	assert_int_equal(rule, AR_WITHDRAW_LATE);
	f.action = CA_COMPLETE;        /* only withdrawal is watched */
	assert_int_equal(hits(&cfg, &f, &rule), 0);
}

static void test_rules_switch_off_and_thresholds_tune(void **state)
{
	struct anomaly_config cfg;
	struct anomaly_facts f = clean_facts();
	int rule;

	(void)state;
	anomaly_config_default(&cfg);
	f.light = LIGHT_RED;
	f.remaining_days = -2;
	cfg.enabled[AR_OVERDUE] = false;
	assert_int_equal(hits(&cfg, &f, &rule), 0);
	cfg.enabled[AR_OVERDUE] = true;
	cfg.threshold[AR_OVERDUE] = 3;   /* only from 3 days late */
	assert_int_equal(hits(&cfg, &f, &rule), 0);
	f.remaining_days = -3;
	assert_int_equal(hits(&cfg, &f, &rule), 1);

	f = clean_facts();
	f.notice_count = 3;
	cfg.threshold[AR_REPEATED_CORRECTION] = 3;
	assert_int_equal(hits(&cfg, &f, &rule), 0);

	assert_int_equal(anomaly_rule_from_id("A05"), AR_SAME_DAY_COMPLETION);
	assert_int_equal(anomaly_rule_from_id("Z99"), -1);
	for (int r = 0; r < AR_COUNT_; r++)
		assert_int_equal(anomaly_rules[r].rule, r);
}

static void test_several_rules_fire_together(void **state)
{
	struct anomaly_config cfg;
	struct anomaly_facts f = clean_facts();
	struct anomaly_hit h[2];

	(void)state;
	anomaly_config_default(&cfg);
	f.action = CA_DENY;
	f.reason = NULL;
	f.actor_is_handler = false;
	f.light = LIGHT_RED;
	f.remaining_days = -1;
	/* more hits than room: all are counted, the first two written */
	assert_int_equal(anomaly_evaluate(&cfg, &f, h, 2), 3);
	assert_int_equal(h[0].rule, AR_OVERDUE);
	assert_int_equal(h[1].rule, AR_NOT_HANDLER);
}

/* A06 and the hand-over: who acts, whether they held the case, whether the
 * action was them taking it up by the hand-over. */
static void test_not_handler_spares_the_hand_over(void **state)
{
	static const struct {
		const char *what;
		int action;
		bool is_handler, takes_over;
		size_t want;
	} rows[] = {
		{"the reviewer takes up the clerk's case", CA_START_REVIEW, false,
		    true, 0},
		{"the holder approves", CA_APPROVE, true, false, 0},
		{"another approves a held case", CA_APPROVE, false, false, 1},
		{"another suspends a held case", CA_SUSPEND, false, false, 1},
		{"review begun for a case another holds, not taken up",
		    CA_START_REVIEW, false, false, 1},
		{"the holder begins review", CA_START_REVIEW, true, false, 0},
	};
	struct anomaly_config cfg;
	int rule;

	(void)state;
	anomaly_config_default(&cfg);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct anomaly_facts f = clean_facts();
		size_t n;

		f.action = rows[i].action;
		f.actor_is_handler = rows[i].is_handler;
		f.takes_over = rows[i].takes_over;
		n = hits(&cfg, &f, &rule);
		if (n != rows[i].want || (n && rule != AR_NOT_HANDLER))
			fail_msg("%s: %zu hits (rule %d), want %zu", rows[i].what, n,
			    rule, rows[i].want);
	}
}

/* A12: a 容缺 material owed past its supplement day (issue 11). */
static void test_deferral_overdue(void **state)
{
	static const struct {
		int days;
		size_t want;
	} rows[] = {{0, 0}, {-1, 0}, {1, 1}, {30, 1}};
	struct anomaly_config cfg;
	struct anomaly_hit h[AR_COUNT_];

	(void)state;
	anomaly_config_default(&cfg);
	assert_string_equal(anomaly_rules[AR_DEFERRAL_OVERDUE].id, "A12");
	assert_int_equal(anomaly_rule_from_id("A12"), AR_DEFERRAL_OVERDUE);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct anomaly_facts f = clean_facts();
		size_t n;

		f.deferral_overdue_days = rows[i].days;
		f.deferral_material = "从业人员健康证明";
		n = anomaly_evaluate(&cfg, &f, h, AR_COUNT_);
		assert_int_equal(n, rows[i].want);
		if (n) {
			assert_int_equal(h[0].rule, AR_DEFERRAL_OVERDUE);
			assert_non_null(strstr(h[0].explanation, "从业人员健康证明"));
		}
	}
	cfg.enabled[AR_DEFERRAL_OVERDUE] = false;
	{
		struct anomaly_facts f = clean_facts();

		f.deferral_overdue_days = 3;
		assert_int_equal(anomaly_evaluate(&cfg, &f, h, AR_COUNT_), 0);
	}
}

/* A13: a 告知承诺's follow-up check (事后核查) past its due day while
 * still pending (issue 11 section 3); the threshold tolerates days. */
static void test_pledge_check_overdue(void **state)
{
	static const struct {
		int days, threshold;
		size_t want;
	} rows[] = {{0, 0, 0}, {-1, 0, 0}, {1, 0, 1}, {40, 0, 1}, {3, 3, 0},
		{4, 3, 1}};
	struct anomaly_config cfg;
	struct anomaly_hit h[AR_COUNT_];

	(void)state;
	anomaly_config_default(&cfg);
	assert_string_equal(anomaly_rules[AR_PLEDGE_CHECK_OVERDUE].id, "A13");
	assert_string_equal(anomaly_rules[AR_PLEDGE_CHECK_OVERDUE].name,
	    "告知承诺事后核查逾期");
	assert_int_equal(anomaly_rule_from_id("A13"), AR_PLEDGE_CHECK_OVERDUE);
	assert_true(cfg.enabled[AR_PLEDGE_CHECK_OVERDUE]);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct anomaly_facts f = clean_facts();
		size_t n;

		/* a completed case: the check comes after the result */
		f.open = false;
		f.action = -1;
		f.pledged = true;
		f.pledge_check_overdue_days = rows[i].days;
		f.pledge_check_due_day = D(2026, 12, 21);
		cfg.threshold[AR_PLEDGE_CHECK_OVERDUE] = rows[i].threshold;
		n = anomaly_evaluate(&cfg, &f, h, AR_COUNT_);
		if (n != rows[i].want)
			fail_msg("row %zu: %zu hits", i, n);
		if (n) {
			assert_int_equal(h[0].rule, AR_PLEDGE_CHECK_OVERDUE);
			assert_non_null(strstr(h[0].explanation, "2026-12-21"));
			assert_non_null(strstr(h[0].explanation, "事后核查"));
		}
	}
	cfg.enabled[AR_PLEDGE_CHECK_OVERDUE] = false;
	{
		struct anomaly_facts f = clean_facts();

		f.pledge_check_overdue_days = 3;
		f.pledge_check_due_day = D(2026, 12, 21);
		assert_int_equal(anomaly_evaluate(&cfg, &f, h, AR_COUNT_), 0);
	}
}

/* A11: more suspensions of one case than the threshold allows. */
static void test_repeated_suspension_threshold(void **state)
{
	static const struct {
		int count, threshold;
		size_t want;
	} rows[] = {
		{0, 2, 0}, {1, 2, 0}, {2, 2, 0}, {3, 2, 1}, {5, 2, 1},
		{1, 0, 1}, {5, 5, 0}, {6, 5, 1},
	};
	struct anomaly_config cfg;
	int rule;

	(void)state;
	anomaly_config_default(&cfg);
	assert_string_equal(anomaly_rules[AR_REPEATED_SUSPENSION].id, "A11");
	assert_int_equal(cfg.threshold[AR_REPEATED_SUSPENSION], 2);
	assert_int_equal(anomaly_rule_from_id("A11"), AR_REPEATED_SUSPENSION);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct anomaly_facts f = clean_facts();
		size_t n;

		f.action = CA_SUSPEND;
		f.suspension_count = rows[i].count;
		cfg.threshold[AR_REPEATED_SUSPENSION] = rows[i].threshold;
		n = hits(&cfg, &f, &rule);
		if (n != rows[i].want || (n && rule != AR_REPEATED_SUSPENSION))
			fail_msg("row %zu: %d suspensions, threshold %d: %zu hits",
			    i, rows[i].count, rows[i].threshold, n);
	}
	cfg.enabled[AR_REPEATED_SUSPENSION] = false;
	{
		struct anomaly_facts f = clean_facts();

		f.suspension_count = 9;
		assert_int_equal(hits(&cfg, &f, &rule), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escalation_follows_lights_across_national_day),
		cmocka_unit_test(test_escalation_none_while_suspended),
		cmocka_unit_test(test_step_light_across_holiday_and_makeup_day),
		cmocka_unit_test(test_each_anomaly_rule_fires_and_stays_quiet),
		cmocka_unit_test(test_rules_switch_off_and_thresholds_tune),
		cmocka_unit_test(test_several_rules_fire_together),
		cmocka_unit_test(test_not_handler_spares_the_hand_over),
		cmocka_unit_test(test_repeated_suspension_threshold),
		cmocka_unit_test(test_deferral_overdue),
		cmocka_unit_test(test_pledge_check_overdue),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
