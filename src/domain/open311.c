/*
 * open311.c - the services, attributes, argument checks, status and
 * date-times of govhall's Open311 GeoReport v2 interface (open311.h).
 */
#include "domain/open311.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "domain/day.h"
#include "util/gh_err.h"
#include "util/utf8.h"

static const struct open311_service services[] = {
	{"attitude", "服务态度", "窗口或审批人员服务态度生硬、推诿、刁难群众",
	    "态度,推诿,刁难,冷硬横推", "效能投诉"},
	{"efficiency", "办事效率", "超时限办理、无故拖延、多次跑腿、一次性告知不到位",
	    "超时,拖延,跑腿,一次性告知", "效能投诉"},
	{"fees", "收费问题", "超标准收费、无依据收费、只收费不服务",
	    "收费,乱收费,超标准", "效能投诉"},
	{"discipline", "工作纪律", "迟到早退、擅离岗位、上班时间做与工作无关的事",
	    "纪律,脱岗,迟到,早退", "效能投诉"},
	{"corruption", "廉政问题线索", "索拿卡要、吃拿卡要、利用职权谋取私利等问题线索",
	    "廉政,索要,吃拿卡要,线索", "效能投诉"},
	{"other", "其他", "其他涉及政务服务效能的投诉与意见建议", "其他,建议",
	    "效能投诉"},
};

const struct open311_service *open311_services(size_t *n)
{
	*n = sizeof services / sizeof services[0];
	return services;
}

const struct open311_service *open311_service_find(const char *code)
{
	for (size_t i = 0; code && i < sizeof services / sizeof services[0]; i++)
		if (!strcmp(services[i].code, code))
			return &services[i];
	return NULL;
}

static const struct open311_attr attrs[] = {
	{"title", "string", false, "投诉标题(不填则取内容开头)", "不超过60个字",
	    OPEN311_VALUES_NONE, 60},
	{"dept", "singlevaluelist", false, "被投诉单位(部门)", "部门编号,见取值列表",
	    OPEN311_VALUES_DEPARTMENTS, 0},
	{"case_query_code", "string", false, "所投诉办件的查询码(如有)",
	    "办件受理通知书上的查询码", OPEN311_VALUES_NONE, 15},
	{"disclose_identity", "singlevaluelist", false,
	    "是否同意向被投诉单位公开投诉人身份", "yes 同意,no 不同意(默认)",
	    OPEN311_VALUES_YES_NO, 0},
};

const struct open311_attr *open311_attrs(size_t *n)
{
	*n = sizeof attrs / sizeof attrs[0];
	return attrs;
}

const struct open311_attr *open311_attr_find(const char *code)
{
	for (size_t i = 0; code && i < sizeof attrs / sizeof attrs[0]; i++)
		if (!strcmp(attrs[i].code, code))
			return &attrs[i];
	return NULL;
}

/* ---- argument checks ----------------------------------------------------- */

struct arg {
	const char *name;
	size_t off;        /* offsetof the field in struct open311_post */
	size_t max_chars;
	bool multiline;
};

#define ARG(n, f, m, ml) {n, offsetof(struct open311_post, f), m, ml}
static const struct arg args[] = {
	ARG("api_key", api_key, 128, false),
	ARG("jurisdiction_id", jurisdiction_id, 100, false),
	ARG("service_code", service_code, 64, false),
	ARG("description", description, OPEN311_DESCRIPTION_MAX, true),
	ARG("first_name", first_name, 30, false),
	ARG("last_name", last_name, 30, false),
	ARG("email", email, 100, false),
	ARG("phone", phone, 20, false),
	ARG("lat", lat, 20, false),
	ARG("long", lon, 20, false),
	ARG("address_string", address_string, 200, false),
	ARG("address_id", address_id, 64, false),
	ARG("device_id", device_id, 64, false),
	ARG("account_id", account_id, 64, false),
	ARG("media_url", media_url, 500, false),
};

static int fail(char *why, size_t cap, char *field, size_t field_cap,
    const char *name, const char *msg)
{
	snprintf(why, cap, "%s", msg);
	snprintf(field, field_cap, "%s", name);
	return GH_EINVAL;
}

/* Whether s is UTF-8 of at most max_chars characters with no control
 * character (line breaks and tabs too when multiline). */
static int text_check(const char *s, size_t max_chars, bool multiline)
{
	size_t len = strlen(s), chars = 0;
	uint32_t cp;

	for (size_t i = 0, j; i < len; i = j, chars++) {
		if (!(j = utf8_next(s, len, i, &cp)))
			return 1;
		if ((cp < 0x20 || cp == 0x7f) && !(multiline && (cp == '\n' ||
		    cp == '\r' || cp == '\t')))
			return 2;
	}
	return chars > max_chars ? 3 : 0;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');

	if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.'))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' ||
		    *p == ',' || *p == ';' || (unsigned char)*p >= 0x7f)
			return false;
	return at[1] != '.' && s[strlen(s) - 1] != '.';
}

