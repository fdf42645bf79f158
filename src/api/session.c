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
 * Failed logins are counted in the database (schema 0008), so every
 * server sees them, under three keys - address and account, address,
 * account - with progressive delays (src/domain/throttle.h): a source
 * guessing or spraying waits longer and longer, while an attack on one
 * account from everywhere delays its real user by 30 s at most.  Unknown
 * and deactivated usernames are hashed too, so that the time taken does
 * not tell which usernames exist.  Sessions end after 12 hours, or after
 * session_idle_minutes (default 30) unused.
 */
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "domain/mask.h"
#include "domain/role.h"
#include "domain/throttle.h"
#include "util/pwpolicy.h"
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
	int64_t wait = until - req->now;

	if (wait < 1)
		wait = 1;
	http_reply_error(req, GH_ETOOMANY, json_pack("{s:I}", "retry_after",
	    (json_int_t)wait), "登录失败次数过多,请%lld秒后再试",
	    (long long)wait);
}

/* The throttling keys of an attempt (src/domain/throttle.h). */
static void throttle_keys(struct http_req *req, const char *username,
    char keys[THROTTLE_KEYS_][160])
{
	snprintf(keys[THROTTLE_PAIR], 160, "p:%s|%s", req->client_addr,
	    username);
	snprintf(keys[THROTTLE_ADDR], 160, "a:%s", req->client_addr);
	snprintf(keys[THROTTLE_ACCOUNT], 160, "u:%s", username);
}

/* Before any hashing, in one write transaction: refuses the attempt
 * (429) while a key of it is delayed, else counts it as a failure under
 * every key in advance (cleared again if the password is right), so that
 * concurrent guesses cannot pass the limit while their hashes run.
 * Returns false when it answered. */
static bool throttle_admit(struct http_req *req,
    char keys[THROTTLE_KEYS_][160], int64_t failures[THROTTLE_KEYS_])
{
	int64_t until = 0, u;

	if (!api_ok(req, store_begin(req->st)))
		return false;
	for (int k = 0; k < THROTTLE_KEYS_; k++) {
		if (!api_ok(req, store_throttle_blocked(req->st, keys[k],
		    req->now, &u)))
			return false;
		if (u > until)
			until = u;
	}
	if (until) {
		store_rollback(req->st);
		reply_locked(req, until);
		return false;
	}
	failures[THROTTLE_ADDR] = 0;
	for (int k = 0; k < THROTTLE_KEYS_; k++) {
		int64_t d;

		/* The address is counted on failure only (login_failed): an
		 * office behind one NAT address logs in many people, and their
		 * successes must not add up to a delay. */
		if (k == THROTTLE_ADDR)
			continue;
		if (!api_ok(req, store_throttle_count(req->st, keys[k], req->now,
		    THROTTLE_WINDOW_S, &failures[k])))
			return false;
		d = throttle_delay_s(&throttle_rules[k], failures[k]);
		if (d && !api_ok(req, store_throttle_block(req->st, keys[k],
		    req->now + d)))
			return false;
	}
	return api_ok(req, store_commit(req->st));
}

/* A wrong password: the audit keeps the 1st, 10th, 100th... failure of
 * a key with its counts and the client address, not one row each; the
 * answer is 401, with retry_after when the next attempt must wait. */
static void login_failed(struct http_req *req, const char *username,
    int64_t failures[THROTTLE_KEYS_])
{
	char key[160];
	int64_t wait = 0, d;
	bool audit = false;

	snprintf(key, sizeof key, "a:%s", req->client_addr);
	if (!api_ok(req, store_begin(req->st)) ||
	    !api_ok(req, store_throttle_count(req->st, key, req->now,
	    THROTTLE_WINDOW_S, &failures[THROTTLE_ADDR])))
		return;
	d = throttle_delay_s(&throttle_rules[THROTTLE_ADDR],
	    failures[THROTTLE_ADDR]);
	if (d && !api_ok(req, store_throttle_block(req->st, key, req->now + d)))
		return;
	for (int k = 0; k < THROTTLE_KEYS_; k++) {
		int64_t dk = throttle_delay_s(&throttle_rules[k], failures[k]);

		if (dk > wait)
			wait = dk;
		audit = audit || throttle_audits(failures[k]);
	}
	if ((audit && !api_ok(req, api_audit(req, "session.fail", "user",
	    username, NULL,
	    json_pack("{s:s,s:I,s:I,s:I,s:I}", "addr", req->client_addr,
	    "failures_pair", (json_int_t)failures[THROTTLE_PAIR],
	    "failures_addr", (json_int_t)failures[THROTTLE_ADDR],
	    "failures_account", (json_int_t)failures[THROTTLE_ACCOUNT],
	    "retry_after", (json_int_t)wait)))) ||
	    !api_ok(req, store_commit(req->st)))
		return;
	if (wait)
		log_warn("login: %s from %s delayed %llds after failures"
		    " %lld/%lld/%lld", username, req->client_addr,
		    (long long)wait, (long long)failures[THROTTLE_PAIR],
		    (long long)failures[THROTTLE_ADDR],
		    (long long)failures[THROTTLE_ACCOUNT]);
	http_reply_error(req, GH_EAUTH, wait ? json_pack("{s:I}",
	    "retry_after", (json_int_t)wait) : NULL, "用户名或密码错误");
}

