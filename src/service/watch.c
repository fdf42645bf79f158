/*
 * watch.c - the live watch after every case action; see watch.h (moved
 * here from api/watch.c, whose sweep is now service/sweep.c).
 */
#include "service/watch.h"

#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/role.h"
#include "domain/supervision.h"
#include "service/anomalies.h"
#include "service/case_clock.h"

static bool actor_may_handle(store *st, const struct case_actor *who,
    const struct case_rec *c)
{
	bool serves = false;

	if (who->role & (ROLE_APPLICANT | ROLE_ADMIN | ROLE_SYSTEM))
		return true;
	if ((who->role & (ROLE_CHIEF | ROLE_REVIEWER)) && who->dept_id == c->dept_id)
		return true;
	if ((who->role & (ROLE_CLERK | ROLE_CHIEF)) && who->window_id)
		store_window_serves(st, who->window_id, c->dept_id, &serves);
	return serves;
}

int watch_after_action(store *st, const calendar *cal,
    const struct case_actor *who, const struct case_rec *before,
    const struct case_rec *c, int action, const char *reason, int32_t today,
    int64_t now)
{
	struct anomaly_config cfg;
	struct anomaly_facts f = {0};
	struct anomaly_hit hits[AR_COUNT_];
	struct clock_input in;
	struct clock_suspension *susp = NULL;
	struct clock_result res;
	int64_t event_id = 0, days;
	time_t t = (time_t)now;
	struct tm tm;
	size_t n;
	int err;

	if ((err = anomaly_load_config(st, &cfg)) ||
	    (err = store_case_last_event_id(st, c->id, &event_id)))
		return err;
	f.open = !case_state_is_terminal(c->state);
	f.accepted = c->accepted_day != DAY_NONE;
	if (case_clock(st, cal, c, today, &in, &susp, &res)) {
		f.light = res.light;
		f.remaining_days = res.remaining_days;
		f.suspended_days = res.suspended_days;
	}
	free(susp);
	susp = NULL;
	f.light_before = LIGHT_NONE;
	if (action == CA_WITHDRAW && case_clock(st, cal, before, today, &in,
	    &susp, &res)) {
		f.light_before = res.light;
		f.remaining_before = res.remaining_days;
	}
	free(susp);
	f.accepted_day = c->accepted_day;
	f.finished_day = c->finished_day;
	f.outcome = c->outcome;
	f.instant = c->instant;
	f.review_steps = case_review_steps(st, c->id);
	if ((err = store_case_notice_count(st, c->id, &f.notice_count)))
		return err;
	{
		int pledges = 0;

		if ((err = store_case_pledge_count(st, c->id, &pledges)))
			return err;
		f.pledged = pledges > 0;
	}
	f.action = action;
	/* 事后核查 is the department's check after the decision, not the
	 * handling of the case: whoever of the department checks is in
	 * their role */
	f.actor_is_handler = action == CA_VERIFY_PLEDGE ||
	    action == CA_REVOKE || !before->handler_id ||
	    before->handler_id == who->id ||
	    (who->role & (ROLE_APPLICANT | ROLE_ADMIN | ROLE_SYSTEM)) ||
	    (who->role == ROLE_CHIEF && who->dept_id == c->dept_id) ||
	    (who->window_id && who->window_id == before->window_id);
	/* 开始审查 gives the step to the actor when they hold its role in
	 * the case's department (start_step): that is the hand-over */
	f.takes_over = action == CA_START_REVIEW && c->handler_id == who->id;
	f.actor_may_handle = actor_may_handle(st, who, c);
	if (action == CA_SUSPEND && (err = store_case_suspension_count(st,
	    c->id, CP_CORRECTION, &f.suspension_count)))
		return err;
	localtime_r(&t, &tm);
	f.action_minute = tm.tm_hour * 60 + tm.tm_min;
	f.action_on_workday = calendar_is_workday(cal, today);
	f.reason = reason;
	n = anomaly_evaluate(&cfg, &f, hits, AR_COUNT_);
	if ((err = anomaly_record_hits(st, c, hits, n < AR_COUNT_ ? n :
	    AR_COUNT_, event_id, who->id, action, today, now, NULL)))
		return err;

	/* The 补正 timer: a request never answered closes the case. */
	if (action == CA_REQUEST_MATERIALS) {
		if ((err = store_setting_int(st, "correction_timeout_days", 60,
		    &days)))
			return err;
		return store_timer_set(st, TIMER_CORRECTION, c->id,
		    today + (int32_t)days);
	}
	if (action == CA_SUPPLEMENT || case_state_is_terminal(c->state))
		return store_timer_done(st, TIMER_CORRECTION, c->id, now);
	return 0;
}

