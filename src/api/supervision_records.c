/*
 * supervision_records.c - the records of electronic efficiency supervision
 * (纠错与问责): supervision notices (督办单) and the departments' replies,
 * efficiency sanctions (效能告诫, 通报批评, 诫勉, 责任追究), the review of
 * anomalies, the switches and thresholds of the anomaly rules, the yellow
 * and red cards, and the in-app reminders of staff.
 *
 * Scope: supervisors and administrators see every department; a chief
 * representative or reviewer sees the notices (and a chief the cards) of
 * their own department only, and answers for it.  Every write is one
 * transaction with its audit record; a refused request writes nothing
 * (the checks come before store_begin, or the server rolls back).
 *
 * Thread-safety: handlers run on server worker threads with their own
 * store; nothing here keeps state.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "domain/day.h"
#include "domain/role.h"
#include "domain/supervision.h"
#include "util/gh_err.h"

#define CONTENT_MAX 4000   /* bytes of a notice, reply or reason */
#define EVIDENCE_MAX 8000
#define REPLY_DAYS_MAX 60  /* working days a department may be given */
#define THRESHOLD_MAX 365

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

/* ---- small readers ------------------------------------------------------- */

/* The body as a JSON object; an empty body reads as {} (for actions whose
 * fields are all optional). */
static json_t *body_or_empty(struct http_req *req)
{
	if (req->body_len == 0)
		return json_object();
	return http_body_object(req);
}

static bool body_bool(struct http_req *req, json_t *body, const char *key,
    bool *out)
{
	json_t *v = json_object_get(body, key);

	if (!v || json_is_null(v)) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    key), "字段%s为必填项", key);
		return false;
	}
	if (!json_is_boolean(v)) {
		http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field", key),
		    "字段%s应为true或false", key);
		return false;
	}
	*out = json_is_true(v);
	return true;
}

/* An optional ISO date query parameter (absent: *out = dflt). */
static bool query_day(struct http_req *req, const char *name, int32_t dflt,
    int32_t *out)
{
	const char *v = http_query(req, name);

	*out = dflt;
	if (!v || !*v)
		return true;
	if (day_parse_iso(v, out)) {
		http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field", name),
		    "参数%s应为YYYY-MM-DD格式的日期", name);
		return false;
	}
	return true;
}

/* 422 naming a body field that points at nothing. */
static void reply_missing_ref(struct http_req *req, const char *field,
    const char *what, int64_t id)
{
	http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
	    field), "%s%lld不存在", what, (long long)id);
}

static json_t *envelope(json_t *arr)
{
	return json_pack("{s:I,s:o}", "total", (json_int_t)json_array_size(arr),
	    "data", arr);
}

/* ---- 督办单 --------------------------------------------------------------- */

/* The department whose notices the user sees: 0 (all) for supervisors and
 * administrators, their own for chiefs and reviewers; -1 for staff with
 * no department, who see none. */
static int64_t notice_scope(const struct http_req *req)
{
	if (req->user.role & (ROLE_SUPERVISOR | ROLE_ADMIN))
		return 0;
	return req->user.dept_id ? req->user.dept_id : -1;
}

/* Loads the notice of path parameter 0 and checks that the user may see
 * it: 404 for an unknown id, 403 for another department's notice. */
static bool notice_load(struct http_req *req, struct notice_info *ni)
{
	int64_t id, scope = notice_scope(req);
	int err;

	if (!api_param_id(req, 0, &id))
		return false;
	err = store_notice_info(req->st, id, ni);
	if (err == GH_ENOTFOUND) {
		http_reply_error(req, err, NULL, "督办单%lld不存在", (long long)id);
		return false;
	}
	if (!api_ok(req, err))
		return false;
	if (scope && scope != ni->dept_id) {
		http_reply_error(req, GH_EFORBIDDEN, NULL,
		    "该督办单不是发给您所在单位的");
		return false;
	}
	return true;
}

/* POST /supervision/notices {case_id? | dept_id, content, reply_days?}:
 * a supervisor demands that a department act on a case (or on its work)
 * and reply within reply_days working days (default: the setting
 * notice_reply_days).  201 with the notice. */
