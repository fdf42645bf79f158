/*
 * org_admin.c - the centre administrator's changes to the organisation:
 * staff accounts (someone joins, moves to another window or department,
 * changes role, leaves, forgets a password) and the A/B posts of each
 * window (the A岗 holds the post; the B岗 covers while the holder is away).
 * org.c holds the reads everyone shares.
 *
 * Invariants kept here, beyond the schema's:
 * - clerks, chiefs and reviewers belong to a department; administrators
 *   and supervisors to none; only clerks and chiefs have a window, and it
 *   serves their department (window_depts); only someone with a window
 *   holds an A or B post.  These are checked whenever a person's role,
 *   department, window or post changes (older accounts, like the demo's
 *   clerk without a department, keep working until then);
 * - whoever holds a post of a window (A or B) is active staff of that
 *   window, and users.post says what the posts make them (A before B, see
 *   store_window_posts_replace).  A holder therefore cannot leave the
 *   window, be deactivated or change post letter here: the window's posts
 *   change first (409 says which post);
 * - an administrator cannot deactivate or demote themselves, so the centre
 *   always keeps an administrator who can log in;
 * - a deactivated account keeps no session, nor does one whose password
 *   was reset (except the session of an administrator resetting their own).
 *
 * Every change is one transaction with its audit record (before and after;
 * never a password or its hash).  A refused request writes nothing: the
 * checks come before the first write, and the server rolls back a
 * transaction a handler left open.
 *
 * Thread-safety: handlers run on server worker threads with their own
 * store; nothing here keeps state.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/duty.h"
#include "domain/mask.h"
#include "util/pwpolicy.h"
#include "domain/role.h"
#include "notify/outbox.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

#define USERNAME_MIN 3
#define USERNAME_MAX 32
#define PERSON_NAME_MAX 63   /* bytes: struct user_rec keeps 64 */
#define PHONE_MAX 20
#define EMAIL_MAX 254
#define PASSWORD_MIN_CHARS 8
#define PASSWORD_MAX 256     /* bytes: what a login accepts */
#define PASSWORD_HASH_BYTES 128
#define POST_NAME_MAX 60
#define POSTS_MAX 20         /* posts of one window */
#define REQUEST_TTL_S (3 * 86400)   /* a pending request expires after 3 days */

#define WINDOW_ROLES (ROLE_CLERK | ROLE_CHIEF)
#define DEPT_ROLES (ROLE_CLERK | ROLE_CHIEF | ROLE_REVIEWER)

/* ---- small readers and answers ------------------------------------------- */

/* Answers err with msg, naming field when it is not NULL; returns false so
 * that callers can `return refuse(...)`. */
static bool refuse(struct http_req *req, int err, const char *field,
    const char *msg)
{
	http_reply_error(req, err, field ? json_pack("{s:s}", "field", field) :
	    NULL, "%s", msg);
	return false;
}

/* An optional boolean field: absent (or null) leaves *present false. */
static bool read_bool(struct http_req *req, json_t *body, const char *key,
    bool *out, bool *present)
{
	json_t *v = json_object_get(body, key);
	char msg[80];

	*present = v && !json_is_null(v);
	if (!*present)
		return true;
	if (!json_is_boolean(v)) {
		snprintf(msg, sizeof msg, "字段%s应为true或false", key);
		return refuse(req, GH_EINVAL, key, msg);
	}
	*out = json_is_true(v);
	return true;
}

/* An id field of a change: absent leaves *present false; null means none
 * (*out = 0). */
static bool read_ref(struct http_req *req, json_t *body, const char *key,
    int64_t *out, bool *present)
{
	json_t *v = json_object_get(body, key);

	*present = v != NULL;
	if (!v)
		return true;
	if (json_is_null(v)) {
		*out = 0;
		return true;
	}
	return api_int(req, body, key, true, 1, INT64_MAX, out);
}

static bool read_username(struct http_req *req, json_t *body,
    const char **out)
{
	size_t n;

	if (!api_str(req, body, "username", true, 64, out))
		return false;
	n = strlen(*out);
	if (n < USERNAME_MIN || n > USERNAME_MAX ||
	    strspn(*out, "abcdefghijklmnopqrstuvwxyz0123456789._-") != n)
		return refuse(req, GH_EUNPROCESSABLE, "username",
		    "账号应为3到32位小写字母、数字或“.”“_”“-”");
	return true;
}

/* The role by name; only staff roles (not applicant, not system). */
static bool read_role(struct http_req *req, json_t *body, bool required,
    int *out)
{
	const char *name;
	int role;

	if (!api_str(req, body, "role", required, 20, &name))
		return false;
	if (!name)
		return true;
	role = role_from_name(name);
	if (!(role & ROLE_ANY_STAFF))
		return refuse(req, GH_EUNPROCESSABLE, "role",
		    "角色应为clerk(窗口人员)、chief(首席代表)、reviewer(审批人员)、"
		    "admin(中心管理员)或supervisor(效能监察)");
	*out = role;
	return true;
}

