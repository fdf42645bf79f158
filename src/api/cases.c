/*
 * cases.c - cases (办件): apply, act, read, list, and the public progress
 * query.
 *
 * Every action is one store transaction: load the case, check scope, ask
 * the transition table (domain/case_fsm) whether the action is allowed for
 * this role and state, apply its effect (clock, steps, notices,
 * suspensions), recompute the deadline with the working-day clock, write
 * the case, its timeline event and the audit record, commit.  Any refusal
 * answers before anything is written.
 *
 * Data scope: an applicant sees only their own cases (others answer 404);
 * a clerk the cases of the departments their window serves; a chief
 * representative or reviewer those of their department; administrators
 * and supervisors all (supervisors read only).
 */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/duty.h"
#include "domain/mask.h"
#include "domain/role.h"
#include "domain/supervision.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

#define NOTE_MAX 1000

static int refuse(struct case_refusal *r, int err, json_t *extra,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int refuse(struct case_refusal *r, int err, json_t *extra,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof r->msg, fmt, ap);
	va_end(ap);
	json_decref(r->extra);
	r->extra = extra;
	r->err = err;
	return err;
}

static struct case_actor actor_of(const struct http_req *req)
{
	struct case_actor who = {
		.id = req->user.id, .name = req->user.name, .role = req->user.role,
		.dept_id = req->user.dept_id, .window_id = req->user.window_id,
	};

	return who;
}

static void reply_refusal(struct http_req *req, struct case_refusal *r)
{
	http_reply_error(req, r->err, r->extra, "%s", r->msg);
	r->extra = NULL;
}

/* ---- clock --------------------------------------------------------------- */

bool case_clock(store *st, const calendar *cal, const struct case_rec *c,
    int32_t today, struct clock_input *in, struct clock_suspension **susp,
    struct clock_result *res)
{
	size_t n = 0;

	*susp = NULL;
	if (c->accepted_day == DAY_NONE)
		return false;
	if (store_case_suspensions(st, c->id, susp, &n))
		return false;
	memset(in, 0, sizeof *in);
	in->start_day = c->accepted_day;
	in->limit_days = c->limit_days;
	in->susp = *susp;
	in->n_susp = n;
	in->end_day = c->finished_day;
	in->today = today;
	in->warn_days = c->warn_days;
	return clock_compute(cal, in, res) == 0;
}

static const char *light_name(int light)
{
	static const char *names[] = {"none", "green", "yellow", "red"};

	return names[light & 3];
}

/* ---- scope --------------------------------------------------------------- */

/* 0 when the logged-in user may see c; GH_ENOTFOUND for another
 * applicant's case (its existence is not revealed), GH_EFORBIDDEN for staff
 * outside their window or department. */
static int case_scope(struct http_req *req, const struct case_rec *c)
{
	const struct user_rec *u = &req->user;
	bool serves = false;

	switch (u->role) {
	case ROLE_APPLICANT:
		return c->applicant_id == u->id ? 0 : GH_ENOTFOUND;
	case ROLE_CLERK:
		if (u->window_id)
			store_window_serves(req->st, u->window_id, c->dept_id, &serves);
		return serves ? 0 : GH_EFORBIDDEN;
	case ROLE_CHIEF:
		if (u->dept_id == c->dept_id)
			return 0;
		if (u->window_id)
			store_window_serves(req->st, u->window_id, c->dept_id, &serves);
		return serves ? 0 : GH_EFORBIDDEN;
	case ROLE_REVIEWER:
		return u->dept_id == c->dept_id ? 0 : GH_EFORBIDDEN;
	case ROLE_ADMIN:
	case ROLE_SUPERVISOR:
		return 0;
	default:
		return GH_EFORBIDDEN;
	}
}

static bool scope_ok(struct http_req *req, const struct case_rec *c)
{
	int err = case_scope(req, c);

	if (err == GH_ENOTFOUND)
		http_reply_error(req, err, NULL, "办件%lld不存在", (long long)c->id);
	else if (err)
		http_reply_error(req, err, NULL, "该办件不属于您的窗口或部门");
	return !err;
}

/* The duty module's view of a case and of a user. */
static struct duty_case duty_case_of(const struct case_rec *c)
{
	return (struct duty_case){.dept_id = c->dept_id, .clerk_id = c->clerk_id,
		.handler_id = c->handler_id, .applicant_id = c->applicant_id};
}

static struct duty_user duty_user_of(const struct user_rec *u)
{
	return (struct duty_user){.role = u->role, .id = u->id,
		.dept_id = u->dept_id};
}

/* Only the applicant sees their own ID number and phone in full in any
 * answer; staff see a mask everywhere and the full values only through
 * POST /cases/{id}/reveal (api_case_reveal), which is audited. */
