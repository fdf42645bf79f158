/*
 * documents.c - the notices and receipts of a case as PDF:
 *   GET /api/v1/cases/{id}/documents            what was issued, and what
 *                                               applies now
 *   GET /api/v1/cases/{id}/documents/{kind}.pdf the document; the first
 *                                               GET issues it (its number
 *                                               allocated), later GETs are
 *                                               reprints (补打), each one
 *                                               recorded
 * Who may: staff within the case's scope and the applicant for their own
 * case (service/case_view.h's case_scope, through service/documents.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "export/pdf_doc.h"
#include "service/documents.h"

/* The base URL of the public progress page from the request: the Host it
 * was sent to (a reverse proxy passes the client's), https when the
 * request came over TLS (--secure-cookies or a trusted proxy's
 * X-Forwarded-Proto).  A Host with characters a host name cannot hold
 * falls back to "localhost", so that the QR code never carries what a
 * client injected.  The setting public_url, when set, wins
 * (service/documents.c). */
static void request_base(struct http_req *req, char *out, size_t cap)
{
	const char *host = http_header(req, "Host");
	bool ok = host && *host && strlen(host) <= 255;

	for (const char *p = host; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(".-:[]", *p);
	snprintf(out, cap, "%s://%s", http_is_tls(req) ? "https" : "http",
	    ok ? host : "localhost");
}

void api_case_documents(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out;
	int64_t id;

	if (!api_param_id(req, 0, &id))
		return;
	if (documents_list(req->st, &who, id, &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
	svc_err_clear(&e);
}

void api_case_document_pdf(struct http_req *req)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	unsigned char *pdf = NULL;
	char base[300], name[64];
	size_t len = 0;
	int64_t id;

	if (!api_param_id(req, 0, &id))
		return;
	request_base(req, base, sizeof base);
	if (documents_print(req->st, &who, id, req->params[1], base, &pdf, &len,
	    &e)) {
		api_reply_svc_err(req, &e);
		svc_err_clear(&e);
		return;
	}
	snprintf(name, sizeof name, "case-%lld-%s.pdf", (long long)id,
	    req->params[1]);
	http_set_filename(req, name, false);
	http_reply_bytes(req, 200, "application/pdf", pdf, len);
}
