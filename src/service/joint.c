/*
 * joint.c - 并联审批: matters and joint cases; see joint.h.
 */
#include "service/joint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/role.h"
#include "export/item_codec.h"
#include "service/audit.h"
#include "service/calendar_cache.h"
#include "service/case_clock.h"
#include "service/case_view.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

/* ---- matters ---------------------------------------------------------------- */

void joint_matter_clear(struct joint_matter *jm)
{
	for (size_t i = 0; jm->items && i < jm->m.n_items; i++)
		item_clear(&jm->items[i]);
	free(jm->items);
	free(jm->item_ids);
	free(jm->dept_ids);
	item_clear(&jm->as_item);
	matter_clear(&jm->m);
	memset(jm, 0, sizeof *jm);
}

/* The joint case's own item: the matter's name and limits under its lead
 * item's code and department, the one material list and the one form. */
static void union_item(struct joint_matter *jm)
{
	const struct item *lead = &jm->items[jm->lead_idx];
	const struct item **v = xcalloc(jm->m.n_items + 1, sizeof *v);
	struct item *u = &jm->as_item;
	char why[200];

	for (size_t i = 0; i < jm->m.n_items; i++)
		v[i] = &jm->items[i];
	memset(u, 0, sizeof *u);
	u->code = xstrdup(lead->code);
	u->name = xstrdup(jm->m.name);
	u->type = lead->type;
	u->dept_code = xstrdup(jm->m.lead_dept_code);
	u->level = lead->level;
	u->basis = xstrdup("");
	u->conditions = xstrdup(jm->m.description ? jm->m.description : "");
	matter_union_materials(v, jm->m.n_items, &u->materials,
	    &u->n_materials);
	u->legal_limit_days = jm->m.legal_limit_days;
	u->promised_limit_days = jm->m.promised_limit_days;
	u->result_name = xstrdup("");
	u->in_hall = true;
	u->online_depth = lead->online_depth;
	u->visits = lead->visits;
	u->complaint_channel = xstrdup(lead->complaint_channel ?
	    lead->complaint_channel : "");
	u->consult_phone = xstrdup(lead->consult_phone ? lead->consult_phone :
	    "");
	u->warn_days = lead->warn_days;
	u->retired = jm->m.retired;
	if (matter_union_form(v, jm->m.n_items, &u->form, why, sizeof why))
		log_error("matter %s: %s", jm->m.code, why);
	free(v);
}

int joint_matter_load(store *st, const char *code, int64_t matter_id,
    struct joint_matter *jm)
{
	int err;

	memset(jm, 0, sizeof *jm);
	err = code ? store_matter_get(st, code, &jm->m, &jm->id,
	    &jm->lead_dept_id) : store_matter_get_by_id(st, matter_id, &jm->m,
	    &jm->lead_dept_id);
	if (err)
		return err;
	if (!code)
		jm->id = matter_id;
	jm->items = xcalloc(jm->m.n_items + 1, sizeof *jm->items);
	jm->item_ids = xcalloc(jm->m.n_items + 1, sizeof *jm->item_ids);
	jm->dept_ids = xcalloc(jm->m.n_items + 1, sizeof *jm->dept_ids);
	for (size_t i = 0; i < jm->m.n_items; i++) {
		if ((err = store_item_get(st, jm->m.item_codes[i], &jm->items[i],
		    &jm->item_ids[i], &jm->dept_ids[i]))) {
			joint_matter_clear(jm);
			return err == GH_ENOTFOUND ? GH_ESTORE : err;
		}
	}
	for (size_t i = jm->m.n_items; i-- > 0;)
		if (jm->dept_ids[i] == jm->lead_dept_id)
			jm->lead_idx = i;
	union_item(jm);
	return 0;
}

static json_t *materials_json(const struct joint_matter *jm)
{
	json_t *arr = json_array();

	for (size_t k = 0; k < jm->as_item.n_materials; k++) {
		const struct item_material *m = &jm->as_item.materials[k];
		json_t *who = json_array();

		for (size_t i = 0; i < jm->m.n_items; i++)
			for (size_t j = 0; j < jm->items[i].n_materials; j++)
				if (!strcmp(jm->items[i].materials[j].name, m->name))
					json_array_append_new(who, json_string(
					    jm->items[i].code));
		json_array_append_new(arr, json_pack("{s:s,s:b,s:b,s:s,s:s,s:i,"
		    "s:s,s:s,s:o}", "name", m->name, "main", m->main, "required",
		    m->required, "form", material_form_name(m->form), "form_label",
		    material_form_label(m->form), "copies", m->copies,
		    "template_name", m->template_name, "note", m->note,
		    "items", who));
	}
	return arr;
}

int joint_matters_json(store *st, bool retired, json_t **out,
    struct svc_err *e)
{
	json_t *rows;
	int err = store_matters_json(st, retired, &rows);