void api_notice_create(struct http_req *req)
{
	json_t *body = http_body_object(req), *notice = NULL;
	struct cal_ref *ref = NULL;
	struct notice_rec nr = {0};
	struct case_rec c;
	int64_t case_id = 0, dept_id = 0, reply_days = 5, region, id;
	int32_t due;
	const char *content;
	char sid[24];
	int err;

	if (!body)
		return;
	if (!api_ok(req, store_setting_int(req->st, "notice_reply_days", 5,
	    &reply_days)))
		goto out;
	if (!api_int(req, body, "case_id", false, 1, INT64_MAX, &case_id) ||
	    !api_int(req, body, "dept_id", false, 1, INT64_MAX, &dept_id) ||
	    !api_str(req, body, "content", true, CONTENT_MAX, &content) ||
	    !api_int(req, body, "reply_days", false, 1, REPLY_DAYS_MAX,
	    &reply_days))
		goto out;
	if (!case_id && !dept_id) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "dept_id"), "督办单须指定办件(case_id)或被督办单位(dept_id)");
		goto out;
	}
	if (case_id) {
		err = store_case_get(req->st, case_id, &c);
		if (err == GH_ENOTFOUND) {
			reply_missing_ref(req, "case_id", "办件", case_id);
			goto out;
		}
		if (!api_ok(req, err))
			goto out;
		if (dept_id && dept_id != c.dept_id) {
			http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "dept_id"), "办件%s属于%s,与dept_id不符",
			    c.query_code, c.dept_name);
			goto out;
		}
		dept_id = c.dept_id;
	}
	err = store_dept_region(req->st, dept_id, &region);
	if (err == GH_ENOTFOUND) {
		reply_missing_ref(req, "dept_id", "单位", dept_id);
		goto out;
	}
	if (!api_ok(req, err) || !(ref = api_calendar(req, region)))
		goto out;
	/* the reply is due by the department's own working-day calendar */
	if (calendar_add_workdays(cal_ref_get(ref), req->today, (int)reply_days,
	    &due)) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "reply_days"), "回复期限超出工作日历的范围");
		goto out;
	}
	nr.case_id = case_id;
	nr.dept_id = dept_id;
	nr.rule_id = "";
	nr.content = content;
	nr.issued_by = req->user.id;
	nr.issued_at = req->now;
	nr.issued_day = req->today;
	nr.reply_due_day = due;
	if (!api_ok(req, store_begin(req->st)) ||
	    !api_ok(req, store_notice_add(req->st, &nr, false, &id)) ||
	    !api_ok(req, store_notice_json(req->st, id, req->today, &notice)))
		goto out;
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	api_commit_reply(req, "notice.create", "supervision_notice", sid, NULL,
	    json_incref(notice), 201, &notice);
out:
	json_decref(notice);
	cal_ref_release(ref);
	json_decref(body);
}

/* GET /supervision/notices?state=&dept=&page=: state is awaiting_reply,
 * replied, closed or overdue (awaiting reply past the reply day). */
void api_notices_list(struct http_req *req)
{
	const char *state_s = http_query(req, "state");
	int64_t dept, scope = notice_scope(req);
	int page, per_page, state = -1;
	bool overdue = false;
	json_t *out;

	if (!api_page(req, &page, &per_page) ||
	    !api_query_int(req, "dept", 0, &dept))
		return;
	if (state_s && *state_s) {
		for (int i = 0; i < 3; i++)
			if (!strcmp(state_s, notice_state_names[i]))
				state = i;
		if (!strcmp(state_s, "overdue")) {
			state = NOTICE_AWAITING;
			overdue = true;
		}
		if (state < 0) {
			http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field",
			    "state"), "state应为awaiting_reply、replied、closed或overdue");
			return;
		}
	}
	if (scope) {
		if (scope < 0 || (dept && dept != scope)) {
			http_reply_error(req, GH_EFORBIDDEN, NULL,
			    "只能查看发给本单位的督办单");
			return;
		}
		dept = scope;
	}
	if (api_ok(req, store_notices_json(req->st, state, overdue, dept,
	    req->today, page, per_page, &out)))
		http_reply_json(req, 200, out);
}

