/*
 * accounts.c - applicant accounts over HTTP: SMS codes, registration,
 * password reset, real name and 经办人.  Thin handlers over
 * service/accounts.h; the writes of nobody logged in (code, register,
 * reset) take JSON from this site only, like a login.
 */
#include <string.h>

#include "api/api.h"
#include "domain/role.h"
#include "service/accounts.h"
#include "util/gh_err.h"

/* POST /accounts/sms-code {phone, purpose?} */
void api_account_sms_code(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *phone, *purpose;
	json_t *body;

	if (!api_anonymous_write_ok(req) || !(body = http_body_object(req)))
		return;
	if (api_str(req, body, "phone", true, 20, &phone) &&
	    api_str(req, body, "purpose", false, 16, &purpose)) {
		if (accounts_send_code(req->st, &who, phone, purpose ? purpose :
		    "register", &e))
			api_reply_svc_err(req, &e);
		else
			http_reply_json(req, 200, json_pack("{s:b,s:i,s:i}", "sent", 1,
			    "expires_in", ACCOUNTS_CODE_TTL_S, "retry_after",
			    ACCOUNTS_CODE_GAP_S));
	}
	svc_err_clear(&e);
	json_decref(body);
}

/* POST /accounts {kind, name, id_number | company_name, credit_code,
 * legal_person, phone, password, sms_code} */
void api_account_create(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct account_reg r = {0};
	struct svc_err e = {0};
	json_t *body, *out;
	bool company;

	if (!api_anonymous_write_ok(req) || !(body = http_body_object(req)))
		return;
	if (!api_str(req, body, "kind", true, 16, &r.kind))
		goto out;
	company = !strcmp(r.kind, "company");
	if (!api_str(req, body, "name", !company, 90, &r.name) ||
	    !api_str(req, body, "id_number", !company, 40, &r.id_number) ||
	    !api_str(req, body, "company_name", company, 180, &r.company_name) ||
	    !api_str(req, body, "credit_code", company, 40, &r.credit_code) ||
	    !api_str(req, body, "legal_person", company, 90, &r.legal_person) ||
	    !api_str(req, body, "phone", true, 20, &r.phone) ||
	    !api_str(req, body, "password", true, 256, &r.password) ||
	    !api_str(req, body, "sms_code", true, 16, &r.sms_code))
		goto out;
	if (accounts_register(req->st, &who, &r, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 201, out);
out:
	svc_err_clear(&e);
	json_decref(body);
}

/* POST /accounts/password-reset {phone, sms_code, password, login?} */
void api_account_password_reset(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	const char *phone, *code, *password, *login;
	struct svc_err e = {0};
	json_t *body;

	if (!api_anonymous_write_ok(req) || !(body = http_body_object(req)))
		return;
	if (api_str(req, body, "phone", true, 20, &phone) &&
	    api_str(req, body, "sms_code", true, 16, &code) &&
	    api_str(req, body, "password", true, 256, &password) &&
	    api_str(req, body, "login", false, 40, &login)) {
		if (accounts_reset_password(req->st, &who, phone, login, code,
		    password, &e))
			api_reply_svc_err(req, &e);
		else
			http_reply_json(req, 200, json_pack("{s:b}", "ok", 1));
	}
	svc_err_clear(&e);
	json_decref(body);
}

/* POST /me/realname: asks the identity verifier again. */
void api_me_realname(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out;

	if (accounts_realname(req->st, &who, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
	svc_err_clear(&e);
}

/* POST /accounts/{id}/realname {reason}: a clerk saw the document. */
void api_account_realname(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *reason;
	json_t *body, *out;
	int64_t id;

	if (!api_param_id(req, 0, &id) || !(body = http_body_object(req)))
		return;
	if (api_str(req, body, "reason", true, 300, &reason)) {
		if (accounts_realname_by_staff(req->st, &who, id, reason, &out, &e))
			api_reply_svc_err(req, &e);
		else
			http_reply_json(req, 200, out);
	}
	svc_err_clear(&e);
	json_decref(body);
}

/* GET /me/agents: a company account's 经办人. */
void api_me_agents(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out;

	if (accounts_agents(req->st, &who, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, json_pack("{s:o}", "data", out));
	svc_err_clear(&e);
}

/* POST /me/agents {name, id_number} */
void api_me_agent_add(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	const char *name, *id_number;
	json_t *body, *out;

	if (!(body = http_body_object(req)))
		return;
	if (api_str(req, body, "name", true, 90, &name) &&
	    api_str(req, body, "id_number", true, 40, &id_number)) {
		if (accounts_agent_add(req->st, &who, id_number, name, &out, &e))
			api_reply_svc_err(req, &e);
		else
			http_reply_json(req, 201, json_pack("{s:o}", "data", out));
	}
	svc_err_clear(&e);
	json_decref(body);
}

/* DELETE /me/agents/{id} */
void api_me_agent_remove(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	int64_t id;

	if (!api_param_id(req, 0, &id))
		return;
	if (accounts_agent_remove(req->st, &who, id, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, json_pack("{s:b}", "ok", 1));
	svc_err_clear(&e);
}

/* GET /me/companies: the companies a person acts for. */
void api_me_companies(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out;

	if (accounts_companies(req->st, &who, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, json_pack("{s:o}", "data", out));
	svc_err_clear(&e);
}
