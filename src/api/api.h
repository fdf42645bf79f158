/*
 * api.h - the /api/v1 resources: the route table and the helpers the
 * resource files share.  Each resource file (items.c, cases.c, ...) holds
 * thin handlers: read and check the request, call the domain and the
 * store, answer.  Validate-or-reply helpers (api_*) answer the request
 * themselves when they fail and return false, so handlers stay linear.
 *
 * Thread-safety: handlers run on server worker threads with their own
 * store; the calendar cache below is shared and locked.
 */
#ifndef GH_API_H
#define GH_API_H
#include <jansson.h>
#include <stdbool.h>

#include "domain/calendar.h"
#include "domain/clock.h"
#include "http/http.h"

extern const struct http_route api_routes[];
extern const size_t api_route_count;

/* ---- shared helpers (common.c) ------------------------------------------ */

/* A calendar checked out of the process cache.  The cache is keyed by
 * region and validated against the database's calendar version on every
 * checkout, so a change made through another server is seen at once. */
struct cal_ref;
const calendar *cal_ref_get(const struct cal_ref *ref);
/* Answers 500 and returns NULL on failure. */
struct cal_ref *api_calendar(struct http_req *req, int64_t region_id);
void cal_ref_release(struct cal_ref *ref);
/* The same, without a request (CLI and demo). */
int calendar_load(store *st, int64_t region_id, struct cal_ref **out);
void calendar_cache_clear(void);

/* Page parameters: page >= 1, 1 <= per_page <= 200 (default 20). */
bool api_page(struct http_req *req, int *page, int *per_page);
/* An integer query parameter (absent: *out = dflt). */
bool api_query_int(struct http_req *req, const char *name, int64_t dflt,
    int64_t *out);
/* A path parameter that must be a positive integer id. */
bool api_param_id(struct http_req *req, int idx, int64_t *out);

/* Body fields.  Absent optional fields give NULL / the default; a wrong
 * type, an over-long string or an absent required field answers 400/422
 * naming the field. */
bool api_str(struct http_req *req, json_t *body, const char *key,
    bool required, size_t max_bytes, const char **out);
bool api_int(struct http_req *req, json_t *body, const char *key,
    bool required, int64_t min, int64_t max, int64_t *out);
/* An array of non-empty strings (at most max_items). */
bool api_str_array(struct http_req *req, json_t *body, const char *key,
    bool required, size_t max_items, const char ***out, size_t *n);

/* Appends an audit record for the logged-in user (or govhall itself).
 * before and after are stolen (NULL means JSON null). */
int api_audit(struct http_req *req, const char *action,
    const char *object_type, const char *object_id, json_t *before,
    json_t *after);
/* The end of a write handler: appends the audit record (before and after
 * are taken), commits, and answers status with *reply, which it takes
 * (*reply = NULL).  False, with the error answered, when either fails. */
bool api_commit_reply(struct http_req *req, const char *action,
    const char *object_type, const char *object_id, json_t *before,
    json_t *after, int status, json_t **reply);
int audit_as(store *st, int64_t now, int64_t actor_id, const char *actor_name,
    int role, const char *action, const char *object_type,
    const char *object_id, json_t *before, json_t *after);

/* Answers a store error (busy, conflict, ...) and returns false if err. */
bool api_ok(struct http_req *req, int err);

/* Items (items.c): imports a CSV or JSON file in one transaction; any
 * error imports nothing (errors listed in errs). */
struct item_errors;
int items_import(store *st, const char *buf, size_t len, bool csv,
    int64_t now, int64_t actor_id, const char *actor_name, int role,
    struct item_errors *errs, size_t *created, size_t *updated);

/* Sessions (session.c). */
json_t *user_to_json(const struct user_rec *u);
/* argon2id hash of password into out (crypto_pwhash_STRBYTES = 128). */
int password_hash(const char *password, char out[128]);
/* Clears the account's login throttling (after an administrator reset its
 * password). */
int login_throttle_reset(store *st, const char *username);

/* Calendar (calendar.c).  calendar_apply puts and deletes entries of one
 * region in the caller's transaction, bumps the version and recomputes the
 * deadlines of open cases; calendar_parse_csv reads "date,kind,name". */
