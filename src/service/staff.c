/*
 * staff.c - staff accounts, the requests a second supervisor decides and
 * the A/B posts of windows; see staff.h (moved here from api/org_admin.c,
 * whose handlers now read the request, call one function here and
 * answer).
 */
#include "service/staff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/mask.h"
#include "domain/role.h"
#include "service/audit.h"
#include "service/auth.h"
#include "util/gh_err.h"

#define PASSWORD_HASH_BYTES 128
#define REQUEST_TTL_S (3 * 86400)   /* a pending request expires after 3 days */

#define WINDOW_ROLES (ROLE_CLERK | ROLE_CHIEF)
#define DEPT_ROLES (ROLE_CLERK | ROLE_CHIEF | ROLE_REVIEWER)

/* Every failure after store_begin rolls back. */
static int fail_rollback(store *st, int err)
{
	store_rollback(st);
	return err;
}

/* 422 (or err) naming field. */
static int refuse_field(struct svc_err *e, int err, const char *field,
    const char *msg)
{
	return svc_fail(e, err, field ? json_pack("{s:s}", "field", field) :
	    NULL, "%s", msg);
}

/* Appends the audit record and commits; on failure rolls back. */
static int commit_audit(store *st, const struct svc_actor *who,
    const char *action, const char *object_type, const char *object_id,
    json_t *before, json_t *after, struct svc_err *e)
{
	int err;

	if ((err = svc_check(e, audit_actor(st, who, action, object_type,
	    object_id, before, after))) || (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	return 0;
}

/* ---- the API form of staff ----------------------------------------------- */

/* The API form of a staff row: the stored role bit by name and label. */
static void role_names(json_t *row)
{
	int role = (int)json_integer_value(json_object_get(row, "role"));

	json_object_set_new(row, "role", role_name(role) ?
	    json_string(role_name(role)) : json_null());
	json_object_set_new(row, "role_label", role_label(role) ?
	    json_string(role_label(role)) : json_null());
}

/* Staff phones leave the server masked (docs/security.md, "Separation of
 * duties"): nobody's work needs a colleague's full number from a list. */
static void staff_mask_phone(json_t *row)
{
	const char *phone = json_string_value(json_object_get(row, "phone"));
	char masked[64];

	if (phone && !mask_phone(phone, masked, sizeof masked))
		json_object_set_new(row, "phone", json_string(masked));
	else if (phone)
		json_object_set_new(row, "phone", json_string(""));
}

int staff_view(store *st, int64_t id, json_t **out, struct svc_err *e)
{
	int err = store_staff_get_json(st, id, out);

	if (err == GH_ENOTFOUND)
		return svc_fail(e, err, NULL, "工作人员%lld不存在", (long long)id);
	if (err)
		return svc_fail(e, err, NULL, NULL);
	role_names(*out);
	staff_mask_phone(*out);
	return 0;
}

/* A phone with '*' is the masked form of the stored one sent back (a form
 * filled from GET): it means "unchanged".  Any other '*' is refused. */
static int phone_unmask(const char *stored, const char **phone,
    struct svc_err *e)
{
	char masked[64];

	if (!*phone || !strchr(*phone, '*'))
		return 0;
	if (stored && !mask_phone(stored, masked, sizeof masked) &&
	    !strcmp(masked, *phone)) {
		*phone = stored;
		return 0;
	}
	return refuse_field(e, GH_EUNPROCESSABLE, "phone", STAFF_PHONE_MSG);
}

/* ---- checks on a staff member's place ------------------------------------ */

/* Checks s as a whole: department and window as the role requires, both
 * existing, the window serving the department, a post only with a window.
 * 422 naming the field that is wrong. */
static int placement_check(store *st, const struct staff_rec *s,
    struct svc_err *e)
{
	const char *label = role_label(s->role);
	char dept[128] = "", win[32];
	bool serves;
	int err;

	if ((s->role & DEPT_ROLES) && !s->dept_id)
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "dept_id"), "%s须指定所属单位(dept_id)", label);
	if (!(s->role & DEPT_ROLES) && s->dept_id)
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "dept_id"), "%s不隶属进驻单位,dept_id应为空", label);
	if (!(s->role & WINDOW_ROLES) && s->window_id)
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "window_id"), "只有窗口人员和首席代表分配窗口,%s的"
		    "window_id应为空", label);
	if (!s->window_id && *s->post)
		return refuse_field(e, GH_EUNPROCESSABLE, "post",
		    "未分配窗口的人员不能担任A岗或B岗");
	if (s->dept_id) {
		err = store_dept_name(st, s->dept_id, dept, sizeof dept);
		if (err == GH_ENOTFOUND)
			return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "dept_id"), "单位%lld不存在",
			    (long long)s->dept_id);
		if (err)
			return svc_fail(e, err, NULL, NULL);
	}
	if (s->window_id) {
		err = store_window_no(st, s->window_id, win, sizeof win);
		if (err == GH_ENOTFOUND)
			return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "window_id"), "窗口%lld不存在",
			    (long long)s->window_id);
		if (err || (err = store_window_serves(st, s->window_id, s->dept_id,
		    &serves)))
			return svc_fail(e, err, NULL, NULL);
		if (!serves)
			return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "window_id"), "%s窗口不受理%s的事项,请选择受理该"
			    "单位事项的窗口", win, dept);
	}
	return 0;
}