void api_notice_get(struct http_req *req)
{
	struct notice_info ni;
	json_t *out;

	if (notice_load(req, &ni) &&
	    api_ok(req, store_notice_json(req->st, ni.id, req->today, &out)))
		http_reply_json(req, 200, out);
}

/* Answers 409 for an action the notice's state does not allow. */
static void reply_notice_state(struct http_req *req, int state,
    const char *what)
{
	http_reply_error(req, GH_ECONFLICT, json_pack("{s:s}", "state",
	    notice_state_names[state]), "督办单当前状态为“%s”,不能%s",
	    notice_state_labels[state], what);
}

/* POST /supervision/notices/{id}/reply {reply}: the chief representative
 * or a reviewer of the department answers, once, while it awaits. */
void api_notice_reply(struct http_req *req)
{
	json_t *body = http_body_object(req), *notice = NULL;
	struct notice_info ni;
	const char *reply;
	char sid[24];
	int err;

	if (!body)
		return;
	if (!api_str(req, body, "reply", true, CONTENT_MAX, &reply) ||
	    !api_ok(req, store_begin(req->st)) || !notice_load(req, &ni))
		goto out;
	if (!req->user.dept_id || req->user.dept_id != ni.dept_id) {
		http_reply_error(req, GH_EFORBIDDEN, NULL,
		    "只有被督办单位的首席代表或审批人员可以回复");
		goto out;
	}
	err = store_notice_reply(req->st, ni.id, reply, req->user.id, req->now,
	    req->today);
	if (err == GH_ECONFLICT) {
		reply_notice_state(req, ni.state, "回复");
		goto out;
	}
	if (!api_ok(req, err) || !api_ok(req, store_notice_json(req->st, ni.id,
	    req->today, &notice)))
		goto out;
	snprintf(sid, sizeof sid, "%lld", (long long)ni.id);
	api_commit_reply(req, "notice.reply", "supervision_notice", sid,
	    json_pack("{s:s}", "state", notice_state_names[ni.state]),
	    json_pack("{s:s,s:s}", "state", "replied", "reply", reply), 200,
	    &notice);
out:
	json_decref(notice);
	json_decref(body);
}

/* POST /supervision/notices/{id}/close {note?}: a supervisor closes a
 * notice once the department has replied. */
void api_notice_close(struct http_req *req)
{
	json_t *body = body_or_empty(req), *notice = NULL;
	struct notice_info ni;
	const char *note;
	char sid[24];
	int err;

	if (!body)
		return;
	if (!api_str(req, body, "note", false, CONTENT_MAX, &note) ||
	    !api_ok(req, store_begin(req->st)) || !notice_load(req, &ni))
		goto out;
	err = store_notice_close(req->st, ni.id, note, req->user.id, req->now,
	    req->today);
	if (err == GH_ECONFLICT) {
		reply_notice_state(req, ni.state, ni.state == NOTICE_AWAITING ?
		    "在回复前办结" : "再次办结");
		goto out;
	}
	if (!api_ok(req, err) || !api_ok(req, store_notice_json(req->st, ni.id,
	    req->today, &notice)))
		goto out;
	snprintf(sid, sizeof sid, "%lld", (long long)ni.id);
	api_commit_reply(req, "notice.close", "supervision_notice", sid,
	    json_pack("{s:s}", "state", notice_state_names[ni.state]),
	    json_pack("{s:s,s:s}", "state", "closed", "note", note ? note : ""),
	    200, &notice);
out:
	json_decref(notice);
	json_decref(body);
}

/* ---- 效能问责 ------------------------------------------------------------- */

/* Replaces the stored kind number of a sanction row by name and label. */
static void sanction_names(json_t *row)
{
	int k = (int)json_integer_value(json_object_get(row, "kind"));

	if (k < 1 || k > SANCTION_KIND_COUNT)
		return;
	json_object_set_new(row, "kind", json_string(sanction_kinds[k - 1].name));
	json_object_set_new(row, "kind_label",
	    json_string(sanction_kinds[k - 1].label));
}

/* The answer to looking up a referenced id: 422 naming the field when it
 * points at nothing, the store's error otherwise. */
static bool ref_found(struct http_req *req, int err, const char *field,
    const char *what, int64_t id)
{
	if (err == GH_ENOTFOUND) {
		reply_missing_ref(req, field, what, id);
		return false;
	}
	return api_ok(req, err);
}

