/*
 * open311_xml.c - GeoReport v2 XML written from the JSON answer
 * (open311_xml.h).  A growing buffer; the input is a jansson tree the
 * service built, so its depth is small and fixed by the code.
 */
#include "export/open311_xml.h"

#include <stdio.h>
#include <string.h>

#include "util/utf8.h"
#include "util/xalloc.h"

struct out {
	char *p;
	size_t len, cap;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		while (o->len + n + 1 > o->cap)
			o->cap = o->cap ? o->cap * 2 : 1024;
		o->p = xrealloc(o->p, o->cap);
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* Text escaped for XML; a byte sequence that is not UTF-8 or a character
 * XML 1.0 forbids becomes U+FFFD. */
static void put_text(struct out *o, const char *s, size_t len)
{
	uint32_t cp;

	for (size_t i = 0, j; i < len; i = j) {
		j = utf8_next(s, len, i, &cp);
		if (!j) {
			puts_(o, "\xEF\xBF\xBD");
			j = i + 1;
			continue;
		}
		switch (cp) {
		case '&': puts_(o, "&amp;"); break;
		case '<': puts_(o, "&lt;"); break;
		case '>': puts_(o, "&gt;"); break;
		case '"': puts_(o, "&quot;"); break;
		case '\'': puts_(o, "&apos;"); break;
		default:
			if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
			    cp == 0xFFFE || cp == 0xFFFF)
				puts_(o, "\xEF\xBF\xBD");
			else
				put(o, s + i, j - i);
		}
	}
}

const char *open311_xml_singular(const char *plural)
{
	static const char *const names[][2] = {
		{"services", "service"}, {"attributes", "attribute"},
		{"values", "value"}, {"service_requests", "request"},
		{"errors", "error"}, {"endpoints", "endpoint"},
		{"formats", "format"},
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i][0], plural))
			return names[i][1];
	return "item";
}

static void element(struct out *o, const char *name, const json_t *v);

/* The content of an element holding v (its name is given by the caller). */
static void content(struct out *o, const char *name, const json_t *v)
{
	char num[64];
	const char *key;
	json_t *m;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, key, m)
			element(o, key, m);
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, m)
			element(o, open311_xml_singular(name), m);
		break;
	case JSON_STRING:
		put_text(o, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		puts_(o, num);
		break;
	case JSON_REAL:
		snprintf(num, sizeof num, "%.15g", json_real_value(v));
		puts_(o, num);
		break;
	case JSON_TRUE:
		puts_(o, "true");
		break;
	case JSON_FALSE:
		puts_(o, "false");
		break;
	case JSON_NULL:
		break;
	}
}

static bool empty(const json_t *v)
{
	return json_is_null(v) || (json_is_string(v) && !json_string_length(v)) ||
	    (json_is_array(v) && !json_array_size(v)) ||
	    (json_is_object(v) && !json_object_size(v));
}

/* Element names come from the code (member names of the answers), never
 * from the client, so they are plain ASCII names already. */
static void element(struct out *o, const char *name, const json_t *v)
{
	puts_(o, "<");
	puts_(o, name);
	if (empty(v)) {
		puts_(o, "/>");
		return;
	}
	puts_(o, ">");
	content(o, name, v);
	puts_(o, "</");
	puts_(o, name);
	puts_(o, ">");
}

void open311_xml(const json_t *v, const char *root, char **out, size_t *len)
{
	struct out o = {0};

	puts_(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	element(&o, root, v);
	puts_(&o, "\n");
	*out = o.p;
	*len = o.len;
}