int login_throttle_reset(store *st, const char *username)
{
	return store_throttle_clear_account(st, username);
}

/* Login CSRF: a login must be JSON (a cross-site form can send only
 * text/plain, urlencoded or multipart without a preflight) and, when the
 * browser names its origin, come from this site. */
static bool login_request_ok(struct http_req *req)
{
	const char *ct = http_header(req, "Content-Type");

	if (!ct || strncasecmp(ct, "application/json", 16) ||
	    (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
		http_reply_error(req, GH_EMEDIA, NULL, NULL);
		return false;
	}
	if (!http_same_origin(req)) {
		http_reply_error(req, GH_EFORBIDDEN, NULL,
		    "拒绝来自其他网站的登录请求");
		return false;
	}
	return true;
}

void api_session_create(struct http_req *req)
{
	json_t *body = NULL;
	const char *username, *password;
	unsigned char raw[32], hash[STORE_TOKEN_HASH_LEN], csrf_raw[16];
	char token[65], csrf[33], cookie[256];
	char keys[THROTTLE_KEYS_][160];
	int64_t failures[THROTTLE_KEYS_];
	struct user_rec u;
	char fresh[crypto_pwhash_STRBYTES];
	bool rehash, ok;
	int err;

	if (!login_request_ok(req) || !(body = http_body_object(req)))
		return;
	if (!api_str(req, body, "username", true, 64, &username) ||
	    !api_str(req, body, "password", true, 256, &password))
		goto out;
	err = store_user_by_username(req->st, username, &u);
	if (err && err != GH_ENOTFOUND) {
		api_ok(req, err);
		goto out;
	}
	throttle_keys(req, username, keys);
	if (!throttle_admit(req, keys, failures))
		goto out;
	/* The same work, and the same answer, for an unknown user, a
	 * deactivated one and a wrong password: the time taken tells
	 * nothing. */
	pthread_once(&hash_once, hash_init);
	ok = password_ok(err ? dummy_hash : u.pw_hash, password);
	if (err || !u.active || !ok) {
		login_failed(req, username, failures);
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
	if (!api_ok(req, store_throttle_clear(req->st, keys[THROTTLE_PAIR])) ||
	    !api_ok(req, store_throttle_clear(req->st,
	    keys[THROTTLE_ACCOUNT])) ||
	    !api_ok(req, store_session_insert(req->st, hash, u.id, csrf,
	    req->now, req->now + SESSION_TTL_S)) ||
	    !api_ok(req, api_audit(req, "session.create", "user", u.username,
	    NULL, json_pack("{s:s}", "addr", req->client_addr))) ||
	    !api_ok(req, store_commit(req->st)))
		goto out;

	snprintf(cookie, sizeof cookie, "gh_session=%s; Path=/; HttpOnly;"
	    " SameSite=Strict; Max-Age=%d%s", token, SESSION_TTL_S,
	    http_is_tls(req) ? "; Secure" : "");
	http_add_cookie(req, cookie);
	snprintf(cookie, sizeof cookie, "gh_csrf=%s; Path=/; SameSite=Strict;"
	    " Max-Age=%d%s", csrf, SESSION_TTL_S,
	    http_is_tls(req) ? "; Secure" : "");
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

/* POST /session/password {old_password, new_password}: anyone logged in
 * changes their own password, proving the old one.  The new one must pass
 * the strength check and differ from the old; every other session of the
 * person ends (this one stays).  A wrong old password counts as a failed
 * login for throttling. */
void api_session_password(struct http_req *req)
{
	json_t *body = http_body_object(req);
	const char *old_pw, *new_pw;
	char keys[THROTTLE_KEYS_][160], fresh[crypto_pwhash_STRBYTES];
	char why[160];
	int64_t failures[THROTTLE_KEYS_], ended = 0;
	struct user_rec u;

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
	if (!api_ok(req, store_user_by_id(req->st, req->user.id, &u)))
		goto out;
	throttle_keys(req, u.username, keys);
	if (!throttle_admit(req, keys, failures))
		goto out;
	if (!password_ok(u.pw_hash, old_pw)) {
		login_failed(req, u.username, failures);
		goto out;
	}
	if (!api_ok(req, password_hash(new_pw, fresh)) ||
	    !api_ok(req, store_begin(req->st)) ||
	    !api_ok(req, store_throttle_clear(req->st, keys[THROTTLE_PAIR])) ||
	    !api_ok(req, store_user_set_hash(req->st, u.id, fresh)) ||
	    !api_ok(req, store_user_sessions_end(req->st, u.id,
	    (const unsigned char *)req->token_hash, &ended)) ||
	    !api_ok(req, api_audit(req, "session.password", "user", u.username,
	    NULL, json_pack("{s:I,s:s}", "sessions_ended", (json_int_t)ended,
	    "addr", req->client_addr))) ||
	    !api_ok(req, store_commit(req->st)))
		goto out;
	http_reply_json(req, 200, json_pack("{s:b,s:I}", "ok", 1,
	    "sessions_ended", (json_int_t)ended));
out:
	json_decref(body);
}