static bool sees_identity(const struct user_rec *u, const struct case_rec *c)
{
	struct duty_user du;
	struct duty_case dc = duty_case_of(c);

	if (!u)
		return false;
	du = duty_user_of(u);
	return duty_is_owner(&du, &dc);
}

/* ---- JSON ---------------------------------------------------------------- */

/* The case object of the API.  viewer NULL means the public. */
static json_t *case_json(store *st, const calendar *cal,
    const struct case_rec *c, int32_t today, const struct user_rec *viewer,
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
	json_object_set_new(o, "applicant", json_pack("{s:s,s:s,s:s,s:s,s:s}",
	    "name", name, "kind", c->applicant_kind, "id_type",
	    c->applicant_id_type, "id_number", id_no, "phone", phone));
	json_object_set_new(o, "outcome", c->outcome ?
	    json_string(case_outcome_name(c->outcome)) : json_null());
	json_object_set_new(o, "outcome_label", c->outcome ?
	    json_string(case_outcome_label(c->outcome)) : json_null());
	json_object_set_new(o, "channel", json_string(c->channel));
	json_object_set_new(o, "instant", json_boolean(c->instant));
	json_object_set_new(o, "limit_days", json_integer(c->limit_days));
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
	    light_name(res.light) : "none"));
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
			    "paused", res.paused, "light", light_name(res.light));
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
	return light_name(supervision_step_light(cal, due, end, today,
	    c->warn_days));
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
		    case_action_label(a) : !strcmp(action, "apply") ? "申报" :
		    !strcmp(action, "deadline_moved") ? "期限调整" : action));
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
	json_array_foreach(json_object_get(parts, "notices"), i, s) {
		json_t *m = json_loads(json_string_value(json_object_get(s,
		    "materials")), 0, NULL);

		json_object_set_new(s, "materials", m ? m : json_array());
	}
	if (public_view) {
		json_object_set(o, "timeline", tl);
	} else {
		json_object_update(o, parts);
	}
	json_decref(parts);
}

/* The answer for one case, with everything a case page shows. */
static void reply_case(struct http_req *req, int status,
    const struct case_rec *c)
{
	struct cal_ref *ref = api_calendar(req, c->region_id);
	json_t *o;

	if (!ref)
		return;
	o = case_json(req->st, cal_ref_get(ref), c, req->today, &req->user,
	    true);
	case_add_parts(req->st, cal_ref_get(ref), c, req->today, o, false);
	cal_ref_release(ref);
	http_reply_json(req, status, o);
}

/* ---- apply --------------------------------------------------------------- */

static void make_query_code(char out[13])
{
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	unsigned char raw[12];

	randombytes_buf(raw, sizeof raw);
	for (int i = 0; i < 12; i++)
		out[i] = alphabet[raw[i] % 32];
	out[12] = '\0';
}

static int event(store *st, const struct case_rec *c, int64_t actor_id, const char *actor_name, int role, const char *action,
    int from, int to, const char *note, int64_t now, int32_t today)
{
	struct case_event ev = {
		.case_id = c->id, .at = now, .day = today, .actor_id = actor_id,
		.actor_name = actor_name, .role = role, .action = action,
		.from_state = from, .to_state = to, .note = note,
	};

	return store_case_event_add(st, &ev);
}

static json_t *case_brief(const struct case_rec *c)
{
	return json_pack("{s:s,s:o,s:o,s:s}", "state", case_state_name(c->state),
	    "deadline", json_day(c->deadline_day), "finished", json_day(
	    c->finished_day), "outcome", case_outcome_name(c->outcome));
}

/* Names in materials that the item does not list; NULL when all known. */
static const char *unknown_material(const struct item *it,
    const char *const *materials, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool found = false;

		for (size_t j = 0; j < it->n_materials && !found; j++)
			found = !strcmp(it->materials[j].name, materials[i]);
		if (!found)
			return materials[i];
	}
	return NULL;
}


static int material_check(const struct item *it, const char *const *materials,
    size_t n, struct case_refusal *r);

int case_engine_submit(store *st, const struct case_actor *who,
    const struct case_submission *sub, int32_t today, int64_t now,
    struct case_rec *c, struct case_refusal *r)
{
	struct item it = {0};
	int64_t item_id, dept_id, region_id, warn;
	bool serves = false;
	char cid[24];
	int err;

