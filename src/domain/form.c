/*
 * form.c - application form definitions and value checks (see form.h).
 *
 * Choices form.h leaves open:
 * - number values may be integers or decimals with at most 4 decimal
 *   places, given as a JSON number or as text; the stored value is the
 *   shortest decimal text ("12", "35.5").  min/max of a number are whole.
 * - money is a JSON integer of fen >= 0 (text of digits is accepted too,
 *   since HTML inputs give text); its display is yuan with two decimals.
 * - phone: a mobile number (idcode_check_mobile) or a landline: area code
 *   0 + 2..3 digits, '-', 7..8 digits, optionally '-' and a 1..6 digit
 *   extension.
 * - area: 1..12 ASCII digits; whether the region exists is the caller's.
 * - text and address refuse control characters other than '\n' in text.
 *
 * Owns nothing beyond the structs handed to it; pure and reentrant.
 */
#include "domain/form.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/day.h"
#include "domain/idcode.h"
#include "util/gh_err.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define FORM_KEY_MAX 32
#define FORM_LABEL_MAX 60
#define FORM_UNIT_MAX 20
#define FORM_OPTION_MAX 60
#define FORM_HELP_MAX 500
#define FORM_NUMBER_LIMIT 1e15

static const struct {
	const char *name;
	const char *label;
} types[FT_COUNT_] = {
	[FT_TEXT] = {"text", "文本"},
	[FT_NUMBER] = {"number", "数值"},
	[FT_DATE] = {"date", "日期"},
	[FT_CHOICE] = {"choice", "选项"},
	[FT_ID_NUMBER] = {"id_number", "身份证号"},
	[FT_CREDIT_CODE] = {"credit_code", "统一社会信用代码"},
	[FT_PHONE] = {"phone", "电话"},
	[FT_ADDRESS] = {"address", "地址"},
	[FT_AREA] = {"area", "行政区划"},
	[FT_MONEY] = {"money", "金额"},
};

const char *form_type_name(int t)
{
	return t > 0 && t < FT_COUNT_ ? types[t].name : NULL;
}

const char *form_type_label(int t)
{
	return t > 0 && t < FT_COUNT_ ? types[t].label : NULL;
}

int form_type_from_name(const char *s)
{
	if (!s)
		return -1;
	for (int t = 1; t < FT_COUNT_; t++)
		if (!strcmp(s, types[t].name) || !strcmp(s, types[t].label))
			return t;
	return -1;
}

/* ---- definitions -------------------------------------------------------- */

struct vctx {
	form_error_fn fn;
	void *ctx;
	int count;
};

static void verr(struct vctx *v, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void verr(struct vctx *v, const char *path, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	v->count++;
	if (!v->fn)
		return;
	va_start(ap, fmt);
	if (vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
		msg[0] = '\0';
	va_end(ap);
	v->fn(v->ctx, path, msg);
}

static bool blank(const char *s)
{
	return !s || !*s;
}

static bool edge_space(const char *s)
{
	size_t n = strlen(s);

	return n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t');
}

/* Checks text s of at most max code points; required says empty is wrong. */
static void check_text(struct vctx *v, const char *path, const char *what,
    const char *s, size_t max, bool required)
{
	size_t n;

	if (blank(s)) {
		if (required)
			verr(v, path, "%s不能为空", what);
		return;
	}
	n = utf8_count(s, strlen(s));
	if (n == (size_t)-1) {
		verr(v, path, "%s不是有效的 UTF-8 文本", what);
		return;
	}
	if (n > max)
		verr(v, path, "%s不得超过 %zu 个字", what, max);
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			verr(v, path, "%s不能包含控制字符", what);
			return;
		}
	if (edge_space(s))
		verr(v, path, "%s首尾不能有空格", what);
}

static bool key_ok(const char *k)
{
	size_t n;

	if (blank(k) || k[0] < 'a' || k[0] > 'z')
		return false;
	n = strlen(k);
	if (n > FORM_KEY_MAX)
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') ||
		    k[i] == '_'))
			return false;
	return true;
}