/* 409 when next would take u away from the posts u holds: deactivated,
 * moved off the window, or given a post letter the posts do not make. */
static int posts_check(store *st, const struct user_rec *u,
    const struct staff_rec *next, struct svc_err *e)
{
	json_t *held, *first;
	const char *side, *why = NULL;
	int err;

	if ((err = svc_check(e, store_user_posts_json(st, u->id, &held))))
		return err;
	if (json_array_size(held) == 0) {
		json_decref(held);
		return 0;
	}
	first = json_array_get(held, 0);   /* A posts come first */
	side = json_string_value(json_object_get(first, "side"));
	if (!next->active)
		why = "请先在该窗口的A/B岗设置中另行安排,再停用该账号";
	else if (next->window_id != u->window_id)
		why = "请先在该窗口的A/B岗设置中另行安排,再调整其窗口";
	else if (strcmp(next->post, side))
		why = "A岗、B岗请在该窗口的A/B岗设置中调整";
	if (why)
		svc_fail(e, GH_ECONFLICT, NULL, "%s在%s窗口的“%s”担任%s岗,%s",
		    u->name, json_string_value(json_object_get(first, "window_no")),
		    json_string_value(json_object_get(first, "name")), side, why);
	json_decref(held);
	return why ? GH_ECONFLICT : 0;
}

/* ---- separation of duties ----------------------------------------------- */

static const char *duty_action_name(enum duty_action a)
{
	switch (a) {
	case DUTY_CREATE:
		return "create";
	case DUTY_CONTACT:
		return "contact";
	case DUTY_PLACE:
		return "role";
	case DUTY_PASSWORD:
		return "reset";
	default:
		return "active";
	}
}

int staff_deny(store *st, const struct svc_actor *who, const char *target,
    enum duty_action a, int role_before, int role_after, json_t *attempt,
    struct svc_err *e)
{
	const char *msg = who->role == ROLE_ADMIN ?
	    "职责分离:中心管理员不能创建、修改、重置或停用效能监察人员账号,"
	    "也不能授予或取消效能监察角色" : who->role == ROLE_SUPERVISOR ?
	    "职责分离:效能监察人员只能管理效能监察人员账号" :
	    "职责分离:无权管理工作人员账号";
	json_t *after = json_pack("{s:s,s:o,s:o,s:o}", "attempt",
	    duty_action_name(a), "role_before", role_name(role_before) ?
	    json_string(role_name(role_before)) : json_null(), "role_after",
	    role_name(role_after) ? json_string(role_name(role_after)) :
	    json_null(), "request", attempt ? attempt : json_null());
	int err;

	/* nothing was written by whatever the caller had begun */
	store_rollback(st);
	if ((err = svc_check(e, store_begin(st)))) {
		json_decref(after);
		return err;
	}
	if ((err = commit_audit(st, who, "staff.denied", "user", target, NULL,
	    after, e)))
		return err;
	return svc_fail(e, GH_EFORBIDDEN, NULL, "%s", msg);
}

