/*
 * sweep.c - the periodic sweep of electronic supervision; see sweep.h
 * (moved here from api/watch.c).
 */
#include "service/sweep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/deferral.h"
#include "domain/pledge.h"
#include "domain/role.h"
#include "domain/supervision.h"
#include "notify/outbox.h"
#include "service/anomalies.h"
#include "service/applicant_notify.h"
#include "service/audit.h"
#include "service/calendar_cache.h"
#include "service/case_clock.h"
#include "service/case_engine.h"
#include "service/joint.h"
#include "service/watch.h"
#include "util/log.h"

#define SWEEP_WARN_HORIZON 30  /* working days ahead that may be yellow */

/* The subject of the e-mail that repeats a notification of this kind. */
static const char *notify_label(const char *kind)
{
	static const struct {
		const char *kind, *label;
	} labels[] = {
		{"warning", "办件预警"},
		{"overdue", "办件超时"},
		{"overdue_dept", "本单位办件超时"},
		{"notice", "督办单"},
		{"pledge_overdue", "告知承诺核查逾期"},
	};

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(kind, labels[i].kind))
			return labels[i].label;
	return "办件提醒";
}

/* Notifies user_id in the app, once per (user, case, kind), and queues the
 * same text by e-mail and SMS in the sweep's transaction when the
 * notification is new (src/notify/outbox.h delivers it later). */
static int notify(store *st, int64_t user_id, const struct case_rec *c,
    const char *kind, const char *text, int64_t now,
    struct sweep_report *rep)
{
	char subject[400];
	bool made = false;
	int err;

	if (!user_id)
		return 0;
	err = store_notification_add(st, user_id, c->id, kind, text, now, &made);
	if (err || !made)
		return err;
	rep->notifications++;
	snprintf(subject, sizeof subject, "【%s】办件%s %s", notify_label(kind),
	    c->query_code, c->item_name);
	return outbox_enqueue(st, user_id, subject, text, now, NULL);
}

/* The audit record of something the sweep itself created. */
static int sweep_audit(store *st, int64_t now, const char *action,
    const char *object_type, const char *object_id, json_t *after)
{
	return audit_as(st, now, 0, "系统", ROLE_SYSTEM, action, object_type,
	    object_id, NULL, after);
}

/* A yellow or red card for the case's holder, audited when new. */
static int give_card(store *st, const struct case_rec *c, int level,
    int32_t today, int64_t now, const char *text, struct sweep_report *rep)
{
	char id[48];
	bool made;
	int err = store_card_add(st, c->id, level, c->dept_id, c->handler_id,
	    today, now, text, &made);

	if (err || !made)
		return err;
	rep->cards++;
	/* one card of each colour per case: the pair names it */
	snprintf(id, sizeof id, "%lld/%s", (long long)c->id,
	    escalation_name(level));
	return sweep_audit(st, now, "card.create", "card", id, json_pack(
	    "{s:I,s:s,s:I,s:I,s:s}", "case_id", (json_int_t)c->id, "card",
	    escalation_name(level), "dept_id", (json_int_t)c->dept_id, "user_id",
	    (json_int_t)c->handler_id, "reason", text));
}

/* The last step of escalation: a supervision notice (督办单) issued by
 * govhall itself (issued_by NULL, shown as 系统) under rule A01, once per
 * case: store_notice_add inserts nothing when the case already has a
 * notice, whether govhall's or a supervisor's.  The department's chief
 * representative hears of it, since the department must reply.
 * The notice and the cards count against the department and the holder
 * (assessments), so each is audited as govhall's own act (系统); reminders
 * are not state and are not audited.
 * rep->notices_issued counts the notices issued by this sweep. */
