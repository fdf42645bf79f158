/*
 * accounts.h - applicant accounts (issue 10, part 1): self-registration
 * of people (自然人) and companies (法人) with a mobile number proved by
 * a one-time SMS code, real-name verification (实名), password reset by
 * SMS, and the persons who act for a company (经办人).
 *
 * SMS codes: six random digits, of which only a BLAKE2b hash of phone,
 * purpose and code is stored (schema 0009); good for ACCOUNTS_CODE_TTL_S,
 * for one use and for ACCOUNTS_CODE_TRIES wrong guesses.  Sending is
 * limited per number (one a minute, ACCOUNTS_CODES_PER_DAY a day) and per
 * client address (ACCOUNTS_CODES_PER_ADDR_HOUR an hour); the limits are
 * counted in the database, so they hold across servers.  A code for a
 * login or a reset of a number that has no account is recorded, counted
 * and answered alike, but not sent: the answer does not tell who has an
 * account.  The code leaves through the outbox (an SMS row written in
 * the same transaction) and is handed to the gateway at once.
 *
 * Real name: a registration asks the configured verifier
 * (notify/realname.h) before its transaction; a match makes the account
 * 实名.  Otherwise it stays 未实名 and may ask again (accounts_realname),
 * or a clerk who saw the ID card confirms it (accounts_realname_by_staff).
 * Whether an account below 实名 may apply is the setting
 * apply_requires_real_name (0, the default: it may; 1: it may only browse
 * and ask).
 *
 * Thread-safety: none of its own; each call brings its store.
 */
#ifndef GH_SERVICE_ACCOUNTS_H
#define GH_SERVICE_ACCOUNTS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "service/service.h"
#include "store/store.h"

#define ACCOUNTS_CODE_TTL_S 300
#define ACCOUNTS_CODE_TRIES 5
#define ACCOUNTS_CODE_GAP_S 60
#define ACCOUNTS_CODES_PER_DAY 10
#define ACCOUNTS_CODES_PER_ADDR_HOUR 30

/* Checks a person's name as registered: 2 to 30 characters, no digits,
 * no control characters.  0 or GH_EUNPROCESSABLE with a reason. */
int accounts_check_name(const char *name, char *why, size_t cap);

/* Sends an SMS code for purpose ("register", "login", "reset") to phone.
 * GH_EUNPROCESSABLE for a bad number or purpose, GH_ETOOMANY (with
 * "retry_after") past a limit. */
int accounts_send_code(store *st, const struct svc_actor *who,
    const char *phone, const char *purpose, struct svc_err *e);

/* Inside the caller's write transaction: takes the code for phone and
 * purpose, or refuses with GH_EUNPROCESSABLE ({"field": "sms_code"}).
 * A wrong guess is counted (*count_guess): the caller commits that
 * count even though it refuses the request. */
int accounts_take_code(store *st, const char *phone, const char *purpose,
    const char *code, int64_t now, bool *count_guess, struct svc_err *e);

struct account_reg {
	const char *kind;           /* "person" | "company" */
	const char *name;           /* person: 姓名; company: the contact */
	const char *id_number;      /* person */
	const char *company_name, *credit_code, *legal_person; /* company */
	const char *phone, *password, *sms_code;
};

/* Registers an applicant account; *out is the account as the API shows
 * it.  Refusals name the field ({"field": "id_number"}, ...). */
int accounts_register(store *st, const struct svc_actor *who,
    const struct account_reg *r, json_t **out, struct svc_err *e);

/* Sets a new password for the account of phone (or, for a company
 * account, login: its credit code, whose phone it is), proving the
 * phone with a "reset" code; ends every session of the account. */
int accounts_reset_password(store *st, const struct svc_actor *who,
    const char *phone, const char *login, const char *code,
    const char *password, struct svc_err *e);

/* Asks the verifier again for who's own account; *out as registered. */
int accounts_realname(store *st, const struct svc_actor *who, json_t **out,
    struct svc_err *e);
/* A clerk confirms account user_id's identity after seeing the document
 * (现场核验): audited with the clerk's reason. */
int accounts_realname_by_staff(store *st, const struct svc_actor *who,
    int64_t user_id, const char *reason, json_t **out, struct svc_err *e);

/* The account's API object: the user plus real_name, real_name_label and
 * for a company its legal person; phone and ID masked. */
json_t *accounts_user_json(const struct user_rec *u);

/* 经办人 of who's company account. */
int accounts_agents(store *st, const struct svc_actor *who, json_t **out,
    struct svc_err *e);
/* Authorises the person account with id_number and name to act for
 * who's company account. */
int accounts_agent_add(store *st, const struct svc_actor *who,
    const char *id_number, const char *name, json_t **out,
    struct svc_err *e);
int accounts_agent_remove(store *st, const struct svc_actor *who,
    int64_t user_id, struct svc_err *e);
/* The companies who (a person) acts for. */
int accounts_companies(store *st, const struct svc_actor *who, json_t **out,
    struct svc_err *e);

/* Whether an applicant who may file a case now (the real-name setting),
 * with a Chinese refusal. */
int accounts_may_apply(store *st, const struct svc_actor *who,
    struct svc_err *e);

#endif
