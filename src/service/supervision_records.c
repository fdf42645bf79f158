/*
 * supervision_records.c - 督办单, 问责, anomaly review, rule switches and
 * reminders read; see supervision_records.h (moved here from
 * api/supervision_records.c, whose handlers now read the request, call one
 * function here and answer).
 */
#include "service/supervision_records.h"

#include <stdio.h>
#include <string.h>

#include "domain/role.h"
#include "service/audit.h"
#include "service/calendar_cache.h"
#include "util/gh_err.h"

static const char *const notice_state_names[] = {"awaiting_reply", "replied",
	"closed"};
static const char *const notice_state_labels[] = {"待回复", "已回复", "已办结"};

/* The kinds of 效能问责, from the mildest; stored as 1..4. */
static const struct {
	const char *name, *label;
} sanction_kinds[] = {
	{"warning", "效能告诫"}, {"criticism", "通报批评"},
	{"admonition", "诫勉"}, {"accountability", "责任追究"},
};
#define SANCTION_KIND_COUNT \
	(int)(sizeof sanction_kinds / sizeof sanction_kinds[0])

static const char *const anomaly_status_names[] = {"open", "confirmed",
	"dismissed"};
static const char *const anomaly_status_labels[] = {"待核查", "已确认",
	"已排除"};

/* ---- names --------------------------------------------------------------- */

const char *notice_state_name(int state)
{
	return state >= 0 && state < 3 ? notice_state_names[state] : "";
}

int sanction_kind_from_name(const char *s)
{
	for (int k = 0; k < SANCTION_KIND_COUNT; k++)
		if (!strcmp(s, sanction_kinds[k].name) ||
		    !strcmp(s, sanction_kinds[k].label))
			return k + 1;
	return 0;
}

/* Replaces the stored kind number of a sanction row by name and label. */
void sanction_row_names(json_t *row)
{
	int k = (int)json_integer_value(json_object_get(row, "kind"));

	if (k < 1 || k > SANCTION_KIND_COUNT)
		return;
	json_object_set_new(row, "kind", json_string(sanction_kinds[k - 1].name));
	json_object_set_new(row, "kind_label",
	    json_string(sanction_kinds[k - 1].label));
}

/* Adds the rule's name and the status by name to an anomaly row. */
void anomaly_row_names(json_t *row)
{
	int r = anomaly_rule_from_id(json_string_value(json_object_get(row,
	    "rule_id")) ? json_string_value(json_object_get(row, "rule_id")) : "");
	int s = (int)json_integer_value(json_object_get(row, "status"));
	json_t *ev = json_object_get(row, "evidence");
	json_t *parsed;

	json_object_set_new(row, "rule_name", r >= 0 ?
	    json_string(anomaly_rules[r].name) : json_null());
	if (s >= 0 && s < 3) {
		json_object_set_new(row, "status", json_string(
		    anomaly_status_names[s]));
		json_object_set_new(row, "status_label", json_string(
		    anomaly_status_labels[s]));
	}
	/* the evidence is stored as JSON text: give it back as JSON */
	if (json_is_string(ev) && (parsed = json_loads(json_string_value(ev), 0,
	    NULL)))
		json_object_set_new(row, "evidence", parsed);
}

int anomaly_status_from_name(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(s, anomaly_status_names[i]))
			return i;
	return -1;
}

/* Every failure after store_begin rolls back. */
static int fail_rollback(store *st, int err)
{
	store_rollback(st);
	return err;
}

/* 422 naming a field that points at nothing. */
static int missing_ref(struct svc_err *e, const char *field, const char *what,
    int64_t id)
{
	return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field", field),
	    "%s%lld不存在", what, (long long)id);
}

/* The answer to looking up a referenced id: 422 naming the field when it
 * points at nothing, the store's error otherwise. */
static int ref_found(struct svc_err *e, int err, const char *field,
    const char *what, int64_t id)
{
	if (err == GH_ENOTFOUND)
		return missing_ref(e, field, what, id);
	return svc_check(e, err);
}

/* ---- 督办单 --------------------------------------------------------------- */

int64_t notice_scope(const struct svc_actor *who)
{
	if (who->role & (ROLE_SUPERVISOR | ROLE_ADMIN))
		return 0;
	return who->dept_id ? who->dept_id : -1;
}