static int issue_notice(store *st, const calendar *cal,
    const struct escalation_policy *pol, const struct case_rec *c,
    const struct clock_result *res, const char *due, int32_t today,
    int64_t now, struct sweep_report *rep)
{
	struct notice_rec nr = {0};
	char content[1200], sid[24];
	int64_t days = 5, id = 0, chief = 0;
	int32_t reply_due;
	int err;

	if ((err = store_setting_int(st, "notice_reply_days", 5, &days)))
		return err;
	if (calendar_add_workdays(cal, today, (int)days, &reply_due))
		reply_due = today + (int32_t)days;
	snprintf(content, sizeof content, "系统督办:%s办件%s(%s)已于%s到期,"
	    "超期%d个工作日仍未办结(超期达到%d个工作日发督办单)。请立即办结,"
	    "并于%lld个工作日内书面回复超期原因和整改措施。", c->dept_name,
	    c->query_code, c->item_name, due, -res->remaining_days,
	    pol->notice_after_days, (long long)days);
	nr.case_id = c->id;
	nr.dept_id = c->dept_id;
	nr.rule_id = anomaly_rules[AR_OVERDUE].id;
	nr.content = content;
	nr.issued_at = now;
	nr.issued_day = today;
	nr.reply_due_day = reply_due;
	if ((err = store_notice_add(st, &nr, true, &id)) || !id)
		return err;
	rep->notices_issued++;
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if ((err = sweep_audit(st, now, "notice.create", "supervision_notice", sid,
	    json_pack("{s:I,s:I,s:s,s:s}", "case_id", (json_int_t)c->id,
	    "dept_id", (json_int_t)c->dept_id, "rule_id", nr.rule_id, "content",
	    content))))
		return err;
	if (store_pick_handler(st, c->dept_id, ROLE_CHIEF, &chief))
		return 0;
	return notify(st, chief, c, "notice", content, now, rep);
}

/* Escalates one open case by its clock. */
static int sweep_case(store *st, const calendar *cal,
    const struct anomaly_config *cfg, const struct escalation_policy *pol,
    const struct case_rec *c, int32_t today, int64_t now,
    struct sweep_report *rep)
{
	struct anomaly_facts f = {0};
	struct anomaly_hit hits[AR_COUNT_];
	struct clock_input in;
	struct clock_suspension *susp = NULL;
	struct clock_result res;
	char due[11], text[400];
	int64_t chief = 0;
	size_t n;
	int esc, err = 0;

	if (!case_clock(st, cal, c, today, &in, &susp, &res)) {
		free(susp);
		return 0;
	}
	free(susp);
	esc = supervision_escalation(&res, pol);
	f.open = true;
	f.accepted = true;
	f.light = res.light;
	f.remaining_days = res.remaining_days;
	f.suspended_days = res.suspended_days;
	f.accepted_day = c->accepted_day;
	f.finished_day = DAY_NONE;
	f.instant = c->instant;
	f.review_steps = case_review_steps(st, c->id);
	f.notice_count = 0;   /* judged when notices are sent */
	f.action = -1;
	n = anomaly_evaluate(cfg, &f, hits, AR_COUNT_);
	if ((err = anomaly_record_hits(st, c, hits, n < AR_COUNT_ ? n :
	    AR_COUNT_, 0, 0, -1, today, now, &rep->anomalies)))
		return err;

	day_format_iso(res.deadline, due);
	if (esc == ESC_WARNING) {
		snprintf(text, sizeof text, "预警:办件%s(%s)将于%s到期,剩余%d个工作日,"
		    "请抓紧办理", c->query_code, c->item_name, due, res.remaining_days);
		return notify(st, c->handler_id, c, "warning", text, now, rep);
	}
	if (esc < ESC_YELLOW_CARD)
		return 0;
	snprintf(text, sizeof text, "超时亮红灯:办件%s(%s)已于%s到期,超期%d个"
	    "工作日,请立即办理并说明原因", c->query_code, c->item_name, due,
	    -res.remaining_days);
	if ((err = notify(st, c->handler_id, c, "overdue", text, now, rep)))
		return err;
	/* the department's head in the hall hears of every red light */
	if (!store_pick_handler(st, c->dept_id, ROLE_CHIEF, &chief) &&
	    chief != c->handler_id &&
	    (err = notify(st, chief, c, "overdue_dept", text, now, rep)))
		return err;
	if ((err = give_card(st, c, ESC_YELLOW_CARD, today, now, text, rep)))
		return err;
	if (esc >= ESC_RED_CARD) {
		snprintf(text, sizeof text, "红牌:办件%s超期%d个工作日(达到%d个工作日"
		    "亮红牌)", c->query_code, -res.remaining_days,
		    pol->red_card_after_days);
		if ((err = give_card(st, c, ESC_RED_CARD, today, now, text, rep)))
			return err;
	}
	if (esc >= ESC_NOTICE)
		return issue_notice(st, cal, pol, c, &res, due, today, now, rep);
	return 0;
}