/* Files a change to a supervisor's account that a second supervisor must
 * approve: inside the transaction the caller began, one request row and
 * its "staff.request" audit record, committed; *out is 202's request.
 * change is stolen and holds no secret the audit may not see except
 * "pw_hash", which is left out of the audit record.  Rolls back on
 * failure. */
static int request_second(store *st, const struct svc_actor *who,
    const struct user_rec *u, const char *kind, json_t *change,
    const char *summary, json_t **out, struct svc_err *e)
{
	struct staff_request r = {.kind = kind, .target_id = u->id,
		.requester_id = who->id, .summary = summary,
		.created_at = who->now, .expires_at = who->now + REQUEST_TTL_S};
	struct staff_request got;
	json_t *audit = json_deep_copy(change), *req_obj = NULL;
	char *text = json_dumps(change, JSON_COMPACT | JSON_SORT_KEYS);
	int64_t id;
	int err;

	json_object_del(audit, "pw_hash");
	r.change = text;
	if ((err = svc_check(e, store_staff_request_add(st, &r, &id))) ||
	    (err = svc_check(e, store_staff_request_get(st, id, who->now, &got,
	    &req_obj)))) {
		fail_rollback(st, err);
		goto out;
	}
	free((char *)got.change);
	json_object_set_new(audit, "request_id", json_integer(id));
	json_object_set_new(audit, "summary", json_string(summary));
	err = commit_audit(st, who, "staff.request", "user", u->username, NULL,
	    audit, e);
	audit = NULL;
	if (!err) {
		*out = req_obj;
		req_obj = NULL;
	}
out:
	free(text);
	json_decref(audit);
	json_decref(req_obj);
	json_decref(change);
	return err;
}

/* ---- staff ------------------------------------------------------------- */

int staff_create(store *st, const struct svc_actor *who, const char *username,
    const char *password, const struct staff_rec *s, json_t **out,
    struct svc_err *e)
{
	char hash[PASSWORD_HASH_BYTES];
	struct user_rec taken;
	json_t *obj = NULL;
	int64_t id;
	int err;

	if (duty_staff_change(who->role, 0, s->role, DUTY_CREATE) != DUTY_ALLOW)
		return staff_deny(st, who, username, DUTY_CREATE, 0, s->role,
		    json_pack("{s:s,s:s}", "username", username, "name", s->name),
		    e);
	if ((err = placement_check(st, s, e)))
		return err;
	err = store_user_by_username(st, username, &taken);
	if (!err)
		return svc_fail(e, GH_ECONFLICT, json_pack("{s:s}", "field",
		    "username"), "账号%s已被使用", username);
	if (err != GH_ENOTFOUND)
		return svc_fail(e, err, NULL, NULL);
	/* hash before taking the write lock: a hash takes ~50 ms */
	if ((err = svc_check(e, password_hash(password, hash))) ||
	    (err = svc_check(e, store_begin(st))))
		return err;
	err = store_staff_insert(st, username, hash, s, who->now, &id);
	if (err == GH_ECONFLICT)   /* taken since the check above */
		return fail_rollback(st, svc_fail(e, err, json_pack("{s:s}",
		    "field", "username"), "账号%s已被使用", username));
	/* failures counted against the name before it existed do not count */
	if ((err = svc_check(e, err)) ||
	    (err = svc_check(e, login_throttle_reset(st, username))) ||
	    (err = staff_view(st, id, &obj, e)))
		return fail_rollback(st, err);
	if ((err = commit_audit(st, who, "staff.create", "user", username, NULL,
	    json_incref(obj), e))) {
		json_decref(obj);
		return err;
	}
	*out = obj;
	return 0;
}

/* The duty check of a staff change: refused (and audited) unless the
 * actor may make it at once or by a second supervisor's approval. */
static int duty_update_check(store *st, const struct svc_actor *who,
    const struct user_rec *u, const struct staff_rec *now,
    const struct staff_rec *next, bool moved, json_t *body,
    struct svc_err *e)
{
	enum duty_action a = moved ? DUTY_PLACE : next->active != now->active ?
	    DUTY_ACTIVE : DUTY_CONTACT;
	enum duty_verdict v = duty_staff_change(who->role, now->role,
	    next->role, a);

