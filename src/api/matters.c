/*
 * matters.c - joint matters (并联审批 主题事项, issue 11 section 1):
 *   GET /api/v1/matters            the list (anyone)
 *   GET /api/v1/matters/{code}     one, in full (anyone)
 *   PUT /api/v1/matters/{code}     the administrator's write
 *   GET /api/v1/stats/joint        working days used against the sum of
 *                                  the items' own limits, per matter
 * Handlers parse, call service/joint and answer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/day.h"
#include "domain/matter.h"
#include "domain/role.h"
#include "service/joint.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

void api_matters_list(struct http_req *req)
{
	struct svc_err e = {0};
	const char *r = http_query(req, "retired");
	json_t *out;

	if (joint_matters_json(req->st, r && !strcmp(r, "true") &&
	    req->user.role == ROLE_ADMIN, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
	svc_err_clear(&e);
}

void api_matter_get(struct http_req *req)
{
	struct svc_err e = {0};
	json_t *out;

	if (joint_matter_json(req->st, req->params[0], &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
	svc_err_clear(&e);
}

/* A list of strings at key, each 1..max bytes; NULL *out when absent. */
static bool str_list(struct http_req *req, json_t *body, const char *key,
    size_t max, char ***out, size_t *n)
{
	json_t *v = json_object_get(body, key), *x;
	char f[48];
	size_t i;

	*out = NULL;
	*n = 0;
	if (!v)
		return true;
	if (!json_is_array(v) || json_array_size(v) > MATTER_MAX_ITEMS) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    key), "%s应为不超过%d项的数组", key, MATTER_MAX_ITEMS);
		return false;
	}
	*out = xcalloc(json_array_size(v) + 1, sizeof **out);
	json_array_foreach(v, i, x) {
		snprintf(f, sizeof f, "%s[%zu]", key, i);
		if (!json_is_string(x) || !json_string_length(x) ||
		    json_string_length(x) > max ||
		    strlen(json_string_value(x)) != json_string_length(x)) {
			http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", f), "%s应为非空字符串", f);
			return false;
		}
		(*out)[(*n)++] = xstrdup(json_string_value(x));
	}
	return true;
}

static bool read_prereqs(struct http_req *req, json_t *body,
    struct matter *m)
{
	json_t *v = json_object_get(body, "prerequisites"), *x;
	size_t i;

	if (!v)
		return true;
	if (!json_is_array(v) || json_array_size(v) > 100) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "prerequisites"), "prerequisites应为不超过100项的数组");
		return false;
	}
	m->prereqs = xcalloc(json_array_size(v) + 1, sizeof *m->prereqs);
	json_array_foreach(v, i, x) {
		const char *a = NULL, *b = NULL, *basis = NULL;

		if (!json_is_object(x)) {
			http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "prerequisites"), "前置关系应为对象{item_code,"
			    "requires_code,basis}");
			return false;
		}
		if (!api_str(req, x, "item_code", true, 24, &a) ||
		    !api_str(req, x, "requires_code", true, 24, &b) ||
		    !api_str(req, x, "basis", false, 500, &basis))
			return false;
		m->prereqs[m->n_prereqs].item_code = xstrdup(a);
		m->prereqs[m->n_prereqs].requires_code = xstrdup(b);
		m->prereqs[m->n_prereqs].basis = xstrdup(basis ? basis : "");
		m->n_prereqs++;
	}
	return true;
}

void api_matter_put(struct http_req *req)
{
	json_t *body = http_body_object(req), *out, *v;
	struct svc_err e = {0};
	struct svc_actor who = api_actor(req);
	struct matter m = {0};
	const char *name = NULL, *lead = NULL, *desc = NULL;
	int64_t promised = 0, legal = 0;

	if (!body)
		return;
	if (!api_str(req, body, "name", true, 600, &name) ||
	    !api_str(req, body, "lead_dept_code", true, 40, &lead) ||
	    !api_str(req, body, "description", false, 2000, &desc) ||
	    !api_int(req, body, "promised_limit_days", true, 1, 365, &promised) ||
	    !api_int(req, body, "legal_limit_days", true, 1, 365, &legal) ||
	    !str_list(req, body, "item_codes", 24, &m.item_codes, &m.n_items) ||
	    !read_prereqs(req, body, &m))
		goto out;
	m.code = xstrdup(req->params[0]);
	m.name = xstrdup(name);
	m.lead_dept_code = xstrdup(lead);
	m.description = xstrdup(desc ? desc : "");
	m.promised_limit_days = (int)promised;
	m.legal_limit_days = (int)legal;
	m.deemed_consent = true;
	if ((v = json_object_get(body, "deemed_consent")) && !json_is_boolean(v)) {
		http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field",
		    "deemed_consent"), "deemed_consent应为布尔值");
		goto out;
	}
	if (v)
		m.deemed_consent = json_is_true(v);
	if ((v = json_object_get(body, "retired")) && !json_is_boolean(v)) {
		http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field",
		    "retired"), "retired应为布尔值");
		goto out;
	}
	m.retired = v && json_is_true(v);
	if (joint_matter_put(req->st, &who, &m, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
out:
	svc_err_clear(&e);
	matter_clear(&m);
	json_decref(body);
}

void api_stats_joint(struct http_req *req)
{
	struct svc_err e = {0};
	int32_t from, to;
	json_t *out;

	if (!api_period(req, req->today - 365, &from, &to))
		return;
	if (joint_stats_json(req->st, from, to, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, json_pack("{s:o}", "data", out));
	svc_err_clear(&e);
}
