/*
 * complaints.c - 效能投诉 (issue 12 section 1): filing (POST /complaints,
 * public: anonymous with a contact, an applicant, or the desk entering a
 * phone, letter, e-mail, SMS or desk complaint), reading one
 * (GET /complaints/{id}; an anonymous complainant adds ?query_code= and
 * &phone=) and its actions (POST /complaints/{id}/actions {"action", ...},
 * the anonymous complainant's query_code and phone in the body).  Thin
 * handlers over service/complaints.h.
 */
#include <stdint.h>

#include "api/api.h"
#include "service/complaints.h"
#include "util/gh_err.h"

void api_complaint_create(struct http_req *req)
{
	json_t *body = http_body_object(req), *out, *v;
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	struct complaint_input in = {0};
	int64_t dept = 0, case_id = 0;

	if (!body)
		return;
	if (!api_str(req, body, "channel", false, 20, &in.channel) ||
	    !api_str(req, body, "category", false, 20, &in.category) ||
	    !api_str(req, body, "title", true, 400, &in.title) ||
	    !api_str(req, body, "content", true, 16000, &in.content) ||
	    !api_str(req, body, "contact_name", false, 120, &in.contact_name) ||
	    !api_str(req, body, "contact_phone", false, 40, &in.contact_phone) ||
	    !api_str(req, body, "contact_email", false, 200, &in.contact_email) ||
	    !api_str(req, body, "address", false, 800, &in.address) ||
	    !api_int(req, body, "dept_id", false, 1, INT64_MAX, &dept) ||
	    !api_int(req, body, "case_id", false, 1, INT64_MAX, &case_id))
		goto out;
	v = json_object_get(body, "disclose_identity");
	if (v && !json_is_boolean(v)) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "disclose_identity"), "disclose_identity应为true或false");
		goto out;
	}
	in.disclose_identity = json_is_true(v);
	in.dept_id = dept;
	in.case_id = case_id;
	if (complaint_file(req->st, NULL, req->authed ? &who : &(struct
	    svc_actor){.name = "投诉人", .addr = req->client_addr, .now = req->now,
	    .today = req->today}, &in, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 201, out);
out:
	svc_err_clear(&e);
	json_decref(body);
}

void api_complaint_get(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct complaint_key key = {http_query(req, "query_code"),
		http_query(req, "phone")};
	struct svc_err e = {0};
	json_t *out;
	int64_t id;

	if (!api_param_id(req, 0, &id))
		return;
	if (complaint_get(req->st, &who, &key, id, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
	svc_err_clear(&e);
}

void api_complaint_action(struct http_req *req)
{
	json_t *body = http_body_object(req), *out;
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	struct complaint_key key = {0};
	const char *action;
	int64_t id;

	if (!body)
		return;
	if (!api_param_id(req, 0, &id) ||
	    !api_str(req, body, "action", true, 40, &action) ||
	    !api_str(req, body, "query_code", false, 40, &key.query_code) ||
	    !api_str(req, body, "phone", false, 40, &key.contact_phone))
		goto out;
	if (complaint_act(req->st, &who, &key, id, body, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
out:
	svc_err_clear(&e);
	json_decref(body);
}