	if (err)
		return svc_fail(e, err, NULL, NULL);
	*out = json_pack("{s:I,s:o}", "total", (json_int_t)json_array_size(rows),
	    "data", rows);
	return 0;
}

int joint_matter_json(store *st, const char *code, json_t **out,
    struct svc_err *e)
{
	struct joint_matter jm;
	json_t *items = json_array(), *co = json_array(), *pre = json_array();
	int *limits, sum = 0, crit;
	char dept[128];
	int err = joint_matter_load(st, code, 0, &jm);

	if (err) {
		json_decref(items);
		json_decref(co);
		json_decref(pre);
		return err == GH_ENOTFOUND ? svc_fail(e, err, NULL, "主题事项%s不存在",
		    code) : svc_fail(e, err, NULL, NULL);
	}
	limits = xcalloc(jm.m.n_items + 1, sizeof *limits);
	for (size_t i = 0; i < jm.m.n_items; i++) {
		const struct item *it = &jm.items[i];
		json_t *req = json_array();
		bool seen = false;

		limits[i] = it->promised_limit_days;
		sum += it->promised_limit_days;
		for (size_t j = 0; j < jm.m.n_items; j++)
			if (matter_requires(&jm.m, i, j))
				json_array_append_new(req, json_string(jm.items[j].code));
		if (store_dept_name(st, jm.dept_ids[i], dept, sizeof dept))
			dept[0] = '\0';
		json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s,s:I,s:i,"
		    "s:b,s:b,s:o}", "code", it->code, "name", it->name, "dept_code",
		    it->dept_code, "dept_name", dept, "dept_id",
		    (json_int_t)jm.dept_ids[i], "promised_limit_days",
		    it->promised_limit_days, "instant", it->instant, "lead",
		    jm.dept_ids[i] == jm.lead_dept_id, "requires", req));
		for (size_t j = 0; j < i && !seen; j++)
			seen = jm.dept_ids[j] == jm.dept_ids[i];
		if (!seen && jm.dept_ids[i] != jm.lead_dept_id)
			json_array_append_new(co, json_pack("{s:I,s:s,s:s}", "id",
			    (json_int_t)jm.dept_ids[i], "code", it->dept_code, "name",
			    dept));
	}
	for (size_t k = 0; k < jm.m.n_prereqs; k++)
		json_array_append_new(pre, json_pack("{s:s,s:s,s:s}", "item_code",
		    jm.m.prereqs[k].item_code, "requires_code",
		    jm.m.prereqs[k].requires_code, "basis", jm.m.prereqs[k].basis));
	crit = matter_critical_days(&jm.m, limits);
	free(limits);
	if (store_dept_name(st, jm.lead_dept_id, dept, sizeof dept))
		dept[0] = '\0';
	*out = json_pack("{s:s,s:s,s:s,s:{s:I,s:s,s:s},s:o,s:o,s:o,s:i,s:i,"
	    "s:b,s:b,s:i,s:i,s:o,s:o}", "code", jm.m.code, "name", jm.m.name,
	    "description", jm.m.description, "lead_dept", "id",
	    (json_int_t)jm.lead_dept_id, "code", jm.m.lead_dept_code, "name", dept,
	    "items", items, "co_departments", co, "prerequisites", pre,
	    "promised_limit_days", jm.m.promised_limit_days, "legal_limit_days",
	    jm.m.legal_limit_days, "deemed_consent", jm.m.deemed_consent,
	    "retired", jm.m.retired, "critical_days", crit, "items_limit_days",
	    sum, "materials", materials_json(&jm), "form",
	    form_to_json(&jm.as_item.form));
	joint_matter_clear(&jm);
	return 0;
}

int joint_matter_put(store *st, const struct svc_actor *who,
    const struct matter *m, json_t **out, struct svc_err *e)
{
	struct item *items = xcalloc(m->n_items + 1, sizeof *items);
	const struct item **ptrs = xcalloc(m->n_items + 1, sizeof *ptrs);
	struct item_errors errs = {0};
	int64_t lead;
	bool created = false;
	json_t *list;
	int err;

	if ((err = svc_check(e, store_begin(st))))
		goto done;
	for (size_t i = 0; i < m->n_items; i++)
		if (!store_item_get(st, m->item_codes[i], &items[i], NULL, NULL))
			ptrs[i] = &items[i];
	if (store_dept_by_code(st, m->lead_dept_code ? m->lead_dept_code : "",
	    &lead))
		item_errors_add(&errs, 0, "lead_dept_code", "牵头部门%s不存在",
		    m->lead_dept_code ? m->lead_dept_code : "");
	matter_validate(m, ptrs, &errs);
	if (errs.n) {
		list = json_array();
		for (size_t i = 0; i < errs.n; i++)
			json_array_append_new(list, json_pack("{s:s,s:s}", "field",
			    errs.v[i].field, "message", errs.v[i].message));
		err = svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s,s:o}", "field",
		    errs.v[0].field, "errors", list), "主题事项有%zu处错误:%s",
		    errs.n, errs.v[0].message);
		store_rollback(st);
		goto done;
	}
	if ((err = svc_check(e, store_matter_put(st, m, who->now, &created))) ||
	    (err = svc_check(e, audit_actor(st, who, created ? "matter.create" :
	    "matter.update", "matter", m->code, NULL, json_pack("{s:s,s:i,s:i}",
	    "name", m->name, "items", (int)m->n_items, "promised_limit_days",
	    m->promised_limit_days)))) ||
	    (err = joint_matter_json(st, m->code, out, e))) {
		store_rollback(st);
		goto done;
	}
	if ((err = svc_check(e, store_commit(st)))) {
		json_decref(*out);
		*out = NULL;
		store_rollback(st);
	}