static bool phone_ok(const char *s)
{
	int digits = 0;

	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!(*p == '+' && p == s) && *p != '-' && *p != ' ')
			return false;
	}
	return digits >= 5 && digits <= 15;
}

/* A decimal degree within [-limit, limit]: digits, one optional point, an
 * optional leading sign; no exponent, no "nan". */
static bool degree_ok(const char *s, int limit)
{
	int whole = 0, digits = 0, frac = 0;
	bool point = false, nonzero_frac = false;
	const char *p = s;

	if (*p == '-' || *p == '+')
		p++;
	for (; *p; p++) {
		if (*p == '.' && !point) {
			point = true;
		} else if (*p >= '0' && *p <= '9') {
			if (point) {
				frac++;
				nonzero_frac |= *p != '0';
			} else if (++digits > 3) {
				return false;
			} else {
				whole = whole * 10 + (*p - '0');
			}
		} else {
			return false;
		}
	}
	if (!digits || (point && !frac) || frac > 12)
		return false;
	return whole < limit || (whole == limit && !nonzero_frac);
}

static bool url_ok(const char *s)
{
	if (strncmp(s, "http://", 7) && strncmp(s, "https://", 8))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    *p == '"' || *p == '<' || *p == '>')
			return false;
	return strlen(s) > 8 + (s[4] == 's');
}