/* Checks the optional ids a sanction refers to; 422 for one that points
 * at nothing, or a target user who is not staff. */
static bool sanction_refs(struct http_req *req, const struct sanction_rec *s)
{
	struct user_rec u;
	struct notice_info ni;
	struct case_rec c;
	int64_t region;
	int err;

	if (s->user_id) {
		err = store_user_by_id(req->st, s->user_id, &u);
		if (!err && (u.role & ROLE_APPLICANT))
			err = GH_ENOTFOUND;
		if (!ref_found(req, err, "user_id", "工作人员", s->user_id))
			return false;
	}
	return (!s->dept_id || ref_found(req, store_dept_region(req->st,
	    s->dept_id, &region), "dept_id", "单位", s->dept_id)) &&
	    (!s->case_id || ref_found(req, store_case_get(req->st, s->case_id,
	    &c), "case_id", "办件", s->case_id)) &&
	    (!s->notice_id || ref_found(req, store_notice_info(req->st,
	    s->notice_id, &ni), "notice_id", "督办单", s->notice_id));
}

/* POST /supervision/sanctions {kind, user_id?, dept_id?, case_id?,
 * notice_id?, reason, evidence}: at least one target. */
void api_sanction_create(struct http_req *req)
{
	json_t *body = http_body_object(req), *out = NULL;
	struct sanction_rec s = {0};
	const char *kind;
	char sid[24];
	int64_t id;

	if (!body)
		return;
	if (!api_str(req, body, "kind", true, 40, &kind) ||
	    !api_int(req, body, "user_id", false, 1, INT64_MAX, &s.user_id) ||
	    !api_int(req, body, "dept_id", false, 1, INT64_MAX, &s.dept_id) ||
	    !api_int(req, body, "case_id", false, 1, INT64_MAX, &s.case_id) ||
	    !api_int(req, body, "notice_id", false, 1, INT64_MAX, &s.notice_id) ||
	    !api_str(req, body, "reason", true, CONTENT_MAX, &s.reason) ||
	    !api_str(req, body, "evidence", true, EVIDENCE_MAX, &s.evidence))
		goto out;
	for (int k = 0; k < SANCTION_KIND_COUNT; k++)
		if (!strcmp(kind, sanction_kinds[k].name) ||
		    !strcmp(kind, sanction_kinds[k].label))
			s.kind = k + 1;
	if (!s.kind) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "kind"), "kind应为warning(效能告诫)、criticism(通报批评)、"
		    "admonition(诫勉)或accountability(责任追究)");
		goto out;
	}
	if (!s.user_id && !s.dept_id) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "user_id"), "问责须指定工作人员(user_id)或单位(dept_id)");
		goto out;
	}
	if (!sanction_refs(req, &s))
		goto out;
	s.issued_by = req->user.id;
	s.issued_at = req->now;
	s.issued_day = req->today;
	if (!api_ok(req, store_begin(req->st)) ||
	    !api_ok(req, store_sanction_add(req->st, &s, &id)) ||
	    !api_ok(req, store_sanction_json(req->st, id, &out)))
		goto out;
	sanction_names(out);
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	api_commit_reply(req, "sanction.create", "sanction", sid, NULL,
	    json_incref(out), 201, &out);
out:
	json_decref(out);
	json_decref(body);
}

void api_sanctions_list(struct http_req *req)
{
	int64_t dept, user;
	int page, per_page;
	json_t *out, *row;
	size_t i;

	if (!api_page(req, &page, &per_page) ||
	    !api_query_int(req, "dept", 0, &dept) ||
	    !api_query_int(req, "user", 0, &user) ||
	    !api_ok(req, store_sanctions_json(req->st, dept, user, page, per_page,
	    &out)))
		return;
	json_array_foreach(json_object_get(out, "data"), i, row)
		sanction_names(row);
	http_reply_json(req, 200, out);
}

/* ---- anomalies and their rules ------------------------------------------ */

/* Adds the rule's name and the status by name to an anomaly row. */
static void anomaly_names(json_t *row)
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

static int anomaly_status_from_name(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(s, anomaly_status_names[i]))
			return i;
	return -1;
}

