/*
 * case_view.c - the case objects of the API and the data scope of a case;
 * see case_view.h (moved here from api/cases.c and, for the clock's
 * explanation, api/calendar.c).
 */
#include "service/case_view.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/form.h"
#include "domain/green.h"
#include "domain/item.h"
#include "domain/mask.h"
#include "domain/pledge.h"
#include "domain/role.h"
#include "domain/supervision.h"
#include "service/agents.h"
#include "service/calendar_cache.h"
#include "service/case_clock.h"
#include "service/joint.h"
#include "util/gh_err.h"

/* ---- form values ---------------------------------------------------------- */

json_t *case_form_view(store *st, int64_t case_id, bool full)
{
	json_t *rows = NULL, *v;
	size_t i;

	if (store_case_form_json(st, case_id, &rows))
		return json_array();
	json_array_foreach(rows, i, v) {
		int type = (int)json_integer_value(json_object_get(v, "type"));
		const char *val = json_string_value(json_object_get(v, "value"));
		char m[64];
		int rc = 1;

		json_object_set_new(v, "type", json_string(form_type_name(type) ?
		    form_type_name(type) : ""));
		if (full || !val || !*val)
			continue;
		/* The same masking as the applicant's own numbers (mask.h). */
		if (type == FT_ID_NUMBER)
			rc = mask_id_number(val, m, sizeof m);
		else if (type == FT_PHONE)
			rc = mask_phone(val, m, sizeof m);
		if (rc == 0) {
			json_object_set_new(v, "value", json_string(m));
			json_object_set_new(v, "display", json_string(m));
		}
	}
	return rows;
}

/* ---- scope --------------------------------------------------------------- */

/* 0 when the logged-in user may see c; GH_ENOTFOUND for another
 * applicant's case (its existence is not revealed), GH_EFORBIDDEN for staff
 * outside their window or department. */
int case_scope(store *st, const struct svc_actor *who,
    const struct case_rec *c)
{
	bool serves = false, acts = false;

	switch (who->role) {
	case ROLE_APPLICANT:
		/* their own, and a company's they act for (经办人) */
		if (c->applicant_id == who->id)
			return 0;
		if (c->applicant_id && !store_agent_acts_for(st, who->id,
		    c->applicant_id, &acts) && acts)
			return 0;
		return GH_ENOTFOUND;
	case ROLE_CLERK:
		if (who->window_id)
			store_window_serves(st, who->window_id, c->dept_id, &serves);
		return serves ? 0 : GH_EFORBIDDEN;
	case ROLE_CHIEF:
		if (who->dept_id == c->dept_id)
			return 0;
		if (who->window_id)
			store_window_serves(st, who->window_id, c->dept_id, &serves);
		return serves ? 0 : GH_EFORBIDDEN;
	case ROLE_REVIEWER:
		return who->dept_id == c->dept_id ? 0 : GH_EFORBIDDEN;
	case ROLE_ADMIN:
	case ROLE_SUPERVISOR:
		return 0;
	case ROLE_AGENT:
		/* 全程代办: only the cases the agent carries now; the others'
		 * existence is not revealed */
		return agents_carries(st, who->id, c) ? 0 : GH_ENOTFOUND;
	default:
		return GH_EFORBIDDEN;
	}
}

/* 并联审批: a co-department's staff read the joint case whose sub-case is
 * theirs (the one form and the one set of materials); what they may do to
 * it is the engine's rule (service/joint.c). */
static int scope_with_joint(store *st, const struct svc_actor *who,
    const struct case_rec *c)
{
	int err = case_scope(st, who, c);

	if (err == GH_EFORBIDDEN && joint_may_read(st, who, c))
		return 0;
	return err;
}

int case_load(store *st, const struct svc_actor *who, int64_t id,
    struct case_rec *c, struct svc_err *e)
{
	int err = store_case_get(st, id, c);