static int sweep_timers(store *st, int32_t today, int64_t now,
    struct sweep_report *rep)
{
	struct case_actor sys = {0, "系统", ROLE_SYSTEM, 0, 0};
	int64_t *ids = NULL, days = 60;
	size_t n = 0;
	int err;
	char reason[160];

	if ((err = store_setting_int(st, "correction_timeout_days", 60, &days)) ||
	    (err = store_timers_due(st, TIMER_CORRECTION, today, 1000, &ids, &n)))
		return err;
	snprintf(reason, sizeof reason, "补正期限(%lld日)届满,申请人未补正材料,"
	    "依规驳回", (long long)days);
	for (size_t i = 0; i < n && !err; i++) {
		struct case_action_args a = {.action = CA_EXPIRE_CORRECTION,
			.reason = reason};
		struct svc_err r = {0};
		struct case_rec c;
		struct cal_ref *ref;

		if ((err = store_case_get(st, ids[i], &c)))
			break;
		if (c.state == CS_AWAITING_MATERIALS) {
			if ((err = calendar_load(st, c.region_id, &ref)))
				break;
			err = case_engine_act(st, cal_ref_get(ref), &sys, &c, &a, today,
			    now, &r);
			cal_ref_release(ref);
			json_decref(r.extra);
			if (err) {
				log_error("sweep: case %lld correction timeout: %s",
				    (long long)c.id, r.msg);
				break;
			}
			rep->expired++;
		}
		err = store_timer_done(st, TIMER_CORRECTION, c.id, now);
	}
	free(ids);
	return err;
}

static int sweep_event(store *st, const struct case_rec *c, const char *action,
    const char *note, int32_t today, int64_t now)
{
	struct case_event ev = {
		.case_id = c->id, .at = now, .day = today, .actor_id = 0,
		.actor_name = "系统", .role = ROLE_SYSTEM, .action = action,
		.from_state = c->state, .to_state = c->state, .note = note,
	};

	return store_case_event_add(st, &ev);
}

/* 容缺 reminders: once per owed material, when at most
 * deferral_remind_days working days remain until its day. */
static int sweep_reminders(store *st, int32_t today, int64_t now,
    struct sweep_report *rep)
{
	struct case_deferral *d = NULL;
	int64_t remind = 2;
	size_t n = 0;
	int err;

	if ((err = store_setting_int(st, "deferral_remind_days", 2, &remind)) ||
	    (err = store_deferrals_unreminded(st, 1000, &d, &n)))
		return err;
	for (size_t i = 0; i < n && !err; i++) {
		struct applicant_event ev = {.action = APPLICANT_DEFERRAL_DUE};
		struct cal_ref *ref = NULL;
		struct case_rec c;
		char due[11], note[400];
		bool due_now;

		if (deferral_missed(today, d[i].supplement_by))
			continue; /* the overdue pass ends it */
		if ((err = store_case_get(st, d[i].case_id, &c)) ||
		    (err = calendar_load(st, c.region_id, &ref)))
			break;
		due_now = deferral_remind_due(cal_ref_get(ref), today,
		    d[i].supplement_by, (int)remind);
		cal_ref_release(ref);
		if (!due_now)
			continue;
		day_format_iso(d[i].supplement_by, due);
		ev.materials = d[i].material;
		ev.due = due;
		snprintf(note, sizeof note, "已提醒申请人于%s前补交容缺材料“%s”", due,
		    d[i].material);
		if (!(err = applicant_notify(st, &c, &ev, now)) &&
		    !(err = sweep_event(st, &c, "deferral.remind", note, today,
		    now)) &&
		    !(err = store_case_deferral_reminded(st, d[i].id, today)))
			rep->reminded++;
	}
	free(d);
	return err;
}

/* 容缺 broken: a material owed past its day is an anomaly (A12), and the
 * case ends (终止办理, through the case engine, which keeps the credit
 * record). */