static void check_field(struct vctx *v, const struct form *f, size_t si,
    size_t fi, const char *base)
{
	const struct form_field *d = &f->sections[si].fields[fi];
	char p[96];
	bool limits = d->type == FT_NUMBER || d->type == FT_MONEY ||
	    d->type == FT_DATE;

	snprintf(p, sizeof(p), "%s.key", base);
	if (!key_ok(d->key))
		verr(v, p, "字段标识须以小写字母开头，由小写字母、数字和下划线组成，最长 32 位");
	else {
		/* Unique over the whole form: compare with every earlier field. */
		for (size_t s = 0; s <= si; s++)
			for (size_t j = 0; j < f->sections[s].n_fields &&
			    (s < si || j < fi); j++)
				if (f->sections[s].fields[j].key &&
				    !strcmp(f->sections[s].fields[j].key, d->key)) {
					verr(v, p, "字段标识 %s 重复", d->key);
					s = si + 1;
					break;
				}
	}
	snprintf(p, sizeof(p), "%s.label", base);
	check_text(v, p, "字段名称", d->label, FORM_LABEL_MAX, true);
	snprintf(p, sizeof(p), "%s.type", base);
	if (d->type <= 0 || d->type >= FT_COUNT_) {
		verr(v, p, "字段类型无效");
		return;
	}
	snprintf(p, sizeof(p), "%s.unit", base);
	if (!blank(d->unit) && d->type != FT_NUMBER)
		verr(v, p, "只有数值字段可以有单位");
	else
		check_text(v, p, "单位", d->unit, FORM_UNIT_MAX, false);
	snprintf(p, sizeof(p), "%s.options", base);
	if (d->type == FT_CHOICE) {
		if (d->n_options == 0)
			verr(v, p, "选项字段至少要有一个选项");
		else if (d->n_options > FORM_MAX_OPTIONS)
			verr(v, p, "选项不得超过 %d 个", FORM_MAX_OPTIONS);
		for (size_t i = 0; i < d->n_options && i < FORM_MAX_OPTIONS; i++) {
			char q[112];

			snprintf(q, sizeof(q), "%s.options[%zu]", base, i);
			check_text(v, q, "选项", d->options[i], FORM_OPTION_MAX, true);
			for (size_t j = 0; j < i; j++)
				if (d->options[i] && d->options[j] &&
				    !strcmp(d->options[i], d->options[j])) {
					verr(v, q, "选项“%s”重复", d->options[i]);
					break;
				}
		}
	} else if (d->n_options) {
		verr(v, p, "只有选项字段可以有选项");
	}
	snprintf(p, sizeof(p), "%s.min", base);
	if ((d->has_min || d->has_max) && !limits) {
		verr(v, p, "只有数值、金额和日期字段可以有上下限");
	} else {
		if (d->type == FT_MONEY && d->has_min && d->min < 0)
			verr(v, p, "金额下限不能为负数");
		if (d->type == FT_NUMBER &&
		    ((d->has_min && llabs(d->min) > (long long)FORM_NUMBER_LIMIT) ||
		    (d->has_max && llabs(d->max) > (long long)FORM_NUMBER_LIMIT)))
			verr(v, p, "数值上下限超出范围");
		if (d->has_min && d->has_max && d->min > d->max) {
			snprintf(p, sizeof(p), "%s.max", base);
			verr(v, p, "上限不能小于下限");
		}
	}
	snprintf(p, sizeof(p), "%s.max_len", base);
	if (d->max_len && d->type != FT_TEXT && d->type != FT_ADDRESS)
		verr(v, p, "只有文本和地址字段可以限制长度");
	else if (d->max_len < 0 || d->max_len > FORM_MAX_TEXT)
		verr(v, p, "长度限制应在 1 至 %d 之间", FORM_MAX_TEXT);
	snprintf(p, sizeof(p), "%s.help", base);
	check_text(v, p, "填写说明", d->help, FORM_HELP_MAX, false);
}

int form_validate(const struct form *f, const char *prefix, form_error_fn fn,
    void *ctx)
{
	struct vctx v = {fn, ctx, 0};
	size_t total = 0;
	char p[96];

	if (!prefix)
		prefix = "form";
	if (f->n_sections > FORM_MAX_SECTIONS) {
		snprintf(p, sizeof(p), "%s.sections", prefix);
		verr(&v, p, "申请表分组不得超过 %d 个", FORM_MAX_SECTIONS);
		return v.count;
	}
	for (size_t si = 0; si < f->n_sections; si++) {
		const struct form_section *s = &f->sections[si];

		snprintf(p, sizeof(p), "%s.sections[%zu].title", prefix, si);
		check_text(&v, p, "分组标题", s->title, FORM_LABEL_MAX, true);
		if (s->n_fields == 0) {
			snprintf(p, sizeof(p), "%s.sections[%zu].fields", prefix, si);
			verr(&v, p, "每个分组至少要有一个字段");
		}
		total += s->n_fields;
		if (total > FORM_MAX_FIELDS) {
			snprintf(p, sizeof(p), "%s.sections[%zu].fields", prefix, si);
			verr(&v, p, "申请表字段不得超过 %d 个", FORM_MAX_FIELDS);
			return v.count;
		}
		for (size_t fi = 0; fi < s->n_fields; fi++) {
			char base[72];

			snprintf(base, sizeof(base), "%s.sections[%zu].fields[%zu]",
			    prefix, si, fi);
			check_field(&v, f, si, fi, base);
		}
	}
	return v.count;
}