	if (err == GH_ENOTFOUND)
		return svc_fail(e, err, NULL, "办件%lld不存在", (long long)id);
	if (err)
		return svc_fail(e, err, NULL, NULL);
	err = scope_with_joint(st, who, c);
	if (err == GH_ENOTFOUND)
		return svc_fail(e, err, NULL, "办件%lld不存在", (long long)c->id);
	if (err)
		return svc_fail(e, err, NULL, "该办件不属于您的窗口或部门");
	return 0;
}

struct duty_case case_duty_case(const struct case_rec *c)
{
	return (struct duty_case){.dept_id = c->dept_id, .clerk_id = c->clerk_id,
		.handler_id = c->handler_id, .applicant_id = c->applicant_id};
}

struct duty_user case_duty_user(const struct svc_actor *who)
{
	return (struct duty_user){.role = who->role, .id = who->id,
		.dept_id = who->dept_id};
}

/* Only the applicant sees their own ID number and phone in full in any
 * answer; staff see a mask everywhere and the full values only through
 * POST /cases/{id}/reveal (case_reveal), which is audited. */
static bool sees_identity(const struct svc_actor *u, const struct case_rec *c)
{
	struct duty_user du;
	struct duty_case dc = case_duty_case(c);

	if (!u)
		return false;
	du = case_duty_user(u);
	return duty_is_owner(&du, &dc);
}

/* ---- JSON ---------------------------------------------------------------- */

