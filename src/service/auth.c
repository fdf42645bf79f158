/*
 * auth.c - passwords, logins and sessions; see auth.h (moved here from
 * api/session.c, whose handlers keep the HTTP side: login CSRF, cookies).
 */
#include "service/auth.h"

#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/mask.h"
#include "domain/role.h"
#include "domain/throttle.h"
#include "service/accounts.h"
#include "service/audit.h"
#include "util/gh_err.h"
#include "util/log.h"

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

int login_throttle_reset(store *st, const char *username)
{
	return store_throttle_clear_account(st, username);
}

/* Every failure after store_begin rolls back. */
static int fail_rollback(store *st, int err)
{
	store_rollback(st);
	return err;
}

static int locked(struct svc_err *e, const struct svc_actor *who,
    int64_t until)
{
	int64_t wait = until - who->now;

	if (wait < 1)
		wait = 1;
	return svc_fail(e, GH_ETOOMANY, json_pack("{s:I}", "retry_after",
	    (json_int_t)wait), "登录失败次数过多,请%lld秒后再试",
	    (long long)wait);
}

/* The throttling keys of an attempt (src/domain/throttle.h). */
static void throttle_keys(const struct svc_actor *who, const char *username,
    char keys[THROTTLE_KEYS_][160])
{
	const char *addr = who->addr ? who->addr : "";

	snprintf(keys[THROTTLE_PAIR], 160, "p:%s|%s", addr, username);
	snprintf(keys[THROTTLE_ADDR], 160, "a:%s", addr);
	snprintf(keys[THROTTLE_ACCOUNT], 160, "u:%s", username);
}

/* Before any hashing, in one write transaction: refuses the attempt
 * (429) while a key of it is delayed, else counts it as a failure under
 * every key in advance (cleared again if the password is right), so that
 * concurrent guesses cannot pass the limit while their hashes run. */
