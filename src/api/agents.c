/*
 * agents.c - 全程代办 (issue 11 section 4): the agents a case may be given
 * (GET /agents), assigning and ending a case's agent (POST and DELETE
 * /cases/{id}/agent) and the agents' statistics (GET /stats/agents).  Thin
 * handlers over service/agents.h, which holds the rules' calls, the
 * scope and the transactions.
 */
#include <stdint.h>

#include "api/api.h"
#include "domain/day.h"
#include "service/agents.h"
#include "util/gh_err.h"

/* bytes: 500 characters of Chinese; domain/agent counts the characters */
#define AUTH_MAX_BYTES 2000

void api_agents_list(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out;

	if (agents_list(req->st, &who, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
	svc_err_clear(&e);
}

/* POST /cases/{id}/agent {agent_id, authorisation} */
void api_case_agent_assign(struct http_req *req)
{
	json_t *body = http_body_object(req), *view;
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *auth;
	int64_t id, agent_id;

	if (!body)
		return;
	if (!api_param_id(req, 0, &id) ||
	    !api_int(req, body, "agent_id", true, 1, INT64_MAX, &agent_id) ||
	    !api_str(req, body, "authorisation", false, AUTH_MAX_BYTES, &auth))
		goto out;
	if (case_agent_assign(req->st, &who, id, agent_id, auth, &view, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, view);
out:
	svc_err_clear(&e);
	json_decref(body);
}

/* DELETE /cases/{id}/agent */
void api_case_agent_end(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *view;
	int64_t id;

	if (!api_param_id(req, 0, &id))
		return;
	if (case_agent_end(req->st, &who, id, &view, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, view);
	svc_err_clear(&e);
}

/* GET /stats/agents?from=&to= (the last year by default) */
void api_stats_agents(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	int32_t from, to;
	char a[11], b[11];
	json_t *out;

	if (!api_period(req, req->today - 365, &from, &to))
		return;
	day_format_iso(from, a);
	day_format_iso(to, b);
	if (agents_stats_json(req->st, &who, from, to, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, json_pack("{s:s,s:s,s:o}", "from", a,
		    "to", b, "data", out));
	svc_err_clear(&e);
}