/* The case object of the API.  viewer NULL means the public. */
static json_t *case_json(store *st, const calendar *cal,
    const struct case_rec *c, int32_t today, const struct svc_actor *viewer,
    bool detail)
{
	struct clock_input in;
	struct clock_suspension *susp = NULL;
	struct clock_result res;
	char name[128], id_no[64], phone[40];
	bool has_clock = cal && case_clock(st, cal, c, today, &in, &susp, &res);
	json_t *o;

	if (viewer)
		snprintf(name, sizeof name, "%s", c->applicant_name);
	else
		mask_name(c->applicant_name, name, sizeof name);
	if (sees_identity(viewer, c)) {
		snprintf(id_no, sizeof id_no, "%s", c->applicant_id_no);
		snprintf(phone, sizeof phone, "%s", c->applicant_phone);
	} else {
		mask_id_number(c->applicant_id_no, id_no, sizeof id_no);
		mask_phone(c->applicant_phone, phone, sizeof phone);
	}
	o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:s}", "id",
	    (json_int_t)c->id, "query_code", c->query_code, "state",
	    case_state_name(c->state), "state_label", case_state_label(c->state),
	    "item_code", c->item_code, "item_name", c->item_name, "dept_id",
	    (json_int_t)c->dept_id, "dept_name", c->dept_name);
	json_object_set_new(o, "joint_kind", json_string(c->joint_kind ==
	    JOINT_CASE ? "joint" : c->joint_kind == JOINT_SUB ? "sub" : "none"));
	if (c->joint_kind == JOINT_SUB)
		json_object_set_new(o, "joint_case_id", json_integer(c->parent_id));
	json_object_set_new(o, "applicant", json_pack("{s:s,s:s,s:s,s:s,s:s}",
	    "name", name, "kind", c->applicant_kind, "id_type",
	    c->applicant_id_type, "id_number", id_no, "phone", phone));
	if (detail && viewer) {
		/* the person who filed it for a company (经办人) */
		struct user_rec ag;
		int64_t agent_id = 0;

		if (!store_case_agent(st, c->id, &agent_id) && agent_id &&
		    !store_user_by_id(st, agent_id, &ag))
			json_object_set_new(json_object_get(o, "applicant"), "agent",
			    json_pack("{s:I,s:s}", "id", (json_int_t)ag.id, "name",
			    ag.name));
	}
	json_object_set_new(o, "outcome", c->outcome ?
	    json_string(case_outcome_name(c->outcome)) : json_null());
	json_object_set_new(o, "outcome_label", c->outcome ?
	    json_string(case_outcome_label(c->outcome)) : json_null());
	json_object_set_new(o, "channel", json_string(c->channel));
	json_object_set_new(o, "instant", json_boolean(c->instant));
	json_object_set_new(o, "limit_days", json_integer(c->limit_days));
	{
		/* 绿色通道: the level for everyone, why for those logged in (it
		 * names a key project's basis) */
		const char *level = green_priority_name(c->priority);
		json_t *p = json_pack("{s:s,s:s}", "level", level ? level :
		    "normal", "label", green_priority_label(c->priority));

		if (viewer)
			json_object_set_new(p, "reason", json_string(
			    c->priority_reason));
		json_object_set_new(o, "priority", p);
	}
	json_object_set_new(o, "legal_limit_days",
	    json_integer(c->legal_limit_days));
	json_object_set_new(o, "submitted_day", json_day(c->submitted_day));
	json_object_set_new(o, "accepted_day", json_day(c->accepted_day));
	json_object_set_new(o, "finished_day", json_day(c->finished_day));
	json_object_set_new(o, "deadline", has_clock ? json_day(res.deadline)
	    : json_null());
	json_object_set_new(o, "remaining_working_days", has_clock ?
	    json_integer(res.remaining_days) : json_null());
	json_object_set_new(o, "light", json_string(has_clock ?
	    case_light_name(res.light) : "none"));
	json_object_set_new(o, "paused", json_boolean(has_clock && res.paused));
	json_object_set_new(o, "on_time", has_clock && res.finished ?
	    json_boolean(res.on_time) : json_null());
	if (viewer) {
		json_object_set_new(o, "window_id", c->window_id ?
		    json_integer(c->window_id) : json_null());
		json_object_set_new(o, "clerk_id", c->clerk_id ?
		    json_integer(c->clerk_id) : json_null());
		json_object_set_new(o, "handler_id", c->handler_id ?
		    json_integer(c->handler_id) : json_null());
		json_object_set_new(o, "step_index", json_integer(c->step_index));
		json_object_set_new(o, "decision", json_string(c->decision ==
		    CD_APPROVE ? "approve" : c->decision == CD_DENY ? "deny" : "none"));
		json_object_set_new(o, "reason", json_string(c->reason));
		json_object_set_new(o, "result_name", json_string(c->result_name));
		/* 全程代办: the case's agent, when its result was collected */
		agents_case_view(st, c, viewer, detail, o);
	}
	if (detail && cal) {
		json_t *clock;

		if (has_clock) {
			clock = json_pack("{s:o,s:i,s:o,s:i,s:o,s:i,s:i,s:i,s:b,s:s}",
			    "accepted_day", json_day(c->accepted_day), "limit_days",
			    c->limit_days, "base_deadline", json_day(res.base_deadline),
			    "suspended_days", res.suspended_days, "deadline",
			    json_day(res.deadline), "elapsed_working_days",
			    res.elapsed_days, "remaining_working_days",
			    res.remaining_days, "elapsed_permille", res.elapsed_permille,
			    "paused", res.paused, "light", case_light_name(res.light));
			json_object_set_new(clock, "extension_days",
			    json_integer(res.extension_days));
			json_object_set_new(clock, "explanation",
			    clock_explain_json(cal, &in, &res));
		} else {
			int32_t nd = DAY_NONE;

			case_notice_deadline(cal, c->received_day, &nd);
			clock = json_pack("{s:o,s:s}", "notice_deadline", json_day(nd),
			    "text", "尚未受理:办理时限自受理之日起计算;"
			    "补正告知须在收到材料之日起5个工作日内一次性作出");
		}
		json_object_set_new(o, "clock", clock);
	}
	free(susp);
	return o;
}

/* The light of an open review step (supervision_step_light): "paused"
 * while the whole case's clock is stopped, "none" for a finished step. */
