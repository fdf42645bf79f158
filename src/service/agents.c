/*
 * agents.c - 全程代办: assigning and ending a case's agent, the agent in the
 * case's JSON, the agents' statistics; see agents.h.  The rules (who may
 * assign, which cases, the authorisation's form) are domain/agent.h's.
 */
#include "service/agents.h"

#include <stdio.h>
#include <string.h>

#include "domain/agent.h"
#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/role.h"
#include "service/audit.h"
#include "service/case_view.h"
#include "util/gh_err.h"

#define CASE_STAFF (ROLE_CLERK | ROLE_CHIEF | ROLE_REVIEWER | ROLE_ADMIN | \
    ROLE_SUPERVISOR)

static int fail_rollback(store *st, int err)
{
	store_rollback(st);
	return err;
}

int agents_list(store *st, const struct svc_actor *who, json_t **out,
    struct svc_err *e)
{
	json_t *rows;
	int err;

	(void)who;
	if ((err = svc_check(e, store_agent_staff_json(st, &rows))))
		return err;
	*out = json_pack("{s:o}", "data", rows);
	return 0;
}

bool agents_carries(store *st, int64_t agent_id, const struct case_rec *c)
{
	struct case_agent_rec a;

	if (!store_case_agent_current(st, c->id, &a) && a.agent_id == agent_id)
		return true;
	/* a joint case's agent reads its sub-cases */
	return c->joint_kind == JOINT_SUB && c->parent_id &&
	    !store_case_agent_current(st, c->parent_id, &a) &&
	    a.agent_id == agent_id;
}

/* The refusal of who for case id, or 0: only the applicant and the window
 * assign or end an agent, within their data scope; the case must still
 * take one and not be a joint case's sub-case.  Loads *c. */
static int may_manage(store *st, const struct svc_actor *who, int64_t id,
    struct case_rec *c, const char *what, struct svc_err *e)
{
	int err;

	if (!agent_may_assign(who->role))
		return svc_fail(e, GH_EFORBIDDEN, NULL, "%s不能%s:代办员由办事人本人"
		    "或窗口人员指派", role_label(who->role) ? role_label(who->role) :
		    "", what);
	if ((err = case_load(st, who, id, c, e)))
		return err;
	/* a co-department's window reads a joint case but does not serve it */
	if (who->role != ROLE_APPLICANT && case_scope(st, who, c))
		return svc_fail(e, GH_EFORBIDDEN, NULL, "该办件不属于您的窗口或部门");
	if (c->joint_kind == JOINT_SUB)
		return svc_fail(e, GH_ECONFLICT, json_pack("{s:I}", "joint_case_id",
		    (json_int_t)c->parent_id), "并联审批的代办员在主办件(办件%lld)中"
		    "%s", (long long)c->parent_id, what);
	return 0;
}

static const char *auth_message(enum agent_auth_verdict v)
{
	switch (v) {
	case AGENT_AUTH_MISSING:
		return "请填写申请人的授权委托(authorisation):授权人、代办范围、"
		    "委托书日期或编号";
	case AGENT_AUTH_SHORT:
		return "授权委托(authorisation)至少4个字:请写明授权人、代办范围、"
		    "委托书日期或编号";
	case AGENT_AUTH_LONG:
		return "授权委托(authorisation)不能超过500个字";
	default:
		return "授权委托(authorisation)含有无效字符";
	}
}

int case_agent_assign(store *st, const struct svc_actor *who, int64_t id,
    int64_t agent_id, const char *authorisation, json_t **view,
    struct svc_err *e)
{
	enum agent_auth_verdict v = agent_auth_check(authorisation,
	    authorisation ? strlen(authorisation) : 0);
	struct case_agent_rec cur;
	struct user_rec ag;
	struct case_rec c;
	struct case_event ev;
	char cid[24], note[2400], kind[48];
	bool created;
	int err;