	err = store_item_get(st, sub->item_code, &it, &item_id, &dept_id);
	if (err == GH_ENOTFOUND)
		return refuse(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "item_code"), "事项%s不存在", sub->item_code);
	if (err)
		return refuse(r, err, NULL, "%s", gh_err_info(err)->message);
	if (it.retired) {
		err = refuse(r, GH_ECONFLICT, NULL, "事项“%s”已停用,不再受理",
		    it.name);
		goto out;
	}
	if ((err = material_check(&it, sub->materials, sub->n_materials, r)))
		goto out;
	memset(c, 0, sizeof *c);
	c->used_days = c->on_time = -1;
	if (who->role == ROLE_APPLICANT) {
		c->applicant_id = who->id;
		snprintf(c->channel, sizeof c->channel, "online");
	} else {
		/* a walk-in registered at the window */
		if (who->window_id)
			store_window_serves(st, who->window_id, dept_id, &serves);
		if (!serves && !(who->role == ROLE_CHIEF && who->dept_id == dept_id)) {
			err = refuse(r, GH_EFORBIDDEN, NULL, "本窗口不受理“%s”的事项",
			    it.name);
			goto out;
		}
		c->window_id = who->window_id;
		c->clerk_id = who->id;
		c->handler_id = who->id;
		snprintf(c->channel, sizeof c->channel, "window");
	}
	snprintf(c->applicant_name, sizeof c->applicant_name, "%s", sub->name);
	snprintf(c->applicant_id_no, sizeof c->applicant_id_no, "%s",
	    sub->id_number);
	snprintf(c->applicant_phone, sizeof c->applicant_phone, "%s",
	    sub->phone ? sub->phone : "");
	snprintf(c->applicant_kind, sizeof c->applicant_kind, "%s",
	    sub->kind ? sub->kind : "person");
	snprintf(c->applicant_id_type, sizeof c->applicant_id_type, "%s",
	    sub->id_type ? sub->id_type : !strcmp(c->applicant_kind, "company")
	    ? "credit_code" : "id_card");
	if ((err = store_dept_region(st, dept_id, &region_id)) ||
	    (err = store_setting_int(st, "warn_days", 1, &warn))) {
		refuse(r, err, NULL, "%s", gh_err_info(err)->message);
		goto out;
	}
	c->item_id = item_id;
	snprintf(c->item_code, sizeof c->item_code, "%s", it.code);
	snprintf(c->item_name, sizeof c->item_name, "%s", it.name);
	c->dept_id = dept_id;
	c->region_id = region_id;
	c->state = CS_SUBMITTED;
	c->instant = it.instant;
	c->limit_days = it.promised_limit_days;
	c->legal_limit_days = it.legal_limit_days;
	c->warn_days = it.warn_days >= 0 ? it.warn_days : (int)warn;
	c->submitted_at = now;
	c->submitted_day = today;
	c->received_day = today;
	c->accepted_day = c->deadline_day = c->finished_day = DAY_NONE;
	c->updated_at = now;
	for (int tries = 0;; tries++) {
		make_query_code(c->query_code);
		err = store_case_insert(st, c);
		if (err != GH_ECONFLICT || tries == 5)
			break;
	}
	if (!err)
		err = store_case_steps_init(st, c->id, it.steps, it.n_steps);
	for (size_t i = 0; i < sub->n_materials && !err; i++)
		err = store_case_material_add(st, c->id, sub->materials[i], today);
	snprintf(cid, sizeof cid, "%lld", (long long)c->id);
	if (err || (err = event(st, c, who->id, who->name, who->role, "apply", -1,
	    CS_SUBMITTED, sub->note ? sub->note : (c->channel[0] == 'o' ?
	    "网上申报" : "窗口登记"), now, today)) ||
	    (err = audit_as(st, now, who->id, who->name, who->role, "case.apply",
	    "case", cid, NULL, case_brief(c))))
		refuse(r, err, NULL, "%s", gh_err_info(err)->message);
out:
	item_clear(&it);
	return err;
}