/* Loads notice id and checks that who may see it: 404 for an unknown id,
 * 403 for another department's notice. */
static int notice_load(store *st, const struct svc_actor *who, int64_t id,
    struct notice_info *ni, struct svc_err *e)
{
	int64_t scope = notice_scope(who);
	int err = store_notice_info(st, id, ni);

	if (err == GH_ENOTFOUND)
		return svc_fail(e, err, NULL, "督办单%lld不存在", (long long)id);
	if (err)
		return svc_fail(e, err, NULL, NULL);
	if (scope && scope != ni->dept_id)
		return svc_fail(e, GH_EFORBIDDEN, NULL,
		    "该督办单不是发给您所在单位的");
	return 0;
}

/* 409 for an action the notice's state does not allow. */
static int notice_state_conflict(struct svc_err *e, int state,
    const char *what)
{
	return svc_fail(e, GH_ECONFLICT, json_pack("{s:s}", "state",
	    notice_state_names[state]), "督办单当前状态为“%s”,不能%s",
	    notice_state_labels[state], what);
}

int notice_create(store *st, const struct svc_actor *who,
    const struct notice_input *in, json_t **out, struct svc_err *e)
{
	struct cal_ref *ref = NULL;
	struct notice_rec nr = {0};
	struct case_rec c;
	int64_t dept_id = in->dept_id, reply_days = in->reply_days, region, id;
	json_t *notice = NULL;
	int32_t due;
	char sid[24];
	int err;

	if (!reply_days && (err = svc_check(e, store_setting_int(st,
	    "notice_reply_days", 5, &reply_days))))
		return err;
	if (in->case_id) {
		err = store_case_get(st, in->case_id, &c);
		if (err == GH_ENOTFOUND)
			return missing_ref(e, "case_id", "办件", in->case_id);
		if (err)
			return svc_fail(e, err, NULL, NULL);
		if (dept_id && dept_id != c.dept_id)
			return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "dept_id"), "办件%s属于%s,与dept_id不符",
			    c.query_code, c.dept_name);
		dept_id = c.dept_id;
	}
	err = store_dept_region(st, dept_id, &region);
	if (err == GH_ENOTFOUND)
		return missing_ref(e, "dept_id", "单位", dept_id);
	if (err)
		return svc_fail(e, err, NULL, NULL);
	if ((err = calendar_load(st, region, &ref)))
		return svc_fail(e, err, NULL, "无法加载工作日历");
	/* the reply is due by the department's own working-day calendar */
	err = calendar_add_workdays(cal_ref_get(ref), who->today, (int)reply_days,
	    &due);
	cal_ref_release(ref);
	if (err)
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "reply_days"), "回复期限超出工作日历的范围");
	nr.case_id = in->case_id;
	nr.dept_id = dept_id;
	nr.rule_id = "";
	nr.content = in->content;
	nr.issued_by = who->id;
	nr.issued_at = who->now;
	nr.issued_day = who->today;
	nr.reply_due_day = due;
	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = svc_check(e, store_notice_add(st, &nr, false, &id))) ||
	    (err = svc_check(e, store_notice_json(st, id, who->today, &notice))))
		return fail_rollback(st, err);
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if ((err = svc_check(e, audit_actor(st, who, "notice.create",
	    "supervision_notice", sid, NULL, json_incref(notice)))) ||
	    (err = svc_check(e, store_commit(st)))) {
		json_decref(notice);
		return fail_rollback(st, err);
	}
	*out = notice;
	return 0;
}

int notice_get_view(store *st, const struct svc_actor *who, int64_t id,
    json_t **out, struct svc_err *e)
{
	struct notice_info ni;
	int err;

	if ((err = notice_load(st, who, id, &ni, e)))
		return err;
	return svc_check(e, store_notice_json(st, ni.id, who->today, out));
}

