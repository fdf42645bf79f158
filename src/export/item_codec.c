/*
 * item_codec.c - the catalogue's JSON and CSV formats, both ways
 * (item_codec.h).
 *
 * Owns nothing between calls.  Invariants: a parser writes *out and *n only
 * when the whole file is free of errors; every message it appends quotes
 * user text only after checking it is valid UTF-8 and clips it short; every
 * item it returns has passed item_validate, so every returned item also
 * survives items_format_* followed by items_parse_* unchanged.
 * Thread-safety: no globals; reentrant (jansson is reentrant per object).
 */
#include "export/item_codec.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/day.h"
#include "domain/role.h"
#include "util/csv.h"
#include "util/gh_err.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* ---- small helpers shared by both formats ---- */

#define QUOTE_MAX 40 /* bytes of user text quoted in a message */

/* A short, printable rendering of user text for a message: valid UTF-8,
 * at most QUOTE_MAX bytes plus an ellipsis. */
static const char *quote_text(char *out, size_t cap, const char *s, size_t len)
{
	size_t n = len;

	if (!utf8_valid(s, len)) {
		snprintf(out, cap, "(非法编码)");
		return out;
	}
	if (n > QUOTE_MAX) {
		n = QUOTE_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	snprintf(out, cap, "%.*s%s", (int)n, s, n < len ? "…" : "");
	return out;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f';
}

/* Trims whitespace around s in place; returns the new start. */
static char *trim(char *s)
{
	size_t n;

	while (is_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		s[--n] = '\0';
	return s;
}

static bool parse_int(const char *s, int *out)
{
	char *end;
	long v;

	if (*s == '\0')
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno == ERANGE || v < INT_MIN ||
	    v > INT_MAX)
		return false;
	*out = (int)v;
	return true;
}

/* "10", "10.5", "10.50", "-3" yuan -> fen, without floating point.  At
 * most 12 integer digits, so the result always fits. */
static bool parse_yuan(const char *s, int64_t *fen)
{
	bool neg = false;
	int64_t whole = 0, frac = 0;
	int digits = 0, fdigits = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 12)
			return false;
		whole = whole * 10 + (*s - '0');
	}
	if (digits == 0)
		return false;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++) {
			if (++fdigits > 2)
				return false;
			frac = frac * 10 + (*s - '0');
		}
		if (fdigits == 0)
			return false;
		if (fdigits == 1)
			frac *= 10;
	}
	if (*s != '\0')
		return false;
	*fen = whole * 100 + frac;
	if (neg)
		*fen = -*fen;
	return true;
}

/* fen -> "10.00"; out has room for any int64_t. */
static void format_yuan(char *out, size_t cap, int64_t fen)
{
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;

	snprintf(out, cap, "%s%" PRIu64 ".%02" PRIu64, fen < 0 ? "-" : "",
	    a / 100, a % 100);
}

/* 是/否/true/false/1/0 (true and false in any case). */
static int parse_bool(const char *s)
{
	if (strcmp(s, "是") == 0 || strcmp(s, "1") == 0 ||
	    strcasecmp(s, "true") == 0)
		return 1;
	if (strcmp(s, "否") == 0 || strcmp(s, "0") == 0 ||
	    strcasecmp(s, "false") == 0)
		return 0;
	return -1;
}

/* A role by API name or Chinese label; 0 when unknown. */
static int parse_role(const char *s)
{
	int r = role_from_name(s);

	if (r)
		return r;
	for (int bit = 1; bit <= ROLE_SYSTEM; bit <<= 1) {
		const char *label = role_label(bit);

		if (label && strcmp(label, s) == 0)
			return bit;
	}
	return 0;
}

/* 主件 -> 1, 辅件 -> 0, else -1. */
static int parse_kind(const char *s)
{
	if (strcmp(s, "主件") == 0 || strcmp(s, "main") == 0)
		return 1;
	if (strcmp(s, "辅件") == 0 || strcmp(s, "aux") == 0)
		return 0;
	return -1;
}

static void item_defaults(struct item *it)
{
	memset(it, 0, sizeof(*it));
	it->code = xstrdup("");
	it->name = xstrdup("");
	it->dept_code = xstrdup("");
	it->basis = xstrdup("");
	it->conditions = xstrdup("");
	it->result_name = xstrdup("");
	it->complaint_channel = xstrdup("");
	it->consult_phone = xstrdup("");
	it->online_depth = 1;
	it->visits = 1;
	it->warn_days = -1;
}

static void set_str(char **dst, const char *s, size_t len)
{
	free(*dst);
	*dst = xstrndup(s, len);
}

/* Codes seen so far in one file, for the duplicate check: open addressing
 * over pointers to the items' own code strings. */
struct code_set {
	const char **codes;
	int *lines;
	size_t cap, n;
};

static size_t hash_str(const char *s)
{
	size_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/* Returns the line of an earlier record with the same code, or 0 after
 * remembering this one.  code must outlive the set. */
static int code_set_check(struct code_set *cs, const char *code, int line)
{
	size_t i;

	if ((cs->n + 1) * 2 > cs->cap) {
		struct code_set big = {0};

		big.cap = cs->cap ? cs->cap * 2 : 64;
		big.codes = xcalloc(big.cap, sizeof(*big.codes));
		big.lines = xcalloc(big.cap, sizeof(*big.lines));
		for (size_t j = 0; j < cs->cap; j++)
			if (cs->codes[j])
				code_set_check(&big, cs->codes[j], cs->lines[j]);
		free(cs->codes);
		free(cs->lines);
		*cs = big;
	}
	for (i = hash_str(code) & (cs->cap - 1); cs->codes[i];
	    i = (i + 1) & (cs->cap - 1))
		if (strcmp(cs->codes[i], code) == 0)
			return cs->lines[i];
	cs->codes[i] = code;
	cs->lines[i] = line;
	cs->n++;
	return 0;
}

static void code_set_free(struct code_set *cs)
{
	free(cs->codes);
	free(cs->lines);
	memset(cs, 0, sizeof(*cs));
}

/* Whether code is worth a duplicate check (and safe to quote): only codes
 * item_validate accepts. */
static bool code_checkable(const char *code)
{
	size_t n = strlen(code);

	if (n == 0 || n > 24)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = code[i];

		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		    (c >= 'a' && c <= 'z') || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* The items of one file being parsed. */
struct batch {
	struct item *items;
	size_t n, cap;
	struct code_set codes;
	int bad;            /* errors found, whether or not errs kept them */
	const char *unit;   /* "行" (CSV) or "条" (JSON), for messages */
};

static struct item *batch_push(struct batch *b)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->items = xrealloc(b->items, b->cap * sizeof(*b->items));
	}
	item_defaults(&b->items[b->n]);
	return &b->items[b->n++];
}

/* Validates the last pushed item (unless its cells did not parse) and
 * checks its code against the earlier ones. */
static void batch_check(struct batch *b, int line, bool parsed,
    struct item_errors *errs)
{
	struct item *it = &b->items[b->n - 1];
	int first;

	if (parsed)
		b->bad += item_validate(it, line, errs);
	if (!code_checkable(it->code))
		return;
	first = code_set_check(&b->codes, it->code, line);
	if (first) {
		item_errors_add(errs, line, "code", "事项编码“%s”重复(与第%d%s"
		    "相同)", it->code, first, b->unit);
		b->bad++;
	}
}

/* Hands the items over when the file had no error; frees them otherwise. */
static int batch_finish(struct batch *b, struct item **out, size_t *n,
    struct item_errors *errs)
{
	int rc = GH_EUNPROCESSABLE;

	code_set_free(&b->codes);
	if (b->bad == 0 && b->n == 0) {
		item_errors_add(errs, 0, "", "文件中没有事项");
		b->bad++;
	}
	if (b->bad) {
		items_free(b->items, b->n);
		goto out;
	}
	*out = b->items;
	*n = b->n;
	rc = 0;
out:
	b->items = NULL;
	b->n = b->cap = 0;
	return rc;
}