	if (v != AGENT_AUTH_OK)
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "authorisation"), "%s", auth_message(v));
	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = svc_check(e, store_case_turn(st))) ||
	    (err = may_manage(st, who, id, &c, "指派代办员", e)))
		return fail_rollback(st, err);
	if (!agent_case_open_to_agent(c.state))
		return fail_rollback(st, svc_fail(e, GH_ECONFLICT, json_pack(
		    "{s:s}", "state", case_state_name(c.state)), "办件已%s,不能再指派"
		    "代办员", case_state_label(c.state)));
	err = store_user_by_id(st, agent_id, &ag);
	if (err && err != GH_ENOTFOUND)
		return fail_rollback(st, svc_fail(e, err, NULL, NULL));
	if (err || ag.role != ROLE_AGENT)
		return fail_rollback(st, svc_fail(e, GH_EUNPROCESSABLE, json_pack(
		    "{s:s}", "field", "agent_id"), "用户%lld不是代办员,请从代办员名单"
		    "中选择", (long long)agent_id));
	if (!ag.active)
		return fail_rollback(st, svc_fail(e, GH_EUNPROCESSABLE, json_pack(
		    "{s:s}", "field", "agent_id"), "代办员%s已停用,请另选代办员",
		    ag.name));
	err = store_case_agent_current(st, c.id, &cur);
	if (!err)
		return fail_rollback(st, svc_fail(e, GH_ECONFLICT, json_pack(
		    "{s:I}", "agent_id", (json_int_t)cur.agent_id), "本办件已由代办员"
		    "%s代办,请先终止其代办再指派", cur.agent_name));
	if (err != GH_ENOTFOUND)
		return fail_rollback(st, svc_fail(e, err, NULL, NULL));
	snprintf(cid, sizeof cid, "%lld", (long long)c.id);
	snprintf(note, sizeof note, "指派代办员%s全程代办(授权委托:%s)", ag.name,
	    authorisation);
	ev = (struct case_event){.case_id = c.id, .at = who->now,
		.day = who->today, .actor_id = who->id, .actor_name = who->name,
		.role = who->role, .action = "agent.assign", .from_state = -1,
		.to_state = -1, .note = note};
	snprintf(kind, sizeof kind, "agent.assign.%lld", (long long)who->now);
	if ((err = store_case_agent_add(st, c.id, ag.id, authorisation, who->id,
	    who->today, who->now)) ||
	    (err = store_case_event_add(st, &ev)) ||
	    (err = audit_actor(st, who, "case.agent.assign", "case", cid, NULL,
	    json_pack("{s:I,s:s,s:s}", "agent_id", (json_int_t)ag.id,
	    "agent_name", ag.name, "authorisation", authorisation))) ||
	    (err = store_notification_add(st, ag.id, c.id, kind, note, who->now,
	    &created)))
		return fail_rollback(st, svc_fail(e, err, NULL, NULL));
	if ((err = case_view_json(st, &c, who->today, who, view, e)))
		return fail_rollback(st, err);
	if ((err = svc_check(e, store_commit(st)))) {
		json_decref(*view);
		*view = NULL;
		return fail_rollback(st, err);
	}
	return 0;
}

int case_agent_end(store *st, const struct svc_actor *who, int64_t id,
    json_t **view, struct svc_err *e)
{
	struct case_agent_rec cur;
	struct case_rec c;
	struct case_event ev;
	char cid[24], note[200];
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = svc_check(e, store_case_turn(st))) ||
	    (err = may_manage(st, who, id, &c, "终止代办", e)))
		return fail_rollback(st, err);
	err = store_case_agent_current(st, c.id, &cur);
	if (err == GH_ENOTFOUND)
		return fail_rollback(st, svc_fail(e, GH_ECONFLICT, NULL,
		    "本办件没有在办的代办员"));
	if (err)
		return fail_rollback(st, svc_fail(e, err, NULL, NULL));
	snprintf(cid, sizeof cid, "%lld", (long long)c.id);
	snprintf(note, sizeof note, "终止代办员%s的代办", cur.agent_name);
	ev = (struct case_event){.case_id = c.id, .at = who->now,
		.day = who->today, .actor_id = who->id, .actor_name = who->name,
		.role = who->role, .action = "agent.end", .from_state = -1,
		.to_state = -1, .note = note};
	if ((err = store_case_agent_end(st, cur.id, who->id, who->now)) ||
	    (err = store_case_event_add(st, &ev)) ||
	    (err = audit_actor(st, who, "case.agent.end", "case", cid,
	    json_pack("{s:I,s:s}", "agent_id", (json_int_t)cur.agent_id,
	    "agent_name", cur.agent_name), NULL)))
		return fail_rollback(st, svc_fail(e, err, NULL, NULL));
	if ((err = case_view_json(st, &c, who->today, who, view, e)))
		return fail_rollback(st, err);
	if ((err = svc_check(e, store_commit(st)))) {
		json_decref(*view);
		*view = NULL;
		return fail_rollback(st, err);
	}
	return 0;
}

void agents_case_view(store *st, const struct case_rec *c,
    const struct svc_actor *viewer, bool history, json_t *o)
{
	struct case_agent_rec a;
	int32_t day = DAY_NONE;
	json_t *rows;

	if (!viewer)
		return;
	if (!store_case_agent_current(st, c->id, &a))
		json_object_set_new(o, "agent", json_pack("{s:I,s:s,s:s,s:o}", "id",
		    (json_int_t)a.agent_id, "name", a.agent_name, "authorisation",
		    a.authorisation, "assigned_day", json_day(a.assigned_day)));
	else
		json_object_set_new(o, "agent", json_null());
	if (c->state == CS_COMPLETED)
		store_case_event_first_day(st, c->id, "collect", &day);
	json_object_set_new(o, "collected_day", json_day(day));
	if (history && (viewer->role & CASE_STAFF) &&
	    !store_case_agents_json(st, c->id, &rows))
		json_object_set_new(o, "agents_history", rows);
}

int agents_stats_json(store *st, const struct svc_actor *who, int32_t from,
    int32_t to, json_t **out, struct svc_err *e)
{
	int64_t dept = who->role == ROLE_CHIEF ? (who->dept_id ? who->dept_id :
	    -1) : 0;

	return svc_check(e, store_agent_stats_json(st, from, to, dept, out));
}