static int sweep_overdue_deferrals(store *st,
    const struct anomaly_config *cfg, int32_t today, int64_t now,
    struct sweep_report *rep)
{
	struct case_actor sys = {0, "系统", ROLE_SYSTEM, 0, 0};
	int64_t *ids = NULL;
	size_t n = 0;
	int err;

	if ((err = store_deferral_overdue_cases(st, today, 1000, &ids, &n)))
		return err;
	for (size_t i = 0; i < n && !err; i++) {
		struct anomaly_facts f = {0};
		struct anomaly_hit hits[AR_COUNT_];
		struct case_deferral *d = NULL, *late = NULL;
		struct case_action_args a = {.action = CA_TERMINATE};
		struct svc_err r = {0};
		struct cal_ref *ref = NULL;
		struct case_rec c;
		char due[11], reason[500];
		size_t nd = 0, nh;

		if ((err = store_case_get(st, ids[i], &c)) ||
		    (err = store_case_deferrals(st, c.id, &d, &nd)))
			break;
		for (size_t j = 0; j < nd; j++)
			if (d[j].status == DEFERRAL_OPEN &&
			    deferral_missed(today, d[j].supplement_by) &&
			    (!late || d[j].supplement_by < late->supplement_by))
				late = &d[j];
		if (!late || case_state_is_terminal(c.state)) {
			free(d);
			continue;
		}
		day_format_iso(late->supplement_by, due);
		f.open = true;
		f.accepted = true;
		f.action = -1;
		f.accepted_day = c.accepted_day;
		f.finished_day = DAY_NONE;
		f.deferral_overdue_days = today - late->supplement_by;
		f.deferral_material = late->material;
		nh = anomaly_evaluate(cfg, &f, hits, AR_COUNT_);
		snprintf(reason, sizeof reason, "容缺受理时承诺于%s前补交的“%s”逾期"
		    "未补交,依规终止办理", due, late->material);
		free(d);
		if ((err = anomaly_record_hits(st, &c, hits, nh < AR_COUNT_ ? nh :
		    AR_COUNT_, 0, 0, -1, today, now, &rep->anomalies)) ||
		    (err = calendar_load(st, c.region_id, &ref)))
			break;
		a.reason = reason;
		err = case_engine_act(st, cal_ref_get(ref), &sys, &c, &a, today, now,
		    &r);
		cal_ref_release(ref);
		if (err)
			log_error("sweep: case %lld deferral overdue: %s",
			    (long long)c.id, r.msg);
		json_decref(r.extra);
		if (!err)
			rep->terminated++;
	}
	free(ids);
	return err;
}

/* 告知承诺: a follow-up check (事后核查) still pending after its due day
 * is an anomaly (A13) of its case, recorded once (the check is marked
 * flagged), with a reminder to the department's chief and to whoever
 * decided the approval, and a timeline note. */
static int sweep_pledge_checks(store *st, const struct anomaly_config *cfg,
    int32_t today, int64_t now, struct sweep_report *rep)
{
	struct case_verification *v = NULL;
	size_t n = 0;
	int err;

	if ((err = store_verifications_overdue(st, today, 1000, &v, &n)))
		return err;
	for (size_t i = 0; i < n && !err; i++) {
		struct anomaly_facts f = {0};
		struct anomaly_hit hits[AR_COUNT_];
		struct case_rec c;
		char due[11], text[700];
		int64_t chief = 0;
		size_t nh;

		if ((err = store_case_get(st, v[i].case_id, &c)))
			break;
		day_format_iso(v[i].due_day, due);
		f.open = !case_state_is_terminal(c.state);
		f.accepted = c.accepted_day != DAY_NONE;
		f.action = -1;
		f.accepted_day = c.accepted_day;
		f.finished_day = c.finished_day;
		f.pledged = true;
		f.pledge_check_overdue_days = pledge_verify_overdue_days(
		    v[i].due_day, today);
		f.pledge_check_due_day = v[i].due_day;
		nh = anomaly_evaluate(cfg, &f, hits, AR_COUNT_);
		snprintf(text, sizeof text, "告知承诺核查逾期:办件%s(%s)的事后核查"
		    "应于%s前完成,已逾期%d天,请尽快核查申请人的承诺是否属实",
		    c.query_code, c.item_name, due, f.pledge_check_overdue_days);
		if ((err = anomaly_record_hits(st, &c, hits, nh < AR_COUNT_ ? nh :
		    AR_COUNT_, 0, 0, -1, today, now, &rep->anomalies)))
			break;
		if (!store_pick_handler(st, c.dept_id, ROLE_CHIEF, &chief) &&
		    (err = notify(st, chief, &c, "pledge_overdue", text, now, rep)))
			break;
		if (v[i].decided_by && v[i].decided_by != chief &&
		    (err = notify(st, v[i].decided_by, &c, "pledge_overdue", text,
		    now, rep)))
			break;
		if ((err = sweep_event(st, &c, "pledge.overdue", text, today, now)) ||
		    (err = store_case_verification_flagged(st, v[i].id, today)))
			break;
		rep->pledge_overdue++;
	}
	free(v);
	return err;
}