void api_case_create(struct http_req *req)
{
	json_t *body = http_body_object(req), *ap;
	struct case_submission sub = {0};
	struct case_refusal r = {0};
	struct case_actor who = actor_of(req);
	struct case_rec c;

	if (!body)
		return;
	if (!api_str(req, body, "item_code", true, 24, &sub.item_code) ||
	    !api_str_array(req, body, "materials", false, 100, &sub.materials,
	    &sub.n_materials) ||
	    !api_str(req, body, "note", false, NOTE_MAX, &sub.note))
		goto out;
	if (req->user.role == ROLE_APPLICANT) {
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
	if (!api_ok(req, store_begin(req->st)))
		goto out;
	if (case_engine_submit(req->st, &who, &sub, req->today, req->now, &c,
	    &r)) {
		reply_refusal(req, &r);
		goto out;
	}
	/* the stored case, with what the database joins in (department) */
	if (!api_ok(req, store_case_get(req->st, c.id, &c))) {
		store_rollback(req->st);
		goto out;
	}
	if (api_ok(req, store_commit(req->st)))
		reply_case(req, 201, &c);
out:
	json_decref(r.extra);
	free(sub.materials);
	json_decref(body);
}

/* ---- actions ------------------------------------------------------------- */

/* Review steps: leading steps handled by the window (受理) are done by the
 * acceptance itself, and trailing window steps (制证发证) by the completion;
 * the review is the steps from the first to the last that is not the
 * window's.  Returns the first review step; *end is one past the last and
 * *n_steps counts all steps.  Without review steps first == end. */
static int review_range(store *st, int64_t case_id, int *end, int *n_steps)
{
	int role, limit, first = -1, last = -1, n = 0;

	while (!store_case_step_info(st, case_id, n, &role, &limit)) {
		if (role != ROLE_CLERK) {
			if (first < 0)
				first = n;
			last = n;
		}
		n++;
	}
	*n_steps = n;
	*end = last < 0 ? n : last + 1;
	return first < 0 ? n : first;
}

/* Starts step idx: the actor holds it when they may handle it, otherwise
 * the department's least-loaded holder of the step's role. */
static int start_step(store *st, const calendar *cal,
    const struct case_actor *who, struct case_rec *c, int idx, int32_t today)
{
	int role, limit, err;
	int64_t handler = 0;
	int32_t due;

	if ((err = store_case_step_info(st, c->id, idx, &role, &limit)))
		return err;
	if ((who->role & role) && who->dept_id == c->dept_id)
		handler = who->id;
	else if (store_pick_handler(st, c->dept_id, role, &handler) &&
	    store_pick_handler(st, c->dept_id, ROLE_CHIEF, &handler))
		handler = 0; /* nobody: the department's queue */
	if (calendar_add_workdays(cal, today, limit, &due))
		due = DAY_NONE;
	c->step_index = idx;
	c->handler_id = handler;
	return store_case_step_start(st, c->id, idx, handler, today, due);
}

/* Whether s is missing or only white space (ASCII or the ideographic
 * space U+3000). */
static bool blank_text(const char *s)
{
	for (; s && *s; s++) {
		if (!strncmp(s, "\xe3\x80\x80", 3)) {
			s += 2;
			continue;
		}
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	}
	return true;
}

/* Checks the arguments the effect needs. */
static int args_check(const struct case_effect *eff,
    const struct case_action_args *a, int *procedure, struct case_refusal *r)
{
	if (eff->needs_reason && blank_text(a->reason))
		return refuse(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "reason"), "%s须说明理由(reason)", case_action_label(a->action));
	if (eff->needs_request && blank_text(a->applicant_request))
		return refuse(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "applicant_request"), "工作人员撤回办件须注明申请人的撤回申请"
		    "(applicant_request),如“申请人于2026年11月23日提交书面撤回申请”");
	if (eff->needs_materials && !a->n_materials)
		return refuse(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "materials"), "%s须列明材料(materials)",
		    case_action_label(a->action));
	*procedure = CP_NONE;
	if (eff->needs_procedure) {
		int p = a->procedure ? case_procedure_from_name(a->procedure) : -1;

		if (p <= CP_NONE || p == CP_CORRECTION)
			return refuse(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
			    "procedure"), "挂起须指明特别程序(procedure):听证、招标、"
			    "拍卖、检验、检测、检疫、鉴定、专家评审、实地核查或公示");
		*procedure = p;
	}
	return 0;
}

static int material_check(const struct item *it, const char *const *materials,
    size_t n, struct case_refusal *r)
{
	const char *bad = unknown_material(it, materials, n);

	if (bad)
		return refuse(r, GH_EUNPROCESSABLE, json_pack("{s:s,s:s}", "field",
		    "materials", "material", bad),
		    "材料“%s”不在事项“%s”的材料清单中", bad, it->name);
	return 0;
}