done:
	for (size_t i = 0; i < m->n_items; i++)
		item_clear(&items[i]);
	free(items);
	free(ptrs);
	item_errors_clear(&errs);
	return err;
}

int joint_stats_json(store *st, int32_t from, int32_t to, json_t **out,
    struct svc_err *e)
{
	int err = store_joint_stats_json(st, from, to, out);

	return err ? svc_fail(e, err, NULL, NULL) : 0;
}

/* ---- submission ------------------------------------------------------------- */

static int event(store *st, const struct case_rec *c, const struct case_actor *who,
    const char *action, const char *note, int32_t today, int64_t now)
{
	struct case_event ev = {
		.case_id = c->id, .at = now, .day = today, .actor_id = who->id,
		.actor_name = who->name ? who->name : "系统", .role = who->role,
		.action = action, .from_state = c->state, .to_state = c->state,
		.note = note,
	};

	return store_case_event_add(st, &ev);
}

int joint_submit(store *st, const struct case_actor *who,
    const struct case_submission *sub, int32_t today, int64_t now,
    struct case_rec *c, struct svc_err *r)
{
	struct joint_matter jm;
	char note[400], cid[24];
	int err = joint_matter_load(st, sub->matter_code, 0, &jm);

	if (err == GH_ENOTFOUND)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "matter_code"), "主题事项%s不存在", sub->matter_code);
	if (err)
		return svc_fail(r, err, NULL, NULL);
	if (jm.m.retired) {
		err = svc_fail(r, GH_ECONFLICT, NULL, "主题事项“%s”已停用,不再受理",
		    jm.m.name);
		goto out;
	}
	if ((err = case_engine_submit_as(st, who, sub, &jm.as_item,
	    jm.item_ids[jm.lead_idx], jm.lead_dept_id, today, now, c, r)))
		goto out;
	if ((err = store_case_set_joint(st, c->id, JOINT_CASE, 0, jm.id)))
		goto fail;
	c->joint_kind = JOINT_CASE;
	c->matter_id = jm.id;
	snprintf(note, sizeof note, "并联审批“%s”的子办件(主办件查询码%s),与其他"
	    "部门的事项共用一张申请表和一套材料", jm.m.name, c->query_code);
	for (size_t i = 0; i < jm.m.n_items; i++) {
		const struct item *it = &jm.items[i];
		struct case_rec s = *c;
		int64_t warn = 1;

		s.id = 0;
		s.item_id = jm.item_ids[i];
		snprintf(s.item_code, sizeof s.item_code, "%s", it->code);
		snprintf(s.item_name, sizeof s.item_name, "%s", it->name);
		s.dept_id = jm.dept_ids[i];
		if ((err = store_dept_region(st, s.dept_id, &s.region_id)) ||
		    (err = store_setting_int(st, "warn_days", 1, &warn)))
			goto fail;
		s.instant = it->instant;
		s.limit_days = it->promised_limit_days;
		s.legal_limit_days = it->legal_limit_days;
		s.warn_days = it->warn_days >= 0 ? it->warn_days : (int)warn;
		s.window_id = s.clerk_id = s.handler_id = 0;
		s.joint_kind = JOINT_SUB;
		s.parent_id = c->id;
		snprintf(cid, sizeof cid, "%lld", (long long)c->id);
		if ((err = case_engine_insert(st, &s)) ||
		    (err = store_case_steps_init(st, s.id, it->steps, it->n_steps)) ||
		    (err = store_case_set_joint(st, s.id, JOINT_SUB, c->id, jm.id)) ||
		    (sub->company_id && who->role == ROLE_APPLICANT &&
		    (err = store_case_set_agent(st, s.id, who->id))) ||
		    (err = event(st, &s, who, "apply", note, today, now)))
			goto fail;
		snprintf(cid, sizeof cid, "%lld", (long long)s.id);
		if ((err = audit_as(st, now, who->id, who->name, who->role,
		    "case.apply", "case", cid, NULL, json_pack("{s:s,s:I,s:s}",
		    "matter", jm.m.code, "joint_case", (json_int_t)c->id, "item",
		    it->code))))
			goto fail;
	}
	snprintf(c->item_name, sizeof c->item_name, "%s", jm.m.name);
	goto out;