	/* a contact edit beside a role or active change is judged by both */
	if (v != DUTY_DENY && a != DUTY_CONTACT &&
	    duty_staff_change(who->role, now->role, next->role,
	    DUTY_CONTACT) == DUTY_DENY && (strcmp(next->name, now->name) ||
	    strcmp(next->phone, now->phone) || strcmp(next->email, now->email)))
		v = DUTY_DENY;
	if (v != DUTY_DENY)
		return 0;
	return staff_deny(st, who, u->username, a, now->role, next->role,
	    json_deep_copy(body), e);
}

/* The part of staff_update inside its transaction; the caller rolls back
 * on failure (or when nothing changed, *status 200 with before). */
static int update_in_tx(store *st, const struct svc_actor *who, int64_t id,
    const struct staff_change *c, json_t *body, json_t **out, int *status,
    bool *done, struct svc_err *e)
{
	json_t *before = NULL, *after = NULL, *audit_after;
	struct staff_rec now, next;
	const char *phone = c->phone;
	struct user_rec u;
	int64_t ended = 0;
	bool moved;
	int err;

	if ((err = staff_view(st, id, &before, e)))
		return err;
	if ((err = svc_check(e, store_user_by_id(st, id, &u))))
		goto out;
	/* the object as GET answers it may come back whole: same username */
	if (c->username && strcmp(c->username, u.username)) {
		err = refuse_field(e, GH_EUNPROCESSABLE, "username", "账号不能修改");
		goto out;
	}
	now = (struct staff_rec){.name = u.name, .phone = u.phone,
		.email = json_string_value(json_object_get(before, "email")),
		.role = u.role, .dept_id = u.dept_id, .window_id = u.window_id,
		.post = u.post, .active = u.active};
	next = now;
	if ((err = phone_unmask(u.phone, &phone, e)))
		goto out;
	if (c->name)
		next.name = c->name;
	if (phone)
		next.phone = phone;
	if (c->email)
		next.email = c->email;
	if (c->post)
		next.post = c->post;
	if (c->has_role)
		next.role = c->role;
	if (c->has_dept)
		next.dept_id = c->dept_id;
	if (c->has_window)
		next.window_id = c->window_id;
	if (c->has_active)
		next.active = c->active;

	if (id == who->id && !next.active) {
		err = refuse_field(e, GH_ECONFLICT, "active", "不能停用自己的账号");
		goto out;
	}
	if (id == who->id && next.role != now.role) {
		err = refuse_field(e, GH_ECONFLICT, "role", now.role == ROLE_ADMIN ?
		    "不能取消自己的中心管理员角色" : "不能修改自己的角色");
		goto out;
	}
	/* The place is checked as a whole when any part of it changes, so
	 * that a name or phone change never fails over an older placement. */
	moved = next.role != now.role || next.dept_id != now.dept_id ||
	    next.window_id != now.window_id || strcmp(next.post, now.post);
	if ((err = duty_update_check(st, who, &u, &now, &next, moved, body, e))) {
		*done = true;   /* the denial committed its own transaction */
		goto out;
	}
	if ((err = posts_check(st, &u, &next, e)) ||
	    (moved && (err = placement_check(st, &next, e))))
		goto out;
	if (duty_staff_change(who->role, now.role, next.role, moved ?
	    DUTY_PLACE : next.active != now.active ? DUTY_ACTIVE : DUTY_CONTACT)
	    == DUTY_SECOND) {
		char summary[160];
		json_t *change;

		if (strcmp(next.name, now.name) || strcmp(next.phone, now.phone) ||
		    strcmp(next.email, now.email)) {
			err = svc_fail(e, GH_EUNPROCESSABLE, NULL, "效能监察人员的角色"
			    "或启用状态变更需另一名效能监察人员批准,请勿与联系方式同时"
			    "修改");
			goto out;
		}
		snprintf(summary, sizeof summary, "%s:%s%s", u.name, moved ?
		    "角色改为" : next.active ? "启用账号" : "停用账号",
		    moved ? role_label(next.role) : "");
		/* with the account as it is now, so that an approval applies
		 * only to the account the requester saw */
		change = json_pack("{s:i,s:I,s:I,s:s,s:b,s:i,s:b}", "role",
		    next.role, "dept_id", (json_int_t)next.dept_id, "window_id",
		    (json_int_t)next.window_id, "post", next.post, "active",
		    next.active, "role_before", now.role, "active_before",
		    now.active);
		*done = true;   /* committed, or rolled back, by request_second */
		if (!(err = request_second(st, who, &u, "change", change, summary,
		    out, e)))
			*status = 202;
		goto out;
	}
	if (!moved && next.active == now.active &&
	    !strcmp(next.name, now.name) && !strcmp(next.phone, now.phone) &&
	    !strcmp(next.email, now.email)) {
		*out = before;   /* nothing to change */
		*status = 200;
		before = NULL;
		goto out;
	}
	if ((err = svc_check(e, store_staff_update(st, id, &next))) ||
	    (!next.active && now.active && (err = svc_check(e,
	    store_user_sessions_end(st, id, NULL, &ended)))) ||
	    (err = staff_view(st, id, &after, e)))
		goto out;
	/* the audit record also tells how many logins a deactivation ended */
	audit_after = json_copy(after);
	if (!next.active && now.active)
		json_object_set_new(audit_after, "sessions_ended",
		    json_integer(ended));
	*done = true;
	if (!(err = commit_audit(st, who, "staff.update", "user", u.username,
	    json_incref(before), audit_after, e))) {
		*out = after;
		*status = 200;
		after = NULL;
	}
out:
	json_decref(after);
	json_decref(before);
	return err;
}