static const char *step_light(const calendar *cal, const struct case_rec *c,
    json_t *step, int32_t today)
{
	int32_t due, end = DAY_NONE;
	const char *v = json_string_value(json_object_get(step, "due_day"));
	const char *e = json_string_value(json_object_get(step, "end_day"));

	if (!v || day_parse_iso(v, &due))
		return "none";
	if (e && day_parse_iso(e, &end))
		return "none";
	if (end == DAY_NONE && (c->state == CS_SUSPENDED ||
	    c->state == CS_AWAITING_MATERIALS))
		return "paused";
	return case_light_name(supervision_step_light(cal, due, end, today,
	    c->warn_days));
}

/* The Chinese label of a timeline event that is not an action of the
 * transition table; the event's own name when there is none. */
static const char *event_label(const char *action)
{
	static const struct {
		const char *name, *label;
	} labels[] = {
		{"apply", "申报"}, {"deadline_moved", "期限调整"},
		{"material.upload", "上传材料"}, {"material.check", "收件核验"},
		{"material.reuse", "复用材料"}, {"document.issue", "出具文书"},
		{"document.reprint", "补打文书"},
		{"deferral.supplied", "容缺材料补齐"},
		{"deferral.remind", "容缺到期提醒"},
		{"pledge.overdue", "告知承诺核查逾期"},
		{"agent.assign", "指派代办员"}, {"agent.end", "终止代办"},
	};

	for (size_t i = 0; action && i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(labels[i].name, action))
			return labels[i].label;
	return action ? action : "";
}

/* Adds materials, notices, suspensions, steps and the timeline of case c
 * to o; the public view shows the timeline alone (without who and notes),
 * so only the timeline is read for it. */
static void case_add_parts(store *st, const calendar *cal,
    const struct case_rec *c, int32_t today, json_t *o, bool public_view)
{
	json_t *parts, *tl, *ev, *s;
	size_t i;

	if (store_case_parts_json(st, c->id, public_view, &parts))
		return;
	tl = json_object_get(parts, "timeline");
	json_array_foreach(tl, i, ev) {
		json_t *f = json_object_get(ev, "from_state");
		json_t *t = json_object_get(ev, "to_state");
		int role = (int)json_integer_value(json_object_get(ev, "role"));
		const char *action = json_string_value(json_object_get(ev,
		    "action"));
		int a = case_action_from_name(action);

		json_object_set_new(ev, "from_state", json_is_integer(f) ?
		    json_string(case_state_name((int)json_integer_value(f))) :
		    json_null());
		json_object_set_new(ev, "to_state", json_is_integer(t) ?
		    json_string(case_state_name((int)json_integer_value(t))) :
		    json_null());
		json_object_set_new(ev, "role", role_name(role) ?
		    json_string(role_name(role)) : json_null());
		json_object_set_new(ev, "action_label", json_string(a >= 0 ?
		    case_action_label(a) : event_label(action)));
		if (public_view) {
			json_object_del(ev, "actor_id");
			json_object_del(ev, "actor_name");
			json_object_del(ev, "note");
		}
	}
	json_array_foreach(json_object_get(parts, "suspensions"), i, s) {
		int p = (int)json_integer_value(json_object_get(s, "procedure"));

		json_object_set_new(s, "procedure", json_string(
		    case_procedure_name(p)));
		json_object_set_new(s, "procedure_label", json_string(
		    case_procedure_label(p)));
	}
	json_array_foreach(json_object_get(parts, "steps"), i, s) {
		int r = (int)json_integer_value(json_object_get(s, "role"));

		json_object_set_new(s, "role", role_name(r) ?
		    json_string(role_name(r)) : json_null());
		json_object_set_new(s, "role_label", json_string(role_label(r)));
		json_object_set_new(s, "light", json_string(step_light(cal, c, s,
		    today)));
	}
	/* 容缺: the day to bring each material, as supplement_by */
	json_array_foreach(json_object_get(parts, "deferrals"), i, s) {
		json_object_set(s, "supplement_by", json_object_get(s,
		    "supplement_by_day"));
		json_object_del(s, "supplement_by_day");
		json_object_set_new(s, "form_label", json_string(material_form_label(
		    (int)json_integer_value(json_object_get(s, "form")))));
		json_object_set_new(s, "form", json_string(material_form_name(
		    (int)json_integer_value(json_object_get(s, "form")))));
	}
	/* 告知承诺: the proofs the promise stands for, and its check */
	json_array_foreach(json_object_get(parts, "pledges"), i, s) {
		int form = (int)json_integer_value(json_object_get(s, "form"));

		json_object_set_new(s, "form_label", json_string(
		    material_form_label(form)));
		json_object_set_new(s, "form", json_string(material_form_name(
		    form)));
	}
	{
		json_t *vs = json_object_get(parts, "verifications");
		json_t *v = json_array_get(vs, 0);

		if (v) {
			int st_ = (int)json_integer_value(json_object_get(v, "status"));
			const char *due = json_string_value(json_object_get(v,
			    "due_day"));
			int32_t dd;
			int late = st_ == PLEDGE_VERIFY_PENDING && due &&
			    !day_parse_iso(due, &dd) ?
			    pledge_verify_overdue_days(dd, today) : 0;

			json_object_set_new(v, "status", json_string(
			    pledge_verify_status_name(st_)));
			json_object_set_new(v, "status_label", json_string(
			    pledge_verify_status_label(st_)));
			json_object_set_new(v, "overdue_days", json_integer(late));
			json_object_set_new(v, "overdue", json_boolean(late > 0));
		}
		json_object_set(parts, "verification", v ? v : json_null());
		json_object_del(parts, "verifications");
	}
	json_array_foreach(json_object_get(parts, "notices"), i, s) {
		json_t *m = json_loads(json_string_value(json_object_get(s,
		    "materials")), 0, NULL);

		json_object_set_new(s, "materials", m ? m : json_array());
	}
	if (public_view) {
		json_object_set(o, "timeline", tl);
	} else {
		json_object_update(o, parts);
		/* The application form as filled in, in form order. */
		json_object_set_new(o, "form", case_form_view(st, c->id, false));
	}
	json_decref(parts);
}