fail:
	svc_fail(r, err, NULL, NULL);
out:
	joint_matter_clear(&jm);
	return err;
}

int joint_case_item(store *st, const struct case_rec *c, struct item *it)
{
	struct joint_matter jm;
	int err = joint_matter_load(st, NULL, c->matter_id, &jm);

	if (err)
		return err;
	item_copy(it, &jm.as_item);
	joint_matter_clear(&jm);
	return 0;
}

/* ---- scope ------------------------------------------------------------------ */

/* Whether staff member who is the lead's: the joint case's own
 * department, or a window that serves it. */
static bool is_lead(store *st, const struct case_actor *who,
    const struct case_rec *c)
{
	bool serves = false;

	/* the applicant and their agent (全程代办) act on the joint case */
	if (who->role & (ROLE_ADMIN | ROLE_SYSTEM | ROLE_APPLICANT | ROLE_AGENT))
		return true;
	if ((who->role & (ROLE_CHIEF | ROLE_REVIEWER)) &&
	    who->dept_id == c->dept_id)
		return true;
	if (who->window_id)
		store_window_serves(st, who->window_id, c->dept_id, &serves);
	return serves;
}

bool joint_may_read(store *st, const struct svc_actor *who,
    const struct case_rec *c)
{
	bool yes = false;

	if (c->joint_kind != JOINT_CASE ||
	    !(who->role & (ROLE_CLERK | ROLE_CHIEF | ROLE_REVIEWER)))
		return false;
	return !store_joint_has_dept(st, c->id, who->role == ROLE_CLERK ? 0 :
	    who->dept_id, who->window_id, &yes) && yes;
}

/* ---- before an action ------------------------------------------------------- */

static int sub_need(store *st, const struct case_actor *who,
    const struct case_rec *c, const struct case_action_args *a,
    int32_t today, int64_t now, struct svc_err *r)
{
	struct case_rec jc;
	struct item it = {0};
	json_t *names;
	char *txt, note[700], cid[24];
	size_t off;
	int err;

	if (c->state != CS_ACCEPTED && c->state != CS_UNDER_REVIEW)
		return svc_fail(r, GH_ECONFLICT, json_pack("{s:s}", "state",
		    case_state_name(c->state)), "办件当前状态为“%s”,不能提出补正",
		    case_state_label(c->state));
	if (!a->n_materials)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "materials"), "请列明需要申请人补正的材料(materials),由牵头部门"
		    "汇总后一次性告知");
	if ((err = store_case_get(st, c->parent_id, &jc)) ||
	    (err = joint_case_item(st, &jc, &it)))
		return svc_fail(r, err, NULL, NULL);
	for (size_t i = 0; i < a->n_materials; i++) {
		bool found = false;

		for (size_t j = 0; j < it.n_materials && !found; j++)
			found = !strcmp(it.materials[j].name, a->materials[i]);
		if (!found) {
			err = svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s,s:s}",
			    "field", "materials", "material", a->materials[i]),
			    "材料“%s”不在本主题事项的材料清单中", a->materials[i]);
			item_clear(&it);
			return err;
		}
	}
	item_clear(&it);
	names = json_array();
	off = (size_t)snprintf(note, sizeof note, "%s提出补正需求:",
	    c->dept_name);
	for (size_t i = 0; i < a->n_materials; i++) {
		json_array_append_new(names, json_string(a->materials[i]));
		if (off < sizeof note)
			off += (size_t)snprintf(note + off, sizeof note - off, "%s%s",
			    i ? "、" : "", a->materials[i]);
	}
	if (a->note && *a->note && off < sizeof note)
		snprintf(note + off, sizeof note - off, "(%s)", a->note);
	txt = json_dumps(names, JSON_COMPACT);
	json_decref(names);
	snprintf(cid, sizeof cid, "%lld", (long long)c->id);
	err = store_joint_need_add(st, jc.id, c->id, txt, a->note, who->id, today);
	free(txt);
	if (!err)
		err = event(st, c, who, "joint.need", note, today, now);
	if (!err)
		err = event(st, &jc, who, "joint.need", note, today, now);
	if (!err)
		err = audit_as(st, now, who->id, who->name, who->role,
		    "case.joint_need", "case", cid, NULL, json_pack("{s:I,s:s}",
		    "joint_case", (json_int_t)jc.id, "note", note));
	/* the lead window hears of it */
	if (!err && jc.clerk_id) {
		bool created;
		char kind[48];

		snprintf(kind, sizeof kind, "joint.need.%lld", (long long)now);
		err = store_notification_add(st, jc.clerk_id, jc.id, kind, note, now,
		    &created);
	}
	return err ? svc_fail(r, err, NULL, NULL) : 0;
}

