/*
 * cases.c - cases (办件): apply, act, reveal, read, list, and the public
 * progress query.  Thin handlers: each reads and checks the request,
 * narrows a list to the user's data scope, calls one function of the case
 * engine (service/case_engine.h) or of its views (service/case_view.h),
 * and answers.  The rules, the transactions and the scope of one case
 * live there.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/calendar.h"
#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/role.h"
#include "service/case_engine.h"
#include "service/case_view.h"
#include "util/gh_err.h"

#define NOTE_MAX 1000

void api_case_create(struct http_req *req)
{
	json_t *body = http_body_object(req), *ap;
	struct case_submission sub = {0};
	struct svc_err e = {0};
	struct svc_actor who = api_actor(req);
	json_t *view;

	if (!body)
		return;
	if (!api_str(req, body, "item_code", false, 24, &sub.item_code) ||
	    !api_str(req, body, "matter_code", false, 24, &sub.matter_code) ||
	    !api_str_array(req, body, "materials", false, 100, &sub.materials,
	    &sub.n_materials) ||
	    !api_str(req, body, "note", false, NOTE_MAX, &sub.note))
		goto out;
	/* one item, or a joint matter (并联审批) of several */
	if (!sub.item_code == !sub.matter_code) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    sub.item_code ? "matter_code" : "item_code"), sub.item_code ?
		    "item_code与matter_code只能填写其一" : "请填写申报的事项"
		    "(item_code)或主题事项(matter_code)");
		goto out;
	}
	sub.form = json_object_get(body, "form"); /* checked by the engine */
	if (req->user.role == ROLE_APPLICANT) {
		int64_t company = 0;

		if (!api_int(req, body, "company_id", false, 1, INT64_MAX, &company))
			goto out;
		sub.company_id = company;
		sub.name = req->user.name;
		sub.id_number = req->user.id_number;
		sub.phone = req->user.phone;
		sub.kind = *req->user.kind ? req->user.kind : "person";
	} else {
		ap = json_object_get(body, "applicant");
		if (!json_is_object(ap)) {
			http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "applicant"), "窗口登记办件须填写申请人信息"
			    "(applicant: name, id_number, phone)");
			goto out;
		}
		if (!api_str(req, ap, "name", true, 90, &sub.name) ||
		    !api_str(req, ap, "id_number", true, 38, &sub.id_number) ||
		    !api_str(req, ap, "phone", false, 30, &sub.phone) ||
		    !api_str(req, ap, "kind", false, 15, &sub.kind) ||
		    !api_str(req, ap, "id_type", false, 15, &sub.id_type))
			goto out;
		if (sub.kind && strcmp(sub.kind, "person") &&
		    strcmp(sub.kind, "company")) {
			http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "applicant.kind"), "申请人类型应为person或company");
			goto out;
		}
	}
	if (case_submit(req->st, &who, &sub, &view, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 201, view);
out:
	svc_err_clear(&e);
	free(sub.materials);
	json_decref(body);
}

/* ---- actions ------------------------------------------------------------- */

