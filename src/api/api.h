/*
 * api.h - the /api/v1 resources: the route table and the helpers the
 * resource files share.  Each resource file (items.c, cases.c, ...) holds
 * thin handlers: read and check the request, authorise it (the route's
 * roles, the data scope), call one function of the service layer
 * (src/service/) or, for a plain read, of the store, and answer.
 * Validate-or-reply helpers (api_*) answer the request themselves when
 * they fail and return false, so handlers stay linear.  A resource file
 * includes this header and no other resource file's.
 *
 * Thread-safety: handlers run on server worker threads with their own
 * store; the calendar cache (service/calendar_cache.h) is shared and
 * locked.
 */
#ifndef GH_API_H
#define GH_API_H
#include <jansson.h>
#include <stdbool.h>

#include "domain/calendar.h"
#include "domain/clock.h"
#include "export/filetype.h"
#include "http/http.h"
#include "service/service.h"
/* The services the CLI (src/main.c) and src/demo still reach through this
 * header (TODO #9: they include them directly once their owners move). */
#include "service/audit.h"
#include "service/auth.h"
#include "service/calendar_cache.h"
#include "service/calendar_change.h"
#include "service/case_clock.h"
#include "service/case_engine.h"
#include "service/catalogue.h"
#include "service/sweep.h"

extern const struct http_route api_routes[];
extern const size_t api_route_count;

/* ---- shared helpers (common.c) ------------------------------------------ */

/* The actor of the request: the logged-in user (or nobody: id 0, 系统),
 * the client's address, the request's time and the centre's date. */
struct svc_actor api_actor(const struct http_req *req);
/* Answers e (its error, message and extra fields; extra is taken). */
void api_reply_svc_err(struct http_req *req, struct svc_err *e);
/* Checks out the calendar of region_id; answers 500 and returns NULL on
 * failure. */
struct cal_ref *api_calendar(struct http_req *req, int64_t region_id);

/* A statistics period from the query's from and to (YYYY-MM-DD, both
 * inclusive; absent: dflt_from and today); answers 400 for a bad date or
 * from after to. */
bool api_period(struct http_req *req, int32_t dflt_from, int32_t *from,
    int32_t *to);
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

/* The static MIME text of a stored file's type (upload time detected it
 * from the bytes), application/octet-stream for anything else. */
static inline const char *stored_mime(const char *type)
{
	const char *m = filetype_mime(filetype_from_mime(type));

	return m ? m : "application/octet-stream";
}

/* A write that no session vouches for (login, registration): JSON only
 * and from this site; answers 415/403 and returns false otherwise. */
bool api_anonymous_write_ok(struct http_req *req);

/* Answers a store error (busy, conflict, ...) and returns false if err. */
bool api_ok(struct http_req *req, int err);

#endif