int joint_before_action(store *st, const struct case_actor *who,
    struct case_rec *c, const struct case_action_args *a, int32_t today,
    int64_t now, bool *done, struct svc_err *r)
{
	*done = false;
	/* the system's own moves, and what the role may never do (the
	 * transition table answers 403 for that) */
	if (who->role == ROLE_SYSTEM || !(case_fsm_roles(a->action) & who->role))
		return 0;
	if (c->joint_kind == JOINT_CASE) {
		switch (a->action) {
		case CA_ACCEPT:
		case CA_REJECT:
		case CA_REQUEST_MATERIALS:
		case CA_SUPPLEMENT:
		case CA_WITHDRAW:
		case CA_VOID:
		case CA_COMPLETE:
		case CA_COLLECT:
			if (!is_lead(st, who, c))
				return svc_fail(r, GH_EFORBIDDEN, NULL, "并联审批主办件由"
				    "牵头部门(%s)的窗口办理;协办部门请在本部门的子办件中"
				    "审查", c->dept_name);
			return 0;
		default:
			return svc_fail(r, GH_ECONFLICT, json_pack("{s:s}", "state",
			    case_state_name(c->state)), "并联审批主办件不能%s:各部门"
			    "在各自的子办件中审查和决定", case_action_label(a->action));
		}
	}
	if (c->joint_kind != JOINT_SUB)
		return 0;
	switch (a->action) {
	case CA_REQUEST_MATERIALS:
		/* through the lead: one combined notice (一次性告知) */
		*done = true;
		return sub_need(st, who, c, a, today, now, r);
	case CA_APPROVE:
	case CA_DENY:
	case CA_SUSPEND:
	case CA_RESUME:
	case CA_REQUEST_EXTENSION:
	case CA_APPROVE_EXTENSION:
	case CA_DENY_EXTENSION:
		return 0;
	default:
		return svc_fail(r, GH_ECONFLICT, json_pack("{s:s}", "state",
		    case_state_name(c->state)), "并联审批的子办件由牵头窗口统一受理、"
		    "补正和办结,不能单独%s", case_action_label(a->action));
	}
}

int joint_need_names(store *st, int64_t joint_id, const char ***names,
    size_t *n, char **pool)
{
	json_t *needs, *row;
	size_t i, cap = 0, add = 0, cnt = *n;
	int err = store_joint_needs_json(st, joint_id, true, &needs);
	char *p;

	*pool = NULL;
	if (err)
		return err;
	json_array_foreach(needs, i, row) {
		json_t *m = json_loads(json_string_value(json_object_get(row,
		    "materials")), 0, NULL);

		json_object_set_new(row, "materials", m ? m : json_array());
		for (size_t k = 0; k < json_array_size(m); k++)
			cap += strlen(json_string_value(json_array_get(m, k))) + 1;
		add += json_array_size(m);
	}
	*pool = p = xmalloc(cap + 1);
	*names = xrealloc((void *)*names, (cnt + add + 1) * sizeof **names);
	json_array_foreach(needs, i, row) {
		json_t *m = json_object_get(row, "materials");

		for (size_t k = 0; k < json_array_size(m); k++) {
			const char *s = json_string_value(json_array_get(m, k));
			bool have = false;

			for (size_t j = 0; j < cnt && !have; j++)
				have = !strcmp((*names)[j], s);
			if (have)
				continue;
			memcpy(p, s, strlen(s) + 1);
			(*names)[cnt++] = p;
			p += strlen(s) + 1;
		}
	}
	*n = cnt;
	json_decref(needs);
	return 0;
}

/* ---- after an action: the other cases move ---------------------------------- */

/* Takes action on case id as the system, with its own calendar. */
static int sys_act(store *st, int64_t id, int action, const char *reason,
    int joint_decision, int32_t today, int64_t now, struct svc_err *r)
{
	struct case_actor sys = {0, "系统(并联审批)", ROLE_SYSTEM, 0, 0};
	struct case_action_args a = {.action = action, .reason = reason,
		.joint_decision = joint_decision};
	struct cal_ref *ref = NULL;
	struct case_rec c;
	int err;

	if (action == CA_WITHDRAW)
		a.applicant_request = "申请人撤回并联审批申请";
	if ((err = store_case_get(st, id, &c)) ||
	    (err = calendar_load(st, c.region_id, &ref)))
		return svc_fail(r, err, NULL, NULL);
	err = case_engine_act(st, cal_ref_get(ref), &sys, &c, &a, today, now, r);
	cal_ref_release(ref);
	return err;
}