void api_case_action(struct http_req *req)
{
	json_t *body = http_body_object(req);
	struct case_action_args a = {0};
	struct svc_err e = {0};
	struct svc_actor who = api_actor(req);
	const char *action_s, *by_s = NULL;
	json_t *view, *result;
	int64_t id;

	if (!body)
		return;
	if (!api_param_id(req, 0, &id) ||
	    !api_str(req, body, "action", true, 40, &action_s) ||
	    !api_str(req, body, "reason", false, NOTE_MAX, &a.reason) ||
	    !api_str(req, body, "note", false, NOTE_MAX, &a.note) ||
	    !api_str(req, body, "procedure", false, 40, &a.procedure) ||
	    !api_str(req, body, "applicant_request", false, NOTE_MAX,
	    &a.applicant_request) ||
	    !api_str_array(req, body, "materials", false, 100, &a.materials,
	    &a.n_materials) ||
	    !api_int(req, body, "next_handler_id", false, 1, INT64_MAX,
	    &a.next_handler_id) ||
	    !api_int(req, body, "approver_id", false, 1, INT64_MAX,
	    &a.approver_id) ||
	    !api_int(req, body, "expected_days", false, 1,
	    CASE_SUSPEND_EXPECTED_MAX, &a.expected_days) ||
	    !api_int(req, body, "days", false, 1, CASE_EXTENSION_MAX_DAYS,
	    &a.days) ||
	    !api_str_array(req, body, "missing", false, 100, &a.missing,
	    &a.n_missing) ||
	    !api_str(req, body, "supplement_by", false, 10, &by_s) ||
	    !api_str_array(req, body, "pledged", false, 100, &a.pledged,
	    &a.n_pledged))
		goto out;
	/* verify_pledge: "true" / "false" (or the JSON booleans) */
	result = json_object_get(body, "result");
	if (result && !json_is_null(result)) {
		const char *rs = json_string_value(result);

		if (json_is_boolean(result))
			a.pledge_result = json_is_true(result) ?
			    PLEDGE_RESULT_TRUE : PLEDGE_RESULT_FALSE;
		else if (rs && !strcmp(rs, "true"))
			a.pledge_result = PLEDGE_RESULT_TRUE;
		else if (rs && !strcmp(rs, "false"))
			a.pledge_result = PLEDGE_RESULT_FALSE;
		else {
			http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "result"), "核查结果(result)应为true(承诺属实)或"
			    "false(承诺不实)");
			goto out;
		}
	}
	if (by_s && (day_parse_iso(by_s, &a.supplement_by) ||
	    !calendar_in_range(a.supplement_by))) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "supplement_by"), "补交期限(supplement_by)应为YYYY-MM-DD格式的日期");
		goto out;
	}
	if ((a.action = case_action_from_name(action_s)) < 0) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "action"), "未知的操作%s", action_s);
		goto out;
	}
	if (case_act(req->st, &who, id, &a, &view, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, view);
out:
	svc_err_clear(&e);
	free(a.materials);
	free(a.missing);
	free(a.pledged);
	json_decref(body);
}

/* ---- reveal ------------------------------------------------------------- */

#define REVEAL_REASON_MAX 600   /* bytes: about 200 Chinese characters */

/* POST /cases/{id}/reveal {reason}: the applicant's full ID number and
 * phone for staff who handle the case (case_reveal, audited); an empty
 * reason 422. */
void api_case_reveal(struct http_req *req)
{
	json_t *body = http_body_object(req), *out;
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *reason;
	int64_t id;

	if (!body)
		return;
	if (!api_param_id(req, 0, &id) ||
	    !api_str(req, body, "reason", true, REVEAL_REASON_MAX, &reason))
		goto out;
	if (!reason[strspn(reason, " \t\r\n")]) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "reason"), "请填写查看完整证件号码和电话的理由");
		goto out;
	}
	if (case_reveal(req->st, &who, id, reason, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
out:
	svc_err_clear(&e);
	json_decref(body);
}

/* ---- reads --------------------------------------------------------------- */

void api_case_get(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *view;
	int64_t id;

	if (!api_param_id(req, 0, &id))
		return;
	if (case_get_view(req->st, &who, id, &view, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, view);
	svc_err_clear(&e);
}

/* A user as {id, name, role, role_label}, or JSON null. */
static json_t *user_brief(store *st, int64_t id)
{
	struct user_rec u;

	if (!id || store_user_by_id(st, id, &u))
		return json_null();
	return json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)u.id, "name",
	    u.name, "role", role_name(u.role), "role_label", role_label(u.role));
}

/* GET /cases/{id}/handlers: who holds the case now, and for a case
 * accepted or under review the review step that comes next, whom the
 * department's rule would hand it to (its least-loaded holder of the
 * step's role, as the engine picks) and whom the clerk may name instead
 * (next_handler_id on start_review / approve).  Read only. */