/* GET /supervision/anomalies?status=&rule=&dept=&page= */
void api_anomalies_list(struct http_req *req)
{
	const char *status_s = http_query(req, "status");
	const char *rule = http_query(req, "rule");
	int64_t dept;
	int page, per_page, status = -1;
	json_t *out, *row;
	size_t i;

	if (!api_page(req, &page, &per_page) ||
	    !api_query_int(req, "dept", 0, &dept))
		return;
	if (status_s && *status_s &&
	    (status = anomaly_status_from_name(status_s)) < 0) {
		http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field",
		    "status"), "status应为open、confirmed或dismissed");
		return;
	}
	if (rule && !*rule)
		rule = NULL;
	if (rule && anomaly_rule_from_id(rule) < 0) {
		http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field", "rule"),
		    "异常规则%s不存在", rule);
		return;
	}
	if (!api_ok(req, store_anomalies_page_json(req->st, status, rule, dept,
	    page, per_page, &out)))
		return;
	json_array_foreach(json_object_get(out, "data"), i, row)
		anomaly_names(row);
	http_reply_json(req, 200, out);
}

/* POST /supervision/anomalies/{id} {status: confirmed|dismissed, note}:
 * a supervisor's finding on an open anomaly, with the reason. */
void api_anomaly_review(struct http_req *req)
{
	json_t *body = http_body_object(req), *out = NULL;
	const char *status_s, *note;
	char sid[24];
	int64_t id;
	int status, err;

	if (!body)
		return;
	if (!api_param_id(req, 0, &id) ||
	    !api_str(req, body, "status", true, 20, &status_s) ||
	    !api_str(req, body, "note", true, CONTENT_MAX, &note))
		goto out;
	status = anomaly_status_from_name(status_s);
	if (status != 1 && status != 2) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "status"), "status应为confirmed(确认)或dismissed(排除)");
		goto out;
	}
	if (!api_ok(req, store_begin(req->st)))
		goto out;
	err = store_anomaly_review(req->st, id, status, note, req->user.id,
	    req->now);
	if (err == GH_ENOTFOUND) {
		http_reply_error(req, err, NULL, "异常%lld不存在", (long long)id);
		goto out;
	}
	if (err == GH_ECONFLICT) {
		http_reply_error(req, err, NULL, "该异常已核查,不能重复处理");
		goto out;
	}
	if (!api_ok(req, err) || !api_ok(req, store_anomaly_json(req->st, id,
	    &out)))
		goto out;
	anomaly_names(out);
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	api_commit_reply(req, "anomaly.review", "anomaly", sid,
	    json_pack("{s:s}", "status", "open"), json_pack("{s:s,s:s}", "status",
	    anomaly_status_names[status], "note", note), 200, &out);
out:
	json_decref(out);
	json_decref(body);
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

static bool load_rules(struct http_req *req, struct anomaly_config *cfg)
{
	anomaly_config_default(cfg);
	return api_ok(req, store_anomaly_config(req->st, cfg));
}

/* GET /supervision/rules: every rule with its current switch and
 * threshold beside the defaults. */
void api_rules_list(struct http_req *req)
{
	struct anomaly_config cfg;
	json_t *arr;

	if (!load_rules(req, &cfg))
		return;
	arr = json_array();
	for (int r = 0; r < AR_COUNT_; r++)
		json_array_append_new(arr, rule_json(r, &cfg));
	http_reply_json(req, 200, envelope(arr));
}

/* PUT /supervision/rules/{id} {enabled, threshold}: takes effect on the
 * next action or sweep (both read the settings in their transaction). */
