/*
 * test_complaint.c - unit tests of src/domain/complaint.c: every (action,
 * state) pair against an expected table written independently of the
 * implementation, with the roles of each row; the conditions of the
 * complaint's history (findings, one extension, one 重办, archiving, a
 * sanction, consent); the name tables; the step limits and lights across
 * the 2025 National Day calendar, with the extension and the reopening.
 * Single-threaded test binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "calendar_fixture.h"
#include "domain/clock.h"
#include "domain/complaint.h"
#include "domain/role.h"
#include "util/gh_err.h"

#define BIT(s) (1u << (s))
#define DESK ROLE_SUPERVISOR
#define UNIT (ROLE_CHIEF | ROLE_REVIEWER)
#define CMP ROLE_APPLICANT
#define OPEN_STATES (BIT(CMS_RECEIVED) | BIT(CMS_ACCEPTED) | \
    BIT(CMS_REGISTERED) | BIT(CMS_SUBMITTED) | BIT(CMS_HANDLING) | \
    BIT(CMS_REPORTED))

/* The expected table: from which states each action is allowed, by whom
 * and to which state (-1: it stays). */
static const struct {
	int action;
	unsigned from;
	int roles;
	int to;
} expected[] = {
	{CMA_ACCEPT, BIT(CMS_RECEIVED), DESK, CMS_ACCEPTED},
	{CMA_ACCEPT, BIT(CMS_REPORTED), CMP, -1},
	{CMA_REJECT, BIT(CMS_RECEIVED), DESK, CMS_REJECTED},
	{CMA_REGISTER, BIT(CMS_ACCEPTED), DESK, CMS_REGISTERED},
	{CMA_SUBMIT, BIT(CMS_REGISTERED), DESK, CMS_SUBMITTED},
	{CMA_ASSIGN, BIT(CMS_SUBMITTED), DESK, CMS_HANDLING},
	{CMA_HANDLE, BIT(CMS_HANDLING), UNIT, -1},
	{CMA_EXTEND, BIT(CMS_HANDLING), UNIT, -1},
	{CMA_REPORT, BIT(CMS_HANDLING), DESK, CMS_REPORTED},
	{CMA_REOPEN, BIT(CMS_REPORTED), CMP, CMS_HANDLING},
	{CMA_VISIT, BIT(CMS_REPORTED) | BIT(CMS_ARCHIVED), DESK, -1},
	{CMA_ARCHIVE, BIT(CMS_REPORTED), DESK, CMS_ARCHIVED},
	{CMA_SANCTION, BIT(CMS_REPORTED) | BIT(CMS_ARCHIVED), DESK, -1},
	{CMA_DISCLOSE, OPEN_STATES, CMP, -1},
};
#define N_EXPECTED (sizeof expected / sizeof expected[0])

/* A complaint in state s whose history lets every row through: findings
 * recorded for 报结, none for 办理 (the caller flips it), substantiated,
 * the answer time passed. */
static struct complaint_ctx ctx_in(int s, int action)
{
	struct complaint_ctx c = {
		.state = s,
		.handled = action == CMA_REPORT,
		.substantiated = true,
		.answer_time_passed = true,
	};

	return c;
}

static int row_for(int a, int s)
{
	for (size_t i = 0; i < N_EXPECTED; i++)
		if (expected[i].action == a && (expected[i].from & BIT(s)))
			return (int)i;
	return -1;
}