int staff_update(store *st, const struct svc_actor *who, int64_t id,
    const struct staff_change *c, json_t *body, json_t **out, int *status,
    struct svc_err *e)
{
	bool done = false;
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	err = update_in_tx(st, who, id, c, body, out, status, &done, e);
	/* refused before any write, or nothing to change: nothing to keep */
	if (!done)
		store_rollback(st);
	return err;
}

int staff_password_target(store *st, const struct svc_actor *who, int64_t id,
    struct user_rec *u, struct svc_err *e)
{
	json_t *view = NULL;
	int err;

	if ((err = staff_view(st, id, &view, e)))
		return err;
	json_decref(view);
	if ((err = svc_check(e, store_user_by_id(st, id, u))))
		return err;
	if (duty_staff_change(who->role, u->role, u->role, DUTY_PASSWORD) ==
	    DUTY_DENY)
		return staff_deny(st, who, u->username, DUTY_PASSWORD, u->role,
		    u->role, NULL, e);
	return 0;
}

int staff_password_reset(store *st, const struct svc_actor *who,
    const struct user_rec *u, const char *password,
    const unsigned char *keep_token_hash, json_t **out, int *status,
    struct svc_err *e)
{
	enum duty_verdict v = duty_staff_change(who->role, u->role, u->role,
	    DUTY_PASSWORD);
	char hash[PASSWORD_HASH_BYTES];
	int64_t ended;
	int err;

	if (v == DUTY_DENY)
		return staff_deny(st, who, u->username, DUTY_PASSWORD, u->role,
		    u->role, NULL, e);
	if ((err = svc_check(e, password_hash(password, hash))) ||
	    (err = svc_check(e, store_begin(st))))
		return err;
	if (v == DUTY_SECOND) {
		char summary[120];

		snprintf(summary, sizeof summary, "%s:重置密码", u->name);
		if (!(err = request_second(st, who, u, "password",
		    json_pack("{s:s}", "pw_hash", hash), summary, out, e)))
			*status = 202;
		return err;
	}
	if ((err = svc_check(e, store_user_set_hash(st, u->id, hash))) ||
	    (err = svc_check(e, store_user_sessions_end(st, u->id,
	    keep_token_hash, &ended))) ||
	    (err = svc_check(e, login_throttle_reset(st, u->username))))
		return fail_rollback(st, err);
	if ((err = commit_audit(st, who, "staff.password", "user", u->username,
	    NULL, json_pack("{s:I}", "sessions_ended", (json_int_t)ended), e)))
		return err;
	*out = json_pack("{s:I,s:s,s:I}", "id", (json_int_t)u->id, "username",
	    u->username, "sessions_ended", (json_int_t)ended);
	*status = 200;
	return 0;
}

/* ---- requests a second supervisor decides -------------------------------- */