/* The one-time notice rules (一次性告知, 许可法 art. 32). */
static int notice_check(store *st, const calendar *cal,
    const struct case_rec *c, const struct case_action_args *a,
    int32_t today, struct case_refusal *r)
{
	char **first_names;
	size_t n_first;
	int idx, err;

	if (c->accepted_day == DAY_NONE) {
		int32_t last;

		if (!case_notice_deadline(cal, c->received_day, &last) &&
		    today > last) {
			char iso[11];

			day_format_iso(c->received_day, iso);
			return refuse(r, GH_ECONFLICT, json_pack("{s:s,s:s}", "state",
			    case_state_name(c->state), "deemed_accepted_day", iso),
			    "收到材料已超过5个工作日,不能再要求补正;依法自%s"
			    "(收到材料之日)起视为受理,请直接受理", iso);
		}
	}
	if ((err = store_case_first_notice(st, c->id, &first_names, &n_first)))
		return refuse(r, err, NULL, "%s", gh_err_info(err)->message);
	idx = n_first ? case_notice_first_new((const char *const *)first_names,
	    n_first, a->materials, a->n_materials) : -1;
	free(first_names);
	if (idx >= 0)
		return refuse(r, GH_ECONFLICT, json_pack("{s:s,s:s}", "state",
		    case_state_name(c->state), "material", a->materials[idx]),
		    "一次性告知:首次补正通知未列明“%s”,不得再以新的理由要求补正",
		    a->materials[idx]);
	return 0;
}

int case_engine_act(store *st, const calendar *cal,
    const struct case_actor *who, struct case_rec *c,
    const struct case_action_args *a, int32_t today, int64_t now,
    struct case_refusal *r)
{
	struct case_ctx ctx;
	struct case_effect eff;
	struct item it = {0};
	struct case_rec prior;
	json_t *before = NULL;
	int err, procedure, first, end, n_steps, from;
	bool have_item = false;
	char cid[24], note_buf[600];
	const char *note;

	if ((err = store_item_get_by_id(st, c->item_id, &it, NULL)))
		return refuse(r, err, NULL, "%s", gh_err_info(err)->message);
	have_item = true;
	first = review_range(st, c->id, &end, &n_steps);
	memset(&ctx, 0, sizeof ctx);
	ctx.state = c->state;
	ctx.prev_state = c->prev_state;
	ctx.instant = c->instant;
	ctx.accepted = c->accepted_day != DAY_NONE;
	ctx.step_index = c->step_index - first;
	ctx.step_count = end - first;
	ctx.decision = c->decision;
	err = case_fsm_apply(&ctx, a->action, who->role, &eff);
	if (err == GH_ECONFLICT) {
		refuse(r, err, json_pack("{s:s,s:s}", "state",
		    case_state_name(c->state), "state_label",
		    case_state_label(c->state)), "办件当前状态为“%s”,不能%s",
		    case_state_label(c->state), case_action_label(a->action));
		goto out;
	}
	if (err) {
		refuse(r, err, NULL, "%s无权%s", role_label(who->role),
		    case_action_label(a->action));
		goto out;
	}
	if ((err = args_check(&eff, a, &procedure, r)))
		goto out;
	if (a->action == CA_APPROVE || a->action == CA_DENY ||
	    a->action == CA_FORWARD) {
		int role, limit;

		if (!store_case_step_info(st, c->id, c->step_index, &role, &limit) &&
		    !(who->role & (role | ROLE_CHIEF))) {
			err = refuse(r, GH_EFORBIDDEN, NULL, "当前审查步骤应由%s办理",
			    role_label(role));
			goto out;
		}
	}
	if (a->n_materials && (err = material_check(&it, a->materials,
	    a->n_materials, r)))
		goto out;
	if (a->action == CA_REQUEST_MATERIALS &&
	    (err = notice_check(st, cal, c, a, today, r)))
		goto out;