/* ---- values ------------------------------------------------------------- */

static int why_fail(char *why, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int why_fail(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (why && cap) {
		va_start(ap, fmt);
		if (vsnprintf(why, cap, fmt, ap) < 0)
			why[0] = '\0';
		va_end(ap);
	}
	return GH_EINVAL;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool landline_ok(const char *s)
{
	const char *d1 = strchr(s, '-'), *d2;
	size_t a, b, c;

	if (!d1 || s[0] != '0')
		return false;
	a = (size_t)(d1 - s);
	d2 = strchr(d1 + 1, '-');
	b = d2 ? (size_t)(d2 - d1 - 1) : strlen(d1 + 1);
	c = d2 ? strlen(d2 + 1) : 0;
	return a >= 3 && a <= 4 && all_digits(s, a) && b >= 7 && b <= 8 &&
	    all_digits(d1 + 1, b) && d1[1] != '0' &&
	    (!d2 || (c >= 1 && c <= 6 && all_digits(d2 + 1, c)));
}

/* Formats fen as yuan with thousands separators: "12,345.67 元". */
static void format_yuan(char *out, size_t cap, int64_t fen)
{
	char digits[32], grouped[48];
	int64_t yuan = fen / 100;
	size_t n, j = 0;

	snprintf(digits, sizeof(digits), "%lld", (long long)yuan);
	n = strlen(digits);
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	snprintf(out, cap, "%s.%02d 元", grouped, (int)(fen % 100));
}

/* Parses a decimal number "-12.5" with at most 4 decimal places. */
static bool parse_decimal(const char *s, double *out)
{
	const char *p = s;
	size_t ints = 0, decs = 0;
	char *end;

	if (*p == '-')
		p++;
	while (p[ints] >= '0' && p[ints] <= '9')
		ints++;
	if (!ints)
		return false;
	p += ints;
	if (*p == '.') {
		p++;
		while (p[decs] >= '0' && p[decs] <= '9')
			decs++;
		if (!decs || decs > 4)
			return false;
		p += decs;
	}
	if (*p)
		return false;
	*out = strtod(s, &end);
	return *end == '\0' && isfinite(*out);
}

static void format_number(char *out, size_t cap, double x)
{
	/* Four decimals at most, trailing zeros cut: 35.5, 12. */
	char *dot;
	size_t n;

	snprintf(out, cap, "%.4f", x);
	dot = strchr(out, '.');
	if (!dot)
		return;
	n = strlen(out);
	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
	if (!strcmp(out, "-0"))
		snprintf(out, cap, "0");
}

/* Copies text without surrounding ASCII spaces; false if too long. */
static bool trimmed(const char *s, char *out, size_t cap)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	    s[n - 1] == '\n'))
		n--;
	if (n >= cap)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

static int check_free_text(const struct form_field *f, const char *v,
    char *why, size_t wcap)
{
	size_t max = f->max_len ? (size_t)f->max_len : FORM_DEFAULT_TEXT;
	size_t n = utf8_count(v, strlen(v));

	if (n == (size_t)-1)
		return why_fail(why, wcap, "%s不是有效文本", f->label);
	if (n > max)
		return why_fail(why, wcap, "%s不得超过 %zu 个字（现为 %zu 个）",
		    f->label, max, n);
	for (const char *p = v; *p; p++)
		if (((unsigned char)*p < 0x20 && !(*p == '\n' &&
		    f->type == FT_TEXT)) || *p == 0x7f)
			return why_fail(why, wcap, "%s不能包含控制字符", f->label);
	return 0;
}