static void test_complaint_fsm_every_action_state_pair(void **state)
{
	(void)state;
	for (int a = 0; a < CMA_COUNT_; a++)
		for (int s = 0; s < CMS_COUNT_; s++) {
			int i = row_for(a, s);
			struct complaint_ctx c = ctx_in(s, a);
			struct complaint_effect e;
			int rc;

			if (complaint_fsm_allowed(a, s) != (i >= 0))
				fail_msg("%s from %s: allowed() should be %d",
				    complaint_action_name(a),
				    complaint_state_name(s), i >= 0);
			if (i < 0) {
				/* forbidden from here for every role that may
				 * take it elsewhere: a conflict */
				int any = 0;

				for (size_t j = 0; j < N_EXPECTED; j++)
					if (expected[j].action == a)
						any |= expected[j].roles;
				assert_int_not_equal(any, 0);
				rc = complaint_fsm_apply(&c, a, any, &e);
				if (rc != GH_ECONFLICT)
					fail_msg("%s from %s: %d, want conflict",
					    complaint_action_name(a),
					    complaint_state_name(s), rc);
				continue;
			}
			assert_int_equal(complaint_fsm_roles(a, s),
			    expected[i].roles);
			rc = complaint_fsm_apply(&c, a, expected[i].roles, &e);
			if (rc != 0)
				fail_msg("%s from %s: %d, want allowed",
				    complaint_action_name(a),
				    complaint_state_name(s), rc);
			assert_int_equal(e.to_state,
			    expected[i].to < 0 ? s : expected[i].to);
			/* every other role is refused with 403 */
			for (int r = 1; r <= ROLE_AGENT; r <<= 1) {
				if (r & expected[i].roles)
					continue;
				rc = complaint_fsm_apply(&c, a, r, &e);
				if (rc != GH_EFORBIDDEN)
					fail_msg("%s from %s by %s: %d, want 403",
					    complaint_action_name(a),
					    complaint_state_name(s), role_name(r),
					    rc);
			}
		}
}

static void test_complaint_fsm_effects(void **state)
{
	struct complaint_ctx c = ctx_in(CMS_RECEIVED, CMA_REJECT);
	struct complaint_effect e;

	(void)state;
	assert_int_equal(complaint_fsm_apply(&c, CMA_REJECT, DESK, &e), 0);
	assert_true(e.needs_reason && e.closes);
	assert_int_equal(complaint_fsm_apply(&c, CMA_ACCEPT, DESK, &e), 0);
	assert_false(e.needs_reason || e.closes || e.start_handling);
	c.state = CMS_SUBMITTED;
	assert_int_equal(complaint_fsm_apply(&c, CMA_ASSIGN, DESK, &e), 0);
	assert_true(e.start_handling);
	c.state = CMS_HANDLING;
	assert_int_equal(complaint_fsm_apply(&c, CMA_HANDLE, ROLE_CHIEF, &e), 0);
	assert_true(e.sets_handled);
	assert_int_equal(complaint_fsm_apply(&c, CMA_EXTEND, ROLE_REVIEWER,
	    &e), 0);
	assert_true(e.needs_reason);
	c.state = CMS_REPORTED;
	assert_int_equal(complaint_fsm_apply(&c, CMA_REOPEN, CMP, &e), 0);
	assert_true(e.needs_reason && e.start_handling);
	assert_int_equal(e.to_state, CMS_HANDLING);
	assert_int_equal(complaint_fsm_apply(&c, CMA_ARCHIVE, DESK, &e), 0);
	assert_true(e.closes);
	assert_int_equal(complaint_fsm_apply(NULL, CMA_ACCEPT, DESK, &e),
	    GH_EINVAL);
	assert_int_equal(complaint_fsm_apply(&c, CMA_COUNT_, DESK, &e),
	    GH_EINVAL);
}

static int apply(struct complaint_ctx c, int a, int role)
{
	struct complaint_effect e;

	return complaint_fsm_apply(&c, a, role, &e);
}