	/* Everything is checked: apply the effect. */
	prior = *c;
	before = case_brief(c);
	from = c->state;
	if (eff.remember_prev)
		c->prev_state = from;
	c->state = eff.to_state;
	if (eff.outcome)
		c->outcome = eff.outcome;
	if (eff.decision)
		c->decision = eff.decision;
	if (a->reason && *a->reason)
		snprintf(c->reason, sizeof c->reason, "%s", a->reason);
	if (eff.resume_clock)
		err = store_case_suspension_close(st, c->id, today);
	switch (a->action) {
	case CA_ACCEPT:
		c->accepted_day = case_deemed_accept_day(cal, c->received_day,
		    today);
		if (!c->clerk_id)
			c->clerk_id = who->id;
		if (!c->window_id)
			c->window_id = who->window_id;
		for (int i = 0; i < first && !err; i++)
			err = store_case_step_finish(st, c->id, i, who->id, today,
			    "受理", "通过");
		c->step_index = first;
		c->handler_id = c->instant ? 0 : who->id;
		if (c->instant)
			snprintf(c->result_name, sizeof c->result_name, "%s",
			    it.result_name);
		break;
	case CA_REQUEST_MATERIALS:
		if (!err)
			err = store_case_notice_add(st, c->id, today, who->id,
			    a->materials, a->n_materials, a->note);
		if (!err && eff.pause_clock)
			err = store_case_suspension_open(st, c->id, CP_CORRECTION,
			    "等待申请人补正材料", today, who->id);
		break;
	case CA_SUPPLEMENT:
		for (size_t i = 0; i < a->n_materials && !err; i++)
			err = store_case_material_add(st, c->id, a->materials[i],
			    today);
		if (!ctx.accepted)
			c->received_day = today;
		break;
	case CA_START_REVIEW:
		if (!err && first < end)
			err = start_step(st, cal, who, c, first, today);
		break;
	case CA_APPROVE:
	case CA_DENY:
		if (!err)
			err = store_case_step_finish(st, c->id, c->step_index, who->id,
			    today, a->action == CA_DENY ? a->reason : (a->note ?
			    a->note : "同意"), a->action == CA_DENY ? "不予许可" :
			    "通过");
		if (!err && eff.advance_step)
			err = start_step(st, cal, who, c, c->step_index + 1, today);
		else
			c->handler_id = c->clerk_id; /* the window issues the result */
		break;
	case CA_COMPLETE:
		if (c->decision == CD_APPROVE)
			snprintf(c->result_name, sizeof c->result_name, "%s",
			    it.result_name);
		/* the window's closing steps (制证发证) are this action */
		for (int i = end; i < n_steps && !err && c->decision == CD_APPROVE;
		    i++)
			err = store_case_step_finish(st, c->id, i, who->id, today,
			    "办结", "通过");
		break;
	case CA_SUSPEND:
		if (!err)
			err = store_case_suspension_open(st, c->id, procedure,
			    a->reason, today, who->id);
		break;
	case CA_FORWARD:
		if (!err)
			err = store_case_step_finish(st, c->id, c->step_index, who->id,
			    today, a->reason, "转报");
		break;
	default:
		break;
	}
	if (!err && case_state_is_terminal(c->state)) {
		c->finished_day = today;
		c->handler_id = 0;
	}
	if (err) {
		refuse(r, err, NULL, "%s", gh_err_info(err)->message);
		goto out;
	}
	if (c->accepted_day != DAY_NONE) {
		struct clock_input in;
		struct clock_suspension *susp;
		struct clock_result res;

		if (case_clock(st, cal, c, today, &in, &susp, &res)) {
			c->deadline_day = res.deadline;
			/* kept at finish so statistics need no calendar */
			if (res.finished) {
				c->used_days = res.elapsed_days;
				c->on_time = res.on_time;
			}
		}
		free(susp);
	}
	c->updated_at = now;
	note = a->reason && *a->reason ? a->reason : a->note;
	if (a->action == CA_REQUEST_MATERIALS || a->action == CA_SUPPLEMENT) {
		size_t off = (size_t)snprintf(note_buf, sizeof note_buf, "%s",
		    a->action == CA_REQUEST_MATERIALS ? "一次性告知补正:" : "已补正:");

		for (size_t i = 0; i < a->n_materials && off < sizeof note_buf; i++)
			off += (size_t)snprintf(note_buf + off, sizeof note_buf - off,
			    "%s%s", i ? "、" : "", a->materials[i]);
		note = note_buf;
	} else if (a->action == CA_SUSPEND) {
		snprintf(note_buf, sizeof note_buf, "%s:%s",
		    case_procedure_label(procedure), a->reason);
		note = note_buf;
	} else if (a->action == CA_WITHDRAW && eff.needs_request) {
		snprintf(note_buf, sizeof note_buf, "%s(申请人申请:%s)",
		    a->reason, a->applicant_request);
		note = note_buf;
	}
	snprintf(cid, sizeof cid, "%lld", (long long)c->id);
	err = store_case_update(st, c);
	if (err == GH_ECONFLICT) {
		refuse(r, err, NULL, "办件已被他人修改,请刷新后重试");
		goto out;
	}
	if (err || (err = event(st, c, who->id, who->name, who->role,
	    case_action_name(a->action), from, c->state, note, now, today)) ||
	    (err = audit_as(st, now, who->id, who->name, who->role, "case.action",
	    "case", cid, json_incref(before), json_pack("{s:s,s:s,s:o,s:o,s:s}",
	    "action", case_action_name(a->action), "state",
	    case_state_name(c->state), "deadline", json_day(c->deadline_day),
	    "finished", json_day(c->finished_day), "outcome",
	    case_outcome_name(c->outcome)))) ||
	    (eff.needs_request && (err = audit_as(st, now, who->id, who->name,
	    who->role, "case.withdraw_request", "case", cid, NULL,
	    json_pack("{s:s,s:s}", "reason", a->reason, "applicant_request",
	    a->applicant_request)))) ||
	    (err = watch_after_action(st, cal, who, &prior, c, a->action,
	    a->reason, today, now)))
		refuse(r, err, NULL, "%s", gh_err_info(err)->message);
out:
	if (have_item)
		item_clear(&it);
	json_decref(before);
	return err;
}


