/*
 * session.c - login, logout and "who am I" over HTTP.  The passwords,
 * the throttling of failed logins and the sessions are service/auth.h;
 * here are the HTTP sides: login CSRF (JSON only, same origin), the
 * cookies, the answers.
 *
 * Browsers get the token in an HttpOnly SameSite=Strict cookie plus a
 * CSRF token they must echo in X-CSRF-Token on writes; programs use the
 * token as a Bearer.  Sessions end after 12 hours, or after
 * session_idle_minutes (default 30) unused.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "service/accounts.h"
#include "service/auth.h"
#include "util/pwpolicy.h"
#include "util/gh_err.h"

void api_session_create(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct login_result r;
	struct svc_err e = {0};
	const char *username, *password;
	json_t *body = NULL;
	char cookie[256];
	int err;

	if (!api_anonymous_write_ok(req) || !(body = http_body_object(req)))
		return;
	if (json_object_get(body, "sms_code")) {
		/* an applicant by mobile number and SMS code */
		if (!api_str(req, body, "phone", true, 20, &username) ||
		    !api_str(req, body, "sms_code", true, 6, &password))
			goto out;
		err = auth_login_sms(req->st, &who, username, password, &r, &e);
	} else {
		if (!api_str(req, body, "username", true, 64, &username) ||
		    !api_str(req, body, "password", true, 256, &password))
			goto out;
		err = auth_login(req->st, &who, username, password, &r, &e);
	}
	if (err) {
		api_reply_svc_err(req, &e);
		goto out;
	}
	req->authed = true;
	req->user = r.user;
	snprintf(cookie, sizeof cookie, "gh_session=%s; Path=/; HttpOnly;"
	    " SameSite=Strict; Max-Age=%d%s", r.token, SESSION_TTL_S,
	    http_is_tls(req) ? "; Secure" : "");
	http_add_cookie(req, cookie);
	snprintf(cookie, sizeof cookie, "gh_csrf=%s; Path=/; SameSite=Strict;"
	    " Max-Age=%d%s", r.csrf, SESSION_TTL_S,
	    http_is_tls(req) ? "; Secure" : "");
	http_add_cookie(req, cookie);
	http_reply_json(req, 201, json_pack("{s:s,s:s,s:I,s:o}", "token",
	    r.token, "csrf", r.csrf, "expires_in", (json_int_t)SESSION_TTL_S,
	    "user", accounts_user_json(&r.user)));
out:
	svc_err_clear(&e);
	json_decref(body);
}

void api_session_delete(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};

	if (auth_logout(req->st, &who, (unsigned char *)req->token_hash,
	    req->user.username, &e)) {
		api_reply_svc_err(req, &e);
		svc_err_clear(&e);
		return;
	}
	http_add_cookie(req, "gh_session=; Path=/; HttpOnly; SameSite=Strict;"
	    " Max-Age=0");
	http_reply_json(req, 200, json_pack("{s:b}", "ok", 1));
}

void api_me(struct http_req *req)
{
	json_t *u = accounts_user_json(&req->user);

	json_object_set_new(u, "csrf", json_string(req->csrf));
	http_reply_json(req, 200, u);
}

/* POST /session/password {old_password, new_password}: anyone logged in
 * changes their own password, proving the old one.  The new one must pass
 * the strength check and differ from the old; every other session of the
 * person ends (this one stays).  A wrong old password counts as a failed
 * login for throttling. */
void api_session_password(struct http_req *req)
{
	json_t *body = http_body_object(req);
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *old_pw, *new_pw;
	char why[160];
	int64_t ended = 0;

	if (!body)
		return;
	if (!api_str(req, body, "old_password", true, 256, &old_pw) ||
	    !api_str(req, body, "new_password", true, 256, &new_pw))
		goto out;
	if (password_check(new_pw, req->user.username, why, sizeof why)) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}",
		    "field", "new_password"), "%s", why);
		goto out;
	}
	if (!strcmp(old_pw, new_pw)) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}",
		    "field", "new_password"), "新密码不能与原密码相同");
		goto out;
	}
	if (auth_password_change(req->st, &who,
	    (const unsigned char *)req->token_hash, old_pw, new_pw, &ended, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, json_pack("{s:b,s:I}", "ok", 1,
		    "sessions_ended", (json_int_t)ended));
out:
	svc_err_clear(&e);
	json_decref(body);
}
