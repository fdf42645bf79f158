/*
 * session.c - login, logout and "who am I".
 *
 * A login checks the argon2id hash (libsodium crypto_pwhash_str), rehashes
 * it when the cost parameters changed, and creates a session: 32 random
 * bytes as the token, of which only a BLAKE2b hash is stored.  Browsers get
 * the token in an HttpOnly SameSite=Strict cookie plus a CSRF token they
 * must echo in X-CSRF-Token on writes; programs use the token as a Bearer.
 * Hashing costs ~19 MiB and ~50 ms, so at most two run at once.
 *
 * Failed logins are counted per username in the database (schema 0005), so
 * every server sees them: login_max_failures (default 5) failures within
 * login_lock_minutes (default 15) lock the username for as long, answered
 * 429 before any hashing.  An unknown username is hashed against a dummy
 * hash, so that the time taken does not tell which usernames exist.
 */
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "domain/mask.h"
#include "domain/role.h"
#include "util/gh_err.h"
#include "util/log.h"

#define SESSION_TTL_S (12 * 3600)
/* argon2id at OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1):
 * libsodium's "interactive" 64 MiB, two hashes at once, put a login at
 * 136 MiB resident against a 13 MiB server (bench/README.md). */
#define PWHASH_OPSLIMIT 2
#define PWHASH_MEMLIMIT (19u << 20)

static sem_t hash_slots;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void hash_init(void)
{
	char pw[17];

	sem_init(&hash_slots, 0, 2);
	randombytes_buf(pw, sizeof pw - 1);
	for (size_t i = 0; i < sizeof pw - 1; i++)
		pw[i] = (char)('a' + (unsigned char)pw[i] % 26);
	pw[sizeof pw - 1] = '\0';
	if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), PWHASH_OPSLIMIT,
	    PWHASH_MEMLIMIT))
		dummy_hash[0] = '\0';
}

/* Verifies password against hash with the hashing slots held. */
static bool password_ok(const char *hash, const char *password)
{
	bool ok;

	pthread_once(&hash_once, hash_init);
	sem_wait(&hash_slots);
	ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	sem_post(&hash_slots);
	return ok;
}

int password_hash(const char *password, char out[crypto_pwhash_STRBYTES])
{
	int rc;

	pthread_once(&hash_once, hash_init);
	sem_wait(&hash_slots);
	rc = crypto_pwhash_str(out, password, strlen(password),
	    PWHASH_OPSLIMIT, PWHASH_MEMLIMIT);
	sem_post(&hash_slots);
	return rc ? GH_ENOMEM : 0;
}

json_t *user_to_json(const struct user_rec *u)
{
	char masked[64];

	mask_phone(u->phone, masked, sizeof masked);
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s}",
	    "id", (json_int_t)u->id, "username", u->username, "name", u->name,
	    "role", role_name(u->role), "role_label", role_label(u->role),
	    "kind", u->kind,
	    "dept_id", u->dept_id ? json_integer(u->dept_id) : json_null(),
	    "window_id", u->window_id ? json_integer(u->window_id) : json_null(),
	    "post", u->post, "phone", masked);
}

static void reply_locked(struct http_req *req, int64_t until)
{
	int64_t minutes = (until - req->now + 59) / 60;

	http_reply_error(req, GH_ETOOMANY, json_pack("{s:I}", "retry_after",
	    (json_int_t)(until - req->now)), "登录失败次数过多,该账号已暂时锁定,"
	    "请%lld分钟后再试", (long long)(minutes > 0 ? minutes : 1));
}

/* Counts the failure with its audit record, then answers 401, or 429 when
 * this failure locked the username. */
static void login_failed(struct http_req *req, const char *username)
{
	int64_t max = 5, lock_min = 15, failures = 0, until = 0;

	if (!api_ok(req, store_begin(req->st)))
		return;
	store_setting_int(req->st, "login_max_failures", 5, &max);
	store_setting_int(req->st, "login_lock_minutes", 15, &lock_min);
	if (max < 1)
		max = 1;
	if (lock_min < 1)
		lock_min = 1;
	if (!api_ok(req, store_login_failed(req->st, username, req->now, max,
	    lock_min * 60, lock_min * 60, &failures, &until)) ||
	    !api_ok(req, audit_as(req->st, req->now, 0, "未登录用户", 0,
	    "session.fail", "user", username, NULL, json_pack("{s:I,s:b}",
	    "failures", (json_int_t)failures, "locked", until != 0))) ||
	    !api_ok(req, store_commit(req->st)))
		return;
	if (until) {
		log_warn("login: %s locked after %lld failures", username,
		    (long long)failures);
		reply_locked(req, until);
	} else {
		http_reply_error(req, GH_EAUTH, NULL, "用户名或密码错误");
	}
}