static bool positive_int(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 18 || s[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int attr_arg(const char *name, const char **code_out)
{
	size_t n = strlen(name);

	if (strncmp(name, "attribute[", 10) || n < 12 || name[n - 1] != ']')
		return 0;
	*code_out = name + 10;
	return (int)(n - 11);
}

int open311_post_parse(const struct open311_kv *kv, size_t n,
    struct open311_post *out, char *why, size_t cap, char *field,
    size_t field_cap)
{
	struct open311_post p;
	char msg[200];

	memset(&p, 0, sizeof p);
	for (size_t i = 0; i < n; i++) {
		const char *code;
		int code_len = attr_arg(kv[i].name, &code);
		bool known = false;

		if (code_len) {
			for (size_t a = 0; a < sizeof attrs / sizeof attrs[0]; a++) {
				if ((size_t)code_len != strlen(attrs[a].code) ||
				    strncmp(attrs[a].code, code, (size_t)code_len))
					continue;
				p.attr[a] = kv[i].value;
				known = true;
			}
			if (!known)
				return fail(why, cap, field, field_cap, kv[i].name,
				    "服务没有这一属性(attribute),请按服务定义填写");
			continue;
		}
		for (size_t a = 0; a < sizeof args / sizeof args[0]; a++)
			if (!strcmp(args[a].name, kv[i].name))
				*(const char **)((char *)&p + args[a].off) = kv[i].value;
	}
	for (size_t a = 0; a < sizeof args / sizeof args[0]; a++) {
		const char *v = *(const char **)((char *)&p + args[a].off);
		int bad = v ? text_check(v, args[a].max_chars, args[a].multiline) : 0;

		if (bad) {
			snprintf(msg, sizeof msg, bad == 3 ? "%s不能超过%zu个字" :
			    "%s含有不可见的控制字符或不是UTF-8文本", args[a].name,
			    args[a].max_chars);
			return fail(why, cap, field, field_cap, args[a].name, msg);
		}
		/* an empty optional argument is the same as an absent one */
		if (v && !*v)
			*(const char **)((char *)&p + args[a].off) = NULL;
	}
	if (!p.service_code)
		return fail(why, cap, field, field_cap, "service_code",
		    "缺少service_code(服务代码)");
	if (!open311_service_find(p.service_code))
		return fail(why, cap, field, field_cap, "service_code",
		    "service_code不存在,请先查询services列表");
	if (!p.description || blank(p.description))
		return fail(why, cap, field, field_cap, "description",
		    "缺少description(投诉内容)");
	if (p.email && !email_ok(p.email))
		return fail(why, cap, field, field_cap, "email",
		    "电子邮箱格式不正确");
	if (p.phone && !phone_ok(p.phone))
		return fail(why, cap, field, field_cap, "phone",
		    "联系电话格式不正确,应为5到15位数字");
	if (!p.email && !p.phone)
		return fail(why, cap, field, field_cap, "phone",
		    "投诉须留下联系电话(phone)或电子邮箱(email),以便告知办理结果");
	if (!p.lat != !p.lon)
		return fail(why, cap, field, field_cap, p.lat ? "long" : "lat",
		    "lat与long须同时提供");
	if (p.lat && !degree_ok(p.lat, 90))
		return fail(why, cap, field, field_cap, "lat",
		    "lat应为-90到90之间的十进制纬度");
	if (p.lon && !degree_ok(p.lon, 180))
		return fail(why, cap, field, field_cap, "long",
		    "long应为-180到180之间的十进制经度");
	if (p.media_url && !url_ok(p.media_url))
		return fail(why, cap, field, field_cap, "media_url",
		    "media_url应为http或https地址");
	for (size_t a = 0; a < sizeof attrs / sizeof attrs[0]; a++) {
		const char *v = p.attr[a];
		char name[48];
		int bad;

		if (v && !*v)
			v = p.attr[a] = NULL;
		if (!v)
			continue;
		snprintf(name, sizeof name, "attribute[%s]", attrs[a].code);
		switch (attrs[a].values) {
		case OPEN311_VALUES_YES_NO:
			if (strcmp(v, "yes") && strcmp(v, "no"))
				return fail(why, cap, field, field_cap, name,
				    "取值应为yes或no");
			break;
		case OPEN311_VALUES_DEPARTMENTS:
			if (!positive_int(v))
				return fail(why, cap, field, field_cap, name,
				    "取值应为服务定义中列出的部门编号");
			break;
		default:
			bad = text_check(v, attrs[a].max_chars, false);
			if (bad) {
				snprintf(msg, sizeof msg, bad == 3 ? "不能超过%zu个字" :
				    "含有不可见的控制字符或不是UTF-8文本",
				    attrs[a].max_chars);
				return fail(why, cap, field, field_cap, name, msg);
			}
		}
	}
	*out = p;
	return 0;
}

/* ---- status -------------------------------------------------------------- */

const char *open311_status(const char *complaint_state)
{
	static const char *const closed[] = {"rejected", "reported", "archived"};

	for (size_t i = 0; complaint_state && i < 3; i++)
		if (!strcmp(complaint_state, closed[i]))
			return "closed";
	return "open";
}

bool open311_status_valid(const char *status)
{
	return status && (!strcmp(status, "open") || !strcmp(status, "closed"));
}

/* ---- date-times ---------------------------------------------------------- */

void open311_time_format(int64_t t, long gmtoff_s, char out[32])
{
	int64_t local = t + gmtoff_s, secs;
	int32_t day;
	int y, mo, d;
	/* a real offset is within a day; clamp what is not */
	int off = (int)((gmtoff_s < 0 ? -gmtoff_s : gmtoff_s) % 86400);

	day = (int32_t)(local >= 0 ? local / 86400 : -((-local + 86399) / 86400));
	secs = local - (int64_t)day * 86400;
	day_to_ymd(day, &y, &mo, &d);
	if (!gmtoff_s)
		snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y % 10000,
		    mo % 100, d % 100,
		    (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	else
		snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		    y % 10000, mo % 100, d % 100, (int)(secs / 3600),
		    (int)(secs / 60 % 60), (int)(secs % 60),
		    gmtoff_s < 0 ? '-' : '+', off / 3600, off / 60 % 60);
}

/* n digits at s into *v; false unless all are digits. */
static bool digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

int open311_time_parse(const char *s, long gmtoff_s, int64_t *out)
{
	char date[11];
	int32_t day;
	int h = 0, mi = 0, sec = 0, oh, om;
	long off = gmtoff_s;
	const char *p;

	if (!s || strlen(s) < 10)
		return GH_EINVAL;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (day_parse_iso(date, &day))
		return GH_EINVAL;
	p = s + 10;
	if (*p == 'T') {
		if (!digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi) ||
		    h > 23 || mi > 59)
			return GH_EINVAL;
		p += 6;
		if (*p == ':') {
			if (!digits(p + 1, 2, &sec) || sec > 59)
				return GH_EINVAL;
			p += 3;
			if (*p == '.') {
				int n = 0;

				for (p++; *p >= '0' && *p <= '9' && n < 9; p++)
					n++;
				if (!n)
					return GH_EINVAL;
			}
		}
		if (*p == 'Z') {
			off = 0;
			p++;
		} else if (*p == '+' || *p == '-') {
			if (!digits(p + 1, 2, &oh) || p[3] != ':' ||
			    !digits(p + 4, 2, &om) || oh > 14 || om > 59)
				return GH_EINVAL;
			off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
			p += 6;
		}
	}
	if (*p)
		return GH_EINVAL;
	*out = (int64_t)day * 86400 + h * 3600 + mi * 60 + sec - off;
	return 0;
}