static int throttle_admit(store *st, const struct svc_actor *who,
    char keys[THROTTLE_KEYS_][160], int64_t failures[THROTTLE_KEYS_],
    struct svc_err *e)
{
	int64_t until = 0, u;
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	for (int k = 0; k < THROTTLE_KEYS_; k++) {
		if ((err = svc_check(e, store_throttle_blocked(st, keys[k],
		    who->now, &u))))
			return fail_rollback(st, err);
		if (u > until)
			until = u;
	}
	if (until)
		return fail_rollback(st, locked(e, who, until));
	failures[THROTTLE_ADDR] = 0;
	for (int k = 0; k < THROTTLE_KEYS_; k++) {
		int64_t d;

		/* The address is counted on failure only (login_failed): an
		 * office behind one NAT address logs in many people, and their
		 * successes must not add up to a delay. */
		if (k == THROTTLE_ADDR)
			continue;
		if ((err = svc_check(e, store_throttle_count(st, keys[k], who->now,
		    THROTTLE_WINDOW_S, &failures[k]))))
			return fail_rollback(st, err);
		d = throttle_delay_s(&throttle_rules[k], failures[k]);
		if (d && (err = svc_check(e, store_throttle_block(st, keys[k],
		    who->now + d))))
			return fail_rollback(st, err);
	}
	if ((err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	return 0;
}

/* A wrong password: the audit keeps the 1st, 10th, 100th... failure of
 * a key with its counts and the client address, not one row each; the
 * refusal is GH_EAUTH, with retry_after when the next attempt must wait. */
static int login_failed(store *st, const struct svc_actor *who,
    const char *username, int64_t failures[THROTTLE_KEYS_],
    struct svc_err *e)
{
	const char *addr = who->addr ? who->addr : "";
	char key[160];
	int64_t wait = 0, d;
	bool audit = false;
	int err;

	snprintf(key, sizeof key, "a:%s", addr);
	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = svc_check(e, store_throttle_count(st, key, who->now,
	    THROTTLE_WINDOW_S, &failures[THROTTLE_ADDR]))))
		return fail_rollback(st, err);
	d = throttle_delay_s(&throttle_rules[THROTTLE_ADDR],
	    failures[THROTTLE_ADDR]);
	if (d && (err = svc_check(e, store_throttle_block(st, key,
	    who->now + d))))
		return fail_rollback(st, err);
	for (int k = 0; k < THROTTLE_KEYS_; k++) {
		int64_t dk = throttle_delay_s(&throttle_rules[k], failures[k]);

		if (dk > wait)
			wait = dk;
		audit = audit || throttle_audits(failures[k]);
	}
	if ((audit && (err = svc_check(e, audit_actor(st, who, "session.fail",
	    "user", username, NULL,
	    json_pack("{s:s,s:I,s:I,s:I,s:I}", "addr", addr,
	    "failures_pair", (json_int_t)failures[THROTTLE_PAIR],
	    "failures_addr", (json_int_t)failures[THROTTLE_ADDR],
	    "failures_account", (json_int_t)failures[THROTTLE_ACCOUNT],
	    "retry_after", (json_int_t)wait))))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	if (wait)
		log_warn("login: %s from %s delayed %llds after failures"
		    " %lld/%lld/%lld", username, addr,
		    (long long)wait, (long long)failures[THROTTLE_PAIR],
		    (long long)failures[THROTTLE_ADDR],
		    (long long)failures[THROTTLE_ACCOUNT]);
	return svc_fail(e, GH_EAUTH, wait ? json_pack("{s:I}", "retry_after",
	    (json_int_t)wait) : NULL, "用户名或密码错误");
}

int auth_login(store *st, const struct svc_actor *who, const char *username,
    const char *password, struct login_result *out, struct svc_err *e)
{
	unsigned char raw[32], hash[STORE_TOKEN_HASH_LEN], csrf_raw[16];
	char keys[THROTTLE_KEYS_][160];
	int64_t failures[THROTTLE_KEYS_];
	char fresh[crypto_pwhash_STRBYTES];
	struct svc_actor as;
	struct user_rec u;
	bool rehash, ok;
	int err, found;

	/* a username, or an applicant's ID number, credit code or mobile */
	found = store_user_by_login(st, username, &u);
	if (found && found != GH_ENOTFOUND)
		return svc_fail(e, found, NULL, NULL);
	/* one account, one count, whichever of its names was typed */
	if (!found)
		username = u.username;
	throttle_keys(who, username, keys);
	if ((err = throttle_admit(st, who, keys, failures, e)))
		return err;
	/* The same work, and the same answer, for an unknown user, a
	 * deactivated one and a wrong password: the time taken tells
	 * nothing. */
	pthread_once(&hash_once, hash_init);
	ok = password_ok(found ? dummy_hash : u.pw_hash, password);
	if (found || !u.active || !ok)
		return login_failed(st, who, username, failures, e);
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out->token, sizeof out->token, raw, sizeof raw);
	randombytes_buf(csrf_raw, sizeof csrf_raw);
	sodium_bin2hex(out->csrf, sizeof out->csrf, csrf_raw, sizeof csrf_raw);
	crypto_generichash(hash, sizeof hash, (unsigned char *)out->token,
	    strlen(out->token), NULL, 0);

	/* Hash before taking the write lock: a hash takes ~50 ms. */
	rehash = crypto_pwhash_str_needs_rehash(u.pw_hash, PWHASH_OPSLIMIT,
	    PWHASH_MEMLIMIT) == 1 && !password_hash(password, fresh);
	if ((err = svc_check(e, store_begin(st))))
		return err;
	/* from here on the user acts */
	as = (struct svc_actor){.id = u.id, .name = u.name, .role = u.role,
		.dept_id = u.dept_id, .window_id = u.window_id, .addr = who->addr,
		.now = who->now, .today = who->today};
	if ((rehash && (err = svc_check(e, store_user_set_hash(st, u.id,
	    fresh)))) ||
	    (err = svc_check(e, store_throttle_clear(st, keys[THROTTLE_PAIR]))) ||
	    (err = svc_check(e, store_throttle_clear(st,
	    keys[THROTTLE_ACCOUNT]))) ||
	    (err = svc_check(e, store_session_insert(st, hash, u.id, out->csrf,
	    who->now, who->now + SESSION_TTL_S))) ||
	    (err = svc_check(e, audit_actor(st, &as, "session.create", "user",
	    u.username, NULL, json_pack("{s:s}", "addr", who->addr ? who->addr :
	    "")))) || (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	out->user = u;
	return 0;
}

int auth_login_sms(store *st, const struct svc_actor *who, const char *phone,
    const char *code, struct login_result *out, struct svc_err *e)
{
	unsigned char raw[32], hash[STORE_TOKEN_HASH_LEN], csrf_raw[16];
	struct svc_actor as;
	struct user_rec u;
	bool guess;
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = accounts_take_code(st, phone, "login", code, who->now, &guess,
	    e))) {
		if (!guess || store_commit(st))
			store_rollback(st);
		return err;
	}
	err = store_user_by_login(st, phone, &u);
	if (err == GH_ENOTFOUND || (!err && (u.role != ROLE_APPLICANT ||
	    !u.active)))
		return fail_rollback(st, svc_fail(e, GH_EAUTH, NULL,
		    "该手机号码未注册账号"));
	if ((err = svc_check(e, err)))
		return fail_rollback(st, err);
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out->token, sizeof out->token, raw, sizeof raw);
	randombytes_buf(csrf_raw, sizeof csrf_raw);
	sodium_bin2hex(out->csrf, sizeof out->csrf, csrf_raw, sizeof csrf_raw);
	crypto_generichash(hash, sizeof hash, (unsigned char *)out->token,
	    strlen(out->token), NULL, 0);
	as = (struct svc_actor){.id = u.id, .name = u.name, .role = u.role,
		.addr = who->addr, .now = who->now, .today = who->today};
	if ((err = svc_check(e, store_session_insert(st, hash, u.id, out->csrf,
	    who->now, who->now + SESSION_TTL_S))) ||
	    (err = svc_check(e, audit_actor(st, &as, "session.create", "user",
	    u.username, NULL, json_pack("{s:s,s:s}", "addr", who->addr ?
	    who->addr : "", "method", "sms")))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	out->user = u;
	return 0;
}

int auth_logout(store *st, const struct svc_actor *who,
    const unsigned char *token_hash, const char *username, struct svc_err *e)
{
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = svc_check(e, store_session_delete(st, token_hash))) ||
	    (err = svc_check(e, audit_actor(st, who, "session.delete", "user",
	    username, NULL, NULL))) || (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	return 0;
}

int auth_password_change(store *st, const struct svc_actor *who,
    const unsigned char *token_hash, const char *old_pw, const char *new_pw,
    int64_t *ended, struct svc_err *e)
{
	char keys[THROTTLE_KEYS_][160], fresh[crypto_pwhash_STRBYTES];
	int64_t failures[THROTTLE_KEYS_];
	struct user_rec u;
	int err;

	*ended = 0;
	if ((err = svc_check(e, store_user_by_id(st, who->id, &u))))
		return err;
	throttle_keys(who, u.username, keys);
	if ((err = throttle_admit(st, who, keys, failures, e)))
		return err;
	if (!password_ok(u.pw_hash, old_pw))
		return login_failed(st, who, u.username, failures, e);
	if ((err = svc_check(e, password_hash(new_pw, fresh))) ||
	    (err = svc_check(e, store_begin(st))))
		return err;
	if ((err = svc_check(e, store_throttle_clear(st, keys[THROTTLE_PAIR]))) ||
	    (err = svc_check(e, store_user_set_hash(st, u.id, fresh))) ||
	    (err = svc_check(e, store_user_sessions_end(st, u.id, token_hash,
	    ended))) ||
	    (err = svc_check(e, audit_actor(st, who, "session.password", "user",
	    u.username, NULL, json_pack("{s:I,s:s}", "sessions_ended",
	    (json_int_t)*ended, "addr", who->addr ? who->addr : "")))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	return 0;
}
