/*
 * meta.c - the service's own description: health and the OpenAPI document
 * (docs/openapi.yaml, embedded in the binary at build time).
 */
#include <string.h>

#include "api/api.h"

extern const char *const embedded_openapi_yaml;
extern const unsigned long embedded_openapi_yaml_len;

void api_openapi(struct http_req *req)
{
	http_reply_text(req, 200, "application/yaml; charset=utf-8",
	    embedded_openapi_yaml, embedded_openapi_yaml_len);
}

void api_health(struct http_req *req)
{
	int version = 0;

	store_schema_version(req->st, &version);
	/* today: the business day the server runs on (serve --today) */
	http_reply_json(req, 200, json_pack("{s:s,s:s,s:i,s:o}", "status", "ok",
	    "version", GH_VERSION, "schema", version, "today",
	    json_day(req->today)));
}
