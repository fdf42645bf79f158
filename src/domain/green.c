/*
 * green.c - the green channel's decision for a case and the checks of the
 * administrator's entries; see green.h.
 */
#include "domain/green.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "domain/day.h"
#include "domain/idcode.h"
#include "util/gh_err.h"
#include "util/utf8.h"

static int fail(char *why, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (cap > 0) {
		va_start(ap, fmt);
		vsnprintf(why, cap, fmt, ap);
		va_end(ap);
	}
	return GH_EINVAL;
}

bool green_key_valid_on(const struct green_key *key, int32_t day)
{
	return key && key->active && (key->valid_until == DAY_NONE ||
	    day <= key->valid_until);
}

int green_ratio_days(int promised_days, int pct)
{
	int64_t d;

	if (promised_days <= 0)
		return 0;
	if (pct < 1 || pct > 100)
		return promised_days;
	d = ((int64_t)promised_days * pct + 99) / 100;
	if (d < 1)
		d = 1;
	return d > promised_days ? promised_days : (int)d;
}

/* Appends the formatted text to buf (cap bytes); the caller scrubs the
 * whole at the end, so a cut in the middle of a character is mended. */
static void append(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t cap, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 1 >= cap)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, cap - n, fmt, ap);
	va_end(ap);
}

int green_decide(int promised_days, const struct green_item *item,
    const struct green_key *key, int32_t today, struct green_decision *out)
{
	char text[GREEN_REASON_MAX] = "";
	bool keyed = green_key_valid_on(key, today);
	int limit = promised_days, priority = PRIORITY_NORMAL;

	if (promised_days < 0 || (item && item->limit_days < 1))
		return GH_EINVAL;
	if (keyed) {
		priority = PRIORITY_KEY_APPLICANT;
		append(text, sizeof text, "重点项目“%s”(认定依据:%s",
		    key->project ? key->project : "",
		    key->basis ? key->basis : "");
		if (key->limit_ratio_pct >= 1 && key->limit_ratio_pct <= 100) {
			int d = green_ratio_days(promised_days, key->limit_ratio_pct);

			append(text, sizeof text, ",时限按承诺时限的%d%%计",
			    key->limit_ratio_pct);
			if (d < limit)
				limit = d;
		}
		append(text, sizeof text, ")");
	}
	if (item) {
		if (priority == PRIORITY_NORMAL)
			priority = PRIORITY_GREEN_ITEM;
		append(text, sizeof text, "%s绿色通道事项(依据:%s)",
		    keyed ? ";" : "", item->basis ? item->basis : "");
		if (item->limit_days < limit)
			limit = item->limit_days;
	}
	if (priority != PRIORITY_NORMAL) {
		if (limit < promised_days)
			append(text, sizeof text, ";承诺时限由%d个工作日缩短为%d个"
			    "工作日", promised_days, limit);
		else
			append(text, sizeof text, ";优先办理");
	}
	out->priority = priority;
	out->limit_days = limit;
	utf8_scrub(text, strlen(text), out->reason, sizeof out->reason);
	return 0;
}

const char *green_priority_name(int priority)
{
	switch (priority) {
	case PRIORITY_NORMAL: return "normal";
	case PRIORITY_GREEN_ITEM: return "green_item";
	case PRIORITY_KEY_APPLICANT: return "key_applicant";
	default: return NULL;
	}
}

const char *green_priority_label(int priority)
{
	switch (priority) {
	case PRIORITY_NORMAL: return "普通";
	case PRIORITY_GREEN_ITEM: return "绿色通道事项";
	case PRIORITY_KEY_APPLICANT: return "重点项目";
	default: return "";
	}
}

/* ---- checks ---------------------------------------------------------------- */

int green_check_item_limit(int promised_days, int64_t limit_days, char *why,
    size_t cap)
{
	if (promised_days < 1)
		return fail(why, cap, "即办件当场办结,没有可以缩短的承诺时限,"
		    "不能设置绿色通道时限");
	if (limit_days < 1 || limit_days > promised_days)
		return fail(why, cap, "绿色通道承诺时限应为1到%d个工作日(不超过"
		    "事项的承诺时限)", promised_days);
	return 0;
}

int green_check_ratio(int64_t pct, char *why, size_t cap)
{
	if (pct < 1 || pct > 100)
		return fail(why, cap, "时限比例应为1到100(百分比,如50表示承诺时限"
		    "的一半)");
	return 0;
}

int green_check_valid_until(int32_t valid_until, int32_t today, char *why,
    size_t cap)
{
	char d[11];

	if (valid_until == DAY_NONE || valid_until >= today)
		return 0;
	day_format_iso(today, d);
	return fail(why, cap, "有效期至不能早于今天(%s)", d);
}

int green_check_id_number(const char *s, int32_t today, bool *is_person,
    char *why, size_t cap)
{
	char person[160], credit[160];
	size_t n = strlen(s), chars = utf8_count(s, n);

	if (!idcode_check_person_on(s, today, person, sizeof person)) {
		*is_person = true;
		return 0;
	}
	if (!idcode_check_credit(s, credit, sizeof credit)) {
		*is_person = false;
		return 0;
	}
	if (n != 18)
		return fail(why, cap, "证件号码应为18位居民身份证号码或统一社会信用"
		    "代码(现为%zu位)", chars == (size_t)-1 ? n : chars);
	/* 17 digits first: meant as an ID number, say what is wrong with it */
	return fail(why, cap, "证件号码应为18位居民身份证号码或统一社会信用代码:"
	    "%s", strspn(s, "0123456789") >= 17 ? person : credit);
}

/* Whether s is only white space: ASCII, or the ideographic space. */
static bool blank(const char *s)
{
	while (*s) {
		if (!strncmp(s, "\xe3\x80\x80", 3))
			s += 3;
		else if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else
			return false;
	}
	return true;
}

int green_check_text(const char *s, size_t max_chars, const char *what,
    char *why, size_t cap)
{
	size_t n;

	if (!s || blank(s))
		return fail(why, cap, "请填写%s", what);
	n = utf8_count(s, strlen(s));
	if (n == (size_t)-1)
		return fail(why, cap, "%s含有非法字符", what);
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return fail(why, cap, "%s应为一行文字,不能含有换行或控制字符",
			    what);
	if (n > max_chars)
		return fail(why, cap, "%s不能超过%zu个字", what, max_chars);
	return 0;
}