static int sub_state(const struct case_rec *s)
{
	switch (s->state) {
	case CS_SUBMITTED:
		return MS_WAITING;
	case CS_DECIDED:
		return s->decision == CD_APPROVE ? MS_APPROVED : MS_REFUSED;
	case CS_COMPLETED:
		return s->outcome == CO_ISSUED ? MS_APPROVED : MS_REFUSED;
	case CS_REJECTED:
	case CS_WITHDRAWN:
		return MS_REFUSED;
	default:
		return MS_RUNNING;
	}
}

/* The sub-cases of joint case jc in matter order, with their states. */
static int load_subs(store *st, int64_t joint_id, struct case_rec **subs,
    int **ms, size_t *n)
{
	int64_t *ids = NULL;
	int err = store_joint_subcases(st, joint_id, &ids, n);

	*subs = NULL;
	*ms = NULL;
	if (err)
		return err;
	*subs = xcalloc(*n + 1, sizeof **subs);
	*ms = xcalloc(*n + 1, sizeof **ms);
	for (size_t i = 0; i < *n && !err; i++)
		if (!(err = store_case_get(st, ids[i], &(*subs)[i])))
			(*ms)[i] = sub_state(&(*subs)[i]);
	free(ids);
	return err;
}

/* Starts what may start, refuses what can never, and decides the joint
 * case once every sub-case is decided.  Sub-cases are in matter order
 * (they were created so), so index i of the subs is item i. */
static int advance(store *st, int64_t joint_id, int32_t today, int64_t now,
    struct svc_err *r)
{
	struct joint_matter jm;
	struct matter filed = {0};
	struct case_rec jc, *subs = NULL;
	char **codes = NULL;
	int *ms = NULL, err;
	size_t n = 0;
	bool moved = true;

	if ((err = store_case_get(st, joint_id, &jc)))
		return svc_fail(r, err, NULL, NULL);
	if (jc.state != CS_UNDER_REVIEW)
		return 0;    /* not accepted yet, waiting for 补正, or done */
	if ((err = joint_matter_load(st, NULL, jc.matter_id, &jm)))
		return svc_fail(r, err, NULL, NULL);
	while (moved && !err) {
		moved = false;
		free(subs);
		free(ms);
		if ((err = load_subs(st, joint_id, &subs, &ms, &n))) {
			svc_fail(r, err, NULL, NULL);
			break;
		}
		/* the case's own items, as filed: the matter may have changed
		 * since, its prerequisites between these items still hold */
		free(codes);
		codes = xcalloc(n + 1, sizeof *codes);
		for (size_t i = 0; i < n; i++)
			codes[i] = subs[i].item_code;
		filed = jm.m;
		filed.item_codes = codes;
		filed.n_items = n;
		for (size_t i = 0; i < n && !err && !moved; i++) {
			char why[800];

			if (matter_ready(&filed, ms, i)) {
				moved = true;
				if (!(err = sys_act(st, subs[i].id, CA_ACCEPT, NULL, 0,
				    today, now, r)) && !subs[i].instant)
					err = sys_act(st, subs[i].id, CA_START_REVIEW, NULL, 0,
					    today, now, r);
			} else if (matter_blocked(&filed, ms, i)) {
				moved = true;
				snprintf(why, sizeof why, "前置事项未获批准,“%s”依法不能受理"
				    "(并联审批“%s”)", subs[i].item_name, jm.m.name);
				err = sys_act(st, subs[i].id, CA_REJECT, why, 0, today, now,
				    r);
			}
		}
	}
	if (!err && n && matter_all_decided(&filed, ms)) {
		bool all = true;
		char why[512] = "";
		size_t off = 0;

		for (size_t i = 0; i < n; i++) {
			if (ms[i] == MS_APPROVED)
				continue;
			all = false;
			if (off < sizeof why)
				off += (size_t)snprintf(why + off, sizeof why - off,
				    "%s“%s”%s%s%s", off ? ";" : "", subs[i].item_name,
				    subs[i].outcome == CO_NOT_ACCEPTED ? "不予受理" :
				    "不予许可", subs[i].reason[0] ? ":" : "",
				    subs[i].reason);
		}
		if ((err = store_case_get(st, joint_id, &jc)))
			svc_fail(r, err, NULL, NULL);
		else if (jc.state == CS_UNDER_REVIEW)
			err = sys_act(st, joint_id, CA_JOINT_CONCLUDE, all ?
			    "各部门均准予许可" : why, all ? CD_APPROVE : CD_DENY, today,
			    now, r);
	}
	free(subs);
	free(ms);
	free(codes);
	joint_matter_clear(&jm);
	return err;
}

/* Does action to every sub-case of joint_id in one of the states of mask
 * (bits of enum case_state). */