static void test_complaint_fsm_history_conditions(void **state)
{
	struct complaint_ctx c = {.state = CMS_HANDLING};

	(void)state;
	/* 报结 waits for the findings; findings once per handling */
	assert_int_equal(apply(c, CMA_REPORT, DESK), GH_ECONFLICT);
	assert_int_equal(apply(c, CMA_HANDLE, ROLE_CHIEF), 0);
	c.handled = true;
	assert_int_equal(apply(c, CMA_REPORT, DESK), 0);
	assert_int_equal(apply(c, CMA_HANDLE, ROLE_CHIEF), GH_ECONFLICT);
	/* one extension, and only while the findings are open */
	assert_int_equal(apply(c, CMA_EXTEND, ROLE_CHIEF), GH_ECONFLICT);
	c.handled = false;
	assert_int_equal(apply(c, CMA_EXTEND, ROLE_CHIEF), 0);
	c.extended = true;
	assert_int_equal(apply(c, CMA_EXTEND, ROLE_CHIEF), GH_ECONFLICT);
	/* 重办 once; not after accepting the result; accepting once */
	c = (struct complaint_ctx){.state = CMS_REPORTED};
	assert_int_equal(apply(c, CMA_REOPEN, CMP), 0);
	c.reopen_count = 1;
	assert_int_equal(apply(c, CMA_REOPEN, CMP), GH_ECONFLICT);
	assert_int_equal(apply(c, CMA_ACCEPT, CMP), 0);
	c.reopen_count = 0;
	c.result_answered = true;
	assert_int_equal(apply(c, CMA_REOPEN, CMP), GH_ECONFLICT);
	assert_int_equal(apply(c, CMA_ACCEPT, CMP), GH_ECONFLICT);
	/* 归档: after the answer, the visit, or the answer time */
	c = (struct complaint_ctx){.state = CMS_REPORTED};
	assert_int_equal(apply(c, CMA_ARCHIVE, DESK), GH_ECONFLICT);
	c.visited = true;
	assert_int_equal(apply(c, CMA_ARCHIVE, DESK), 0);
	c.visited = false;
	c.answer_time_passed = true;
	assert_int_equal(apply(c, CMA_ARCHIVE, DESK), 0);
	c.answer_time_passed = false;
	c.result_answered = true;
	assert_int_equal(apply(c, CMA_ARCHIVE, DESK), 0);
	/* a sanction only on a substantiated complaint */
	assert_int_equal(apply(c, CMA_SANCTION, DESK), GH_ECONFLICT);
	c.substantiated = true;
	assert_int_equal(apply(c, CMA_SANCTION, DESK), 0);
	/* consent once */
	assert_int_equal(apply(c, CMA_DISCLOSE, CMP), 0);
	c.disclosed = true;
	assert_int_equal(apply(c, CMA_DISCLOSE, CMP), GH_ECONFLICT);
	/* a role that never takes the action is refused before the state */
	c.state = CMS_ARCHIVED;
	assert_int_equal(apply(c, CMA_REOPEN, ROLE_ADMIN), GH_EFORBIDDEN);
	assert_int_equal(apply(c, CMA_ACCEPT, ROLE_ADMIN), GH_EFORBIDDEN);
	assert_int_equal(apply(c, CMA_REOPEN, CMP), GH_ECONFLICT);
}

static void test_complaint_names(void **state)
{
	static const char *const states[] = {"received", "accepted",
		"rejected", "registered", "submitted", "handling", "reported",
		"archived"};
	static const struct { const char *name, *label; } cats[] = {
		{"attitude", "服务态度"}, {"efficiency", "办事效率"},
		{"fees", "违规收费"}, {"discipline", "工作纪律"},
		{"corruption", "廉政问题线索"}, {"other", "其他"}};
	static const char *const chans[] = {"web", "phone", "letter",
		"email", "sms", "desk"};

	(void)state;
	assert_int_equal(CMS_COUNT_, 8);
	for (int s = 0; s < CMS_COUNT_; s++) {
		assert_string_equal(complaint_state_name(s), states[s]);
		assert_int_equal(complaint_state_from_name(states[s]), s);
		assert_non_null(complaint_state_label(s));
	}
	assert_int_equal(complaint_state_from_name("closed"), -1);
	assert_int_equal(complaint_state_from_name(NULL), -1);
	assert_null(complaint_state_name(CMS_COUNT_));
	for (int c = 1; c < CMC_COUNT_; c++) {
		assert_string_equal(complaint_category_name(c), cats[c - 1].name);
		assert_string_equal(complaint_category_label(c),
		    cats[c - 1].label);
		assert_int_equal(complaint_category_from_name(cats[c - 1].name),
		    c);
	}
	assert_int_equal(complaint_category_from_name(""), CMC_NONE);
	assert_int_equal(complaint_category_from_name("bribe"), CMC_NONE);
	assert_null(complaint_category_name(CMC_NONE));
	for (int c = 0; c < CMH_COUNT_; c++) {
		assert_string_equal(complaint_channel_name(c), chans[c]);
		assert_int_equal(complaint_channel_from_name(chans[c]), c);
		assert_int_equal(complaint_channel_staff_entered(c), c != CMH_WEB);
	}
	assert_int_equal(complaint_channel_from_name("fax"), -1);
	for (int a = 0; a < CMA_COUNT_; a++)
		assert_int_equal(complaint_action_from_name(
		    complaint_action_name(a)), a);
	assert_string_equal(complaint_rating_label(1), "非常满意");
	assert_string_equal(complaint_rating_label(5), "非常不满意");
	assert_null(complaint_rating_label(0));
	assert_null(complaint_rating_label(6));
}