void api_case_handlers(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	struct case_rec c;
	json_t *out, *cands = NULL, *next = json_null(), *approvers = NULL;
	int64_t id, pick = 0;
	int idx = -1, role = 0, limit;

	if (!api_param_id(req, 0, &id))
		return;
	if (case_load(req->st, &who, id, &c, &e)) {
		api_reply_svc_err(req, &e);
		svc_err_clear(&e);
		return;
	}
	if (c.state == CS_ACCEPTED && !c.instant)
		idx = c.step_index;
	else if (c.state == CS_UNDER_REVIEW)
		idx = c.step_index + 1;
	if (idx >= 0 && (store_case_step_info(req->st, c.id, idx, &role,
	    &limit) || role == ROLE_CLERK))
		idx = -1;
	if (idx >= 0) {
		if (!api_ok(req, store_handler_candidates_json(req->st, c.dept_id,
		    role, &cands)))
			return;
		if (store_pick_handler(req->st, c.dept_id, role, &pick) &&
		    store_pick_handler(req->st, c.dept_id, ROLE_CHIEF, &pick))
			pick = 0;
		for (size_t i = 0; i < json_array_size(cands); i++) {
			json_t *row = json_array_get(cands, i);
			int r = (int)json_integer_value(json_object_get(row, "role"));

			json_object_set_new(row, "role", json_string(role_name(r)));
			json_object_set_new(row, "role_label",
			    json_string(role_label(r)));
		}
		json_decref(next);
		next = json_pack("{s:i,s:s,s:s,s:o,s:o}", "step_index", idx,
		    "role", role_name(role), "role_label", role_label(role),
		    "suggested", user_brief(req->st, pick), "candidates", cands);
	}
	/* who may approve a suspension (挂起) the actor takes: the
	 * department's active reviewers and chief, the actor aside */
	if (c.state == CS_ACCEPTED || c.state == CS_UNDER_REVIEW) {
		json_t *all;

		if (!api_ok(req, store_handler_candidates_json(req->st, c.dept_id,
		    ROLE_REVIEWER, &all))) {
			json_decref(next);
			return;
		}
		approvers = json_array();
		for (size_t i = 0; i < json_array_size(all); i++) {
			json_t *row = json_array_get(all, i);
			int r = (int)json_integer_value(json_object_get(row, "role"));

			if (json_integer_value(json_object_get(row, "id")) == who.id)
				continue;
			json_object_set_new(row, "role", json_string(role_name(r)));
			json_object_set_new(row, "role_label",
			    json_string(role_label(r)));
			json_array_append(approvers, row);
		}
		json_decref(all);
	}
	out = json_pack("{s:I,s:o,s:o,s:o}", "case_id", (json_int_t)c.id,
	    "holder", user_brief(req->st, c.handler_id), "next", next,
	    "approvers", approvers ? approvers : json_array());
	http_reply_json(req, 200, out);
}

void api_cases_list(struct http_req *req)
{
	struct case_query q = {.state = -1};
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *state = http_query(req, "state");
	const char *mine = http_query(req, "mine");
	int64_t dept, window;
	json_t *out;

	if (!api_page(req, &q.page, &q.per_page) ||
	    !api_query_int(req, "dept", 0, &dept) ||
	    !api_query_int(req, "window", 0, &window))
		return;
	if (state && *state && strcmp(state, "open") &&
	    (q.state = case_state_from_name(state)) < 0) {
		http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field", "state"),
		    "未知的办件状态%s", state);
		return;
	}
	q.open_only = state && !strcmp(state, "open");
	q.dept_id = dept;
	q.window_id = window;
	switch (req->user.role) {
	case ROLE_APPLICANT:
		q.applicant_id = req->user.id;
		break;
	case ROLE_CLERK:
		q.serves_window_id = req->user.window_id ? req->user.window_id : -1;
		break;
	case ROLE_AGENT:
		/* 全程代办: the worklist of the cases the agent carries */
		q.agent_id = req->user.id;
		break;
	case ROLE_CHIEF:
	case ROLE_REVIEWER:
		q.dept_id = req->user.dept_id ? req->user.dept_id : -1;
		if (dept && dept != req->user.dept_id) {
			http_reply_error(req, GH_EFORBIDDEN, NULL, "只能查看本部门的办件");
			return;
		}
		break;
	default:
		break;
	}
	if (mine && (!strcmp(mine, "1") || !strcmp(mine, "true")))
		q.handler_id = req->user.id;
	if (cases_list_view(req->st, &who, &q, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
	svc_err_clear(&e);
}

/* GET /progress/{query_code}: public, no login; the applicant's name is
 * masked and staff names and notes are left out. */
void api_progress(struct http_req *req)
{
	struct svc_err e = {0};
	json_t *out;

	if (strlen(req->params[0]) > 15) {
		http_reply_error(req, GH_ENOTFOUND, NULL, "查询码不存在");
		return;
	}
	if (case_progress_view(req->st, req->params[0], req->today, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
	svc_err_clear(&e);
}
