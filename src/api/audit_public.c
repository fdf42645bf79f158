/*
 * audit_public.c - the audit's public face (issue 8): the signed
 * checkpoints of the audit chain and the public key that verifies them,
 * without login, so that anyone can keep copies and a later truncation or
 * rewrite of the chain contradicts a copy (see docs/security.md "What the
 * audit proves").  Stateless; thread-safe (the keys are read only).
 */
#include <sodium.h>

#include "api/api.h"
#include "http/http.h"
#include "store/audit_keys.h"
#include "store/store.h"
#include "util/gh_err.h"

static json_t *key_json(const struct audit_keys *k)
{
	char pk[65];

	sodium_bin2hex(pk, sizeof pk, k->sign_pk, sizeof k->sign_pk);
	return json_pack("{s:s,s:s,s:I,s:s}", "algorithm", "Ed25519",
	    "public_key", pk, "first_keyed_id", (json_int_t)k->first_keyed_id,
	    "message", "govhall-audit-checkpoint 1|count|last_id|head_mac|at");
}

void api_public_audit_key(struct http_req *req)
{
	const struct audit_keys *k = audit_keys_current();

	if (!k) {
		http_reply_error(req, GH_ENOTFOUND, NULL, "本中心尚未创建审计密钥");
		return;
	}
	http_reply_json(req, 200, key_json(k));
}

void api_public_audit_checkpoints(struct http_req *req)
{
	const struct audit_keys *k = audit_keys_current();
	json_t *rows;

	if (!k) {
		http_reply_error(req, GH_ENOTFOUND, NULL, "本中心尚未创建审计密钥");
		return;
	}
	if (api_ok(req, store_audit_checkpoints_json(req->st, &rows)))
		http_reply_json(req, 200, json_pack("{s:o,s:o}", "key",
		    key_json(k), "checkpoints", rows));
}