void items_free(struct item *items, size_t n)
{
	if (!items)
		return;
	for (size_t i = 0; i < n; i++)
		item_clear(&items[i]);
	free(items);
}

/* ---- JSON ---- */

static json_t *jstr(const char *s)
{
	json_t *j = json_string(s ? s : "");

	/* json_string refuses invalid UTF-8; such an item never passed
	 * validation, and null says so rather than dropping the key. */
	return j ? j : json_null();
}

static json_t *jname(const char *s)
{
	return s ? json_string(s) : json_null();
}

static void jset(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v);
}

json_t *item_to_json(const struct item *it)
{
	json_t *o = json_object();
	json_t *a;
	char yuan[32];

	jset(o, "code", jstr(it->code));
	jset(o, "name", jstr(it->name));
	jset(o, "type", jname(item_type_name(it->type)));
	jset(o, "type_label", jname(item_type_label(it->type)));
	jset(o, "dept_code", jstr(it->dept_code));
	jset(o, "level", jname(item_level_name(it->level)));
	jset(o, "level_label", jname(item_level_label(it->level)));
	jset(o, "basis", jstr(it->basis));
	jset(o, "conditions", jstr(it->conditions));
	a = json_array();
	for (size_t i = 0; it->materials && i < it->n_materials; i++) {
		const struct item_material *m = &it->materials[i];
		json_t *e = json_object();

		jset(e, "name", jstr(m->name));
		jset(e, "main", json_boolean(m->main));
		jset(e, "required", json_boolean(m->required));
		jset(e, "form", jname(material_form_name(m->form)));
		jset(e, "form_label", jname(material_form_label(m->form)));
		jset(e, "copies", json_integer(m->copies));
		jset(e, "template_name", jstr(m->template_name));
		jset(e, "note", jstr(m->note));
		jset(e, "deferrable", json_boolean(m->deferrable));
		jset(e, "pledgeable", json_boolean(m->pledgeable));
		json_array_append_new(a, e);
	}
	jset(o, "materials", a);
	a = json_array();
	for (size_t i = 0; it->steps && i < it->n_steps; i++) {
		const struct item_step *s = &it->steps[i];
		json_t *e = json_object();

		jset(e, "name", jstr(s->name));
		jset(e, "role", jname(role_name(s->role)));
		jset(e, "role_label", jname(role_label(s->role)));
		jset(e, "limit_days", json_integer(s->limit_days));
		json_array_append_new(a, e);
	}
	jset(o, "steps", a);
	jset(o, "legal_limit_days", json_integer(it->legal_limit_days));
	jset(o, "promised_limit_days", json_integer(it->promised_limit_days));
	jset(o, "instant", json_boolean(it->instant));
	a = json_array();
	for (size_t i = 0; it->fees && i < it->n_fees; i++) {
		const struct item_fee *f = &it->fees[i];
		json_t *e = json_object();

		format_yuan(yuan, sizeof(yuan), f->amount_fen);
		jset(e, "name", jstr(f->name));
		jset(e, "amount_fen", json_integer(f->amount_fen));
		jset(e, "amount_yuan", json_string(yuan));
		jset(e, "basis", jstr(f->basis));
		json_array_append_new(a, e);
	}
	jset(o, "fees", a);
	jset(o, "result_name", jstr(it->result_name));
	jset(o, "in_hall", json_boolean(it->in_hall));
	jset(o, "online_depth", json_integer(it->online_depth));
	jset(o, "visits", json_integer(it->visits));
	jset(o, "complaint_channel", jstr(it->complaint_channel));
	jset(o, "consult_phone", jstr(it->consult_phone));
	jset(o, "warn_days", json_integer(it->warn_days));
	jset(o, "retired", json_boolean(it->retired));
	a = json_array();
	for (size_t i = 0; it->keywords && i < it->n_keywords; i++)
		json_array_append_new(a, jstr(it->keywords[i]));
	jset(o, "keywords", a);
	jset(o, "form", form_to_json(&it->form));
	jset(o, "defer_allowed", json_boolean(it->defer_allowed));
	jset(o, "withhold_result", json_boolean(it->withhold_result));
	jset(o, "pledge_allowed", json_boolean(it->pledge_allowed));
	jset(o, "high_risk", json_boolean(it->high_risk));
	return o;
}

/* compact (the CSV cell) leaves out what the reader derives or defaults:
 * type_label and an empty help. */
static json_t *form_json(const struct form *f, bool compact)
{
	json_t *secs = json_array();

	for (size_t si = 0; si < f->n_sections; si++) {
		const struct form_section *sec = &f->sections[si];
		json_t *so = json_object(), *fa = json_array();

		jset(so, "title", jstr(sec->title));
		for (size_t i = 0; i < sec->n_fields; i++) {
			const struct form_field *d = &sec->fields[i];
			json_t *e = json_object();

			jset(e, "key", jstr(d->key));
			jset(e, "label", jstr(d->label));
			jset(e, "type", jname(form_type_name(d->type)));
			if (!compact)
				jset(e, "type_label", jname(form_type_label(d->type)));
			jset(e, "required", json_boolean(d->required));
			if (d->type == FT_NUMBER)
				jset(e, "unit", jstr(d->unit));
			if (d->type == FT_CHOICE) {
				json_t *oa = json_array();

				for (size_t k = 0; k < d->n_options; k++)
					json_array_append_new(oa, jstr(d->options[k]));
				jset(e, "options", oa);
			}
			for (int m = 0; m < 2; m++) {
				bool has = m ? d->has_max : d->has_min;
				int64_t x = m ? d->max : d->min;
				char iso[11];

				if (!has)
					continue;
				if (d->type == FT_DATE) {
					day_format_iso((int32_t)x, iso);
					jset(e, m ? "max" : "min", json_string(iso));
				} else {
					jset(e, m ? "max" : "min", json_integer(x));
				}
			}
			if (d->max_len)
				jset(e, "max_len", json_integer(d->max_len));
			if (!compact || (d->help && *d->help))
				jset(e, "help", jstr(d->help));
			json_array_append_new(fa, e);
		}
		jset(so, "fields", fa);
		json_array_append_new(secs, so);
	}
	return json_pack("{s:o}", "sections", secs);
}

json_t *form_to_json(const struct form *f)
{
	return form_json(f, false);
}

/* Reading one JSON object: the record's line, where errors go, and how
 * many were found. */
struct jctx {
	int line;
	struct item_errors *errs;
	int bad;
};