/* Applies an approved request to the account it names; inside the open
 * transaction.  *ended counts the sessions it ended. */
static int request_apply(store *st, const struct staff_request *r,
    const struct user_rec *u, int64_t *ended, struct svc_err *e)
{
	json_t *c = json_loads(r->change, 0, NULL);
	struct staff_rec next;
	json_t *cur = NULL;
	int err;

	*ended = 0;
	if (!c)
		return svc_fail(e, GH_ESTORE, NULL, NULL);
	if (!strcmp(r->kind, "password")) {
		if (!(err = svc_check(e, store_user_set_hash(st, u->id,
		    json_string_value(json_object_get(c, "pw_hash"))))) &&
		    !(err = svc_check(e, store_user_sessions_end(st, u->id, NULL,
		    ended))))
			err = svc_check(e, login_throttle_reset(st, u->username));
		goto out;
	}
	if ((err = svc_check(e, store_staff_get_json(st, u->id, &cur))))
		goto out;
	next = (struct staff_rec){.name = u->name, .phone = u->phone,
		.email = json_string_value(json_object_get(cur, "email")),
		.role = (int)json_integer_value(json_object_get(c, "role")),
		.dept_id = json_integer_value(json_object_get(c, "dept_id")),
		.window_id = json_integer_value(json_object_get(c, "window_id")),
		.post = json_string_value(json_object_get(c, "post")),
		.active = json_is_true(json_object_get(c, "active"))};
	if (!next.email)
		next.email = "";
	if (!next.post)
		next.post = "";
	if (!(err = placement_check(st, &next, e)) &&
	    !(err = svc_check(e, store_staff_update(st, u->id, &next))) &&
	    !next.active)
		err = svc_check(e, store_user_sessions_end(st, u->id, NULL, ended));
out:
	json_decref(cur);
	json_decref(c);
	return err;
}

/* Whether the duty rules still make r a two-supervisor change of u as the
 * account is now. */
static bool request_still_valid(const struct staff_request *r,
    const struct user_rec *u)
{
	json_t *c;
	bool same;
	int role;

	if (!strcmp(r->kind, "password"))
		return duty_staff_change(ROLE_SUPERVISOR, u->role, u->role,
		    DUTY_PASSWORD) == DUTY_SECOND;
	c = json_loads(r->change, 0, NULL);
	role = c ? (int)json_integer_value(json_object_get(c, "role")) : 0;
	same = c && json_integer_value(json_object_get(c, "role_before")) ==
	    u->role && json_is_true(json_object_get(c, "active_before")) ==
	    u->active;
	json_decref(c);
	return role && same && duty_staff_change(ROLE_SUPERVISOR, u->role, role,
	    DUTY_PLACE) == DUTY_SECOND;
}

int staff_request_decide(store *st, const struct svc_actor *who, int64_t id,
    bool approve, json_t **out, struct svc_err *e)
{
	struct staff_request r = {0};
	json_t *before = NULL, *after = NULL;
	struct user_rec u;
	char sid[24];
	int64_t ended = 0;
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	err = store_staff_request_get(st, id, who->now, &r, &before);
	if (err == GH_ENOTFOUND)
		return fail_rollback(st, svc_fail(e, err, NULL, "申请%lld不存在",
		    (long long)id));
	if ((err = svc_check(e, err)))
		return fail_rollback(st, err);
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (!duty_may_approve(who->role, who->id, r.requester_id, r.target_id)) {
		store_rollback(st);
		if (!(err = svc_check(e, store_begin(st))) &&
		    !(err = commit_audit(st, who, "staff.denied", "staff_request",
		    sid, NULL, json_pack("{s:s}", "attempt", approve ? "approve" :
		    "reject"), e)))
			err = svc_fail(e, GH_EFORBIDDEN, NULL, "职责分离:申请须由申请"
			    "人和被申请人以外的另一名效能监察人员审批");
		goto out;
	}
	if (strcmp(r.state_buf, "pending")) {
		err = fail_rollback(st, svc_fail(e, GH_ECONFLICT, NULL,
		    "申请%lld已%s,不能再审批", (long long)id,
		    !strcmp(r.state_buf, "expired") ? "过期" : "处理"));
		goto out;
	}
	if ((err = svc_check(e, store_user_by_id(st, r.target_id, &u)))) {
		fail_rollback(st, err);
		goto out;
	}
	/* the account may have changed since: the request must still be one
	 * that needs two supervisors, or it would let supervisors manage a
	 * non-supervisor (say, deactivate someone who became an admin) */
	if (approve && !request_still_valid(&r, &u)) {
		err = fail_rollback(st, svc_fail(e, GH_ECONFLICT, NULL,
		    "申请%lld提交后%s的账号已变更,申请已失效,请驳回后重新提交",
		    (long long)id, u.name));
		goto out;
	}
	if ((approve && (err = request_apply(st, &r, &u, &ended, e))) ||
	    (err = svc_check(e, store_staff_request_decide(st, id, approve,
	    who->id, who->now)))) {
		fail_rollback(st, err);
		goto out;
	}
	free((char *)r.change);
	r.change = NULL;
	json_decref(before);
	before = NULL;
	if ((err = svc_check(e, store_staff_request_get(st, id, who->now, &r,
	    &after)))) {
		fail_rollback(st, err);
		goto out;
	}
	json_object_set_new(after, "sessions_ended", json_integer(ended));
	if (!(err = commit_audit(st, who, approve ? "staff.request.approve" :
	    "staff.request.reject", "user", u.username, NULL, json_incref(after),
	    e))) {
		*out = after;
		after = NULL;
	}
out:
	free((char *)r.change);
	json_decref(before);
	json_decref(after);
	return err;
}