static bool read_post(struct http_req *req, json_t *body, const char **out)
{
	if (!api_str(req, body, "post", false, 4, out))
		return false;
	if (*out && strcmp(*out, "A") && strcmp(*out, "B") && **out)
		return refuse(req, GH_EUNPROCESSABLE, "post",
		    "岗位应为A(A岗)、B(B岗)或空");
	return true;
}

static bool read_phone(struct http_req *req, json_t *body, const char **out)
{
	if (!api_str(req, body, "phone", false, 64, out))
		return false;
	/* '*' only as the masked phone an answer gave, sent back unchanged
	 * (see phone_unmask); create and new numbers have none */
	if (*out && (strlen(*out) > PHONE_MAX ||
	    strspn(*out, "0123456789-+*") != strlen(*out)))
		return refuse(req, GH_EUNPROCESSABLE, "phone",
		    "电话应为不超过20位的数字,可含“-”或“+”");
	return true;
}

/* A phone with '*' is the masked form of the stored one sent back (a form
 * filled from GET): it means "unchanged".  Any other '*' is refused. */
static bool phone_unmask(struct http_req *req, const char *stored,
    const char **phone)
{
	char masked[64];

	if (!*phone || !strchr(*phone, '*'))
		return true;
	if (stored && !mask_phone(stored, masked, sizeof masked) &&
	    !strcmp(masked, *phone)) {
		*phone = stored;
		return true;
	}
	return refuse(req, GH_EUNPROCESSABLE, "phone",
	    "电话应为不超过20位的数字,可含“-”或“+”");
}

/* An e-mail address reminders can go to (outbox_email_valid), or "". */
static bool read_email(struct http_req *req, json_t *body, const char **out)
{
	if (!api_str(req, body, "email", false, EMAIL_MAX, out))
		return false;
	if (*out && **out && !outbox_email_valid(*out))
		return refuse(req, GH_EUNPROCESSABLE, "email",
		    "电子邮箱格式不正确");
	return true;
}

/* A new password: at least PASSWORD_MIN_CHARS characters (not bytes: a
 * Chinese character counts once). */
static bool read_password(struct http_req *req, json_t *body,
    const char *username, const char **out)
{
	size_t chars = 0;
	char why[160];

	if (!api_str(req, body, "password", true, PASSWORD_MAX, out))
		return false;
	for (const unsigned char *p = (const unsigned char *)*out; *p; p++)
		chars += (*p & 0xc0) != 0x80;
	if (chars < PASSWORD_MIN_CHARS)
		return refuse(req, GH_EUNPROCESSABLE, "password",
		    "密码至少8个字符");
	if (password_check(*out, username, why, sizeof why))
		return refuse(req, GH_EUNPROCESSABLE, "password", why);
	return true;
}

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

/* Loads staff member id in its API form; 404 for an unknown id or an
 * applicant (applicants are not staff). */
static bool staff_load(struct http_req *req, int64_t id, json_t **out)
{
	int err = store_staff_get_json(req->st, id, out);
	char msg[64];

	if (err == GH_ENOTFOUND) {
		snprintf(msg, sizeof msg, "工作人员%lld不存在", (long long)id);
		return refuse(req, err, NULL, msg);
	}
	if (!api_ok(req, err))
		return false;
	role_names(*out);
	staff_mask_phone(*out);
	return true;
}

/* ---- checks on a staff member's place ------------------------------------ */

/* Checks s as a whole: department and window as the role requires, both
 * existing, the window serving the department, a post only with a window.
 * 422 naming the field that is wrong. */
static bool placement_ok(struct http_req *req, const struct staff_rec *s)
{
	const char *label = role_label(s->role);
	char dept[128] = "", win[32], msg[300];
	bool serves;
	int err;

	if ((s->role & DEPT_ROLES) && !s->dept_id) {
		snprintf(msg, sizeof msg, "%s须指定所属单位(dept_id)", label);
		return refuse(req, GH_EUNPROCESSABLE, "dept_id", msg);
	}
	if (!(s->role & DEPT_ROLES) && s->dept_id) {
		snprintf(msg, sizeof msg, "%s不隶属进驻单位,dept_id应为空", label);
		return refuse(req, GH_EUNPROCESSABLE, "dept_id", msg);
	}
	if (!(s->role & WINDOW_ROLES) && s->window_id) {
		snprintf(msg, sizeof msg, "只有窗口人员和首席代表分配窗口,%s的"
		    "window_id应为空", label);
		return refuse(req, GH_EUNPROCESSABLE, "window_id", msg);
	}
	if (!s->window_id && *s->post)
		return refuse(req, GH_EUNPROCESSABLE, "post",
		    "未分配窗口的人员不能担任A岗或B岗");
	if (s->dept_id) {
		err = store_dept_name(req->st, s->dept_id, dept, sizeof dept);
		if (err == GH_ENOTFOUND) {
			snprintf(msg, sizeof msg, "单位%lld不存在",
			    (long long)s->dept_id);
			return refuse(req, GH_EUNPROCESSABLE, "dept_id", msg);
		}
		if (!api_ok(req, err))
			return false;
	}
	if (s->window_id) {
		err = store_window_no(req->st, s->window_id, win, sizeof win);
		if (err == GH_ENOTFOUND) {
			snprintf(msg, sizeof msg, "窗口%lld不存在",
			    (long long)s->window_id);
			return refuse(req, GH_EUNPROCESSABLE, "window_id", msg);
		}
		if (!api_ok(req, err) || !api_ok(req,
		    store_window_serves(req->st, s->window_id, s->dept_id,
		    &serves)))
			return false;
		if (!serves) {
			snprintf(msg, sizeof msg, "%s窗口不受理%s的事项,请选择受理该"
			    "单位事项的窗口", win, dept);
			return refuse(req, GH_EUNPROCESSABLE, "window_id", msg);
		}
	}
	return true;
}

