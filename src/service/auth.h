/*
 * auth.h - passwords, logins and sessions: the work behind POST and
 * DELETE /session and POST /session/password.
 *
 * A login checks the argon2id hash (libsodium crypto_pwhash_str), rehashes
 * it when the cost parameters changed, and creates a session: 32 random
 * bytes as the token, of which only a BLAKE2b hash is stored.  Hashing
 * costs ~19 MiB and ~50 ms, so at most two run at once in the process.
 *
 * Failed logins are counted in the database (schema 0008), so every
 * server sees them, under three keys - address and account, address,
 * account - with progressive delays (src/domain/throttle.h): a source
 * guessing or spraying waits longer and longer, while an attack on one
 * account from everywhere delays its real user by 30 s at most.  Unknown
 * and deactivated usernames are hashed too, so that the time taken does
 * not tell which usernames exist.
 *
 * Thread-safety: the hashing slots are a process semaphore; everything
 * else works on the caller's store.
 */
#ifndef GH_SERVICE_AUTH_H
#define GH_SERVICE_AUTH_H
#include <jansson.h>
#include <stdint.h>

#include "service/service.h"
#include "store/store.h"

#define SESSION_TTL_S (12 * 3600)

/* argon2id hash of password into out (crypto_pwhash_STRBYTES = 128). */
int password_hash(const char *password, char out[128]);
/* The API object of a user (phone masked). */
json_t *user_to_json(const struct user_rec *u);
/* Clears the account's login throttling (after an administrator reset its
 * password). */
int login_throttle_reset(store *st, const char *username);

struct login_result {
	char token[65];       /* hex; only its hash is stored */
	char csrf[33];
	struct user_rec user;
};

/* Logs username in from who->addr (who: nobody yet) at who->now.  A
 * delayed source or account is refused with GH_ETOOMANY ("retry_after");
 * a wrong password, an unknown or a deactivated user alike with GH_EAUTH
 * (with "retry_after" when the next attempt must wait). */
int auth_login(store *st, const struct svc_actor *who, const char *username,
    const char *password, struct login_result *out, struct svc_err *e);
/* Logs the applicant whose mobile number is phone in with an SMS code
 * (purpose "login", service/accounts.h); a wrong code counts against
 * the code's tries. */
int auth_login_sms(store *st, const struct svc_actor *who, const char *phone,
    const char *code, struct login_result *out, struct svc_err *e);
/* Ends who's session token_hash. */
int auth_logout(store *st, const struct svc_actor *who,
    const unsigned char *token_hash, const char *username,
    struct svc_err *e);
/* Changes who's password (proving old_pw, which counts as a login
 * attempt for throttling) and ends every other session; the caller has
 * checked new_pw's strength.  *ended counts the sessions ended. */
int auth_password_change(store *st, const struct svc_actor *who,
    const unsigned char *token_hash, const char *old_pw, const char *new_pw,
    int64_t *ended, struct svc_err *e);

#endif