void api_case_action(struct http_req *req)
{
	json_t *body = http_body_object(req);
	struct case_action_args a = {0};
	struct case_refusal r = {0};
	struct case_actor who = actor_of(req);
	const char *action_s;
	struct case_rec c;
	struct cal_ref *ref = NULL;
	int64_t id;
	int err;

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
	    &a.n_materials))
		goto out;
	if ((a.action = case_action_from_name(action_s)) < 0) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "action"), "未知的操作%s", action_s);
		goto out;
	}
	if (!api_ok(req, store_begin(req->st)))
		goto out;
	err = store_case_get(req->st, id, &c);
	if (err == GH_ENOTFOUND) {
		http_reply_error(req, err, NULL, "办件%lld不存在", (long long)id);
		goto out;
	}
	if (!api_ok(req, err) || !scope_ok(req, &c) ||
	    !(ref = api_calendar(req, c.region_id)))
		goto out;
	if (case_engine_act(req->st, cal_ref_get(ref), &who, &c, &a, req->today,
	    req->now, &r)) {
		reply_refusal(req, &r);
		goto out;
	}
	if (api_ok(req, store_commit(req->st)))
		reply_case(req, 200, &c);
out:
	json_decref(r.extra);
	cal_ref_release(ref);
	free(a.materials);
	json_decref(body);
}

/* ---- reveal ------------------------------------------------------------- */

#define REVEAL_REASON_MAX 600   /* bytes: about 200 Chinese characters */

/* POST /cases/{id}/reveal {reason}: the applicant's full ID number and
 * phone for staff who handle the case (duty_may_reveal), with a
 * "case.reveal" audit record of who, when, why and from where committed
 * before the answer.  Everyone else 403 (their attempt audited as
 * "case.reveal.denied"); an empty reason 422. */
void api_case_reveal(struct http_req *req)
{
	json_t *body = http_body_object(req), *out = NULL;
	struct duty_user du = duty_user_of(&req->user);
	struct duty_case dc;
	struct case_rec c;
	const char *reason;
	char sid[24];
	int64_t id;
	int err;

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
	err = store_case_get(req->st, id, &c);
	if (err == GH_ENOTFOUND) {
		http_reply_error(req, err, NULL, "办件%lld不存在", (long long)id);
		goto out;
	}
	if (!api_ok(req, err) || !scope_ok(req, &c))
		goto out;
	dc = duty_case_of(&c);
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (!api_ok(req, store_begin(req->st)))
		goto out;
	if (!duty_may_reveal(&du, &dc)) {
		if (api_ok(req, api_audit(req, "case.reveal.denied", "case", sid,
		    NULL, json_pack("{s:s}", "reason", reason))) &&
		    api_ok(req, store_commit(req->st)))
			http_reply_error(req, GH_EFORBIDDEN, NULL, "只有经办该办件的工作"
			    "人员可以查看完整证件号码和电话");
		goto out;
	}
	out = json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)c.id,
	    "name", c.applicant_name, "id_type", c.applicant_id_type,
	    "id_number", c.applicant_id_no, "phone", c.applicant_phone);
	/* the audit names what was shown, never the values themselves */
	api_commit_reply(req, "case.reveal", "case", sid, NULL,
	    json_pack("{s:s,s:[s,s],s:s}", "reason", reason, "fields",
	    "id_number", "phone", "client_addr", req->client_addr), 200, &out);
out:
	json_decref(out);
	json_decref(body);
}

/* ---- reads --------------------------------------------------------------- */

void api_case_get(struct http_req *req)
{
	struct case_rec c;
	int64_t id;
	int err;

	if (!api_param_id(req, 0, &id))
		return;
	err = store_case_get(req->st, id, &c);
	if (err == GH_ENOTFOUND) {
		http_reply_error(req, err, NULL, "办件%lld不存在", (long long)id);
		return;
	}
	if (api_ok(req, err) && scope_ok(req, &c))
		reply_case(req, 200, &c);
}

void api_cases_list(struct http_req *req)
{
	struct case_query q = {.state = -1};
	const char *state = http_query(req, "state");
	const char *mine = http_query(req, "mine");
	struct case_rec *rows;
	int64_t dept, window, total;
	size_t n;
	json_t *data;

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
	if (!api_ok(req, store_cases_list(req->st, &q, &total, &rows, &n)))
		return;
	data = json_array();
	for (size_t i = 0; i < n; i++) {
		struct cal_ref *ref = api_calendar(req, rows[i].region_id);

		if (!ref) {
			json_decref(data);
			free(rows);
			return;
		}
		json_array_append_new(data, case_json(req->st, cal_ref_get(ref),
		    &rows[i], req->today, &req->user, false));
		cal_ref_release(ref);
	}
	free(rows);
	http_reply_json(req, 200, json_pack("{s:I,s:i,s:i,s:o}", "total",
	    (json_int_t)total, "page", q.page, "per_page", q.per_page, "data",
	    data));
}