/* ---- A/B posts ----------------------------------------------------------- */

int window_posts_view(store *st, int64_t id, json_t **out, struct svc_err *e)
{
	int err = store_window_posts_json(st, id, out);
	json_t *row;
	size_t i;

	if (err == GH_ENOTFOUND)
		return svc_fail(e, err, NULL, "窗口%lld不存在", (long long)id);
	if (err)
		return svc_fail(e, err, NULL, NULL);
	json_array_foreach(json_object_get(*out, "staff"), i, row)
		role_names(row);
	return 0;
}

/* Checks that user id may hold a post of the window: active staff whose
 * window it is.  422 naming field. */
static int holder_check(store *st, int64_t user_id, int64_t window_id,
    const char *window_no, const char *field, struct svc_err *e)
{
	struct user_rec u;
	int err = store_user_by_id(st, user_id, &u);

	if (!err && (u.role & ROLE_APPLICANT))
		err = GH_ENOTFOUND;
	if (err == GH_ENOTFOUND)
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    field), "工作人员%lld不存在", (long long)user_id);
	if (err)
		return svc_fail(e, err, NULL, NULL);
	if (!u.active)
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    field), "%s的账号已停用,不能担任岗位", u.name);
	if (u.window_id != window_id)
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    field), "%s不在%s窗口工作,请先将其窗口调整为%s", u.name,
		    window_no, window_no);
	return 0;
}

int window_posts_put(store *st, const struct svc_actor *who, int64_t id,
    const struct window_post *posts, size_t n, json_t **out,
    struct svc_err *e)
{
	json_t *before = NULL, *after = NULL;
	const char *window_no;
	char field[40], sid[24];
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = window_posts_view(st, id, &before, e)))
		goto fail;
	window_no = json_string_value(json_object_get(before, "window_no"));
	for (size_t i = 0; i < n; i++) {
		snprintf(field, sizeof field, "posts[%zu].a_user_id", i);
		if ((err = holder_check(st, posts[i].a_user_id, id, window_no, field,
		    e)))
			goto fail;
		snprintf(field, sizeof field, "posts[%zu].b_user_id", i);
		if (posts[i].b_user_id && (err = holder_check(st,
		    posts[i].b_user_id, id, window_no, field, e)))
			goto fail;
	}
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if ((err = svc_check(e, store_window_posts_replace(st, id, posts, n))) ||
	    (err = window_posts_view(st, id, &after, e)))
		goto fail;
	if ((err = commit_audit(st, who, "window.posts", "window", sid, before,
	    json_incref(after), e))) {
		json_decref(after);
		return err;
	}
	*out = after;
	return 0;
fail:
	store_rollback(st);
	json_decref(after);
	json_decref(before);
	return err;
}
