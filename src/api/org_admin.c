/*
 * org_admin.c - the handlers of the centre's changes to its organisation:
 * staff accounts, the requests a second supervisor decides, and the A/B
 * posts of each window.  Each handler reads and checks the request's
 * shape, calls one function of service/staff.h (which opens and commits
 * the transaction, checks the duty rules and the invariants, and writes
 * the audit record) and answers.  org.c holds the reads everyone shares.
 *
 * The order of the checks is part of the API: the shape of a field is
 * refused before anything is read, and a change the duty rules deny is
 * refused (and audited) before the new password is read, whatever the
 * request holds.
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
#include "util/pwpolicy.h"
#include "domain/role.h"
#include "notify/outbox.h"
#include "service/staff.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

#define USERNAME_MIN 3
#define USERNAME_MAX 32
#define PERSON_NAME_MAX 63   /* bytes: struct user_rec keeps 64 */
#define PHONE_MAX 20
#define EMAIL_MAX 254
#define PASSWORD_MIN_CHARS 8
#define PASSWORD_MAX 256     /* bytes: what a login accepts */
#define POST_NAME_MAX 60
#define POSTS_MAX 20         /* posts of one window */


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
		    "admin(中心管理员)、supervisor(效能监察)或agent(代办员)");
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
		return refuse(req, GH_EUNPROCESSABLE, "phone", STAFF_PHONE_MSG);
	return true;
}

/* A new account has no stored phone to be masked: any '*' is refused
 * (a change unmasks against the stored number in staff_update). */
static bool phone_unmasked(struct http_req *req, const char *phone)
{
	if (phone && strchr(phone, '*'))
		return refuse(req, GH_EUNPROCESSABLE, "phone", STAFF_PHONE_MSG);
	return true;
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

/* Answers a service's outcome: status with *out, or the refusal. */
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

/* ---- staff ------------------------------------------------------------- */

/* GET /staff/{id}: one staff member with the e-mail address too. */
void api_staff_get(struct http_req *req)
{
	struct svc_err e = {0};
	json_t *out = NULL;
	int64_t id;

	if (api_param_id(req, 0, &id))
		reply_svc(req, staff_view(req->st, id, &out, &e), 200, &out, &e);
}

/* POST /staff {username, name, role, dept_id?, window_id?, post?, phone?,
 * email?, password}: a new, active staff account.  201 with it. */
void api_staff_create(struct http_req *req)
{
	json_t *body = http_body_object(req), *out = NULL;
	struct svc_actor who = api_actor(req);
	struct staff_rec s = {.post = "", .phone = "", .email = "",
		.active = true};
	const char *username, *password, *v;
	struct svc_err e = {0};

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
	if (!read_phone(req, body, &v) || !phone_unmasked(req, v))
		goto out;
	if (v)
		s.phone = v;
	if (!read_email(req, body, &v))
		goto out;
	if (v)
		s.email = v;
	/* the duty first: a refused attempt is audited whatever its password */
	if (duty_staff_change(who.role, 0, s.role, DUTY_CREATE) != DUTY_ALLOW) {
		reply_svc(req, staff_deny(req->st, &who, username, DUTY_CREATE, 0,
		    s.role, json_pack("{s:s,s:s}", "username", username, "name",
		    s.name), &e), 403, &out, &e);
		goto out;
	}
	if (read_password(req, body, username, &password))
		reply_svc(req, staff_create(req->st, &who, username, password, &s,
		    &out, &e), 201, &out, &e);
out:
	json_decref(body);
}

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

/* PATCH /staff/{id} {name?, phone?, email?, role?, dept_id?, window_id?,
 * post?, active?}: null clears dept_id or window_id.  Deactivating ends
 * the person's sessions.  200 with the staff member as now stored, or 202
 * with the request a second supervisor must approve. */
void api_staff_update(struct http_req *req)
{
	json_t *body = http_body_object(req), *out = NULL;
	struct svc_actor who = api_actor(req);
	struct staff_change c = {0};
	struct svc_err e = {0};
	int64_t id;
	int status = 200, err;

	if (!body)
		return;
	if (api_param_id(req, 0, &id) && read_change(req, body, &c)) {
		err = staff_update(req->st, &who, id, &c, body, &out, &status, &e);
		reply_svc(req, err, status, &out, &e);
	}
	json_decref(body);
}

/* POST /staff/{id}/password {password}: sets a new password and ends the
 * person's sessions (an administrator resetting their own keeps the
 * session of this request).  Clears a login lock on the account.  202
 * with the request when a second supervisor must approve. */
void api_staff_password(struct http_req *req)
{
	json_t *body = http_body_object(req), *out = NULL;
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *password;
	struct user_rec u;
	int64_t id;
	int status = 200, err;

	if (!body)
		return;
	if (!api_param_id(req, 0, &id))
		goto out;
	/* the duty first: a refused attempt is audited whatever its body */
	if ((err = staff_password_target(req->st, &who, id, &u, &e))) {
		reply_svc(req, err, 403, &out, &e);
		goto out;
	}
	if (!read_password(req, body, u.username, &password))
		goto out;
	err = staff_password_reset(req->st, &who, &u, password,
	    id == req->user.id ? (const unsigned char *)req->token_hash : NULL,
	    &out, &status, &e);
	reply_svc(req, err, status, &out, &e);
out:
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

/* POST /staff/requests/{id}/approve|reject: decided by a supervisor who
 * neither made the request nor is its target; 409 once decided or
 * expired.  An approval applies the change in the same transaction. */
static void request_decide(struct http_req *req, bool approve)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out = NULL;
	int64_t id;

	if (api_param_id(req, 0, &id))
		reply_svc(req, staff_request_decide(req->st, &who, id, approve,
		    &out, &e), 200, &out, &e);
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

/* GET /windows/{id}/posts: the posts, and the staff who may hold them. */
void api_window_posts_get(struct http_req *req)
{
	struct svc_err e = {0};
	json_t *out = NULL;
	int64_t id;

	if (api_param_id(req, 0, &id))
		reply_svc(req, window_posts_view(req->st, id, &out, &e), 200, &out,
		    &e);
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

/* PUT /windows/{id}/posts {posts: [{name, a_user_id, b_user_id?}]}:
 * replaces the window's posts; the holders' users.post follows.  200 with
 * the posts as GET answers them. */
void api_window_posts_put(struct http_req *req)
{
	json_t *body = http_body_object(req), *arr, *entry, *out = NULL;
	struct svc_actor who = api_actor(req);
	struct window_post *posts = NULL;
	struct svc_err e = {0};
	char field[40];
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
	json_array_foreach(arr, i, entry) {
		if (!read_post_entry(req, entry, i, &posts[i]))
			goto out;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(posts[j].name, posts[i].name))
				continue;
			snprintf(field, sizeof field, "posts[%zu].name", i);
			refuse(req, GH_EUNPROCESSABLE, field, "岗位名称重复");
			goto out;
		}
	}
	reply_svc(req, window_posts_put(req->st, &who, id, posts, n, &out, &e),
	    200, &out, &e);
out:
	free(posts);
	json_decref(body);
}