int form_check_value(const struct form_field *f, const struct form_input *in,
    int32_t today, char value[FORM_VALUE_CAP], char display[FORM_VALUE_CAP],
    char *why, size_t wcap)
{
	char v[FORM_VALUE_CAP], reason[160];
	const char *label = f->label ? f->label : f->key;
	bool absent = in->kind == FI_NONE;

	v[0] = '\0';
	if (in->kind == FI_TEXT) {
		if (!in->text || !trimmed(in->text, v, sizeof(v)))
			return why_fail(why, wcap, "%s内容过长", label);
		absent = v[0] == '\0';
	}
	if (absent) {
		if (f->required)
			return why_fail(why, wcap, "请填写%s", label);
		value[0] = display[0] = '\0';
		return 0;
	}
	switch (f->type) {
	case FT_NUMBER: {
		double x;

		if (in->kind == FI_INT)
			x = (double)in->i;
		else if (in->kind == FI_REAL)
			x = in->r;
		else if (!parse_decimal(v, &x))
			return why_fail(why, wcap, "%s应为数字（最多 4 位小数）", label);
		if (!isfinite(x) || fabs(x) > FORM_NUMBER_LIMIT)
			return why_fail(why, wcap, "%s超出范围", label);
		if (in->kind == FI_REAL && fabs(x * 10000 - round(x * 10000)) > 1e-6)
			return why_fail(why, wcap, "%s最多 4 位小数", label);
		if (f->has_min && x < (double)f->min)
			return why_fail(why, wcap, "%s不能小于 %lld", label,
			    (long long)f->min);
		if (f->has_max && x > (double)f->max)
			return why_fail(why, wcap, "%s不能大于 %lld", label,
			    (long long)f->max);
		format_number(value, FORM_VALUE_CAP, x);
		snprintf(display, FORM_VALUE_CAP, "%s%s%s", value,
		    blank(f->unit) ? "" : " ", blank(f->unit) ? "" : f->unit);
		return 0;
	}
	case FT_MONEY: {
		int64_t fen;

		if (in->kind == FI_INT)
			fen = in->i;
		else if (in->kind == FI_TEXT && strlen(v) <= 15 &&
		    all_digits(v, strlen(v)))
			fen = strtoll(v, NULL, 10);
		else
			return why_fail(why, wcap, "%s应为以分为单位的整数", label);
		if (fen < 0)
			return why_fail(why, wcap, "%s不能为负数", label);
		if (fen > INT64_C(100000000000000))
			return why_fail(why, wcap, "%s超出范围", label);
		if (f->has_min && fen < f->min)
			return why_fail(why, wcap, "%s不能少于 %lld 分", label,
			    (long long)f->min);
		if (f->has_max && fen > f->max)
			return why_fail(why, wcap, "%s不能多于 %lld 分", label,
			    (long long)f->max);
		snprintf(value, FORM_VALUE_CAP, "%lld", (long long)fen);
		format_yuan(display, FORM_VALUE_CAP, fen);
		return 0;
	}
	default:
		break;
	}
	/* Every other type takes text only. */
	if (in->kind != FI_TEXT)
		return why_fail(why, wcap, "%s应为文字", label);
	switch (f->type) {
	case FT_TEXT:
	case FT_ADDRESS:
		if (check_free_text(f, v, why, wcap))
			return GH_EINVAL;
		break;
	case FT_DATE: {
		int32_t day;
		char iso[11];

		if (day_parse_iso(v, &day))
			return why_fail(why, wcap, "%s应为有效日期（YYYY-MM-DD）",
			    label);
		if (f->has_min && day < f->min) {
			day_format_iso((int32_t)f->min, iso);
			return why_fail(why, wcap, "%s不能早于 %s", label, iso);
		}
		if (f->has_max && day > f->max) {
			day_format_iso((int32_t)f->max, iso);
			return why_fail(why, wcap, "%s不能晚于 %s", label, iso);
		}
		break;
	}
	case FT_CHOICE: {
		bool found = false;

		for (size_t i = 0; i < f->n_options && !found; i++)
			found = f->options[i] && !strcmp(f->options[i], v);
		if (!found)
			return why_fail(why, wcap, "%s须从给定选项中选择", label);
		break;
	}
	case FT_ID_NUMBER:
		if (idcode_check_person_on(v, today, reason, sizeof(reason)))
			return why_fail(why, wcap, "%s：%s", label, reason);
		break;
	case FT_CREDIT_CODE:
		if (idcode_check_credit(v, reason, sizeof(reason)))
			return why_fail(why, wcap, "%s：%s", label, reason);
		break;
	case FT_PHONE:
		if (!landline_ok(v) && idcode_check_mobile(v, reason,
		    sizeof(reason)))
			return why_fail(why, wcap,
			    "%s应为 11 位手机号码或带区号的固定电话（如 0771-1234567）",
			    label);
		break;
	case FT_AREA:
		if (strlen(v) > 12 || !all_digits(v, strlen(v)))
			return why_fail(why, wcap, "%s应为行政区划代码", label);
		break;
	default:
		return why_fail(why, wcap, "%s的字段类型无效", label);
	}
	memcpy(value, v, strlen(v) + 1);
	memcpy(display, v, strlen(v) + 1);
	return 0;
}

