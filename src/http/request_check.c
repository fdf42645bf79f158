/*
 * request_check.c - see request_check.h.
 */
#include "http/request_check.h"

#include <stdio.h>
#include <string.h>

#include "util/gh_err.h"
#include "util/utf8.h"

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int refuse(char *why, size_t cap, const char *reason)
{
	if (cap)
		snprintf(why, cap, "%s", reason);
	return GH_EINVAL;
}

/* Decodes s[0..len) (percent escapes; '+' as space when plus_space) into
 * out (cap bytes) and checks the result.  Returns 0 or GH_EINVAL. */
static int check_part(const char *s, size_t len, bool plus_space, char *out,
    size_t cap, const char *what, char *why, size_t why_cap)
{
	size_t o = 0;
	char msg[128];

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			int hi, lo;

			if (i + 2 >= len)
				goto bad_escape;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				goto bad_escape;
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		if (o == cap) {
			snprintf(msg, sizeof msg, "请求%s过长", what);
			return refuse(why, why_cap, msg);
		}
		out[o++] = (char)c;
	}
	for (size_t i = 0; i < o; i++) {
		unsigned char c = (unsigned char)out[i];

		if (c < 0x20 || c == 0x7F) {
			snprintf(msg, sizeof msg, "请求%s含有控制字符", what);
			return refuse(why, why_cap, msg);
		}
	}
	if (!utf8_valid(out, o)) {
		snprintf(msg, sizeof msg, "请求%s不是合法的UTF-8编码", what);
		return refuse(why, why_cap, msg);
	}
	return 0;
bad_escape:
	snprintf(msg, sizeof msg, "请求%s含有不完整的百分号编码", what);
	return refuse(why, why_cap, msg);
}

int http_check_target(const char *raw, size_t len, char *why, size_t cap)
{
	char buf[HTTP_PATH_MAX > HTTP_QVALUE_MAX ? HTTP_PATH_MAX :
	    HTTP_QVALUE_MAX];
	const char *q, *end = raw + len;
	int err, nargs = 0;

	if (len > HTTP_TARGET_MAX)
		return refuse(why, cap, "请求地址过长");
	if (!len || raw[0] != '/')
		return refuse(why, cap, "请求地址应以“/”开头");
	q = memchr(raw, '?', len);
	if ((err = check_part(raw, (size_t)((q ? q : end) - raw), false, buf,
	    HTTP_PATH_MAX, "路径", why, cap)))
		return err;
	if (!q)
		return 0;
	for (const char *a = q + 1; a < end;) {
		const char *amp = memchr(a, '&', (size_t)(end - a));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(a, '=', (size_t)(stop - a));

		if (stop > a) {
			if (++nargs > HTTP_QARGS_MAX)
				return refuse(why, cap, "查询参数过多");
			if ((err = check_part(a, (size_t)((eq ? eq : stop) - a),
			    true, buf, HTTP_QVALUE_MAX, "参数名", why, cap)))
				return err;
			if (eq && (err = check_part(eq + 1,
			    (size_t)(stop - eq - 1), true, buf,
			    HTTP_QVALUE_MAX, "参数值", why, cap)))
				return err;
		}
		a = stop + (amp ? 1 : 0);
		if (!amp)
			break;
	}
	return 0;
}

int http_check_header(const char *name, size_t name_len, const char *value,
    size_t value_len, char *why, size_t cap)
{
	if (!name || strlen(name) != name_len || !value ||
	    strlen(value) != value_len)
		return refuse(why, cap, "请求头含有NUL字节");
	for (size_t i = 0; i < name_len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c <= 0x20 || c >= 0x7F || c == ':')
			return refuse(why, cap, "请求头名称含有非法字符");
	}
	for (size_t i = 0; i < value_len; i++) {
		unsigned char c = (unsigned char)value[i];

		if ((c < 0x20 && c != '\t') || c == 0x7F)
			return refuse(why, cap, "请求头含有控制字符");
	}
	return 0;
}
