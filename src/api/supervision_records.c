/*
 * supervision_records.c - the records of electronic efficiency supervision
 * (纠错与问责) over HTTP: supervision notices (督办单) and the departments'
 * replies, efficiency sanctions (效能告诫, 通报批评, 诫勉, 责任追究), the
 * review of anomalies, the switches and thresholds of the anomaly rules,
 * the yellow and red cards, and the in-app reminders of staff.
 *
 * Thin handlers: each write reads and checks its body, calls one function
 * of service/supervision_records.h (which owns the transaction, the scope
 * of a notice and the audit record) and answers; the lists read the store.
 *
 * Thread-safety: handlers run on server worker threads with their own
 * store; nothing here keeps state.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "domain/day.h"
#include "domain/mask.h"
#include "domain/role.h"
#include "domain/supervision.h"
#include "service/supervision_records.h"
#include "util/gh_err.h"

#define CONTENT_MAX 4000   /* bytes of a notice, reply or reason */
#define EVIDENCE_MAX 8000
#define REPLY_DAYS_MAX 60  /* working days a department may be given */
#define THRESHOLD_MAX 365

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

/* Answers the outcome err of a service call: status with *out (taken),
 * or e.  out is passed by address because the call that fills it is an
 * argument of the same call, evaluated in no set order. */
static void reply_svc(struct http_req *req, int err, int status,
    json_t **out, struct svc_err *e)
{
	if (err)
		api_reply_svc_err(req, e);
	else
		http_reply_json(req, status, *out);
	*out = NULL;
	svc_err_clear(e);
}

static json_t *envelope(json_t *arr)
{
	return json_pack("{s:I,s:o}", "total", (json_int_t)json_array_size(arr),
	    "data", arr);
}

/* ---- 督办单 --------------------------------------------------------------- */

/* POST /supervision/notices {case_id? | dept_id, content, reply_days?}:
 * a supervisor demands that a department act on a case (or on its work)
 * and reply within reply_days working days (default: the setting
 * notice_reply_days).  201 with the notice. */
void api_notice_create(struct http_req *req)
{
	json_t *body = http_body_object(req), *out = NULL;
	struct svc_actor who = api_actor(req);
	struct notice_input in = {0};
	struct svc_err e = {0};

	if (!body)
		return;
	if (!api_int(req, body, "case_id", false, 1, INT64_MAX, &in.case_id) ||
	    !api_int(req, body, "dept_id", false, 1, INT64_MAX, &in.dept_id) ||
	    !api_str(req, body, "content", true, CONTENT_MAX, &in.content) ||
	    !api_int(req, body, "reply_days", false, 1, REPLY_DAYS_MAX,
	    &in.reply_days))
		goto out;
	if (!in.case_id && !in.dept_id) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "dept_id"), "督办单须指定办件(case_id)或被督办单位(dept_id)");
		goto out;
	}
	reply_svc(req, notice_create(req->st, &who, &in, &out, &e), 201, &out,
	    &e);
out:
	json_decref(body);
}

/* GET /supervision/notices?state=&dept=&page=: state is awaiting_reply,
 * replied, closed or overdue (awaiting reply past the reply day). */