int notice_reply(store *st, const struct svc_actor *who, int64_t id,
    const char *reply, json_t **out, struct svc_err *e)
{
	struct notice_info ni;
	json_t *notice = NULL;
	char sid[24];
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = notice_load(st, who, id, &ni, e)))
		return fail_rollback(st, err);
	if (!who->dept_id || who->dept_id != ni.dept_id)
		return fail_rollback(st, svc_fail(e, GH_EFORBIDDEN, NULL,
		    "只有被督办单位的首席代表或审批人员可以回复"));
	err = store_notice_reply(st, ni.id, reply, who->id, who->now,
	    who->today);
	if (err == GH_ECONFLICT)
		return fail_rollback(st, notice_state_conflict(e, ni.state,
		    "回复"));
	if ((err = svc_check(e, err)) || (err = svc_check(e,
	    store_notice_json(st, ni.id, who->today, &notice))))
		return fail_rollback(st, err);
	snprintf(sid, sizeof sid, "%lld", (long long)ni.id);
	if ((err = svc_check(e, audit_actor(st, who, "notice.reply",
	    "supervision_notice", sid, json_pack("{s:s}", "state",
	    notice_state_names[ni.state]), json_pack("{s:s,s:s}", "state",
	    "replied", "reply", reply)))) ||
	    (err = svc_check(e, store_commit(st)))) {
		json_decref(notice);
		return fail_rollback(st, err);
	}
	*out = notice;
	return 0;
}

int notice_close(store *st, const struct svc_actor *who, int64_t id,
    const char *note, json_t **out, struct svc_err *e)
{
	struct notice_info ni;
	json_t *notice = NULL;
	char sid[24];
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = notice_load(st, who, id, &ni, e)))
		return fail_rollback(st, err);
	err = store_notice_close(st, ni.id, note, who->id, who->now, who->today);
	if (err == GH_ECONFLICT)
		return fail_rollback(st, notice_state_conflict(e, ni.state,
		    ni.state == NOTICE_AWAITING ? "在回复前办结" : "再次办结"));
	if ((err = svc_check(e, err)) || (err = svc_check(e,
	    store_notice_json(st, ni.id, who->today, &notice))))
		return fail_rollback(st, err);
	snprintf(sid, sizeof sid, "%lld", (long long)ni.id);
	if ((err = svc_check(e, audit_actor(st, who, "notice.close",
	    "supervision_notice", sid, json_pack("{s:s}", "state",
	    notice_state_names[ni.state]), json_pack("{s:s,s:s}", "state",
	    "closed", "note", note ? note : "")))) ||
	    (err = svc_check(e, store_commit(st)))) {
		json_decref(notice);
		return fail_rollback(st, err);
	}
	*out = notice;
	return 0;
}

/* ---- 效能问责 ------------------------------------------------------------- */

/* Checks the optional ids a sanction refers to. */
static int sanction_refs(store *st, const struct sanction_rec *s,
    struct svc_err *e)
{
	struct user_rec u;
	struct notice_info ni;
	struct case_rec c;
	int64_t region;
	int err;

	if (s->user_id) {
		err = store_user_by_id(st, s->user_id, &u);
		if (!err && (u.role & ROLE_APPLICANT))
			err = GH_ENOTFOUND;
		if ((err = ref_found(e, err, "user_id", "工作人员", s->user_id)))
			return err;
	}
	if (s->dept_id && (err = ref_found(e, store_dept_region(st, s->dept_id,
	    &region), "dept_id", "单位", s->dept_id)))
		return err;
	if (s->case_id && (err = ref_found(e, store_case_get(st, s->case_id, &c),
	    "case_id", "办件", s->case_id)))
		return err;
	if (s->notice_id && (err = ref_found(e, store_notice_info(st,
	    s->notice_id, &ni), "notice_id", "督办单", s->notice_id)))
		return err;
	return 0;
}

int sanction_create(store *st, const struct svc_actor *who,
    const struct sanction_rec *in, json_t **out, struct svc_err *e)
{
	struct sanction_rec s = *in;
	json_t *o = NULL;
	char sid[24];
	int64_t id;
	int err;

	if ((err = sanction_refs(st, &s, e)))
		return err;
	s.issued_by = who->id;
	s.issued_at = who->now;
	s.issued_day = who->today;
	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = svc_check(e, store_sanction_add(st, &s, &id))) ||
	    (err = svc_check(e, store_sanction_json(st, id, &o))))
		return fail_rollback(st, err);
	sanction_row_names(o);
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if ((err = svc_check(e, audit_actor(st, who, "sanction.create",
	    "sanction", sid, NULL, json_incref(o)))) ||
	    (err = svc_check(e, store_commit(st)))) {
		json_decref(o);
		return fail_rollback(st, err);
	}
	*out = o;
	return 0;
}