static int each_sub(store *st, int64_t joint_id, unsigned mask, int action,
    const char *reason, int32_t today, int64_t now, struct svc_err *r)
{
	struct case_rec *subs = NULL;
	int *ms = NULL;
	size_t n = 0;
	int err = load_subs(st, joint_id, &subs, &ms, &n);

	if (err)
		svc_fail(r, err, NULL, NULL);
	for (size_t i = 0; i < n && !err; i++)
		if (mask & (1u << subs[i].state))
			err = sys_act(st, subs[i].id, action, reason, 0, today, now, r);
	free(subs);
	free(ms);
	return err;
}

#define RUNNING_BITS ((1u << CS_ACCEPTED) | (1u << CS_UNDER_REVIEW))
#define OPEN_BITS ((1u << CS_SUBMITTED) | (1u << CS_AWAITING_MATERIALS) | \
	(1u << CS_ACCEPTED) | (1u << CS_UNDER_REVIEW) | (1u << CS_SUSPENDED) | \
	(1u << CS_DECIDED))

int joint_after_action(store *st, struct case_rec *c, int action,
    const struct case_action_args *a, int32_t today, int64_t now,
    struct svc_err *r)
{
	int err = 0;

	if (c->joint_kind == JOINT_CASE) {
		switch (action) {
		case CA_ACCEPT:
			/* the joint case runs while its departments review */
			if (!(err = sys_act(st, c->id, CA_START_REVIEW, NULL, 0, today,
			    now, r)))
				err = advance(st, c->id, today, now, r);
			break;
		case CA_REQUEST_MATERIALS:
			/* one combined notice: the needs are answered, and every
			 * running sub-case waits with the joint case */
			if (!(err = svc_check(r, store_joint_needs_sent(st, c->id,
			    today))) && c->accepted_day != DAY_NONE)
				err = each_sub(st, c->id, RUNNING_BITS, CA_JOINT_PAUSE, NULL,
				    today, now, r);
			break;
		case CA_SUPPLEMENT:
			err = each_sub(st, c->id, 1u << CS_AWAITING_MATERIALS,
			    CA_JOINT_RESUME, NULL, today, now, r);
			if (!err)
				err = advance(st, c->id, today, now, r);
			break;
		case CA_REJECT:
			err = each_sub(st, c->id, 1u << CS_SUBMITTED, CA_REJECT,
			    a->reason, today, now, r);
			break;
		case CA_EXPIRE_CORRECTION:
			/* 补正超时: the sub-cases waiting with it end with it */
			err = each_sub(st, c->id, 1u << CS_AWAITING_MATERIALS,
			    CA_EXPIRE_CORRECTION, a->reason, today, now, r);
			if (!err)
				err = each_sub(st, c->id, 1u << CS_SUBMITTED, CA_REJECT,
				    a->reason, today, now, r);
			break;
		case CA_WITHDRAW:
			err = each_sub(st, c->id, OPEN_BITS, CA_WITHDRAW,
			    "主办件已撤回", today, now, r);
			break;
		case CA_VOID:
			err = each_sub(st, c->id, OPEN_BITS, CA_VOID, a->reason, today,
			    now, r);
			break;
		case CA_COMPLETE:
			/* one result: every decided sub-case is issued with it */
			err = each_sub(st, c->id, 1u << CS_DECIDED, CA_COMPLETE, NULL,
			    today, now, r);
			break;
		default:
			break;
		}
	} else if (c->joint_kind == JOINT_SUB && (c->state == CS_DECIDED ||
	    case_state_is_terminal(c->state)) && action != CA_COMPLETE &&
	    action != CA_WITHDRAW && action != CA_VOID) {
		err = advance(st, c->parent_id, today, now, r);
	}
	if (!err)
		err = svc_check(r, store_case_get(st, c->id, c));
	return err;
}

/* ---- the case object ----------------------------------------------------------- */

/* The running sub-case of subs[0..n) with the least working days left. */
static json_t *holding_of(store *st, const struct case_rec *subs,
    const int *ms, size_t n, int32_t today)
{
	size_t hold = (size_t)-1;
	int best = 0;

	for (size_t i = 0; i < n; i++) {
		struct cal_ref *ref = NULL;
		struct clock_input in;
		struct clock_suspension *susp = NULL;
		struct clock_result res;
		bool ok;

		if (ms[i] != MS_RUNNING || calendar_load(st, subs[i].region_id,
		    &ref))
			continue;
		ok = case_clock(st, cal_ref_get(ref), &subs[i], today, &in, &susp,
		    &res);
		free(susp);
		cal_ref_release(ref);
		if (ok && (hold == (size_t)-1 || res.remaining_days < best)) {
			hold = i;
			best = res.remaining_days;
		}
	}
	if (hold == (size_t)-1)
		return json_null();
	return json_pack("{s:I,s:I,s:s,s:s,s:i}", "case_id",
	    (json_int_t)subs[hold].id, "dept_id", (json_int_t)subs[hold].dept_id,
	    "dept_name", subs[hold].dept_name, "item_name", subs[hold].item_name,
	    "remaining_working_days", best);
}

