/*
 * fuzz_open311.c - libFuzzer target for the checks of an Open311 request
 * (open311_post_parse, open311_time_parse, domain/open311.c) and the XML
 * writer (export/open311_xml.c).
 *
 * The input is split at '&' into arguments and each at its first '=' into
 * name and value, as a form body is.  Checks on every input: a refusal
 * names a field and a UTF-8 reason; an accepted request has a known
 * service and a description; the XML of every value is well-formed text
 * (valid UTF-8, no raw '<' inside an element).  Seeds:
 * tests/fuzz/corpus-fuzz_open311/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain/open311.h"
#include "export/open311_xml.h"
#include "util/utf8.h"

#define ARGS_MAX 40

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *p, *xml;
	struct open311_kv kv[ARGS_MAX];
	struct open311_post post;
	char why[300], field[64];
	size_t n = 0, len;
	int64_t t;
	json_t *v;

	memcpy(buf, data, size);
	buf[size] = '\0';
	(void)open311_time_parse(buf, 28800, &t);
	p = buf;
	while (p && n < ARGS_MAX) {
		char *amp = strchr(p, '&'), *eq;

		if (amp)
			*amp = '\0';
		eq = strchr(p, '=');
		if (eq) {
			*eq = '\0';
			kv[n++] = (struct open311_kv){p, eq + 1};
		}
		p = amp ? amp + 1 : NULL;
	}
	if (open311_post_parse(kv, n, &post, why, sizeof why, field,
	    sizeof field)) {
		check(field[0] && utf8_valid(why, strlen(why)));
	} else {
		check(open311_service_find(post.service_code) != NULL);
		check(post.description && *post.description);
		check(post.phone || post.email);
	}
	v = json_pack("[{s:o}]", "description", json_stringn_nocheck(
	    (const char *)data, size));
	open311_xml(v, "service_requests", &xml, &len);
	check(utf8_valid(xml, len) && strlen(xml) == len);
	{
		/* the text between the tags holds no markup of its own */
		const char *open_tag = strstr(xml, "<description>");
		const char *close_tag = strstr(xml, "</description>");

		if (open_tag) {
			check(close_tag != NULL);
			for (const char *c = open_tag + 13; c < close_tag; c++)
				check(*c != '<' && *c != '>');
		} else {
			check(size == 0 && strstr(xml, "<description/>") != NULL);
		}
	}
	free(xml);
	json_decref(v);
	free(buf);
	return 0;
}