int calendar_apply(store *st, int64_t region_id, const struct cal_entry *put,
    size_t n_put, const int32_t *del, size_t n_del, int64_t now, int32_t today,
    int64_t actor_id, const char *actor_name, int role, size_t *moved);
int calendar_parse_csv(const char *buf, size_t len, struct cal_entry **out,
    size_t *n, char *why, size_t why_cap);
json_t *clock_explain_json(const calendar *cal, const struct clock_input *in,
    const struct clock_result *res);

/* ISO date or JSON null. */
json_t *json_day(int32_t day);

/* ---- cases (cases.c), shared with the CLI and demo ----------------------- */
/* The case engine: every rule of the life cycle, used by the HTTP handlers,
 * the demo and (later) timers.  It runs inside the caller's transaction and
 * writes the case, its timeline and the audit record; on refusal it writes
 * nothing and fills a case_refusal. */
struct case_actor {
	int64_t id;          /* 0 for govhall itself */
	const char *name;
	int role;            /* one enum role bit */
	int64_t dept_id, window_id;
};

struct case_refusal {
	int err;             /* negative gh_err */
	char msg[300];       /* Chinese */
	json_t *extra;       /* fields for the JSON error, owned; may be NULL */
};

struct case_submission {
	const char *item_code;
	const char **materials;
	size_t n_materials;
	const char *note;
	const char *name, *id_number, *phone, *kind, *id_type;
};

struct case_action_args {
	int action;          /* enum case_action */
	const char *reason, *note;
	const char *procedure; /* API name or Chinese label */
	const char *applicant_request; /* withdraw by staff: how and when the
	                                * applicant asked (申请人的撤回申请) */
	const char **materials;
	size_t n_materials;
};

struct case_rec;
/* The list form of a case (no parts); viewer NULL for the public. */
json_t *case_summary_json(store *st, const calendar *cal,
    const struct case_rec *c, int32_t today, const struct user_rec *viewer);
int case_engine_submit(store *st, const struct case_actor *who,
    const struct case_submission *sub, int32_t today, int64_t now,
    struct case_rec *c, struct case_refusal *r);
int case_engine_act(store *st, const calendar *cal,
    const struct case_actor *who, struct case_rec *c,
    const struct case_action_args *a, int32_t today, int64_t now,
    struct case_refusal *r);
/* Computes the clock of c with cal; false when the case has no clock yet. */
bool case_clock(store *st, const calendar *cal, const struct case_rec *c,
    int32_t today, struct clock_input *in, struct clock_suspension **susp,
    struct clock_result *res);
/* Calendar changes move the deadlines of open cases.  Before the change,
 * cases_deadlines_before records each open case's deadline under the old
 * calendar (DAY_NONE when it has no clock); after it,
 * cases_recompute_deadlines writes the deadline of every case whose
 * deadline the change moved and records the move on its timeline.  Both
 * run in the caller's transaction; *moved counts the moved cases. */
struct case_deadlines {
	int64_t *ids;
	int32_t *deadline;
	size_t n;
};
int cases_deadlines_before(store *st, int32_t today,
    struct case_deadlines *out);
int cases_recompute_deadlines(store *st, const struct case_deadlines *old,
    int64_t now, int32_t today, int64_t actor_id, const char *actor_name,
    int role, size_t *moved);
void case_deadlines_clear(struct case_deadlines *d);

/* Supervision watch (watch.c).  watch_after_action runs in the case
 * engine's transaction after every action; watch_sweep is one periodic
 * pass in its own transaction. */
int watch_after_action(store *st, const calendar *cal,
    const struct case_actor *who, const struct case_rec *before,
    const struct case_rec *c, int action, const char *reason, int32_t today,
    int64_t now);
struct sweep_report {
	size_t scanned, expired, anomalies, cards, notifications,
	    notices_issued;
	int64_t purged;   /* expired sessions and stale login failures */
};
int watch_sweep(store *st, int32_t today, int64_t now,
    struct sweep_report *rep);

#endif
