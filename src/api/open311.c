/*
 * open311.c - the Open311 GeoReport v2 endpoints under /open311/ (issue 12
 * section 3) and the administrator's clients under /api/v1/open311/.
 *
 * Each GeoReport resource answers as .json or .xml, the format named by
 * the path; its errors are GeoReport's list of {code, description} in the
 * same format, with the Chinese message as the description.  A POST takes
 * application/x-www-form-urlencoded as the specification says (and
 * multipart/form-data or a JSON object of strings, which clients also
 * send).  Thin handlers over service/open311.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "export/open311_xml.h"
#include "service/open311.h"
#include "util/gh_err.h"

#define FORM_PARTS_MAX 40

enum fmt { FMT_JSON, FMT_XML };

static long gmtoff_at(int64_t now)
{
	time_t t = (time_t)now;
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return 0;
	return tm.tm_gmtoff;
}

static void reply(struct http_req *req, enum fmt f, int status, json_t *v,
    const char *root)
{
	char *xml;
	size_t len;

	if (f == FMT_JSON) {
		http_reply_json(req, status, v);
		return;
	}
	open311_xml(v, root, &xml, &len);
	json_decref(v);
	http_reply_bytes(req, status, "text/xml; charset=utf-8", xml, len);
}

/* GeoReport's error list: [{code, description}] (<errors><error>). */
static void reply_error(struct http_req *req, enum fmt f, int err,
    const char *msg)
{
	const struct gh_err_info *info = gh_err_info(err);

	reply(req, f, info->http_status, json_pack("[{s:i,s:s}]", "code",
	    info->http_status, "description", msg && *msg ? msg : info->message),
	    "errors");
}

static void reply_svc_err(struct http_req *req, enum fmt f, struct svc_err *e)
{
	reply_error(req, f, e->err, e->msg);
	svc_err_clear(e);
}

/* The jurisdiction_id of the query, checked; false when answered. */
static bool jurisdiction_ok(struct http_req *req, enum fmt f,
    const char *jurisdiction_id)
{
	struct svc_err e = {0};

	if (!open311_jurisdiction_check(req->st, jurisdiction_id, &e))
		return true;
	reply_svc_err(req, f, &e);
	return false;
}

/* ---- discovery and services --------------------------------------------- */

static void discovery(struct http_req *req, enum fmt f)
{
	const char *host = http_header(req, "Host");
	char base[300];

	snprintf(base, sizeof base, "%s://%s", http_is_tls(req) ? "https" :
	    "http", host && *host && strlen(host) < 200 ? host : "127.0.0.1");
	reply(req, f, 200, open311_discovery(base, gmtoff_at(req->now)), "discovery");
}

void api_open311_discovery_json(struct http_req *req)
{
	discovery(req, FMT_JSON);
}

void api_open311_discovery_xml(struct http_req *req)
{
	discovery(req, FMT_XML);
}

static void services(struct http_req *req, enum fmt f)
{
	struct svc_err e = {0};
	json_t *out;

	if (!jurisdiction_ok(req, f, http_query(req, "jurisdiction_id")))
		return;
	if (open311_services_json(req->st, &out, &e))
		reply_svc_err(req, f, &e);
	else
		reply(req, f, 200, out, "services");
}

void api_open311_services_json(struct http_req *req)
{
	services(req, FMT_JSON);
}

void api_open311_services_xml(struct http_req *req)
{
	services(req, FMT_XML);
}

static void service(struct http_req *req, enum fmt f)
{
	struct svc_err e = {0};
	json_t *out;

	if (!jurisdiction_ok(req, f, http_query(req, "jurisdiction_id")))
		return;
	if (open311_service_definition(req->st, req->params[0], &out, &e))
		reply_svc_err(req, f, &e);
	else
		reply(req, f, 200, out, "service_definition");
}

void api_open311_service_json(struct http_req *req)
{
	service(req, FMT_JSON);
}

void api_open311_service_xml(struct http_req *req)
{
	service(req, FMT_XML);
}

/* ---- POST requests ------------------------------------------------------- */

/* The arguments of a JSON object body: its string (and number) members;
 * false with *why set for anything else. */
static bool json_args(json_t *body, struct open311_kv *kv, size_t max,
    size_t *n, char *why, size_t cap)
{
	const char *key;
	json_t *v;

	*n = 0;
	json_object_foreach(body, key, v) {
		if (*n == max) {
			snprintf(why, cap, "参数过多(最多%zu个)", max);
			return false;
		}
		if (!json_is_string(v)) {
			snprintf(why, cap, "参数%.60s应为字符串", key);
			return false;
		}
		kv[(*n)++] = (struct open311_kv){key, json_string_value(v)};
	}
	return true;
}

