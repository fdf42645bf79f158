/*
 * green.c - the green channel (绿色通道) over HTTP: an item's place in it,
 * the items in it, and the key projects' applicants.  Administrators only
 * (the route table).  Thin handlers: they read the body's types and call
 * service/green.h, which checks the values, writes and audits.
 */
#include <stdint.h>
#include <string.h>

#include "api/api.h"
#include "service/green.h"
#include "util/gh_err.h"

#define TEXT_BYTES 1200   /* the service counts the characters */

static void reply(struct http_req *req, int err, struct svc_err *e,
    int status, json_t *out)
{
	if (err)
		api_reply_svc_err(req, e);
	else
		http_reply_json(req, status, out);
	svc_err_clear(e);
}

/* GET /items/{code}/green-channel */
void api_item_green_get(struct http_req *req)
{
	struct svc_err e = {0};
	json_t *out = NULL;
	int err = green_item_get(req->st, req->params[0], &out, &e);

	reply(req, err, &e, 200, out);
}

/* PUT /items/{code}/green-channel {limit_days, basis} */
void api_item_green_put(struct http_req *req)
{
	json_t *body = http_body_object(req), *out = NULL;
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *basis;
	int64_t days = 0;
	int err;

	if (!body)
		return;
	if (api_int(req, body, "limit_days", true, INT64_MIN, INT64_MAX, &days) &&
	    api_str(req, body, "basis", true, TEXT_BYTES, &basis)) {
		err = green_item_put(req->st, &who, req->params[0], days, basis,
		    &out, &e);
		reply(req, err, &e, 200, out);
	}
	json_decref(body);
}

/* DELETE /items/{code}/green-channel */
void api_item_green_delete(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	int err = green_item_delete(req->st, &who, req->params[0], &e);

	reply(req, err, &e, 200, err ? NULL : json_pack("{s:b}", "ok", 1));
}

/* GET /green-channel/items */
void api_green_items(struct http_req *req)
{
	struct svc_err e = {0};
	json_t *out = NULL;
	int err = green_items_list(req->st, &out, &e);

	reply(req, err, &e, 200, out);
}

/* GET /key-applicants[?all=1] */
void api_key_applicants(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out = NULL;
	int64_t all;
	int page, per_page, err;

	if (!api_page(req, &page, &per_page) ||
	    !api_query_int(req, "all", 0, &all))
		return;
	err = key_applicants_list(req->st, &who, all != 0, page, per_page, &out,
	    &e);
	reply(req, err, &e, 200, out);
}

/* The entry's fields of a POST or PUT body; false once it has answered. */
static bool key_input(struct http_req *req, json_t *body, bool create,
    struct key_applicant_input *in)
{
	json_t *v;

	memset(in, 0, sizeof *in);
	in->active = -1;
	if (!api_str(req, body, "id_number", create, 40, &in->id_number) ||
	    !api_str(req, body, "name", true, TEXT_BYTES, &in->name) ||
	    !api_str(req, body, "project", true, TEXT_BYTES, &in->project) ||
	    !api_str(req, body, "basis", true, TEXT_BYTES, &in->basis) ||
	    !api_str(req, body, "valid_until", false, 10, &in->valid_until))
		return false;
	v = json_object_get(body, "limit_ratio_pct");
	if (v && !json_is_null(v)) {
		if (!api_int(req, body, "limit_ratio_pct", false, INT64_MIN,
		    INT64_MAX, &in->limit_ratio_pct))
			return false;
		in->has_ratio = true;
	}
	v = json_object_get(body, "active");
	if (v && !json_is_null(v)) {
		if (!json_is_boolean(v)) {
			http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field",
			    "active"), "字段active应为true或false");
			return false;
		}
		in->active = json_is_true(v);
	}
	if (in->valid_until && !*in->valid_until)
		in->valid_until = NULL;
	return true;
}

/* POST /key-applicants */
void api_key_applicant_create(struct http_req *req)
{
	json_t *body = http_body_object(req), *out = NULL;
	struct svc_actor who = api_actor(req);
	struct key_applicant_input in;
	struct svc_err e = {0};
	int err;

	if (!body)
		return;
	if (key_input(req, body, true, &in)) {
		err = key_applicant_add(req->st, &who, &in, &out, &e);
		reply(req, err, &e, 201, out);
	}
	json_decref(body);
}

/* PUT /key-applicants/{id} */
void api_key_applicant_update(struct http_req *req)
{
	json_t *body, *out = NULL;
	struct svc_actor who = api_actor(req);
	struct key_applicant_input in;
	struct svc_err e = {0};
	int64_t id;
	int err;

	if (!api_param_id(req, 0, &id) || !(body = http_body_object(req)))
		return;
	if (key_input(req, body, false, &in)) {
		err = key_applicant_update(req->st, &who, id, &in, &out, &e);
		reply(req, err, &e, 200, out);
	}
	json_decref(body);
}

/* DELETE /key-applicants/{id}: off the list, kept for history */
void api_key_applicant_delete(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out = NULL;
	int64_t id;
	int err;

	if (!api_param_id(req, 0, &id))
		return;
	err = key_applicant_deactivate(req->st, &who, id, &out, &e);
	reply(req, err, &e, 200, out);
}