void api_notices_list(struct http_req *req)
{
	const char *state_s = http_query(req, "state");
	struct svc_actor who = api_actor(req);
	int64_t dept, scope = notice_scope(&who);
	int page, per_page, state = -1;
	bool overdue = false;
	json_t *out;

	if (!api_page(req, &page, &per_page) ||
	    !api_query_int(req, "dept", 0, &dept))
		return;
	if (state_s && *state_s) {
		for (int i = 0; i < 3; i++)
			if (!strcmp(state_s, notice_state_name(i)))
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
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out = NULL;
	int64_t id;

	if (api_param_id(req, 0, &id))
		reply_svc(req, notice_get_view(req->st, &who, id, &out, &e), 200,
		    &out, &e);
}

/* POST /supervision/notices/{id}/reply {reply}: the chief representative
 * or a reviewer of the department answers, once, while it awaits. */
void api_notice_reply(struct http_req *req)
{
	json_t *body = http_body_object(req), *out = NULL;
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *reply;
	int64_t id;

	if (!body)
		return;
	if (api_str(req, body, "reply", true, CONTENT_MAX, &reply) &&
	    api_param_id(req, 0, &id))
		reply_svc(req, notice_reply(req->st, &who, id, reply, &out, &e),
		    200, &out, &e);
	json_decref(body);
}

/* POST /supervision/notices/{id}/close {note?}: a supervisor closes a
 * notice once the department has replied. */
void api_notice_close(struct http_req *req)
{
	json_t *body = body_or_empty(req), *out = NULL;
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *note;
	int64_t id;

	if (!body)
		return;
	if (api_str(req, body, "note", false, CONTENT_MAX, &note) &&
	    api_param_id(req, 0, &id))
		reply_svc(req, notice_close(req->st, &who, id, note, &out, &e), 200,
		    &out, &e);
	json_decref(body);
}

/* ---- 效能问责 ------------------------------------------------------------- */

/* POST /supervision/sanctions {kind, user_id?, dept_id?, case_id?,
 * notice_id?, reason, evidence}: at least one target. */
void api_sanction_create(struct http_req *req)
{
	json_t *body = http_body_object(req), *out = NULL;
	struct svc_actor who = api_actor(req);
	struct sanction_rec s = {0};
	struct svc_err e = {0};
	const char *kind;

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
	if (!(s.kind = sanction_kind_from_name(kind))) {
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
	reply_svc(req, sanction_create(req->st, &who, &s, &out, &e), 201, &out,
	    &e);
out:
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
		sanction_row_names(row);
	http_reply_json(req, 200, out);
}

/* ---- anomalies and their rules ------------------------------------------ */

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
		anomaly_row_names(row);
	http_reply_json(req, 200, out);
}

/* POST /supervision/anomalies/{id} {status: confirmed|dismissed, note}:
 * a supervisor's finding on an open anomaly, with the reason. */
void api_anomaly_review(struct http_req *req)
{
	json_t *body = http_body_object(req), *out = NULL;
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *status_s, *note;
	int64_t id;
	int status;

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
	reply_svc(req, anomaly_review(req->st, &who, id, status, note, &out, &e),
	    200, &out, &e);
out:
	json_decref(body);
}

/* GET /supervision/rules: every rule with its current switch and
 * threshold beside the defaults. */
void api_rules_list(struct http_req *req)
{
	struct svc_err e = {0};
	json_t *out = NULL;

	reply_svc(req, anomaly_rules_view(req->st, &out, &e), 200, &out, &e);
}

/* PUT /supervision/rules/{id} {enabled, threshold}: takes effect on the
 * next action or sweep (both read the settings in their transaction). */
void api_rule_put(struct http_req *req)
{
	json_t *body = http_body_object(req), *out = NULL;
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
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
	if (body_bool(req, body, "enabled", &enabled) &&
	    api_int(req, body, "threshold", true, 0, THRESHOLD_MAX, &threshold))
		reply_svc(req, anomaly_rule_put(req->st, &who, r, enabled,
		    (int)threshold, &out, &e), 200, &out, &e);
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
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out = NULL;
	int64_t id;

	if (api_param_id(req, 0, &id))
		reply_svc(req, notification_mark_read(req->st, &who, id, &out, &e),
		    200, &out, &e);
}

/* GET /supervision/credit-records: the centre's record of broken 容缺
 * commitments and false promises (issue 11), newest first; ID numbers
 * masked.  Read only. */
void api_credit_records_list(struct http_req *req)
{
	int page, per_page;
	int64_t total = 0;
	json_t *rows, *row;
	size_t i;

	if (!api_page(req, &page, &per_page))
		return;
	if (!api_ok(req, store_credit_records_json(req->st, per_page,
	    (page - 1) * per_page, &rows, &total)))
		return;
	json_array_foreach(rows, i, row) {
		const char *id = json_string_value(json_object_get(row,
		    "id_number"));
		int kind = (int)json_integer_value(json_object_get(row, "kind"));
		char masked[48];

		if (id && !mask_id_number(id, masked, sizeof masked))
			json_object_set_new(row, "id_number", json_string(masked));
		else
			json_object_set_new(row, "id_number", json_string("***"));
		json_object_set_new(row, "kind", json_string(kind ==
		    CREDIT_BROKEN_DEFERRAL ? "broken_deferral" : "false_pledge"));
		json_object_set_new(row, "kind_label", json_string(kind ==
		    CREDIT_BROKEN_DEFERRAL ? "容缺承诺未履行" : "虚假承诺"));
	}
	http_reply_json(req, 200, json_pack("{s:I,s:o}", "total",
	    (json_int_t)total, "data", rows));
}