static json_t *explain_json(const struct clock_note *notes, size_t n)
{
	json_t *arr = json_array();
	char a[11], b[11], text[256];

	for (size_t i = 0; i < n; i++) {
		const struct clock_note *c = &notes[i];
		const char *kind = "";

		day_format_iso(c->day, a);
		switch (c->kind) {
		case CLOCK_NOTE_START:
			kind = "start";
			snprintf(text, sizeof text, "%s受理(当日不计入),时限%d个工作日", a,
			    c->days);
			break;
		case CLOCK_NOTE_HOLIDAY:
			kind = "holiday";
			snprintf(text, sizeof text, "%s %s放假,不计入", a,
			    c->name ? c->name : "");
			break;
		case CLOCK_NOTE_MAKEUP:
			kind = "makeup";
			snprintf(text, sizeof text, "%s %s,计入工作日", a,
			    c->name ? c->name : "调休上班");
			break;
		case CLOCK_NOTE_WEEKENDS:
			kind = "weekends";
			snprintf(text, sizeof text, "跳过双休日%d天", c->days);
			break;
		case CLOCK_NOTE_SUSPENSION:
			kind = "suspension";
			if (c->end_day == DAY_NONE)
				snprintf(text, sizeof text, "%s起挂起(特别程序或补正),"
				    "至今顺延%d个工作日", a, c->days);
			else {
				day_format_iso(c->end_day, b);
				snprintf(text, sizeof text, "%s至%s挂起(特别程序或补正),"
				    "顺延%d个工作日", a, b, c->days);
			}
			break;
		case CLOCK_NOTE_EXTENSION:
			kind = "extension";
			snprintf(text, sizeof text, "%s经部门负责人批准,延长审批期限"
			    "%d个工作日(《行政许可法》第四十二条)", a, c->days);
			break;
		case CLOCK_NOTE_DEADLINE:
			kind = "deadline";
			snprintf(text, sizeof text, "办理期限截止于%s", a);
			break;
		default:
			continue;
		}
		json_array_append_new(arr, json_pack("{s:s,s:s,s:o,s:o,s:i,s:s}",
		    "kind", kind, "date", a, "end_date", json_day(c->end_day),
		    "name", c->name ? json_string(c->name) : json_null(),
		    "days", c->days, "text", text));
	}
	return arr;
}

