/*
 * open311.h - Open311 GeoReport v2 over the complaint desk (issue 12
 * section 3): the clients and their API keys (the administrator issues and
 * revokes them), the service list and definitions, filing a service
 * request (a complaint at the desk, service/complaints.h) and following
 * requests.  The answers are the JSON of GeoReport's fields; api/open311.c
 * writes them as JSON or XML (export/open311_xml.h).
 *
 * What is published: GET requests lists the requests filed through
 * Open311 (complaints filed by phone, letter or in the hall are not public
 * records).  Everyone sees a request's service, status, dates and the
 * agency responsible; its description and its contact are never public,
 * and only the client that filed it sees the description, with its key.
 * Requests filed under the 廉政问题线索 service are listed only to the
 * client that filed them.
 *
 * Errors come back as struct svc_err with GeoReport's codes in mind: 400
 * (GH_EINVAL, with the argument's name in "field"), 403 (a missing,
 * unknown or revoked api_key), 404 (an unknown service, request or
 * jurisdiction), 429 (a client over its hourly quota).
 *
 * Thread-safety: none of its own; each caller brings its store.
 */
#ifndef GH_SERVICE_OPEN311_H
#define GH_SERVICE_OPEN311_H
#include <jansson.h>
#include <stdint.h>

#include "domain/open311.h"
#include "service/service.h"
#include "store/store.h"

/* ---- clients (administrators) -------------------------------------------- */

/* Issues a key to a new client: *out is the client with "api_key", the
 * only time the key is shown.  name 2..60 characters, contact up to 100. */
int open311_client_create(store *st, const struct svc_actor *who,
    const char *name, const char *contact, json_t **out, struct svc_err *e);
/* Revokes a client's key (404 unknown, 409 revoked already). */
int open311_client_revoke(store *st, const struct svc_actor *who, int64_t id,
    json_t **out, struct svc_err *e);
int open311_clients_list(store *st, json_t **out, struct svc_err *e);

/* ---- GeoReport ----------------------------------------------------------- */

/* The jurisdiction this server answers for (the open311_jurisdiction
 * setting); a request naming another is 404, one naming none is ours. */
int open311_jurisdiction_check(store *st, const char *jurisdiction_id,
    struct svc_err *e);

/* The discovery document; base is this server's URL ("http://host"). */
json_t *open311_discovery(const char *base, long gmtoff_s);
/* GET services: the array of services. */
int open311_services_json(store *st, json_t **out, struct svc_err *e);
/* GET services/{code}: the service definition (404 unknown code). */
int open311_service_definition(store *st, const char *code, json_t **out,
    struct svc_err *e);

/* POST requests: p is checked by open311_post_parse already.  Files the
 * complaint and its request record in one transaction; *out is GeoReport's
 * [{service_request_id, service_notice, account_id}].  who carries the
 * address, now and today (id 0: nobody logged in). */
int open311_request_file(store *st, const struct svc_actor *who,
    const struct open311_post *p, json_t **out,
    struct svc_err *e);

/* The filters of GET requests. */
struct open311_query {
	const char *api_key;         /* NULL: an anonymous reader */
	const char *service_request_id; /* comma separated, or NULL */
	const char *service_code;    /* comma separated, or NULL */
	const char *start_date, *end_date; /* W3C date-times, or NULL */
	const char *status;          /* comma separated open/closed, or NULL */
};
/* GET requests (and GET requests/{id} with service_request_id the one
 * id: 404 when it is not a published request). */
int open311_requests_json(store *st, const struct open311_query *q,
    int64_t now, long gmtoff_s, bool one, json_t **out, struct svc_err *e);

#endif