static const struct complaint_limits lim = {
	.accept_days = 5, .register_days = 1, .submit_days = 1,
	.assign_days = 2, .handle_days = 15, .extend_max_days = 7,
	.report_days = 2, .archive_days = 10, .warn_days = 1};

static struct complaint_clock clock_of(const calendar *cal, int st,
    bool handled, const struct complaint_days *dd, const char *today)
{
	struct complaint_clock c;

	assert_int_equal(complaint_clock_compute(cal, &lim, st, handled, dd,
	    d(today), &c), 0);
	return c;
}

static void test_complaint_clock_steps_across_national_day(void **state)
{
	calendar *cal = national_day();
	struct complaint_days dd = {.received_day = d("2025-09-26"),
		.accepted_day = DAY_NONE, .registered_day = DAY_NONE,
		.submitted_day = DAY_NONE, .handling_day = DAY_NONE,
		.handled_day = DAY_NONE, .reported_day = DAY_NONE};
	struct complaint_clock c;

	(void)state;
	/* received Fri 9/26: 5 working days are Sun 9/28 (调休), 9/29, 9/30,
	 * 10/9, 10/10 */
	c = clock_of(cal, CMS_RECEIVED, false, &dd, "2025-09-26");
	assert_int_equal(c.step, CMP_STEP_ACCEPT);
	assert_int_equal(c.due_day, d("2025-10-10"));
	assert_int_equal(c.remaining_days, 5);
	assert_int_equal(c.light, LIGHT_GREEN);
	assert_int_equal(c.handle_due_day, DAY_NONE);
	/* yellow at one working day left, across the holiday */
	c = clock_of(cal, CMS_RECEIVED, false, &dd, "2025-10-05");
	assert_int_equal(c.remaining_days, 2);
	assert_int_equal(c.light, LIGHT_GREEN);
	c = clock_of(cal, CMS_RECEIVED, false, &dd, "2025-10-09");
	assert_int_equal(c.remaining_days, 1);
	assert_int_equal(c.light, LIGHT_YELLOW);
	c = clock_of(cal, CMS_RECEIVED, false, &dd, "2025-10-10");
	assert_int_equal(c.remaining_days, 0);
	assert_int_equal(c.light, LIGHT_YELLOW);
	/* Sat 10/11 is a working day (调休): the first overdue day, red */
	c = clock_of(cal, CMS_RECEIVED, false, &dd, "2025-10-11");
	assert_int_equal(c.remaining_days, -1);
	assert_int_equal(c.light, LIGHT_RED);
	/* accepted 9/30: 登记 due the next working day, 10/9 */
	dd.accepted_day = d("2025-09-30");
	c = clock_of(cal, CMS_ACCEPTED, false, &dd, "2025-10-01");
	assert_int_equal(c.step, CMP_STEP_REGISTER);
	assert_int_equal(c.due_day, d("2025-10-09"));
	/* 办理: 15 working days from the acceptance: 10/9, 10/10, Sat 10/11
	 * (调休) .. 10/28 */
	assert_int_equal(c.handle_due_day, d("2025-10-28"));
	dd.registered_day = d("2025-10-09");
	c = clock_of(cal, CMS_REGISTERED, false, &dd, "2025-10-09");
	assert_int_equal(c.step, CMP_STEP_SUBMIT);
	assert_int_equal(c.due_day, d("2025-10-10"));
	dd.submitted_day = d("2025-10-10");
	c = clock_of(cal, CMS_SUBMITTED, false, &dd, "2025-10-10");
	assert_int_equal(c.step, CMP_STEP_ASSIGN);
	/* two working days: Sat 10/11 (调休) and Mon 10/13 */
	assert_int_equal(c.due_day, d("2025-10-13"));
	/* handling counts from the acceptance, not the assignment */
	dd.handling_day = DAY_NONE;
	c = clock_of(cal, CMS_HANDLING, false, &dd, "2025-10-28");
	assert_int_equal(c.step, CMP_STEP_HANDLE);
	assert_int_equal(c.due_day, d("2025-10-28"));
	assert_int_equal(c.light, LIGHT_YELLOW);
	c = clock_of(cal, CMS_HANDLING, false, &dd, "2025-10-29");
	assert_int_equal(c.light, LIGHT_RED);
	assert_int_equal(c.remaining_days, -1);
	/* the extension of 7 moves it to 11/6 (Thu) */
	dd.extension_days = 7;
	c = clock_of(cal, CMS_HANDLING, false, &dd, "2025-10-29");
	assert_int_equal(c.due_day, d("2025-11-06"));
	assert_int_equal(c.light, LIGHT_GREEN);
	/* the findings 11/3: 报结 within 2 working days */
	dd.handled_day = d("2025-11-03");
	c = clock_of(cal, CMS_HANDLING, true, &dd, "2025-11-03");
	assert_int_equal(c.step, CMP_STEP_REPORT);
	assert_int_equal(c.due_day, d("2025-11-05"));
	dd.reported_day = d("2025-11-05");
	assert_true(complaint_settled_on_time(dd.reported_day,
	    c.handle_due_day));
	assert_false(complaint_settled_on_time(d("2025-11-10"),
	    c.handle_due_day));
	assert_false(complaint_settled_on_time(DAY_NONE, c.handle_due_day));
	c = clock_of(cal, CMS_REPORTED, true, &dd, "2025-11-05");
	assert_int_equal(c.step, CMP_STEP_ARCHIVE);
	assert_int_equal(c.due_day, d("2025-11-19"));
	/* 重办 on 11/6: a new 办理 limit of 15 from that day (the one
	 * extension stays counted) */
	dd.handling_day = d("2025-11-06");
	c = clock_of(cal, CMS_HANDLING, false, &dd, "2025-11-06");
	assert_int_equal(c.due_day, d("2025-12-08"));
	/* closed complaints have no step and no light */
	c = clock_of(cal, CMS_ARCHIVED, true, &dd, "2025-11-06");
	assert_int_equal(c.step, CMP_STEP_NONE);
	assert_int_equal(c.light, LIGHT_NONE);
	assert_int_equal(c.due_day, DAY_NONE);
	c = clock_of(cal, CMS_REJECTED, false, &dd, "2025-11-06");
	assert_int_equal(c.light, LIGHT_NONE);
	/* a day it needs is missing */
	dd.received_day = DAY_NONE;
	assert_int_equal(complaint_clock_compute(cal, &lim, CMS_RECEIVED,
	    false, &dd, d("2025-11-06"), &c), GH_EINVAL);
	calendar_free(cal);
}

