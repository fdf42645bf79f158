/*
 * realname.c - the identity verifiers behind realname.h: a local list
 * (the demo's identities, or a CSV file) and an HTTP identity service.
 */
#include "notify/realname.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "notify/outbox.h"
#include "util/gh_err.h"
#include "util/log.h"

extern const char *const embedded_demo_identities_csv;
extern const unsigned long embedded_demo_identities_csv_len;

#define LIST_FILE_MAX (4u << 20)

static int setting(store *st, const char *key, char *out, size_t cap)
{
	int err = store_setting_get(st, key, out, cap);

	if (err == GH_ENOTFOUND) {
		out[0] = '\0';
		return 0;
	}
	return err;
}

int realname_config_load(store *st, struct realname_config *cfg)
{
	int err;

	memset(cfg, 0, sizeof *cfg);
	if ((err = setting(st, "realname_verifier", cfg->verifier,
	    sizeof cfg->verifier)) || (err = setting(st, "realname_url", cfg->url,
	    sizeof cfg->url)) || (err = setting(st, "realname_token", cfg->token,
	    sizeof cfg->token)) || (err = setting(st, "realname_local_file",
	    cfg->local_file, sizeof cfg->local_file)))
		return err;
	if (!cfg->verifier[0])
		snprintf(cfg->verifier, sizeof cfg->verifier, "local");
	if (strcmp(cfg->verifier, "local") && strcmp(cfg->verifier, "http")) {
		log_error("realname: unknown realname_verifier \"%s\"", cfg->verifier);
		return GH_EINVAL;
	}
	return 0;
}

/* ---- local: a list of name,id_number lines -------------------------------- */

/* Looks name/id_number up in text (len bytes): lines "name,id_number",
 * '#' starts a comment.  ID numbers compare without case (a final x). */
static enum realname_result list_lookup(const char *text, size_t len,
    const char *name, const char *id_number)
{
	size_t nl = strlen(name), il = strlen(id_number);
	bool id_seen = false;
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = eol ? eol : end, *comma;
		size_t ln = (size_t)(line_end - p);

		if (ln && p[ln - 1] == '\r')
			ln--;
		comma = ln && *p != '#' ? memchr(p, ',', ln) : NULL;
		if (comma) {
			size_t a = (size_t)(comma - p), b = ln - a - 1;

			if (b == il && !strncasecmp(comma + 1, id_number, il)) {
				if (a == nl && !memcmp(p, name, nl))
					return REALNAME_MATCH;
				id_seen = true;
			}
		}
		p = eol ? eol + 1 : end;
	}
	return id_seen ? REALNAME_MISMATCH : REALNAME_UNKNOWN;
}

static enum realname_result verify_local(const struct realname_config *cfg,
    const char *name, const char *id_number)
{
	enum realname_result r;
	char *buf;
	size_t n;
	FILE *f;

	if (!cfg->local_file[0])
		return list_lookup(embedded_demo_identities_csv,
		    embedded_demo_identities_csv_len, name, id_number);
	if (!(f = fopen(cfg->local_file, "rb"))) {
		log_error("realname: cannot open realname_local_file %s",
		    cfg->local_file);
		return REALNAME_UNAVAILABLE;
	}
	buf = malloc(LIST_FILE_MAX);
	if (!buf) {
		fclose(f);
		return REALNAME_UNAVAILABLE;
	}
	n = fread(buf, 1, LIST_FILE_MAX, f);
	fclose(f);
	r = list_lookup(buf, n, name, id_number);
	free(buf);
	return r;
}

/* ---- http: an identity service -------------------------------------------- */

static enum realname_result verify_http(const struct realname_config *cfg,
    const char *name, const char *id_number)
{
	enum realname_result res = REALNAME_UNAVAILABLE;
	char errbuf[CURL_ERROR_SIZE], auth[REALNAME_SETTING_MAX + 32];
	struct curl_slist *h = NULL;
	struct outbox_reply r = {.len = 0};
	json_t *j, *match;
	char *payload;
	long status = 0;
	CURL *c;

	if (strncmp(cfg->url, "http://", 7) && strncmp(cfg->url, "https://", 8)) {
		log_error("realname: realname_url must start with http:// or"
		    " https://");
		return REALNAME_UNAVAILABLE;
	}
	if (!outbox_transport_ready())   /* libcurl's one-time set-up */
		return REALNAME_UNAVAILABLE;
	j = json_pack("{s:s,s:s}", "name", name, "id_number", id_number);
	payload = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!payload || !(c = curl_easy_init())) {
		free(payload);
		return REALNAME_UNAVAILABLE;
	}
	h = curl_slist_append(h, "Content-Type: application/json; charset=utf-8");
	h = curl_slist_append(h, "Expect:");
	if (cfg->token[0] && !strpbrk(cfg->token, "\r\n")) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", cfg->token);
		h = curl_slist_append(h, auth);
	}
	errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, cfg->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)REALNAME_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)REALNAME_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, outbox_keep_reply);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	else
		log_warn("realname: identity service unreachable: %s", errbuf);
	if (status == 200) {
		j = json_loadb(r.text, r.len, 0, NULL);
		match = json_object_get(j, "match");
		if (json_is_boolean(match))
			res = json_is_true(match) ? REALNAME_MATCH : REALNAME_MISMATCH;
		else
			log_warn("realname: identity service answered without"
			    " \"match\"");
		json_decref(j);
	} else if (status) {
		log_warn("realname: identity service answered HTTP %ld", status);
	}
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	free(payload);
	return res;
}

enum realname_result realname_verify(const struct realname_config *cfg,
    const char *name, const char *id_number, const char **by)
{
	if (!strcmp(cfg->verifier, "http")) {
		*by = "http";
		return verify_http(cfg, name, id_number);
	}
	*by = "local";
	return verify_local(cfg, name, id_number);
}

const char *realname_result_label(enum realname_result r)
{
	switch (r) {
	case REALNAME_MATCH: return "姓名与证件号码一致";
	case REALNAME_MISMATCH: return "姓名与证件号码不一致";
	case REALNAME_UNKNOWN: return "未能核实该证件号码";
	default: return "实名核验服务暂不可用";
	}
}