void api_rule_put(struct http_req *req)
{
	json_t *body = http_body_object(req);
	struct anomaly_config cfg;
	int64_t threshold = 0;
	bool enabled;
	int r;

	if (!body)
		return;
	r = anomaly_rule_from_id(req->params[0]);
	if (r < 0) {
		http_reply_error(req, GH_ENOTFOUND, NULL, "异常规则%s不存在",
		    req->params[0]);
		goto out;
	}
	if (!body_bool(req, body, "enabled", &enabled) ||
	    !api_int(req, body, "threshold", true, 0, THRESHOLD_MAX, &threshold) ||
	    !api_ok(req, store_begin(req->st)) || !load_rules(req, &cfg))
		goto out;
	{
		json_t *before = json_pack("{s:b,s:i}", "enabled", cfg.enabled[r],
		    "threshold", cfg.threshold[r]);

		cfg.enabled[r] = enabled;
		cfg.threshold[r] = (int)threshold;
		if (!api_ok(req, store_anomaly_rule_set(req->st, anomaly_rules[r].id,
		    enabled, (int)threshold, req->user.id, req->now)) ||
		    !api_ok(req, api_audit(req, "anomaly_rule.put", "anomaly_rule",
		    anomaly_rules[r].id, before, json_pack("{s:b,s:i}", "enabled",
		    enabled, "threshold", (int)threshold))) ||
		    !api_ok(req, store_commit(req->st)))
			goto out;
	}
	http_reply_json(req, 200, rule_json(r, &cfg));
out:
	json_decref(body);
}

/* ---- cards --------------------------------------------------------------- */

/* GET /supervision/cards?dept=&from=&to=: the yellow and red cards (黄牌/
 * 红牌) issued in the period (default: all); a chief sees their own
 * department's. */
void api_cards_list(struct http_req *req)
{
	int64_t dept, yellow = 0;
	int32_t from, to;
	json_t *arr, *row;
	size_t i;

	if (!api_query_int(req, "dept", 0, &dept) ||
	    !query_day(req, "from", 0, &from) ||
	    !query_day(req, "to", INT32_MAX, &to))
		return;
	if (to < from) {
		http_reply_error(req, GH_EINVAL, NULL, "from不得晚于to");
		return;
	}
	if (!(req->user.role & (ROLE_SUPERVISOR | ROLE_ADMIN))) {
		if (!req->user.dept_id || (dept && dept != req->user.dept_id)) {
			http_reply_error(req, GH_EFORBIDDEN, NULL,
			    "只能查看本单位的黄牌和红牌");
			return;
		}
		dept = req->user.dept_id;
	}
	if (!api_ok(req, store_cards_json(req->st, dept, from, to, &arr)))
		return;
	json_array_foreach(arr, i, row)
		yellow += !strcmp(json_string_value(json_object_get(row, "kind")),
		    "yellow_card");
	row = envelope(arr);
	json_object_set_new(row, "yellow_cards", json_integer(yellow));
	json_object_set_new(row, "red_cards",
	    json_integer((json_int_t)json_array_size(arr) - yellow));
	http_reply_json(req, 200, row);
}

/* ---- notifications ------------------------------------------------------- */

/* GET /notifications?unread=1: the logged-in staff member's reminders. */
void api_notifications_list(struct http_req *req)
{
	const char *unread_s = http_query(req, "unread");
	bool unread_only = false;
	json_t *arr, *row, *out;
	int64_t unread = 0;
	size_t i;

	if (unread_s && *unread_s) {
		if (!strcmp(unread_s, "1") || !strcmp(unread_s, "true"))
			unread_only = true;
		else if (strcmp(unread_s, "0") && strcmp(unread_s, "false")) {
			http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field",
			    "unread"), "参数unread应为1或0");
			return;
		}
	}
	if (!api_ok(req, store_notifications_json(req->st, req->user.id,
	    unread_only, &arr)))
		return;
	json_array_foreach(arr, i, row)
		unread += json_is_null(json_object_get(row, "read_at"));
	out = envelope(arr);
	json_object_set_new(out, "unread", json_integer(unread));
	http_reply_json(req, 200, out);
}

/* POST /notifications/{id}/read: 404 for another user's notification. */
void api_notification_read(struct http_req *req)
{
	char sid[24];
	int64_t id;
	int err;

	if (!api_param_id(req, 0, &id) || !api_ok(req, store_begin(req->st)))
		return;
	err = store_notification_read(req->st, req->user.id, id, req->now);
	if (err == GH_ENOTFOUND) {
		http_reply_error(req, err, NULL, "提醒%lld不存在", (long long)id);
		return;
	}
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (!api_ok(req, err) || !api_ok(req, api_audit(req, "notification.read",
	    "notification", sid, NULL, NULL)) ||
	    !api_ok(req, store_commit(req->st)))
		return;
	http_reply_json(req, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id,
	    "read", 1));
}