/* 409 when next would take u away from the posts u holds: deactivated,
 * moved off the window, or given a post letter the posts do not make. */
static bool posts_allow(struct http_req *req, const struct user_rec *u,
    const struct staff_rec *next)
{
	json_t *held, *first;
	const char *side, *why = NULL;
	char msg[400];

	if (!api_ok(req, store_user_posts_json(req->st, u->id, &held)))
		return false;
	if (json_array_size(held) == 0) {
		json_decref(held);
		return true;
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
		snprintf(msg, sizeof msg, "%s在%s窗口的“%s”担任%s岗,%s", u->name,
		    json_string_value(json_object_get(first, "window_no")),
		    json_string_value(json_object_get(first, "name")), side, why);
	json_decref(held);
	return why ? refuse(req, GH_ECONFLICT, NULL, msg) : true;
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

/* Refuses a change the duty rules deny: rolls back whatever the handler
 * had begun (nothing was written), then commits one "staff.denied" audit
 * record of the attempt in its own transaction and answers 403.  attempt
 * is stolen.  Returns false. */
static bool duty_refuse(struct http_req *req, const char *target,
    enum duty_action a, int role_before, int role_after, json_t *attempt)
{
	const char *msg = req->user.role == ROLE_ADMIN ?
	    "职责分离:中心管理员不能创建、修改、重置或停用效能监察人员账号,"
	    "也不能授予或取消效能监察角色" : req->user.role == ROLE_SUPERVISOR ?
	    "职责分离:效能监察人员只能管理效能监察人员账号" :
	    "职责分离:无权管理工作人员账号";
	json_t *after = json_pack("{s:s,s:o,s:o,s:o}", "attempt",
	    duty_action_name(a), "role_before", role_name(role_before) ?
	    json_string(role_name(role_before)) : json_null(), "role_after",
	    role_name(role_after) ? json_string(role_name(role_after)) :
	    json_null(), "request", attempt ? attempt : json_null());

	store_rollback(req->st);
	if (!api_ok(req, store_begin(req->st))) {
		json_decref(after);
		return false;
	}
	if (!api_ok(req, api_audit(req, "staff.denied", "user", target, NULL,
	    after)) || !api_ok(req, store_commit(req->st)))
		return false;
	return refuse(req, GH_EFORBIDDEN, NULL, msg);
}

/* Files a change to a supervisor's account that a second supervisor must
 * approve: inside the transaction the caller began (or begins one), one
 * request row and its "staff.request" audit record; 202 with the request.
 * change is stolen and holds no secret the audit may not see except
 * "pw_hash", which is left out of the audit record. */
static bool request_second(struct http_req *req, const struct user_rec *u,
    const char *kind, json_t *change, const char *summary)
{
	struct staff_request r = {.kind = kind, .target_id = u->id,
		.requester_id = req->user.id, .summary = summary,
		.created_at = req->now, .expires_at = req->now + REQUEST_TTL_S};
	struct staff_request got;
	json_t *audit = json_deep_copy(change), *out = NULL;
	char *text = json_dumps(change, JSON_COMPACT | JSON_SORT_KEYS);
	int64_t id;
	bool ok = false;

	json_object_del(audit, "pw_hash");
	r.change = text;
	if (!api_ok(req, store_staff_request_add(req->st, &r, &id)) ||
	    !api_ok(req, store_staff_request_get(req->st, id, req->now, &got,
	    &out)))
		goto out;
	free((char *)got.change);
	json_object_set_new(audit, "request_id", json_integer(id));
	json_object_set_new(audit, "summary", json_string(summary));
	ok = api_commit_reply(req, "staff.request", "user", u->username, NULL,
	    audit, 202, &out);
	audit = NULL;
out:
	free(text);
	json_decref(audit);
	json_decref(out);
	json_decref(change);
	return ok;
}

/* ---- staff ------------------------------------------------------------- */

/* GET /staff/{id}: one staff member with the e-mail address too. */
void api_staff_get(struct http_req *req)
{
	json_t *out;
	int64_t id;

	if (api_param_id(req, 0, &id) && staff_load(req, id, &out))
		http_reply_json(req, 200, out);
}

/* POST /staff {username, name, role, dept_id?, window_id?, post?, phone?,
 * email?, password}: a new, active staff account.  201 with it. */
void api_staff_create(struct http_req *req)
{
	json_t *body = http_body_object(req), *out = NULL;
	struct staff_rec s = {.post = "", .phone = "", .email = "",
		.active = true};
	const char *username, *password, *v;
	char hash[PASSWORD_HASH_BYTES], msg[120];
	struct user_rec taken;
	int64_t id;
	int err;

	if (!body)
		return;
	if (!read_username(req, body, &username) ||
	    !api_str(req, body, "name", true, PERSON_NAME_MAX, &s.name) ||
	    !read_role(req, body, true, &s.role) ||
	    !api_int(req, body, "dept_id", false, 1, INT64_MAX, &s.dept_id) ||
	    !api_int(req, body, "window_id", false, 1, INT64_MAX,
	    &s.window_id) || !read_post(req, body, &v))
		goto out;
	if (v)
		s.post = v;
	if (!read_phone(req, body, &v) || !phone_unmask(req, NULL, &v))
		goto out;
	if (v)
		s.phone = v;
	if (!read_email(req, body, &v))
		goto out;
	if (v)
		s.email = v;
	if (duty_staff_change(req->user.role, 0, s.role, DUTY_CREATE) !=
	    DUTY_ALLOW) {
		duty_refuse(req, username, DUTY_CREATE, 0, s.role,
		    json_pack("{s:s,s:s}", "username", username, "name", s.name));
		goto out;
	}
	if (!read_password(req, body, username, &password) ||
	    !placement_ok(req, &s))
		goto out;
	err = store_user_by_username(req->st, username, &taken);
	if (!err) {
		snprintf(msg, sizeof msg, "账号%s已被使用", username);
		refuse(req, GH_ECONFLICT, "username", msg);
		goto out;
	}
	if (err != GH_ENOTFOUND) {
		api_ok(req, err);
		goto out;
	}
	/* hash before taking the write lock: a hash takes ~50 ms */
	if (!api_ok(req, password_hash(password, hash)) ||
	    !api_ok(req, store_begin(req->st)))
		goto out;
	err = store_staff_insert(req->st, username, hash, &s, req->now, &id);
	if (err == GH_ECONFLICT) {   /* taken since the check above */
		snprintf(msg, sizeof msg, "账号%s已被使用", username);
		refuse(req, err, "username", msg);
		goto out;
	}
	/* failures counted against the name before it existed do not count */
	if (api_ok(req, err) &&
	    api_ok(req, login_throttle_reset(req->st, username)) &&
	    staff_load(req, id, &out))
		api_commit_reply(req, "staff.create", "user", username, NULL,
		    json_incref(out), 201, &out);
out:
	json_decref(out);
	json_decref(body);
}

/* The fields of a staff change (PATCH /staff/{id}); each present flag
 * tells whether the request names the field. */
struct staff_change {
	const char *username;   /* only to check that it is not changed */
	const char *name, *phone, *email, *post;
	int role;
	int64_t dept_id, window_id;
	bool active;
	bool has_role, has_dept, has_window, has_active;
};

static bool read_change(struct http_req *req, json_t *body,
    struct staff_change *c)
{
	if (json_object_get(body, "password"))
		return refuse(req, GH_EUNPROCESSABLE, "password",
		    "密码请通过重置密码(POST /api/v1/staff/{id}/password)修改");
	if (!api_str(req, body, "username", false, 64, &c->username) ||
	    !api_str(req, body, "name", false, PERSON_NAME_MAX, &c->name) ||
	    !read_phone(req, body, &c->phone) ||
	    !read_email(req, body, &c->email) ||
	    !read_role(req, body, false, &c->role) ||
	    !read_ref(req, body, "dept_id", &c->dept_id, &c->has_dept) ||
	    !read_ref(req, body, "window_id", &c->window_id, &c->has_window) ||
	    !read_post(req, body, &c->post) ||
	    !read_bool(req, body, "active", &c->active, &c->has_active))
		return false;
	if (c->name && !*c->name)
		return refuse(req, GH_EUNPROCESSABLE, "name", "字段name不能为空");
	c->has_role = c->role != 0;
	if (!c->username && !c->name && !c->phone && !c->email && !c->post &&
	    !c->has_role && !c->has_dept && !c->has_window && !c->has_active)
		return refuse(req, GH_EUNPROCESSABLE, NULL,
		    "请至少提供一个要修改的字段(name、phone、email、role、dept_id、"
		    "window_id、post或active)");
	return true;
}

/* The duty check of a staff change: refused (and audited) unless the
 * actor may make it at once or by a second supervisor's approval. */
static bool duty_update_ok(struct http_req *req, const struct user_rec *u,
    const struct staff_rec *now, const struct staff_rec *next, bool moved,
    json_t *body)
{
	enum duty_action a = moved ? DUTY_PLACE : next->active != now->active ?
	    DUTY_ACTIVE : DUTY_CONTACT;
	enum duty_verdict v = duty_staff_change(req->user.role, now->role,
	    next->role, a);

	/* a contact edit beside a role or active change is judged by both */
	if (v != DUTY_DENY && a != DUTY_CONTACT &&
	    duty_staff_change(req->user.role, now->role, next->role,
	    DUTY_CONTACT) == DUTY_DENY && (strcmp(next->name, now->name) ||
	    strcmp(next->phone, now->phone) || strcmp(next->email, now->email)))
		v = DUTY_DENY;
	if (v != DUTY_DENY)
		return true;
	return duty_refuse(req, u->username, a, now->role, next->role,
	    json_deep_copy(body));
}

/* PATCH /staff/{id} {name?, phone?, email?, role?, dept_id?, window_id?,
 * post?, active?}: null clears dept_id or window_id.  Deactivating ends
 * the person's sessions.  200 with the staff member as now stored. */
void api_staff_update(struct http_req *req)
{
	json_t *body = http_body_object(req), *before = NULL, *after = NULL,
	    *audit_after;
	struct staff_change c = {0};
	struct staff_rec now, next;
	struct user_rec u;
	int64_t id, ended = 0;
	bool moved;

	if (!body)
		return;
	if (!api_param_id(req, 0, &id) || !read_change(req, body, &c) ||
	    !api_ok(req, store_begin(req->st)) || !staff_load(req, id, &before))
		goto out;
	if (!api_ok(req, store_user_by_id(req->st, id, &u)))
		goto out;
	/* the object as GET answers it may come back whole: same username */
	if (c.username && strcmp(c.username, u.username)) {
		refuse(req, GH_EUNPROCESSABLE, "username", "账号不能修改");
		goto out;
	}
	now = (struct staff_rec){.name = u.name, .phone = u.phone,
		.email = json_string_value(json_object_get(before, "email")),
		.role = u.role, .dept_id = u.dept_id, .window_id = u.window_id,
		.post = u.post, .active = u.active};
	next = now;
	if (!phone_unmask(req, u.phone, &c.phone))
		goto out;
	if (c.name)
		next.name = c.name;
	if (c.phone)
		next.phone = c.phone;
	if (c.email)
		next.email = c.email;
	if (c.post)
		next.post = c.post;
	if (c.has_role)
		next.role = c.role;
	if (c.has_dept)
		next.dept_id = c.dept_id;
	if (c.has_window)
		next.window_id = c.window_id;
	if (c.has_active)
		next.active = c.active;

	if (id == req->user.id && !next.active) {
		refuse(req, GH_ECONFLICT, "active", "不能停用自己的账号");
		goto out;
	}
	if (id == req->user.id && next.role != now.role) {
		refuse(req, GH_ECONFLICT, "role", now.role == ROLE_ADMIN ?
		    "不能取消自己的中心管理员角色" : "不能修改自己的角色");
		goto out;
	}
	/* The place is checked as a whole when any part of it changes, so
	 * that a name or phone change never fails over an older placement. */
	moved = next.role != now.role || next.dept_id != now.dept_id ||
	    next.window_id != now.window_id || strcmp(next.post, now.post);
	if (!duty_update_ok(req, &u, &now, &next, moved, body))
		goto out;
	if (!posts_allow(req, &u, &next) ||
	    (moved && !placement_ok(req, &next)))
		goto out;
	if (duty_staff_change(req->user.role, now.role, next.role, moved ?
	    DUTY_PLACE : next.active != now.active ? DUTY_ACTIVE : DUTY_CONTACT)
	    == DUTY_SECOND) {
		char summary[160];
		json_t *change;

		if (strcmp(next.name, now.name) || strcmp(next.phone, now.phone) ||
		    strcmp(next.email, now.email)) {
			refuse(req, GH_EUNPROCESSABLE, NULL, "效能监察人员的角色或"
			    "启用状态变更需另一名效能监察人员批准,请勿与联系方式同时修改");
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
		request_second(req, &u, "change", change, summary);
		goto out;
	}
	if (!moved && next.active == now.active &&
	    !strcmp(next.name, now.name) && !strcmp(next.phone, now.phone) &&
	    !strcmp(next.email, now.email)) {
		http_reply_json(req, 200, before);   /* nothing to change */
		before = NULL;
		goto out;
	}
	if (!api_ok(req, store_staff_update(req->st, id, &next)) ||
	    (!next.active && now.active && !api_ok(req,
	    store_user_sessions_end(req->st, id, NULL, &ended))) ||
	    !staff_load(req, id, &after))
		goto out;
	/* the audit record also tells how many logins a deactivation ended */
	audit_after = json_copy(after);
	if (!next.active && now.active)
		json_object_set_new(audit_after, "sessions_ended",
		    json_integer(ended));
	api_commit_reply(req, "staff.update", "user", u.username,
	    json_incref(before), audit_after, 200, &after);
out:
	json_decref(after);
	json_decref(before);
	json_decref(body);
}

/* POST /staff/{id}/password {password}: sets a new password and ends the
 * person's sessions (an administrator resetting their own keeps the
 * session of this request).  Clears a login lock on the account. */
void api_staff_password(struct http_req *req)
{
	json_t *body = http_body_object(req), *who = NULL;
	char hash[PASSWORD_HASH_BYTES];
	const char *password;
	enum duty_verdict v;
	struct user_rec u;
	int64_t id, ended;

	if (!body)
		return;
	if (!api_param_id(req, 0, &id) ||
	    !staff_load(req, id, &who) ||
	    !api_ok(req, store_user_by_id(req->st, id, &u)))
		goto out;
	/* the duty first: a refused attempt is audited whatever its body */
	v = duty_staff_change(req->user.role, u.role, u.role, DUTY_PASSWORD);
	if (v == DUTY_DENY) {
		duty_refuse(req, u.username, DUTY_PASSWORD, u.role, u.role, NULL);
		goto out;
	}
	if (!read_password(req, body, u.username, &password))
		goto out;
	if (!api_ok(req, password_hash(password, hash)))
		goto out;
	if (v == DUTY_SECOND) {
		char summary[120];

		snprintf(summary, sizeof summary, "%s:重置密码", u.name);
		if (api_ok(req, store_begin(req->st)))
			request_second(req, &u, "password",
			    json_pack("{s:s}", "pw_hash", hash), summary);
		goto out;
	}
	if (!api_ok(req, store_begin(req->st)) ||
	    !api_ok(req, store_user_set_hash(req->st, id, hash)) ||
	    !api_ok(req, store_user_sessions_end(req->st, id,
	    id == req->user.id ? (const unsigned char *)req->token_hash : NULL,
	    &ended)) ||
	    !api_ok(req, login_throttle_reset(req->st, u.username)) ||
	    !api_ok(req, api_audit(req, "staff.password", "user", u.username,
	    NULL, json_pack("{s:I}", "sessions_ended", (json_int_t)ended))) ||
	    !api_ok(req, store_commit(req->st)))
		goto out;
	http_reply_json(req, 200, json_pack("{s:I,s:s,s:I}", "id",
	    (json_int_t)id, "username", u.username, "sessions_ended",
	    (json_int_t)ended));
out:
	json_decref(who);
	json_decref(body);
}

/* ---- requests a second supervisor decides -------------------------------- */

/* GET /staff/requests: the latest requests, newest first (never the
 * change itself: a reset holds a password hash). */
void api_staff_requests(struct http_req *req)
{
	json_t *v;

	if (api_ok(req, store_staff_requests_json(req->st, req->now, &v)))
		http_reply_json(req, 200, json_pack("{s:I,s:o}", "total",
		    (json_int_t)json_array_size(v), "data", v));
}

/* Applies an approved request to the account it names; inside the open
 * transaction.  *ended counts the sessions it ended. */
static bool request_apply(struct http_req *req, const struct staff_request *r,
    const struct user_rec *u, int64_t *ended)
{
	json_t *c = json_loads(r->change, 0, NULL);
	struct staff_rec next;
	json_t *cur = NULL;
	bool ok = false;

	*ended = 0;
	if (!c) {
		api_ok(req, GH_ESTORE);
		return false;
	}
	if (!strcmp(r->kind, "password")) {
		ok = api_ok(req, store_user_set_hash(req->st, u->id,
		    json_string_value(json_object_get(c, "pw_hash")))) &&
		    api_ok(req, store_user_sessions_end(req->st, u->id, NULL,
		    ended)) && api_ok(req, login_throttle_reset(req->st, u->username));
		goto out;
	}
	if (!api_ok(req, store_staff_get_json(req->st, u->id, &cur)))
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
	ok = placement_ok(req, &next) &&
	    api_ok(req, store_staff_update(req->st, u->id, &next)) &&
	    (next.active || api_ok(req, store_user_sessions_end(req->st, u->id,
	    NULL, ended)));
out:
	json_decref(cur);
	json_decref(c);
	return ok;
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

/* POST /staff/requests/{id}/approve|reject: decided by a supervisor who
 * neither made the request nor is its target; 409 once decided or
 * expired.  An approval applies the change in the same transaction. */
static void request_decide(struct http_req *req, bool approve)
{
	struct staff_request r = {0};
	json_t *before = NULL, *after = NULL;
	struct user_rec u;
	char sid[24];
	int64_t id, ended = 0;
	int err;

	if (!api_param_id(req, 0, &id) || !api_ok(req, store_begin(req->st)))
		return;
	err = store_staff_request_get(req->st, id, req->now, &r, &before);
	if (err == GH_ENOTFOUND) {
		http_reply_error(req, err, NULL, "申请%lld不存在", (long long)id);
		return;
	}
	if (!api_ok(req, err))
		return;
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (!duty_may_approve(req->user.role, req->user.id, r.requester_id,
	    r.target_id)) {
		store_rollback(req->st);
		if (api_ok(req, store_begin(req->st)) &&
		    api_ok(req, api_audit(req, "staff.denied", "staff_request", sid,
		    NULL, json_pack("{s:s}", "attempt", approve ? "approve" :
		    "reject"))) && api_ok(req, store_commit(req->st)))
			refuse(req, GH_EFORBIDDEN, NULL, "职责分离:申请须由申请人和"
			    "被申请人以外的另一名效能监察人员审批");
		goto out;
	}
	if (strcmp(r.state_buf, "pending")) {
		http_reply_error(req, GH_ECONFLICT, NULL, "申请%lld已%s,不能再审批",
		    (long long)id, !strcmp(r.state_buf, "expired") ? "过期" :
		    "处理");
		goto out;
	}
	if (!api_ok(req, store_user_by_id(req->st, r.target_id, &u)))
		goto out;
	/* the account may have changed since: the request must still be one
	 * that needs two supervisors, or it would let supervisors manage a
	 * non-supervisor (say, deactivate someone who became an admin) */
	if (approve && !request_still_valid(&r, &u)) {
		http_reply_error(req, GH_ECONFLICT, NULL, "申请%lld提交后%s的账号已"
		    "变更,申请已失效,请驳回后重新提交", (long long)id, u.name);
		goto out;
	}
	if ((approve && !request_apply(req, &r, &u, &ended)) ||
	    !api_ok(req, store_staff_request_decide(req->st, id, approve,
	    req->user.id, req->now)))
		goto out;
	free((char *)r.change);
	r.change = NULL;
	json_decref(before);
	before = NULL;
	if (!api_ok(req, store_staff_request_get(req->st, id, req->now, &r,
	    &after)))
		goto out;
	json_object_set_new(after, "sessions_ended", json_integer(ended));
	api_commit_reply(req, approve ? "staff.request.approve" :
	    "staff.request.reject", "user", u.username, NULL,
	    json_incref(after), 200, &after);
out:
	free((char *)r.change);
	json_decref(before);
	json_decref(after);
}

void api_staff_request_approve(struct http_req *req)
{
	request_decide(req, true);
}

void api_staff_request_reject(struct http_req *req)
{
	request_decide(req, false);
}

/* ---- A/B posts ----------------------------------------------------------- */

/* Loads the posts of the window of path parameter 0 in their API form;
 * 404 for an unknown window. */
static bool posts_load(struct http_req *req, int64_t id, json_t **out)
{
	int err = store_window_posts_json(req->st, id, out);
	json_t *row;
	char msg[64];
	size_t i;

	if (err == GH_ENOTFOUND) {
		snprintf(msg, sizeof msg, "窗口%lld不存在", (long long)id);
		return refuse(req, err, NULL, msg);
	}
	if (!api_ok(req, err))
		return false;
	json_array_foreach(json_object_get(*out, "staff"), i, row)
		role_names(row);
	return true;
}

/* GET /windows/{id}/posts: the posts, and the staff who may hold them. */
void api_window_posts_get(struct http_req *req)
{
	json_t *out;
	int64_t id;

	if (api_param_id(req, 0, &id) && posts_load(req, id, &out))
		http_reply_json(req, 200, out);
}

/* Reads posts[i] of the body into p; 400/422 naming posts[i].field. */
static bool read_post_entry(struct http_req *req, json_t *e, size_t i,
    struct window_post *p)
{
	char field[40], msg[120];
	json_t *name, *a, *b;

	snprintf(field, sizeof field, "posts[%zu]", i);
	if (!json_is_object(e))
		return refuse(req, GH_EINVAL, field, "岗位应为对象"
		    "{\"name\", \"a_user_id\", \"b_user_id\"}");
	name = json_object_get(e, "name");
	a = json_object_get(e, "a_user_id");
	b = json_object_get(e, "b_user_id");
	snprintf(field, sizeof field, "posts[%zu].name", i);
	if (!json_is_string(name) || !json_string_length(name) ||
	    json_string_length(name) > POST_NAME_MAX ||
	    strlen(json_string_value(name)) != json_string_length(name)) {
		int err = name && !json_is_null(name) && !json_is_string(name) ?
		    GH_EINVAL : GH_EUNPROCESSABLE;

		snprintf(msg, sizeof msg, "第%zu个岗位须有名称(不超过%d个汉字)",
		    i + 1, POST_NAME_MAX / 3);
		return refuse(req, err, field, msg);
	}
	snprintf(field, sizeof field, "posts[%zu].a_user_id", i);
	if (!json_is_integer(a) || json_integer_value(a) < 1) {
		int err = a && !json_is_integer(a) && !json_is_null(a) ?
		    GH_EINVAL : GH_EUNPROCESSABLE;

		snprintf(msg, sizeof msg, "第%zu个岗位须指定A岗人员", i + 1);
		return refuse(req, err, field, msg);
	}
	snprintf(field, sizeof field, "posts[%zu].b_user_id", i);
	if (b && !json_is_null(b) && (!json_is_integer(b) ||
	    json_integer_value(b) < 1)) {
		snprintf(msg, sizeof msg, "第%zu个岗位的B岗人员应为工作人员编号或null",
		    i + 1);
		return refuse(req, json_is_integer(b) ? GH_EUNPROCESSABLE :
		    GH_EINVAL, field, msg);
	}
	p->name = json_string_value(name);
	p->a_user_id = json_integer_value(a);
	p->b_user_id = b && json_is_integer(b) ? json_integer_value(b) : 0;
	if (p->a_user_id == p->b_user_id) {
		snprintf(msg, sizeof msg, "第%zu个岗位的A岗和B岗不能是同一人", i + 1);
		return refuse(req, GH_EUNPROCESSABLE, field, msg);
	}
	return true;
}

/* Checks that user id may hold a post of the window: active staff whose
 * window it is.  422 naming field. */
static bool holder_ok(struct http_req *req, int64_t user_id,
    int64_t window_id, const char *window_no, const char *field)
{
	struct user_rec u;
	char msg[200];
	int err = store_user_by_id(req->st, user_id, &u);

	if (!err && (u.role & ROLE_APPLICANT))
		err = GH_ENOTFOUND;
	if (err == GH_ENOTFOUND) {
		snprintf(msg, sizeof msg, "工作人员%lld不存在", (long long)user_id);
		return refuse(req, GH_EUNPROCESSABLE, field, msg);
	}
	if (!api_ok(req, err))
		return false;
	if (!u.active) {
		snprintf(msg, sizeof msg, "%s的账号已停用,不能担任岗位", u.name);
		return refuse(req, GH_EUNPROCESSABLE, field, msg);
	}
	if (u.window_id != window_id) {
		snprintf(msg, sizeof msg, "%s不在%s窗口工作,请先将其窗口调整为%s",
		    u.name, window_no, window_no);
		return refuse(req, GH_EUNPROCESSABLE, field, msg);
	}
	return true;
}

/* PUT /windows/{id}/posts {posts: [{name, a_user_id, b_user_id?}]}:
 * replaces the window's posts; the holders' users.post follows.  200 with
 * the posts as GET answers them. */
void api_window_posts_put(struct http_req *req)
{
	json_t *body = http_body_object(req), *arr, *e, *before = NULL,
	    *after = NULL;
	struct window_post *posts = NULL;
	const char *window_no;
	char field[40], sid[24];
	int64_t id;
	size_t n = 0, i;

	if (!body)
		return;
	if (!api_param_id(req, 0, &id))
		goto out;
	arr = json_object_get(body, "posts");
	if (!arr || json_is_null(arr)) {
		refuse(req, GH_EUNPROCESSABLE, "posts", "字段posts为必填项");
		goto out;
	}
	if (!json_is_array(arr)) {
		refuse(req, GH_EINVAL, "posts", "字段posts应为岗位数组");
		goto out;
	}
	if (json_array_size(arr) > POSTS_MAX) {
		refuse(req, GH_EUNPROCESSABLE, "posts", "一个窗口最多设20个岗位");
		goto out;
	}
	n = json_array_size(arr);
	posts = xcalloc(n + 1, sizeof *posts);
	json_array_foreach(arr, i, e) {
		if (!read_post_entry(req, e, i, &posts[i]))
			goto out;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(posts[j].name, posts[i].name))
				continue;
			snprintf(field, sizeof field, "posts[%zu].name", i);
			refuse(req, GH_EUNPROCESSABLE, field, "岗位名称重复");
			goto out;
		}
	}
	if (!api_ok(req, store_begin(req->st)) || !posts_load(req, id, &before))
		goto out;
	window_no = json_string_value(json_object_get(before, "window_no"));
	for (i = 0; i < n; i++) {
		snprintf(field, sizeof field, "posts[%zu].a_user_id", i);
		if (!holder_ok(req, posts[i].a_user_id, id, window_no, field))
			goto out;
		snprintf(field, sizeof field, "posts[%zu].b_user_id", i);
		if (posts[i].b_user_id && !holder_ok(req, posts[i].b_user_id,
		    id, window_no, field))
			goto out;
	}
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (api_ok(req, store_window_posts_replace(req->st, id, posts, n)) &&
	    posts_load(req, id, &after))
		api_commit_reply(req, "window.posts", "window", sid,
		    json_incref(before), json_incref(after), 200, &after);
out:
	free(posts);
	json_decref(after);
	json_decref(before);
	json_decref(body);
}