int watch_sweep(store *st, int32_t today, int64_t now,
    struct sweep_report *rep)
{
	return watch_sweep_every(st, today, now, 0, rep);
}

int watch_sweep_every(store *st, int32_t today, int64_t now,
    int64_t min_gap_s, struct sweep_report *rep)
{
	struct anomaly_config cfg;
	struct escalation_policy pol = ESCALATION_POLICY_DEFAULT;
	struct cal_ref *ref = NULL;
	int64_t root, v, purged = 0, *ids = NULL;
	int32_t horizon;
	size_t n = 0;
	int err;

	memset(rep, 0, sizeof *rep);
	if ((err = store_begin(st)))
		return err;
	{
		bool got = false;

		if ((err = store_sweep_claim(st, now, min_gap_s, &got)))
			goto fail;
		if (!got) {
			rep->skipped = true;
			store_rollback(st);
			return 0;
		}
		/* it changes cases and records what case writers record:
		 * its turn first, as theirs (store_case_turn) */
		if ((err = store_case_turn(st)))
			goto fail;
	}
	if ((err = anomaly_load_config(st, &cfg)) ||
	    (err = sweep_timers(st, today, now, rep)) ||
	    (err = sweep_overdue_deferrals(st, &cfg, today, now, rep)) ||
	    (err = sweep_reminders(st, today, now, rep)) ||
	    (err = sweep_pledge_checks(st, &cfg, today, now, rep)) ||
	    (err = joint_sweep(st, today, now, &rep->deemed)) ||
	    (err = store_root_region(st, &root)) ||
	    (err = calendar_load(st, root, &ref)))
		goto fail;
	if (!store_setting_int(st, "red_card_after_days", 3, &v))
		pol.red_card_after_days = (int)v;
	if (!store_setting_int(st, "notice_after_days", 5, &v))
		pol.notice_after_days = (int)v;
	if (calendar_add_workdays(cal_ref_get(ref), today, SWEEP_WARN_HORIZON,
	    &horizon))
		horizon = today + 60;
	cal_ref_release(ref);
	ref = NULL;
	/* paused cases move their deadline daily, so scan those too: a long
	 * suspension is an anomaly of its own */
	if ((err = store_cases_due_ids(st, horizon, &ids, &n)))
		goto fail;
	for (size_t i = 0; i < n && !err; i++) {
		struct case_rec c;

		if ((err = store_case_get(st, ids[i], &c)) ||
		    (err = calendar_load(st, c.region_id, &ref)))
			break;
		err = sweep_case(st, cal_ref_get(ref), &cfg, &pol, &c, today, now,
		    rep);
		cal_ref_release(ref);
		ref = NULL;
		rep->scanned++;
	}
	free(ids);
	/* housekeeping: a day-old failure window is over whatever the lock */
	if (err || (err = store_sessions_purge(st, now, now - 86400,
	    &rep->purged)))
		goto fail;
	/* SMS codes a day past their expiry: the day's sending limits are
	 * counted from the rows of the last 24 hours */
	if ((err = store_sms_codes_purge(st, now - 86400 - 3600, &purged)))
		goto fail;
	rep->purged += purged;
	if ((err = store_commit(st)))
		goto fail;
	return 0;
fail:
	cal_ref_release(ref);
	store_rollback(st);
	return err;
}