/* ---- anomalies and their rules ------------------------------------------ */

int anomaly_review(store *st, const struct svc_actor *who, int64_t id,
    int status, const char *note, json_t **out, struct svc_err *e)
{
	json_t *o = NULL;
	char sid[24];
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	err = store_anomaly_review(st, id, status, note, who->id, who->now);
	if (err == GH_ENOTFOUND)
		return fail_rollback(st, svc_fail(e, err, NULL, "异常%lld不存在",
		    (long long)id));
	if (err == GH_ECONFLICT)
		return fail_rollback(st, svc_fail(e, err, NULL,
		    "该异常已核查,不能重复处理"));
	if ((err = svc_check(e, err)) ||
	    (err = svc_check(e, store_anomaly_json(st, id, &o))))
		return fail_rollback(st, err);
	anomaly_row_names(o);
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if ((err = svc_check(e, audit_actor(st, who, "anomaly.review", "anomaly",
	    sid, json_pack("{s:s}", "status", "open"), json_pack("{s:s,s:s}",
	    "status", anomaly_status_names[status], "note", note)))) ||
	    (err = svc_check(e, store_commit(st)))) {
		json_decref(o);
		return fail_rollback(st, err);
	}
	*out = o;
	return 0;
}

static json_t *rule_json(int r, const struct anomaly_config *cfg)
{
	const struct anomaly_rule_def *d = &anomaly_rules[r];

	return json_pack("{s:s,s:s,s:s,s:b,s:i,s:s,s:b,s:i}", "id", d->id, "name",
	    d->name, "description", d->description, "enabled", cfg->enabled[r],
	    "threshold", cfg->threshold[r], "threshold_unit", d->threshold_unit,
	    "default_enabled", d->default_enabled, "default_threshold",
	    d->default_threshold);
}

static int load_rules(store *st, struct anomaly_config *cfg,
    struct svc_err *e)
{
	anomaly_config_default(cfg);
	return svc_check(e, store_anomaly_config(st, cfg));
}

int anomaly_rules_view(store *st, json_t **out, struct svc_err *e)
{
	struct anomaly_config cfg;
	json_t *arr;
	int err;

	if ((err = load_rules(st, &cfg, e)))
		return err;
	arr = json_array();
	for (int r = 0; r < AR_COUNT_; r++)
		json_array_append_new(arr, rule_json(r, &cfg));
	*out = json_pack("{s:I,s:o}", "total", (json_int_t)json_array_size(arr),
	    "data", arr);
	return 0;
}

int anomaly_rule_put(store *st, const struct svc_actor *who, int rule,
    bool enabled, int threshold, json_t **out, struct svc_err *e)
{
	struct anomaly_config cfg;
	json_t *before;
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = load_rules(st, &cfg, e)))
		return fail_rollback(st, err);
	before = json_pack("{s:b,s:i}", "enabled", cfg.enabled[rule],
	    "threshold", cfg.threshold[rule]);
	cfg.enabled[rule] = enabled;
	cfg.threshold[rule] = threshold;
	if ((err = svc_check(e, store_anomaly_rule_set(st, anomaly_rules[rule].id,
	    enabled, threshold, who->id, who->now)))) {
		json_decref(before);
		return fail_rollback(st, err);
	}
	if ((err = svc_check(e, audit_actor(st, who, "anomaly_rule.put",
	    "anomaly_rule", anomaly_rules[rule].id, before, json_pack(
	    "{s:b,s:i}", "enabled", enabled, "threshold", threshold)))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	*out = rule_json(rule, &cfg);
	return 0;
}

/* ---- reminders ------------------------------------------------------------ */

int notification_mark_read(store *st, const struct svc_actor *who,
    int64_t id, json_t **out, struct svc_err *e)
{
	char sid[24];
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	err = store_notification_read(st, who->id, id, who->now);
	if (err == GH_ENOTFOUND)
		return fail_rollback(st, svc_fail(e, err, NULL, "提醒%lld不存在",
		    (long long)id));
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if ((err = svc_check(e, err)) || (err = svc_check(e, audit_actor(st, who,
	    "notification.read", "notification", sid, NULL, NULL))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	*out = json_pack("{s:I,s:b}", "id", (json_int_t)id, "read", 1);
	return 0;
}