static void jerr(struct jctx *c, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void jerr(struct jctx *c, const char *field, const char *fmt, ...)
{
	char msg[sizeof(((struct item_error *)0)->message)];
	va_list ap;
	int rc;

	c->bad++;
	va_start(ap, fmt);
	rc = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (rc < 0)
		msg[0] = '\0';
	item_errors_add(c->errs, c->line, field, "%s", msg);
}

static void get_str(struct jctx *c, const json_t *v, const char *field,
    char **dst)
{
	if (!json_is_string(v)) {
		jerr(c, field, "应为字符串");
		return;
	}
	set_str(dst, json_string_value(v), json_string_length(v));
	if (strlen(*dst) != json_string_length(v))
		jerr(c, field, "不得包含NUL字符");
}

static void get_int(struct jctx *c, const json_t *v, const char *field,
    int *dst)
{
	json_int_t x;

	if (!json_is_integer(v)) {
		jerr(c, field, "应为整数");
		return;
	}
	x = json_integer_value(v);
	if (x < INT_MIN || x > INT_MAX) {
		jerr(c, field, "整数超出范围");
		return;
	}
	*dst = (int)x;
}

static void get_bool(struct jctx *c, const json_t *v, const char *field,
    bool *dst)
{
	if (!json_is_boolean(v)) {
		jerr(c, field, "应为布尔值(true或false)");
		return;
	}
	*dst = json_is_true(v);
}

/* An enum given by name or label; what names it in Chinese. */
static void get_enum(struct jctx *c, const json_t *v, const char *field,
    const char *what, int (*from)(const char *), int *dst)
{
	char q[64];
	int x;

	if (!json_is_string(v)) {
		jerr(c, field, "应为字符串");
		return;
	}
	x = from(json_string_value(v));
	if (x < 0) {
		jerr(c, field, "未知的%s“%s”", what, quote_text(q, sizeof(q),
		    json_string_value(v), json_string_length(v)));
		return;
	}
	*dst = x;
}

static int role_or_minus(const char *s)
{
	int r = parse_role(s);

	return r ? r : -1;
}

/* Keys item_to_json derives from others: accepted and ignored so that an
 * export can be imported again.  dept_name and dept_id are added by the API
 * layer (GET /items/{code}), so that what a client reads it can PUT back.
 * amount_yuan is read only when amount_fen is absent (read_fee). */
static bool derived_key(const char *key)
{
	static const char *const keys[] = {
		"type_label", "level_label", "dept_name", "dept_id",
		"form_label", "role_label", "amount_yuan", NULL
	};

	for (size_t i = 0; keys[i]; i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

static void unknown_key(struct jctx *c, const char *field_prefix,
    const char *key)
{
	char q[64], f[48];

	snprintf(f, sizeof(f), "%s%s", field_prefix, key);
	jerr(c, f, "未知字段“%s”", quote_text(q, sizeof(q), key, strlen(key)));
}

static void missing_key(struct jctx *c, const char *field)
{
	jerr(c, field, "缺少必填字段");
}

static bool array_ok(struct jctx *c, const json_t *v, const char *field,
    size_t max, const char *what)
{
	if (!json_is_array(v)) {
		jerr(c, field, "应为数组");
		return false;
	}
	if (json_array_size(v) > max) {
		jerr(c, field, "%s不得超过%zu项(实际%zu项)", what, max,
		    json_array_size(v));
		return false;
	}
	return true;
}

static void read_material(struct jctx *c, const json_t *o, size_t idx,
    struct item_material *m)
{
	char p[48], f[96];
	const char *key;
	json_t *v;

	m->name = xstrdup("");
	m->template_name = xstrdup("");
	m->note = xstrdup("");
	m->main = true;
	m->required = true;
	m->copies = 1;
	snprintf(p, sizeof(p), "materials[%zu].", idx);
	if (!json_is_object(o)) {
		snprintf(f, sizeof(f), "materials[%zu]", idx);
		jerr(c, f, "应为对象");
		return;
	}
	json_object_foreach((json_t *)o, key, v) {
		snprintf(f, sizeof(f), "%s%s", p, key);
		/* null for an optional key means "not given". */
		if (json_is_null(v) && strcmp(key, "name") != 0 &&
		    strcmp(key, "form") != 0)
			continue;
		if (strcmp(key, "name") == 0) {
			get_str(c, v, f, &m->name);
		} else if (strcmp(key, "main") == 0) {
			get_bool(c, v, f, &m->main);
		} else if (strcmp(key, "required") == 0) {
			get_bool(c, v, f, &m->required);
		} else if (strcmp(key, "form") == 0) {
			get_enum(c, v, f, "材料形式", material_form_from_name,
			    &m->form);
		} else if (strcmp(key, "copies") == 0) {
			get_int(c, v, f, &m->copies);
		} else if (strcmp(key, "template_name") == 0) {
			get_str(c, v, f, &m->template_name);
		} else if (strcmp(key, "note") == 0) {
			get_str(c, v, f, &m->note);
		} else if (strcmp(key, "deferrable") == 0) {
			get_bool(c, v, f, &m->deferrable);
		} else if (strcmp(key, "pledgeable") == 0) {
			get_bool(c, v, f, &m->pledgeable);
		} else if (!derived_key(key)) {
			unknown_key(c, p, key);
		}
	}
	snprintf(f, sizeof(f), "%sname", p);
	if (!json_object_get(o, "name"))
		missing_key(c, f);
	snprintf(f, sizeof(f), "%sform", p);
	if (!json_object_get(o, "form"))
		missing_key(c, f);
}

static void read_step(struct jctx *c, const json_t *o, size_t idx,
    struct item_step *s)
{
	static const char *const required[] = {"name", "role", "limit_days",
	    NULL};
	char p[48], f[96];
	const char *key;
	json_t *v;

	s->name = xstrdup("");
	snprintf(p, sizeof(p), "steps[%zu].", idx);
	if (!json_is_object(o)) {
		snprintf(f, sizeof(f), "steps[%zu]", idx);
		jerr(c, f, "应为对象");
		return;
	}
	json_object_foreach((json_t *)o, key, v) {
		snprintf(f, sizeof(f), "%s%s", p, key);
		if (strcmp(key, "name") == 0)
			get_str(c, v, f, &s->name);
		else if (strcmp(key, "role") == 0)
			get_enum(c, v, f, "角色", role_or_minus, &s->role);
		else if (strcmp(key, "limit_days") == 0)
			get_int(c, v, f, &s->limit_days);
		else if (!derived_key(key))
			unknown_key(c, p, key);
	}
	for (size_t i = 0; required[i]; i++) {
		snprintf(f, sizeof(f), "%s%s", p, required[i]);
		if (!json_object_get(o, required[i]))
			missing_key(c, f);
	}
}

static void read_fee(struct jctx *c, const json_t *o, size_t idx,
    struct item_fee *fee)
{
	char p[48], f[96], q[64];
	const char *key;
	json_t *v;

	fee->name = xstrdup("");
	fee->basis = xstrdup("");
	snprintf(p, sizeof(p), "fees[%zu].", idx);
	if (!json_is_object(o)) {
		snprintf(f, sizeof(f), "fees[%zu]", idx);
		jerr(c, f, "应为对象");
		return;
	}
	json_object_foreach((json_t *)o, key, v) {
		snprintf(f, sizeof(f), "%s%s", p, key);
		if (strcmp(key, "name") == 0) {
			get_str(c, v, f, &fee->name);
		} else if (strcmp(key, "amount_fen") == 0) {
			if (json_is_integer(v))
				fee->amount_fen = json_integer_value(v);
			else
				jerr(c, f, "应为整数(单位:分)");
		} else if (strcmp(key, "basis") == 0) {
			if (!json_is_null(v))
				get_str(c, v, f, &fee->basis);
		} else if (!derived_key(key)) {
			unknown_key(c, p, key);
		}
	}
	snprintf(f, sizeof(f), "%sname", p);
	if (!json_object_get(o, "name"))
		missing_key(c, f);
	if (json_object_get(o, "amount_fen"))
		return;
	/* A hand-written file may give only the yuan string. */
	v = json_object_get(o, "amount_yuan");
	snprintf(f, sizeof(f), "%samount_fen", p);
	if (!v) {
		missing_key(c, f);
	} else if (!json_is_string(v) ||
	    !parse_yuan(json_string_value(v), &fee->amount_fen)) {
		snprintf(f, sizeof(f), "%samount_yuan", p);
		jerr(c, f, "应为金额(元,最多两位小数),实际为“%s”",
		    json_is_string(v) ? quote_text(q, sizeof(q),
		    json_string_value(v), json_string_length(v)) : "非字符串");
	}
}

/* A limit: an integer, or for a date field an ISO date. */
static void read_limit(struct jctx *c, const json_t *v, const char *f,
    int type, bool *has, int64_t *x)
{
	int32_t day;

	if (json_is_null(v))
		return;
	if (type == FT_DATE) {
		if (!json_is_string(v) || day_parse_iso(json_string_value(v), &day)) {
			jerr(c, f, "应为日期(YYYY-MM-DD)");
			return;
		}
		*x = day;
	} else if (json_is_integer(v)) {
		*x = json_integer_value(v);
	} else {
		jerr(c, f, "应为整数");
		return;
	}
	*has = true;
}

static void read_form_field(struct jctx *c, const json_t *o, const char *p,
    struct form_field *d)
{
	char f[96];
	const char *key;
	json_t *v;

	d->key = xstrdup("");
	d->label = xstrdup("");
	d->unit = xstrdup("");
	d->help = xstrdup("");
	if (!json_is_object(o)) {
		jerr(c, p, "应为对象");
		return;
	}
	/* The type first: it says how min and max read. */
	v = json_object_get(o, "type");
	snprintf(f, sizeof(f), "%s.type", p);
	if (!v)
		missing_key(c, f);
	else
		get_enum(c, v, f, "字段类型", form_type_from_name, &d->type);
	json_object_foreach((json_t *)o, key, v) {
		snprintf(f, sizeof(f), "%s.%s", p, key);
		if (json_is_null(v) && strcmp(key, "key") && strcmp(key, "label"))
			continue;
		if (!strcmp(key, "key")) {
			get_str(c, v, f, &d->key);
		} else if (!strcmp(key, "label")) {
			get_str(c, v, f, &d->label);
		} else if (!strcmp(key, "type") || derived_key(key)) {
			continue;
		} else if (!strcmp(key, "required")) {
			get_bool(c, v, f, &d->required);
		} else if (!strcmp(key, "unit")) {
			get_str(c, v, f, &d->unit);
		} else if (!strcmp(key, "help")) {
			get_str(c, v, f, &d->help);
		} else if (!strcmp(key, "max_len")) {
			get_int(c, v, f, &d->max_len);
		} else if (!strcmp(key, "min")) {
			read_limit(c, v, f, d->type, &d->has_min, &d->min);
		} else if (!strcmp(key, "max")) {
			read_limit(c, v, f, d->type, &d->has_max, &d->max);
		} else if (!strcmp(key, "options")) {
			if (!array_ok(c, v, f, FORM_MAX_OPTIONS, "选项"))
				continue;
			d->n_options = json_array_size(v);
			d->options = xcalloc(d->n_options ? d->n_options : 1,
			    sizeof(*d->options));
			for (size_t k = 0; k < d->n_options; k++) {
				char g[112];

				snprintf(g, sizeof(g), "%s.options[%zu]", p, k);
				d->options[k] = xstrdup("");
				get_str(c, json_array_get(v, k), g, &d->options[k]);
			}
		} else {
			char q[64];

			jerr(c, f, "未知字段“%s”", quote_text(q, sizeof(q), key,
			    strlen(key)));
		}
	}
	snprintf(f, sizeof(f), "%s.key", p);
	if (!json_object_get(o, "key"))
		missing_key(c, f);
	snprintf(f, sizeof(f), "%s.label", p);
	if (!json_object_get(o, "label"))
		missing_key(c, f);
}

/* Reads {"sections": [{"title", "fields": [...]}]} into *out (which owns
 * nothing on entry).  Errors name "form.sections[i].fields[j].key". */
static void read_form(struct jctx *c, const json_t *v, struct form *out)
{
	const json_t *secs;
	const char *key;
	json_t *x;

	memset(out, 0, sizeof *out);
	if (!json_is_object(v)) {
		jerr(c, "form", "应为对象({\"sections\": [...]})");
		return;
	}
	json_object_foreach((json_t *)v, key, x)
		if (strcmp(key, "sections"))
			unknown_key(c, "form.", key);
	secs = json_object_get(v, "sections");
	if (!secs || json_is_null(secs))
		return;
	if (!array_ok(c, secs, "form.sections", FORM_MAX_SECTIONS, "申请表分组"))
		return;
	out->n_sections = json_array_size(secs);
	out->sections = xcalloc(out->n_sections ? out->n_sections : 1,
	    sizeof(*out->sections));
	for (size_t si = 0; si < out->n_sections; si++) {
		const json_t *so = json_array_get(secs, si), *fa;
		struct form_section *sec = &out->sections[si];
		char p[64];

		sec->title = xstrdup("");
		snprintf(p, sizeof(p), "form.sections[%zu]", si);
		if (!json_is_object(so)) {
			jerr(c, p, "应为对象");
			continue;
		}
		json_object_foreach((json_t *)so, key, x) {
			char f[96];

			snprintf(f, sizeof(f), "%s.%s", p, key);
			if (!strcmp(key, "title"))
				get_str(c, x, f, &sec->title);
			else if (strcmp(key, "fields"))
				jerr(c, f, "未知字段“%s”", key);
		}
		fa = json_object_get(so, "fields");
		snprintf(p, sizeof(p), "form.sections[%zu].fields", si);
		if (!fa) {
			missing_key(c, p);
			continue;
		}
		if (!array_ok(c, fa, p, FORM_MAX_FIELDS, "申请表字段"))
			continue;
		sec->n_fields = json_array_size(fa);
		sec->fields = xcalloc(sec->n_fields ? sec->n_fields : 1,
		    sizeof(*sec->fields));
		for (size_t i = 0; i < sec->n_fields; i++) {
			char q[80];

			snprintf(q, sizeof(q), "form.sections[%zu].fields[%zu]", si, i);
			read_form_field(c, json_array_get(fa, i), q, &sec->fields[i]);
		}
	}
}

static void read_keywords(struct jctx *c, const json_t *v, struct item *it)
{
	size_t n;

	if (!array_ok(c, v, "keywords", ITEM_MAX_KEYWORDS, "关键词"))
		return;
	n = json_array_size(v);
	if (!n)
		return;
	it->keywords = xcalloc(n, sizeof(*it->keywords));
	it->n_keywords = n;
	for (size_t i = 0; i < n; i++) {
		char f[32];

		snprintf(f, sizeof(f), "keywords[%zu]", i);
		it->keywords[i] = xstrdup("");
		get_str(c, json_array_get(v, i), f, &it->keywords[i]);
	}
}

static void read_materials(struct jctx *c, const json_t *v, struct item *it)
{
	size_t n;

	if (!array_ok(c, v, "materials", ITEM_MAX_MATERIALS, "申请材料"))
		return;
	n = json_array_size(v);
	if (n == 0)
		return;
	it->materials = xcalloc(n, sizeof(*it->materials));
	it->n_materials = n;
	for (size_t i = 0; i < n; i++)
		read_material(c, json_array_get(v, i), i, &it->materials[i]);
}

static void read_steps(struct jctx *c, const json_t *v, struct item *it)
{
	size_t n;

	if (!array_ok(c, v, "steps", ITEM_MAX_STEPS, "审查环节"))
		return;
	n = json_array_size(v);
	if (n == 0)
		return;
	it->steps = xcalloc(n, sizeof(*it->steps));
	it->n_steps = n;
	for (size_t i = 0; i < n; i++)
		read_step(c, json_array_get(v, i), i, &it->steps[i]);
}

static void read_fees(struct jctx *c, const json_t *v, struct item *it)
{
	size_t n;

	if (!array_ok(c, v, "fees", ITEM_MAX_FEES, "收费项目"))
		return;
	n = json_array_size(v);
	if (n == 0)
		return;
	it->fees = xcalloc(n, sizeof(*it->fees));
	it->n_fees = n;
	for (size_t i = 0; i < n; i++)
		read_fee(c, json_array_get(v, i), i, &it->fees[i]);
}

/* Top-level keys of an item; required ones must be present. */
enum jkey {
	K_CODE, K_NAME, K_TYPE, K_DEPT, K_LEVEL, K_BASIS, K_CONDITIONS,
	K_MATERIALS, K_STEPS, K_LEGAL, K_PROMISED, K_INSTANT, K_FEES,
	K_RESULT, K_IN_HALL, K_ONLINE, K_VISITS, K_COMPLAINT, K_PHONE,
	K_WARN, K_RETIRED, K_KEYWORDS, K_FORM, K_DEFER, K_WITHHOLD, K_PLEDGE,
	K_HIGH_RISK, K_COUNT_
};

static const struct {
	const char *name;
	bool required;
} item_keys[K_COUNT_] = {
	[K_CODE] = {"code", true},
	[K_NAME] = {"name", true},
	[K_TYPE] = {"type", true},
	[K_DEPT] = {"dept_code", true},
	[K_LEVEL] = {"level", true},
	[K_BASIS] = {"basis", false},
	[K_CONDITIONS] = {"conditions", false},
	[K_MATERIALS] = {"materials", true},
	[K_STEPS] = {"steps", false},
	[K_LEGAL] = {"legal_limit_days", true},
	[K_PROMISED] = {"promised_limit_days", true},
	[K_INSTANT] = {"instant", true},
	[K_FEES] = {"fees", false},
	[K_RESULT] = {"result_name", false},
	[K_IN_HALL] = {"in_hall", false},
	[K_ONLINE] = {"online_depth", false},
	[K_VISITS] = {"visits", false},
	[K_COMPLAINT] = {"complaint_channel", false},
	[K_PHONE] = {"consult_phone", false},
	[K_WARN] = {"warn_days", false},
	[K_RETIRED] = {"retired", false},
	[K_KEYWORDS] = {"keywords", false},
	[K_FORM] = {"form", false},
	[K_DEFER] = {"defer_allowed", false},
	[K_WITHHOLD] = {"withhold_result", false},
	[K_PLEDGE] = {"pledge_allowed", false},
	[K_HIGH_RISK] = {"high_risk", false},
};

static int find_key(const char *name)
{
	for (int k = 0; k < K_COUNT_; k++)
		if (strcmp(name, item_keys[k].name) == 0)
			return k;
	return -1;
}

static void read_key(struct jctx *c, int k, const json_t *v, struct item *it)
{
	const char *f = item_keys[k].name;

	/* null for an optional key means "not given". */
	if (json_is_null(v) && !item_keys[k].required)
		return;
	switch (k) {
	case K_CODE: get_str(c, v, f, &it->code); break;
	case K_NAME: get_str(c, v, f, &it->name); break;
	case K_TYPE:
		get_enum(c, v, f, "事项类型", item_type_from_name, &it->type);
		break;
	case K_DEPT: get_str(c, v, f, &it->dept_code); break;
	case K_LEVEL:
		get_enum(c, v, f, "行使层级", item_level_from_name, &it->level);
		break;
	case K_BASIS: get_str(c, v, f, &it->basis); break;
	case K_CONDITIONS: get_str(c, v, f, &it->conditions); break;
	case K_MATERIALS: read_materials(c, v, it); break;
	case K_STEPS: read_steps(c, v, it); break;
	case K_LEGAL: get_int(c, v, f, &it->legal_limit_days); break;
	case K_PROMISED: get_int(c, v, f, &it->promised_limit_days); break;
	case K_INSTANT: get_bool(c, v, f, &it->instant); break;
	case K_FEES: read_fees(c, v, it); break;
	case K_RESULT: get_str(c, v, f, &it->result_name); break;
	case K_IN_HALL: get_bool(c, v, f, &it->in_hall); break;
	case K_ONLINE: get_int(c, v, f, &it->online_depth); break;
	case K_VISITS: get_int(c, v, f, &it->visits); break;
	case K_COMPLAINT: get_str(c, v, f, &it->complaint_channel); break;
	case K_PHONE: get_str(c, v, f, &it->consult_phone); break;
	case K_WARN: get_int(c, v, f, &it->warn_days); break;
	case K_RETIRED: get_bool(c, v, f, &it->retired); break;
	case K_KEYWORDS: read_keywords(c, v, it); break;
	case K_FORM:
		form_clear(&it->form);
		read_form(c, v, &it->form);
		break;
	case K_DEFER: get_bool(c, v, f, &it->defer_allowed); break;
	case K_WITHHOLD: get_bool(c, v, f, &it->withhold_result); break;
	case K_PLEDGE: get_bool(c, v, f, &it->pledge_allowed); break;
	case K_HIGH_RISK: get_bool(c, v, f, &it->high_risk); break;
	default: break;
	}
}

/* *out is overwritten as if uninitialised (it must own nothing). */
int item_from_json(const json_t *obj, int line, struct item *out,
    struct item_errors *errs)
{
	struct jctx c = {line, errs, 0};
	const char *key;
	json_t *v;

	item_defaults(out);
	if (!json_is_object(obj)) {
		jerr(&c, "", "事项应为JSON对象");
		return GH_EUNPROCESSABLE;
	}
	json_object_foreach((json_t *)obj, key, v) {
		int k = find_key(key);

		if (k >= 0)
			read_key(&c, k, v, out);
		else if (!derived_key(key))
			unknown_key(&c, "", key);
	}
	for (int k = 0; k < K_COUNT_; k++)
		if (item_keys[k].required && !json_object_get(obj,
		    item_keys[k].name))
			missing_key(&c, item_keys[k].name);
	return c.bad ? GH_EUNPROCESSABLE : 0;
}

int items_parse_json(const char *buf, size_t len, struct item **out,
    size_t *n, struct item_errors *errs)
{
	struct batch b = {.unit = "条"};
	json_error_t jerror;
	json_t *root = NULL;
	const json_t *arr;
	int rc;

	if (len > ITEMS_MAX_FILE_BYTES) {
		item_errors_add(errs, 0, "", "文件超过%u字节上限",
		    ITEMS_MAX_FILE_BYTES);
		return GH_ETOOBIG;
	}
	root = json_loadb(buf ? buf : "", len,
	    JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerror);
	if (!root) {
		size_t tl = strnlen(jerror.text, sizeof(jerror.text));

		/* jansson's text may quote the input; keep it only when it is
		 * safe to show. */
		item_errors_add(errs, jerror.line > 0 ? jerror.line : 0, "",
		    "JSON格式错误(第%d行第%d列): %s", jerror.line,
		    jerror.column, utf8_valid(jerror.text, tl) ? jerror.text :
		    "无法解析");
		return GH_EJSON;
	}
	arr = root;
	if (json_is_object(root))
		arr = json_object_get(root, "items");
	if (!json_is_array(arr)) {
		item_errors_add(errs, 0, "", "应为事项数组或包含items数组的对象");
		rc = GH_EUNPROCESSABLE;
		goto out;
	}
	if (json_array_size(arr) > ITEMS_MAX_COUNT) {
		item_errors_add(errs, 0, "", "事项不得超过%d条(实际%zu条)",
		    ITEMS_MAX_COUNT, json_array_size(arr));
		rc = GH_EUNPROCESSABLE;
		goto out;
	}
	for (size_t i = 0; i < json_array_size(arr); i++) {
		int line = (int)i + 1;
		struct item *it = batch_push(&b);
		bool parsed;

		/* item_from_json fills an item that owns nothing. */
		item_clear(it);
		parsed = item_from_json(json_array_get(arr, i), line, it,
		    errs) == 0;
		if (!parsed)
			b.bad++;
		batch_check(&b, line, parsed, errs);
	}
	rc = batch_finish(&b, out, n, errs);
out:
	items_free(b.items, b.n);
	code_set_free(&b.codes);
	json_decref(root);
	return rc;
}

char *items_format_json(const struct item *items, size_t n, size_t *len)
{
	json_t *root = json_object();
	json_t *arr = json_array();
	size_t size;
	char *out;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, item_to_json(&items[i]));
	json_object_set_new(root, "items", arr);
	/* Dump into our own allocation so that the caller's free() matches
	 * whatever allocator jansson was given. */
	size = json_dumpb(root, NULL, 0, JSON_INDENT(2));
	out = xmalloc(size + 2);
	json_dumpb(root, out, size, JSON_INDENT(2));
	out[size] = '\n';
	out[size + 1] = '\0';
	if (len)
		*len = size + 1;
	json_decref(root);
	return out;
}

/* ---- CSV ---- */

enum col {
	C_CODE, C_NAME, C_TYPE, C_DEPT, C_LEVEL, C_BASIS, C_CONDITIONS,
	C_MATERIALS, C_STEPS, C_LEGAL, C_PROMISED, C_INSTANT, C_FEES,
	C_RESULT, C_IN_HALL, C_ONLINE, C_VISITS, C_COMPLAINT, C_PHONE,
	C_WARN, C_RETIRED, C_KEYWORDS, C_FORM, C_DEFER, C_WITHHOLD, C_PLEDGE,
	C_HIGH_RISK, C_COUNT_
};

/* The CSV columns are the JSON keys, in the same order. */
_Static_assert((int)C_COUNT_ == (int)K_COUNT_, "CSV columns = JSON keys");

/* One row being read: its line, where errors go, how many. */
struct rctx {
	int line;
	struct item_errors *errs;
	int bad;
};

static void rerr(struct rctx *c, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void rerr(struct rctx *c, const char *field, const char *fmt, ...)
{
	char msg[sizeof(((struct item_error *)0)->message)];
	va_list ap;
	int rc;

	c->bad++;
	va_start(ap, fmt);
	rc = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (rc < 0)
		msg[0] = '\0';
	item_errors_add(c->errs, c->line, field, "%s", msg);
}

static void cell_int(struct rctx *c, const char *field, char *s, bool required,
    int *dst)
{
	char q[64];

	s = trim(s);
	if (*s == '\0') {
		if (required)
			rerr(c, field, "不能为空");
		return;
	}
	if (!parse_int(s, dst))
		rerr(c, field, "应为整数,实际为“%s”",
		    quote_text(q, sizeof(q), s, strlen(s)));
}

static void cell_bool(struct rctx *c, const char *field, char *s,
    bool required, bool *dst)
{
	char q[64];
	int b;

	s = trim(s);
	if (*s == '\0') {
		if (required)
			rerr(c, field, "不能为空");
		return;
	}
	b = parse_bool(s);
	if (b < 0)
		rerr(c, field, "应为“是”或“否”,实际为“%s”",
		    quote_text(q, sizeof(q), s, strlen(s)));
	else
		*dst = b;
}

static void cell_enum(struct rctx *c, const char *field, char *s,
    const char *what, int (*from)(const char *), int *dst)
{
	char q[64];
	int v;

	s = trim(s);
	if (*s == '\0') {
		rerr(c, field, "%s不能为空", what);
		return;
	}
	v = from(s);
	if (v < 0)
		rerr(c, field, "未知的%s“%s”", what,
		    quote_text(q, sizeof(q), s, strlen(s)));
	else
		*dst = v;
}

/* Splits s in place at sep into at most max parts (a further separator
 * stays inside the last part only when max is reached: the caller then
 * reports a count mismatch via *count > max).  Parts are trimmed. */
static size_t split(char *s, char sep, char **parts, size_t max)
{
	size_t n = 0;

	for (;;) {
		char *e = strchr(s, sep);

		if (n < max)
			parts[n] = s;
		n++;
		if (!e)
			break;
		*e = '\0';
		s = e + 1;
	}
	for (size_t i = 0; i < n && i < max; i++)
		parts[i] = trim(parts[i]);
	return n;
}

/* Entries of a nested cell: the ';'-separated pieces that are not blank.
 * Returns how many there are (possibly more than max, then only max are
 * stored). */
static size_t entries(char *s, char **ents, size_t max)
{
	size_t n = 0;

	for (;;) {
		char *e = strchr(s, ';');
		char *t;

		if (e)
			*e = '\0';
		t = trim(s);
		if (*t) {
			if (n < max)
				ents[n] = t;
			n++;
		}
		if (!e)
			break;
		s = e + 1;
	}
	return n;
}

static void cell_materials(struct rctx *c, char *s, struct item *it)
{
	char **ents = xcalloc(ITEM_MAX_MATERIALS, sizeof(*ents));
	char *p[9];
	char f[48], q[64];
	size_t n = entries(s, ents, ITEM_MAX_MATERIALS);

	if (n > ITEM_MAX_MATERIALS) {
		rerr(c, "materials", "申请材料不得超过%d项(实际%zu项)",
		    ITEM_MAX_MATERIALS, n);
		goto out;
	}
	if (n == 0)
		goto out;
	it->materials = xcalloc(n, sizeof(*it->materials));
	it->n_materials = n;
	for (size_t i = 0; i < n; i++) {
		struct item_material *m = &it->materials[i];
		size_t np = split(ents[i], '|', p, 9);
		int kind, req;

		m->required = true;
		m->copies = 1;
		if (np < 4 || np > 9) {
			m->name = xstrdup("");
			m->template_name = xstrdup("");
			m->note = xstrdup("");
			snprintf(f, sizeof(f), "materials[%zu]", i);
			rerr(c, f, "第%zu项材料应为“名称|主件或辅件|形式|份数"
			    "[|表格|备注|是否必交|可否容缺|可否承诺替代]”,实际有%zu段",
			    i + 1, np);
			continue;
		}
		m->name = xstrdup(p[0]);
		m->template_name = xstrdup(np > 4 ? p[4] : "");
		m->note = xstrdup(np > 5 ? p[5] : "");
		snprintf(f, sizeof(f), "materials[%zu].main", i);
		kind = parse_kind(p[1]);
		if (kind < 0)
			rerr(c, f, "应为“主件”或“辅件”,实际为“%s”",
			    quote_text(q, sizeof(q), p[1], strlen(p[1])));
		else
			m->main = kind;
		snprintf(f, sizeof(f), "materials[%zu].form", i);
		cell_enum(c, f, p[2], "材料形式", material_form_from_name,
		    &m->form);
		snprintf(f, sizeof(f), "materials[%zu].copies", i);
		cell_int(c, f, p[3], true, &m->copies);
		if (np > 6 && *p[6]) {
			snprintf(f, sizeof(f), "materials[%zu].required", i);
			req = parse_bool(p[6]);
			if (req < 0)
				rerr(c, f, "应为“是”或“否”,实际为“%s”",
				    quote_text(q, sizeof(q), p[6],
				    strlen(p[6])));
			else
				m->required = req;
		}
		/* 8th and 9th: 可容缺 and 可承诺替代 (issue 11), default 否 */
		for (size_t k = 7; k < np; k++) {
			int b;

			if (!*p[k])
				continue;
			snprintf(f, sizeof(f), "materials[%zu].%s", i, k == 7 ?
			    "deferrable" : "pledgeable");
			b = parse_bool(p[k]);
			if (b < 0)
				rerr(c, f, "应为“是”或“否”,实际为“%s”",
				    quote_text(q, sizeof(q), p[k],
				    strlen(p[k])));
			else if (k == 7)
				m->deferrable = b;
			else
				m->pledgeable = b;
		}
	}
out:
	free(ents);
}

static void cell_steps(struct rctx *c, char *s, struct item *it)
{
	char **ents = xcalloc(ITEM_MAX_STEPS, sizeof(*ents));
	char *p[3];
	char f[48];
	size_t n = entries(s, ents, ITEM_MAX_STEPS);

	if (n > ITEM_MAX_STEPS) {
		rerr(c, "steps", "审查环节不得超过%d个(实际%zu个)",
		    ITEM_MAX_STEPS, n);
		goto out;
	}
	if (n == 0)
		goto out;
	it->steps = xcalloc(n, sizeof(*it->steps));
	it->n_steps = n;
	for (size_t i = 0; i < n; i++) {
		struct item_step *st = &it->steps[i];
		size_t np = split(ents[i], '|', p, 3);

		if (np != 3) {
			st->name = xstrdup("");
			snprintf(f, sizeof(f), "steps[%zu]", i);
			rerr(c, f, "第%zu个环节应为“名称|角色|时限”,实际有%zu段",
			    i + 1, np);
			continue;
		}
		st->name = xstrdup(p[0]);
		snprintf(f, sizeof(f), "steps[%zu].role", i);
		cell_enum(c, f, p[1], "角色", role_or_minus, &st->role);
		snprintf(f, sizeof(f), "steps[%zu].limit_days", i);
		cell_int(c, f, p[2], true, &st->limit_days);
	}
out:
	free(ents);
}

static void cell_fees(struct rctx *c, char *s, struct item *it)
{
	char **ents = xcalloc(ITEM_MAX_FEES, sizeof(*ents));
	char *p[3];
	char f[48], q[64];
	size_t n = entries(s, ents, ITEM_MAX_FEES);

	if (n > ITEM_MAX_FEES) {
		rerr(c, "fees", "收费项目不得超过%d项(实际%zu项)",
		    ITEM_MAX_FEES, n);
		goto out;
	}
	if (n == 0)
		goto out;
	it->fees = xcalloc(n, sizeof(*it->fees));
	it->n_fees = n;
	for (size_t i = 0; i < n; i++) {
		struct item_fee *fee = &it->fees[i];
		size_t np = split(ents[i], '|', p, 3);

		if (np != 3) {
			fee->name = xstrdup("");
			fee->basis = xstrdup("");
			snprintf(f, sizeof(f), "fees[%zu]", i);
			rerr(c, f, "第%zu项收费应为“名称|金额(元)|收费依据”,"
			    "实际有%zu段", i + 1, np);
			continue;
		}
		fee->name = xstrdup(p[0]);
		fee->basis = xstrdup(p[2]);
		snprintf(f, sizeof(f), "fees[%zu].amount_fen", i);
		if (!parse_yuan(p[1], &fee->amount_fen))
			rerr(c, f, "应为金额(元,最多两位小数),实际为“%s”",
			    quote_text(q, sizeof(q), p[1], strlen(p[1])));
	}
out:
	free(ents);
}

/* keywords: entries split by ';' like the other lists. */
static void cell_keywords(struct rctx *c, char *s, struct item *it)
{
	char **ents = xcalloc(ITEM_MAX_KEYWORDS, sizeof(*ents));
	size_t n = entries(s, ents, ITEM_MAX_KEYWORDS);

	if (n > ITEM_MAX_KEYWORDS) {
		rerr(c, "keywords", "关键词不得超过%d个(实际%zu个)",
		    ITEM_MAX_KEYWORDS, n);
	} else if (n) {
		it->keywords = xcalloc(n, sizeof(*it->keywords));
		it->n_keywords = n;
		for (size_t i = 0; i < n; i++)
			it->keywords[i] = xstrdup(ents[i]);
	}
	free(ents);
}

/* form: the form as compact JSON, exactly as the JSON format's "form". */
static void cell_form(struct rctx *c, char *s, struct item *it)
{
	struct jctx j = {c->line, c->errs, 0};
	json_error_t e;
	json_t *v;

	s = trim(s);
	if (!*s)
		return;
	v = json_loads(s, JSON_REJECT_DUPLICATES, &e);
	if (!v) {
		/* jansson may quote the offending byte: scrubbed to UTF-8 */
		char text[sizeof e.text * 3];

		utf8_scrub(e.text, strlen(e.text), text, sizeof text);
		rerr(c, "form", "申请表应为JSON({\"sections\": [...]}): %s", text);
		return;
	}
	form_clear(&it->form);
	read_form(&j, v, &it->form);
	json_decref(v);
	c->bad += j.bad;
}

/* Fills it from one cell of column k.  cell is a private copy the
 * function may modify. */
static void read_cell(struct rctx *c, int k, char *cell, size_t len,
    struct item *it)
{
	const char *f = item_keys[k].name;

	switch (k) {
	case C_CODE: {
		char *t = trim(cell);

		set_str(&it->code, t, strlen(t));
		break;
	}
	case C_NAME: set_str(&it->name, cell, len); break;
	case C_TYPE:
		cell_enum(c, f, cell, "事项类型", item_type_from_name,
		    &it->type);
		break;
	case C_DEPT: set_str(&it->dept_code, cell, len); break;
	case C_LEVEL:
		cell_enum(c, f, cell, "行使层级", item_level_from_name,
		    &it->level);
		break;
	case C_BASIS: set_str(&it->basis, cell, len); break;
	case C_CONDITIONS: set_str(&it->conditions, cell, len); break;
	case C_MATERIALS: cell_materials(c, cell, it); break;
	case C_STEPS: cell_steps(c, cell, it); break;
	case C_LEGAL: cell_int(c, f, cell, true, &it->legal_limit_days); break;
	case C_PROMISED:
		cell_int(c, f, cell, true, &it->promised_limit_days);
		break;
	case C_INSTANT: cell_bool(c, f, cell, true, &it->instant); break;
	case C_FEES: cell_fees(c, cell, it); break;
	case C_RESULT: set_str(&it->result_name, cell, len); break;
	case C_IN_HALL: cell_bool(c, f, cell, false, &it->in_hall); break;
	case C_ONLINE: cell_int(c, f, cell, false, &it->online_depth); break;
	case C_VISITS: cell_int(c, f, cell, false, &it->visits); break;
	case C_COMPLAINT:
		set_str(&it->complaint_channel, cell, len);
		break;
	case C_PHONE: set_str(&it->consult_phone, cell, len); break;
	case C_WARN: cell_int(c, f, cell, false, &it->warn_days); break;
	case C_RETIRED: cell_bool(c, f, cell, false, &it->retired); break;
	case C_KEYWORDS: cell_keywords(c, cell, it); break;
	case C_FORM: cell_form(c, cell, it); break;
	case C_DEFER: cell_bool(c, f, cell, false, &it->defer_allowed); break;
	case C_WITHHOLD:
		cell_bool(c, f, cell, false, &it->withhold_result);
		break;
	case C_PLEDGE: cell_bool(c, f, cell, false, &it->pledge_allowed); break;
	case C_HIGH_RISK: cell_bool(c, f, cell, false, &it->high_risk); break;
	default: break;
	}
}

/* Reads the header row into col_of (CSV column index -> enum col).
 * Returns the number of errors. */
static int read_header(const struct csv_record *rec, int *col_of,
    struct item_errors *errs)
{
	bool seen[C_COUNT_] = {false};
	int bad = 0;
	char q[64];

	for (size_t j = 0; j < rec->n; j++) {
		char *name = xstrndup(rec->fields[j], rec->lens[j]);
		char *t = trim(name);
		int k = find_key(t);

		col_of[j] = k;
		quote_text(q, sizeof(q), t, strlen(t));
		if (k < 0) {
			item_errors_add(errs, rec->line, q, "未知的列“%s”", q);
			bad++;
		} else if (seen[k]) {
			item_errors_add(errs, rec->line, q, "列“%s”重复", q);
			bad++;
		} else {
			seen[k] = true;
		}
		free(name);
	}
	for (int k = 0; k < C_COUNT_; k++) {
		if (item_keys[k].required && !seen[k]) {
			item_errors_add(errs, rec->line, item_keys[k].name,
			    "缺少必填列“%s”", item_keys[k].name);
			bad++;
		}
	}
	return bad;
}

static bool blank_record(const struct csv_record *rec)
{
	for (size_t j = 0; j < rec->n; j++)
		for (size_t i = 0; i < rec->lens[j]; i++)
			if (!is_space(rec->fields[j][i]))
				return false;
	return true;
}

/* Parses one data row into a new item of b. */
static void read_row(struct batch *b, const struct csv_record *rec,
    const int *col_of, size_t n_cols, struct item_errors *errs)
{
	struct rctx c = {rec->line, errs, 0};
	struct item *it = batch_push(b);

	if (rec->n != n_cols) {
		rerr(&c, "", "该行有%zu个字段,与表头的%zu列不符", rec->n,
		    n_cols);
		b->bad += c.bad;
		return;
	}
	for (size_t j = 0; j < rec->n; j++) {
		int k = col_of[j];
		char *cell;

		if (!utf8_valid(rec->fields[j], rec->lens[j])) {
			rerr(&c, item_keys[k].name, "不是合法的UTF-8编码"
			    "(请将文件另存为UTF-8格式)");
			continue;
		}
		cell = xstrndup(rec->fields[j], rec->lens[j]);
		read_cell(&c, k, cell, rec->lens[j], it);
		free(cell);
	}
	b->bad += c.bad;
	batch_check(b, rec->line, c.bad == 0, errs);
}

/* A syntax error stops reading: after an unterminated quote nothing that
 * follows can be trusted.  Errors of earlier rows stay reported. */
static void csv_syntax_error(const struct csv_reader *r,
    struct item_errors *errs)
{
	item_errors_add(errs, r->err_line, "", "CSV格式错误: %s", r->err_msg);
}

int items_parse_csv(const char *buf, size_t len, struct item **out,
    size_t *n, struct item_errors *errs)
{
	struct batch b = {.unit = "行"};
	struct csv_reader r;
	struct csv_record rec;
	int col_of[CSV_DEFAULT_MAX_FIELDS];
	size_t n_cols;
	int rc;

	if (len > ITEMS_MAX_FILE_BYTES) {
		item_errors_add(errs, 0, "", "文件超过%u字节上限",
		    ITEMS_MAX_FILE_BYTES);
		return GH_ETOOBIG;
	}
	csv_reader_init(&r, buf, len, NULL);
	rc = csv_read_record(&r, &rec);
	if (rc <= 0) {
		if (rc == 0)
			item_errors_add(errs, 0, "", "文件中没有事项");
		else
			csv_syntax_error(&r, errs);
		rc = GH_EUNPROCESSABLE;
		goto out;
	}
	n_cols = rec.n;
	if (read_header(&rec, col_of, errs) > 0) {
		rc = GH_EUNPROCESSABLE;
		goto out;
	}
	while ((rc = csv_read_record(&r, &rec)) > 0) {
		if (blank_record(&rec))
			continue;
		if (b.n >= ITEMS_MAX_COUNT) {
			item_errors_add(errs, rec.line, "", "事项不得超过%d条",
			    ITEMS_MAX_COUNT);
			b.bad++;
			break;
		}
		read_row(&b, &rec, col_of, n_cols, errs);
	}
	if (rc < 0) {
		csv_syntax_error(&r, errs);
		rc = GH_EUNPROCESSABLE;
		goto out;
	}
	rc = batch_finish(&b, out, n, errs);
out:
	items_free(b.items, b.n);
	code_set_free(&b.codes);
	csv_reader_free(&r);
	return rc;
}

/* Builds a nested cell in sb: entries joined by ';', fields by '|'. */
static void nested_sep(struct csv_writer *sb, size_t i)
{
	if (i > 0)
		csv_write_raw(sb, ";", 1);
}

static void nested_field(struct csv_writer *sb, const char *s, bool first)
{
	if (!first)
		csv_write_raw(sb, "|", 1);
	if (s)
		csv_write_raw(sb, s, strlen(s));
}

static void field_str(struct csv_writer *w, const char *s)
{
	s = s ? s : "";
	csv_write_field(w, s, strlen(s));
}

static void field_int(struct csv_writer *w, long long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", v);
	field_str(w, num);
}

static void field_bool(struct csv_writer *w, bool v)
{
	field_str(w, v ? "是" : "否");
}

/* Writes the nested cell held by sb as one field and empties sb. */
static void field_nested(struct csv_writer *w, struct csv_writer *sb)
{
	size_t len = 0;
	char *s = csv_writer_finish(sb, &len);

	csv_write_field(w, s ? s : "", s ? len : 0);
	free(s);
}

static void write_row(struct csv_writer *w, const struct item *it)
{
	struct csv_writer sb;
	char num[32];

	csv_writer_init(&sb, 0);
	field_str(w, it->code);
	field_str(w, it->name);
	field_str(w, item_type_label(it->type));
	field_str(w, it->dept_code);
	field_str(w, item_level_label(it->level));
	field_str(w, it->basis);
	field_str(w, it->conditions);
	for (size_t i = 0; it->materials && i < it->n_materials; i++) {
		const struct item_material *m = &it->materials[i];
		bool flags = m->deferrable || m->pledgeable;
		bool tail = (m->template_name && *m->template_name) ||
		    (m->note && *m->note) || !m->required || flags;

		nested_sep(&sb, i);
		nested_field(&sb, m->name, true);
		nested_field(&sb, m->main ? "主件" : "辅件", false);
		nested_field(&sb, material_form_label(m->form), false);
		snprintf(num, sizeof(num), "%d", m->copies);
		nested_field(&sb, num, false);
		if (tail) {
			nested_field(&sb, m->template_name, false);
			nested_field(&sb, m->note, false);
		}
		if (!m->required || flags)
			nested_field(&sb, m->required ? "是" : "否", false);
		if (flags) {
			nested_field(&sb, m->deferrable ? "是" : "否", false);
			nested_field(&sb, m->pledgeable ? "是" : "否", false);
		}
	}
	field_nested(w, &sb);
	for (size_t i = 0; it->steps && i < it->n_steps; i++) {
		nested_sep(&sb, i);
		nested_field(&sb, it->steps[i].name, true);
		nested_field(&sb, role_name(it->steps[i].role), false);
		snprintf(num, sizeof(num), "%d", it->steps[i].limit_days);
		nested_field(&sb, num, false);
	}
	field_nested(w, &sb);
	field_int(w, it->legal_limit_days);
	field_int(w, it->promised_limit_days);
	field_bool(w, it->instant);
	for (size_t i = 0; it->fees && i < it->n_fees; i++) {
		nested_sep(&sb, i);
		nested_field(&sb, it->fees[i].name, true);
		format_yuan(num, sizeof(num), it->fees[i].amount_fen);
		nested_field(&sb, num, false);
		nested_field(&sb, it->fees[i].basis, false);
	}
	field_nested(w, &sb);
	field_str(w, it->result_name);
	field_bool(w, it->in_hall);
	field_int(w, it->online_depth);
	field_int(w, it->visits);
	field_str(w, it->complaint_channel);
	field_str(w, it->consult_phone);
	field_int(w, it->warn_days);
	field_bool(w, it->retired);
	for (size_t i = 0; it->keywords && i < it->n_keywords; i++) {
		nested_sep(&sb, i);
		nested_field(&sb, it->keywords[i], true);
	}
	field_nested(w, &sb);
	if (it->form.n_sections) {
		json_t *fj = form_json(&it->form, true);
		char *txt = json_dumps(fj, JSON_COMPACT | JSON_PRESERVE_ORDER);

		field_str(w, txt);
		free(txt);
		json_decref(fj);
	} else {
		field_str(w, "");
	}
	field_bool(w, it->defer_allowed);
	field_bool(w, it->withhold_result);
	field_bool(w, it->pledge_allowed);
	field_bool(w, it->high_risk);
	csv_end_record(w);
	csv_writer_free(&sb);
}

char *items_format_csv(const struct item *items, size_t n, size_t *len)
{
	struct csv_writer w;
	size_t l = 0;
	char *out;

	/* No cap: the output is built from items already in memory. */
	csv_writer_init(&w, 0);
	csv_write_raw(&w, "\xEF\xBB\xBF", 3);
	for (int k = 0; k < C_COUNT_; k++)
		field_str(&w, item_keys[k].name);
	csv_end_record(&w);
	for (size_t i = 0; i < n; i++)
		write_row(&w, &items[i]);
	out = csv_writer_finish(&w, &l);
	if (len)
		*len = l;
	return out;
}