json_t *clock_explain_json(const calendar *cal, const struct clock_input *in,
    const struct clock_result *res)
{
	struct clock_note notes[128];
	size_t n = clock_explain(cal, in, res, notes, 128);

	return explain_json(notes, n < 128 ? n : 128);
}

/* ---- views ---------------------------------------------------------------- */

json_t *case_summary_json(store *st, const calendar *cal,
    const struct case_rec *c, int32_t today, const struct svc_actor *viewer)
{
	return case_json(st, cal, c, today, viewer, false);
}

int case_view_json(store *st, const struct case_rec *c, int32_t today,
    const struct svc_actor *viewer, json_t **out, struct svc_err *e)
{
	struct cal_ref *ref;
	json_t *o;
	int err = calendar_load(st, c->region_id, &ref);

	if (err)
		return svc_fail(e, err, NULL, "无法加载工作日历");
	o = case_json(st, cal_ref_get(ref), c, today, viewer, true);
	case_add_parts(st, cal_ref_get(ref), c, today, o, false);
	cal_ref_release(ref);
	/* 并联审批: the sub-cases of a joint case, a sub-case's joint case */
	if (c->joint_kind)
		joint_view(st, c, today, viewer, o);
	*out = o;
	return 0;
}

int case_get_view(store *st, const struct svc_actor *who, int64_t id,
    json_t **out, struct svc_err *e)
{
	struct case_rec c;
	int err = case_load(st, who, id, &c, e);

	return err ? err : case_view_json(st, &c, who->today, who, out, e);
}

int cases_list_view(store *st, const struct svc_actor *who,
    const struct case_query *q, json_t **out, struct svc_err *e)
{
	struct case_rec *rows;
	int64_t total;
	size_t n;
	json_t *data;
	int err;

	if ((err = svc_check(e, store_cases_list(st, q, &total, &rows, &n))))
		return err;
	data = json_array();
	for (size_t i = 0; i < n; i++) {
		struct cal_ref *ref;

		if ((err = calendar_load(st, rows[i].region_id, &ref))) {
			json_decref(data);
			free(rows);
			return svc_fail(e, err, NULL, "无法加载工作日历");
		}
		json_array_append_new(data, case_json(st, cal_ref_get(ref),
		    &rows[i], who->today, who, false));
		cal_ref_release(ref);
	}
	free(rows);
	*out = json_pack("{s:I,s:i,s:i,s:o}", "total", (json_int_t)total,
	    "page", q->page, "per_page", q->per_page, "data", data);
	return 0;
}

int case_progress_view(store *st, const char *query_code, int32_t today,
    json_t **out, struct svc_err *e)
{
	struct case_rec c;
	struct cal_ref *ref;
	json_t *o;
	int err = store_case_by_query_code(st, query_code, &c);

	if (err == GH_ENOTFOUND)
		return svc_fail(e, err, NULL, "查询码%s不存在,请核对回执上的查询码",
		    query_code);
	if (err)
		return svc_fail(e, err, NULL, NULL);
	if ((err = calendar_load(st, c.region_id, &ref)))
		return svc_fail(e, err, NULL, "无法加载工作日历");
	o = case_json(st, cal_ref_get(ref), &c, today, NULL, false);
	json_object_del(o, "id");
	case_add_parts(st, cal_ref_get(ref), &c, today, o, true);
	cal_ref_release(ref);
	*out = o;
	return 0;
}