void api_session_create(struct http_req *req)
{
	json_t *body = http_body_object(req);
	const char *username, *password;
	unsigned char raw[32], hash[STORE_TOKEN_HASH_LEN], csrf_raw[16];
	char token[65], csrf[33], cookie[256];
	struct user_rec u;
	char fresh[crypto_pwhash_STRBYTES];
	int64_t until;
	bool rehash;
	int err;

	if (!body)
		return;
	if (!api_str(req, body, "username", true, 64, &username) ||
	    !api_str(req, body, "password", true, 256, &password))
		goto out;
	err = store_user_by_username(req->st, username, &u);
	if (err && err != GH_ENOTFOUND) {
		api_ok(req, err);
		goto out;
	}
	if (!api_ok(req, store_login_locked_until(req->st, username, req->now,
	    &until)))
		goto out;
	if (until) {
		reply_locked(req, until);
		goto out;
	}
	/* Same answer, and the same work, for an unknown user and a wrong
	 * password. */
	if (err) {
		pthread_once(&hash_once, hash_init);
		password_ok(dummy_hash, password);
	}
	if (err || !u.active || !password_ok(u.pw_hash, password)) {
		login_failed(req, username);
		goto out;
	}
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, sizeof token, raw, sizeof raw);
	randombytes_buf(csrf_raw, sizeof csrf_raw);
	sodium_bin2hex(csrf, sizeof csrf, csrf_raw, sizeof csrf_raw);
	crypto_generichash(hash, sizeof hash, (unsigned char *)token,
	    strlen(token), NULL, 0);

	/* Hash before taking the write lock: a hash takes ~50 ms. */
	rehash = crypto_pwhash_str_needs_rehash(u.pw_hash, PWHASH_OPSLIMIT,
	    PWHASH_MEMLIMIT) == 1 && !password_hash(password, fresh);
	if (!api_ok(req, store_begin(req->st)))
		goto out;
	if (rehash && !api_ok(req, store_user_set_hash(req->st, u.id, fresh)))
		goto out;
	req->authed = true;
	req->user = u;
	if (!api_ok(req, store_login_clear(req->st, username)) ||
	    !api_ok(req, store_session_insert(req->st, hash, u.id, csrf,
	    req->now, req->now + SESSION_TTL_S)) ||
	    !api_ok(req, api_audit(req, "session.create", "user", u.username,
	    NULL, NULL)) || !api_ok(req, store_commit(req->st)))
		goto out;

	snprintf(cookie, sizeof cookie, "gh_session=%s; Path=/; HttpOnly;"
	    " SameSite=Strict; Max-Age=%d%s", token, SESSION_TTL_S,
	    "");
	http_add_cookie(req, cookie);
	snprintf(cookie, sizeof cookie, "gh_csrf=%s; Path=/; SameSite=Strict;"
	    " Max-Age=%d", csrf, SESSION_TTL_S);
	http_add_cookie(req, cookie);
	http_reply_json(req, 201, json_pack("{s:s,s:s,s:I,s:o}", "token", token,
	    "csrf", csrf, "expires_in", (json_int_t)SESSION_TTL_S, "user",
	    user_to_json(&u)));
out:
	json_decref(body);
}

void api_session_delete(struct http_req *req)
{
	if (!api_ok(req, store_begin(req->st)) ||
	    !api_ok(req, store_session_delete(req->st,
	    (unsigned char *)req->token_hash)) ||
	    !api_ok(req, api_audit(req, "session.delete", "user",
	    req->user.username, NULL, NULL)) ||
	    !api_ok(req, store_commit(req->st)))
		return;
	http_add_cookie(req, "gh_session=; Path=/; HttpOnly; SameSite=Strict;"
	    " Max-Age=0");
	http_reply_json(req, 200, json_pack("{s:b}", "ok", 1));
}

void api_me(struct http_req *req)
{
	json_t *u = user_to_json(&req->user);

	json_object_set_new(u, "csrf", json_string(req->csrf));
	http_reply_json(req, 200, u);
}