static void test_complaint_extension_and_answer(void **state)
{
	calendar *cal = national_day();

	(void)state;
	assert_false(complaint_extension_days_ok(&lim, 0));
	assert_true(complaint_extension_days_ok(&lim, 1));
	assert_true(complaint_extension_days_ok(&lim, 7));
	assert_false(complaint_extension_days_ok(&lim, 8));
	assert_false(complaint_extension_days_ok(&lim, -1));
	/* 5 working days to answer from Tue 9/30: passed on 10/14, not
	 * before (10/11 is a working Saturday) */
	assert_false(complaint_answer_passed(cal, d("2025-09-30"), 5,
	    d("2025-10-12")));
	assert_false(complaint_answer_passed(cal, d("2025-09-30"), 5,
	    d("2025-10-13")));
	assert_true(complaint_answer_passed(cal, d("2025-09-30"), 5,
	    d("2025-10-14")));
	assert_false(complaint_answer_passed(cal, DAY_NONE, 5, d("2025-10-14")));
	calendar_free(cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_complaint_fsm_every_action_state_pair),
		cmocka_unit_test(test_complaint_fsm_effects),
		cmocka_unit_test(test_complaint_fsm_history_conditions),
		cmocka_unit_test(test_complaint_names),
		cmocka_unit_test(test_complaint_clock_steps_across_national_day),
		cmocka_unit_test(test_complaint_extension_and_answer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
