/*
 * green.h - the green channel (绿色通道, issue 11 section 6) as a service:
 * administrators put items in it with a shorter promised limit and keep
 * the list of key projects' applicants (重点项目); the case engine asks it,
 * at submission, for a new case's priority and limit (domain/green.h has
 * the rules).
 *
 * Every write is one transaction with its audit record; a refusal writes
 * nothing and names the field (422) where one is at fault.  Personal ID
 * numbers of key applicants are masked in every answer (mask.h); a
 * company's credit code is public and shown whole.  Removing an applicant
 * from the list deactivates its entry, kept for the cases that named it.
 *
 * Thread-safety: none of its own; each call brings its store.
 */
#ifndef GH_SERVICE_GREEN_H
#define GH_SERVICE_GREEN_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/green.h"
#include "service/service.h"
#include "store/store.h"

/* ---- items --------------------------------------------------------------- */

/* {item_code, item_name, promised_limit_days, enabled, limit_days,
 * effective_limit_days, basis, set_by_name, set_at} of item code (the
 * last five null when it is not in the channel). */
int green_item_get(store *st, const char *code, json_t **out,
    struct svc_err *e);
/* Puts item code in the channel with limit_days (1..its promised limit)
 * and basis, or changes them; *out as green_item_get. */
int green_item_put(store *st, const struct svc_actor *who, const char *code,
    int64_t limit_days, const char *basis, json_t **out, struct svc_err *e);
/* Takes item code out of the channel (404 when it is not in). */
int green_item_delete(store *st, const struct svc_actor *who,
    const char *code, struct svc_err *e);
/* {data: [...]} of the items in the channel. */
int green_items_list(store *st, json_t **out, struct svc_err *e);
/* {limit_days, basis} of item_id for its guide (the limit a case gets),
 * or JSON null when it is not in the channel. */
int green_item_guide_json(store *st, int64_t item_id, int promised_days,
    json_t **out);

/* ---- key projects' applicants ------------------------------------------ */

/* What an administrator enters.  On update id_number may be NULL (it is
 * the entry's identity and cannot change) and active < 0 keeps it. */
struct key_applicant_input {
	const char *id_number;
	const char *name, *project, *basis;
	bool has_ratio;               /* false: no share of its own */
	int64_t limit_ratio_pct;      /* 1..100 when has_ratio */
	const char *valid_until;      /* ISO date, or NULL for no end */
	int active;                   /* 1, 0, or -1: unchanged */
};

/* {total, page, per_page, data: [entry]}; include_inactive lists the
 * removed entries too. */
int key_applicants_list(store *st, const struct svc_actor *who,
    bool include_inactive, int page, int per_page, json_t **out,
    struct svc_err *e);
/* Adds an entry; 409 when its number is listed already.  *out the entry. */
int key_applicant_add(store *st, const struct svc_actor *who,
    const struct key_applicant_input *in, json_t **out, struct svc_err *e);
int key_applicant_update(store *st, const struct svc_actor *who, int64_t id,
    const struct key_applicant_input *in, json_t **out, struct svc_err *e);
/* Deactivates entry id (409 when it is off the list already). */
int key_applicant_deactivate(store *st, const struct svc_actor *who,
    int64_t id, json_t **out, struct svc_err *e);

/* ---- cases ----------------------------------------------------------------- */

/* The priority, reason and limit of a new case of item_id (promised_days)
 * filed on today by the applicant with id_number, in the caller's
 * transaction. */
int green_case_decision(store *st, int64_t item_id, int promised_days,
    const char *id_number, int32_t today, struct green_decision *out);

#endif