json_t *joint_holding_json(store *st, const struct case_rec *c,
    int32_t today)
{
	struct case_rec *subs = NULL;
	int *ms = NULL;
	size_t n = 0;
	json_t *out = json_null();

	if (c->joint_kind == JOINT_CASE && !load_subs(st, c->id, &subs, &ms,
	    &n)) {
		json_decref(out);
		out = holding_of(st, subs, ms, n, today);
	}
	free(subs);
	free(ms);
	return out;
}

int joint_view(store *st, const struct case_rec *c, int32_t today,
    const struct svc_actor *viewer, json_t *o)
{
	struct case_rec *subs = NULL, jc;
	int *ms = NULL;
	size_t n = 0;
	json_t *arr, *needs = NULL;
	struct matter m;
	int err;

	if (c->joint_kind == JOINT_SUB) {
		if (store_case_get(st, c->parent_id, &jc) ||
		    store_matter_get_by_id(st, c->matter_id, &m, NULL))
			return 0;
		json_object_set_new(o, "joint_case", json_pack("{s:I,s:s,s:s,s:s,"
		    "s:s}", "id", (json_int_t)jc.id, "query_code", jc.query_code,
		    "state", case_state_name(jc.state), "matter_code", m.code,
		    "matter_name", m.name));
		matter_clear(&m);
		return 0;
	}
	if (c->joint_kind != JOINT_CASE)
		return 0;
	if (store_matter_get_by_id(st, c->matter_id, &m, NULL))
		return 0;
	json_object_set_new(o, "matter_code", json_string(m.code));
	json_object_set_new(o, "matter_name", json_string(m.name));
	json_object_set_new(o, "item_name", json_string(m.name));
	json_object_set_new(o, "joint", json_true());
	matter_clear(&m);
	if ((err = load_subs(st, c->id, &subs, &ms, &n)))
		goto out;
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		struct cal_ref *ref = NULL;
		json_t *s;

		if (calendar_load(st, subs[i].region_id, &ref))
			continue;
		s = case_summary_json(st, cal_ref_get(ref), &subs[i], today, viewer);
		cal_ref_release(ref);
		json_object_set_new(s, "decision", json_string(subs[i].decision ==
		    CD_APPROVE ? "approve" : subs[i].decision == CD_DENY ? "deny" :
		    "none"));
		json_object_set_new(s, "reason", json_string(subs[i].reason));
		json_object_set_new(s, "waiting_prerequisite", json_boolean(
		    subs[i].state == CS_SUBMITTED && c->accepted_day != DAY_NONE));
		json_array_append_new(arr, s);
	}
	json_object_set_new(o, "sub_cases", arr);
	/* who holds it up: the open sub-case with the least time left */
	json_object_set_new(o, "holding", holding_of(st, subs, ms, n, today));
	if (!store_joint_needs_json(st, c->id, false, &needs)) {
		json_t *row;
		size_t i;

		json_array_foreach(needs, i, row) {
			json_t *mm = json_loads(json_string_value(json_object_get(row,
			    "materials")), 0, NULL);

			json_object_set_new(row, "materials", mm ? mm : json_array());
		}
		json_object_set_new(o, "needs", needs);
	}
out:
	free(subs);
	free(ms);
	return 0;
}

/* ---- the sweep ------------------------------------------------------------------ */

int joint_sweep(store *st, int32_t today, int64_t now, size_t *deemed)
{
	int64_t *ids = NULL;
	size_t n = 0;
	int err = store_joint_late_subs(st, today, 1000, &ids, &n);

	*deemed = 0;
	for (size_t i = 0; i < n && !err; i++) {
		struct case_rec s, jc;
		struct matter m;
		int64_t lead = 0;
		char why[300], due[11];

		if ((err = store_case_get(st, ids[i], &s)) ||
		    (err = store_case_get(st, s.parent_id, &jc)))
			break;
		if (store_matter_get_by_id(st, s.matter_id, &m, &lead))
			continue;
		if (matter_deemed_due(m.deemed_consent, s.dept_id == jc.dept_id,
		    sub_state(&s), s.deadline_day, today) &&
		    s.state == CS_UNDER_REVIEW) {
			struct svc_err e = {0};

			day_format_iso(s.deadline_day, due);
			snprintf(why, sizeof why, "%s超过办理期限(%s)未作出决定,按主题"
			    "事项“%s”的规定视为同意(超时默认同意)", s.dept_name, due,
			    m.name);
			err = sys_act(st, s.id, CA_DEEM_CONSENT, why, 0, today, now, &e);
			if (err)
				log_error("sweep: deemed consent of case %lld: %s",
				    (long long)s.id, e.msg);
			svc_err_clear(&e);
			if (!err)
				(*deemed)++;
		}
		matter_clear(&m);
	}
	free(ids);
	return err;
}