/* GET /progress/{query_code}: public, no login; the applicant's name is
 * masked and staff names and notes are left out. */
void api_progress(struct http_req *req)
{
	struct case_rec c;
	struct cal_ref *ref;
	json_t *o;
	int err;

	if (strlen(req->params[0]) > 15) {
		http_reply_error(req, GH_ENOTFOUND, NULL, "查询码不存在");
		return;
	}
	err = store_case_by_query_code(req->st, req->params[0], &c);
	if (err == GH_ENOTFOUND) {
		http_reply_error(req, err, NULL, "查询码%s不存在,请核对回执上的查询码",
		    req->params[0]);
		return;
	}
	if (!api_ok(req, err) || !(ref = api_calendar(req, c.region_id)))
		return;
	o = case_json(req->st, cal_ref_get(ref), &c, req->today, NULL, false);
	json_object_del(o, "id");
	case_add_parts(req->st, cal_ref_get(ref), &c, req->today, o, true);
	cal_ref_release(ref);
	http_reply_json(req, 200, o);
}

/* ---- calendar changes ----------------------------------------------------- */

/* The deadline of open case id under the calendar the database holds now;
 * false when it has no clock (not accepted) or cannot be computed. */
static bool current_deadline(store *st, int64_t id, int32_t today,
    struct case_rec *c, int32_t *deadline)
{
	struct cal_ref *ref;
	struct clock_input in;
	struct clock_suspension *susp = NULL;
	struct clock_result res;
	bool ok;

	if (store_case_get(st, id, c) || calendar_load(st, c->region_id, &ref))
		return false;
	ok = case_clock(st, cal_ref_get(ref), c, today, &in, &susp, &res);
	free(susp);
	cal_ref_release(ref);
	if (ok)
		*deadline = res.deadline;
	return ok;
}

int cases_deadlines_before(store *st, int32_t today,
    struct case_deadlines *out)
{
	int err;

	memset(out, 0, sizeof *out);
	if ((err = store_cases_open_ids(st, &out->ids, &out->n)))
		return err;
	out->deadline = xcalloc(out->n + 1, sizeof *out->deadline);
	for (size_t i = 0; i < out->n; i++) {
		struct case_rec c;

		if (!current_deadline(st, out->ids[i], today, &c, &out->deadline[i]))
			out->deadline[i] = DAY_NONE;
	}
	return 0;
}

void case_deadlines_clear(struct case_deadlines *d)
{
	free(d->ids);
	free(d->deadline);
	memset(d, 0, sizeof *d);
}

/* A case is moved when its deadline under the new calendar differs from
 * the one under the old calendar on the same day.  Comparing with the
 * stored deadline_day instead would blame the calendar for the daily
 * drift of a paused case (its stored deadline is as of its last action). */
int cases_recompute_deadlines(store *st, const struct case_deadlines *old,
    int64_t now, int32_t today, int64_t actor_id, const char *actor_name,
    int role, size_t *moved)
{
	int err = 0;

	*moved = 0;
	for (size_t i = 0; i < old->n && !err; i++) {
		struct case_rec c;
		char a[11], b[11], note[200];
		int32_t fresh;

		if (old->deadline[i] == DAY_NONE ||
		    !current_deadline(st, old->ids[i], today, &c, &fresh) ||
		    fresh == old->deadline[i])
			continue;
		c.deadline_day = fresh;
		c.updated_at = now;
		day_format_iso(old->deadline[i], a);
		day_format_iso(fresh, b);
		snprintf(note, sizeof note, "工作日历调整(节假日或调休变更),"
		    "办理期限由%s调整为%s", a, b);
		{
			struct case_event ev = {
				.case_id = c.id, .at = now, .day = today,
				.actor_id = actor_id, .actor_name = actor_name,
				.role = role, .action = "deadline_moved",
				.from_state = -1, .to_state = -1, .note = note,
			};

			if ((err = store_case_update(st, &c)) ||
			    (err = store_case_event_add(st, &ev)))
				break;
		}
		(*moved)++;
	}
	return err;
}

json_t *case_summary_json(store *st, const calendar *cal,
    const struct case_rec *c, int32_t today, const struct user_rec *viewer)
{
	return case_json(st, cal, c, today, viewer, false);
}