static void post_request(struct http_req *req, enum fmt f)
{
	struct http_part parts[FORM_PARTS_MAX];
	struct open311_kv kv[FORM_PARTS_MAX + 1];
	struct open311_post p;
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *ct = http_header(req, "Content-Type");
	json_t *body = NULL, *out;
	json_error_t jerr;
	char why[300], field[64];
	size_t n = 0, n_parts = 0;
	int err;

	if (ct && !strncasecmp(ct, "application/json", 16)) {
		body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES,
		    &jerr);
		if (!body || !json_is_object(body)) {
			reply_error(req, f, GH_EINVAL, "请求体不是JSON对象");
			goto out;
		}
		if (!json_args(body, kv, FORM_PARTS_MAX, &n, why, sizeof why)) {
			reply_error(req, f, GH_EINVAL, why);
			goto out;
		}
	} else {
		err = http_form(req, parts, FORM_PARTS_MAX, &n_parts);
		if (err == GH_EMEDIA) {
			reply_error(req, f, GH_EMEDIA, "请以application/x-www-form-"
			    "urlencoded提交诉求");
			goto out;
		}
		if (err) {
			reply_error(req, f, GH_EINVAL, "表单格式错误、参数重复或过多");
			goto out;
		}
		for (size_t i = 0; i < n_parts; i++) {
			if (parts[i].filename[0] || strlen(parts[i].data ?
			    parts[i].data : "") != parts[i].len) {
				reply_error(req, f, GH_EINVAL, "参数不能是文件或含有NUL字节");
				goto out;
			}
			kv[n++] = (struct open311_kv){parts[i].name, parts[i].data ?
			    parts[i].data : ""};
		}
	}
	/* the key may also come in the query string, as some clients send it */
	if (http_query(req, "api_key")) {
		bool in_body = false;

		for (size_t i = 0; i < n; i++)
			in_body |= !strcmp(kv[i].name, "api_key");
		if (!in_body)
			kv[n++] = (struct open311_kv){"api_key",
			    http_query(req, "api_key")};
	}
	if (open311_post_parse(kv, n, &p, why, sizeof why, field, sizeof field)) {
		reply_error(req, f, GH_EINVAL, why);
		goto out;
	}
	if (!jurisdiction_ok(req, f, p.jurisdiction_id))
		goto out;
	if (open311_request_file(req->st, &who, &p, &out, &e))
		reply_svc_err(req, f, &e);
	else
		reply(req, f, 201, out, "service_requests");
out:
	http_parts_free(parts, n_parts);
	json_decref(body);
}

void api_open311_post_json(struct http_req *req)
{
	post_request(req, FMT_JSON);
}

void api_open311_post_xml(struct http_req *req)
{
	post_request(req, FMT_XML);
}

/* ---- GET requests -------------------------------------------------------- */

static void requests(struct http_req *req, enum fmt f, bool one)
{
	struct open311_query q = {
		.api_key = http_query(req, "api_key"),
		.service_request_id = one ? req->params[0] :
		    http_query(req, "service_request_id"),
		.service_code = one ? NULL : http_query(req, "service_code"),
		.start_date = one ? NULL : http_query(req, "start_date"),
		.end_date = one ? NULL : http_query(req, "end_date"),
		.status = one ? NULL : http_query(req, "status"),
	};
	struct svc_err e = {0};
	json_t *out;

	if (!jurisdiction_ok(req, f, http_query(req, "jurisdiction_id")))
		return;
	if (open311_requests_json(req->st, &q, req->now, gmtoff_at(req->now),
	    one, &out, &e))
		reply_svc_err(req, f, &e);
	else
		reply(req, f, 200, out, "service_requests");
}

void api_open311_requests_json(struct http_req *req)
{
	requests(req, FMT_JSON, false);
}

void api_open311_requests_xml(struct http_req *req)
{
	requests(req, FMT_XML, false);
}

void api_open311_request_json(struct http_req *req)
{
	requests(req, FMT_JSON, true);
}

void api_open311_request_xml(struct http_req *req)
{
	requests(req, FMT_XML, true);
}

/* ---- clients (administrators, /api/v1/open311/clients) ------------------- */

void api_open311_clients_list(struct http_req *req)
{
	struct svc_err e = {0};
	json_t *out;

	if (open311_clients_list(req->st, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
	svc_err_clear(&e);
}

/* POST {name, contact} */
void api_open311_client_create(struct http_req *req)
{
	json_t *body = http_body_object(req), *out;
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *name, *contact;

	if (!body)
		return;
	if (!api_str(req, body, "name", true, 240, &name) ||
	    !api_str(req, body, "contact", false, 400, &contact))
		goto out;
	if (open311_client_create(req->st, &who, name, contact, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 201, out);
out:
	svc_err_clear(&e);
	json_decref(body);
}

/* DELETE /api/v1/open311/clients/{id}: revokes its key */
void api_open311_client_revoke(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out;
	int64_t id;

	if (!api_param_id(req, 0, &id))
		return;
	if (open311_client_revoke(req->st, &who, id, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
	svc_err_clear(&e);
}