/* ---- structure ---------------------------------------------------------- */

const struct form_field *form_find(const struct form *f, const char *key)
{
	for (size_t s = 0; s < f->n_sections; s++)
		for (size_t i = 0; i < f->sections[s].n_fields; i++)
			if (f->sections[s].fields[i].key &&
			    !strcmp(f->sections[s].fields[i].key, key))
				return &f->sections[s].fields[i];
	return NULL;
}

size_t form_field_count(const struct form *f)
{
	size_t n = 0;

	for (size_t s = 0; s < f->n_sections; s++)
		n += f->sections[s].n_fields;
	return n;
}

static void field_clear(struct form_field *d)
{
	free(d->key);
	free(d->label);
	free(d->unit);
	for (size_t i = 0; i < d->n_options; i++)
		free(d->options[i]);
	free(d->options);
	free(d->help);
}

void form_clear(struct form *f)
{
	if (!f)
		return;
	for (size_t s = 0; s < f->n_sections; s++) {
		for (size_t i = 0; i < f->sections[s].n_fields; i++)
			field_clear(&f->sections[s].fields[i]);
		free(f->sections[s].fields);
		free(f->sections[s].title);
	}
	free(f->sections);
	memset(f, 0, sizeof *f);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void form_copy(struct form *dst, const struct form *src)
{
	memset(dst, 0, sizeof *dst);
	if (!src->n_sections)
		return;
	dst->n_sections = src->n_sections;
	dst->sections = xcalloc(src->n_sections, sizeof *dst->sections);
	for (size_t s = 0; s < src->n_sections; s++) {
		const struct form_section *a = &src->sections[s];
		struct form_section *b = &dst->sections[s];

		b->title = dup_or_null(a->title);
		b->n_fields = a->n_fields;
		b->fields = xcalloc(a->n_fields ? a->n_fields : 1, sizeof *b->fields);
		for (size_t i = 0; i < a->n_fields; i++) {
			const struct form_field *x = &a->fields[i];
			struct form_field *y = &b->fields[i];

			*y = *x;
			y->key = dup_or_null(x->key);
			y->label = dup_or_null(x->label);
			y->unit = dup_or_null(x->unit);
			y->help = dup_or_null(x->help);
			y->options = NULL;
			if (x->n_options) {
				y->options = xcalloc(x->n_options, sizeof *y->options);
				for (size_t k = 0; k < x->n_options; k++)
					y->options[k] = dup_or_null(x->options[k]);
			}
		}
	}
}

static bool same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

bool form_equal(const struct form *a, const struct form *b)
{
	if (a->n_sections != b->n_sections)
		return false;
	for (size_t s = 0; s < a->n_sections; s++) {
		const struct form_section *x = &a->sections[s], *y = &b->sections[s];

		if (!same_text(x->title, y->title) || x->n_fields != y->n_fields)
			return false;
		for (size_t i = 0; i < x->n_fields; i++) {
			const struct form_field *p = &x->fields[i], *q = &y->fields[i];

			if (!same_text(p->key, q->key) || !same_text(p->label, q->label) ||
			    p->type != q->type || p->required != q->required ||
			    !same_text(p->unit, q->unit) ||
			    !same_text(p->help, q->help) ||
			    p->has_min != q->has_min || p->has_max != q->has_max ||
			    (p->has_min && p->min != q->min) ||
			    (p->has_max && p->max != q->max) ||
			    p->max_len != q->max_len || p->n_options != q->n_options)
				return false;
			for (size_t k = 0; k < p->n_options; k++)
				if (!same_text(p->options[k], q->options[k]))
					return false;
		}
	}
	return true;
}
