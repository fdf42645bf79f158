/*
 * settings.c - the centre's settings over HTTP; thin handlers over
 * service/settings_admin.h.
 */
#include "api/api.h"
#include "service/settings_admin.h"

/* GET /settings */
void api_settings_get(struct http_req *req)
{
	struct svc_err e = {0};
	json_t *out;

	if (settings_list(req->st, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, json_pack("{s:o}", "data", out));
	svc_err_clear(&e);
}

/* PUT /settings {settings: {key: value, ...}} */
void api_settings_put(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *body = http_body_object(req), *out;

	if (!body)
		return;
	if (settings_update(req->st, &who, json_object_get(body, "settings"),
	    &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, json_pack("{s:o}", "data", out));
	svc_err_clear(&e);
	json_decref(body);
}
