/*
 * common.c - helpers shared by the resource handlers: the request's actor,
 * answering a service's error, page and field readers, audit records.
 * See api.h.
 */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/day.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

/* ---- the actor and service errors ---------------------------------------- */

struct svc_actor api_actor(const struct http_req *req)
{
	struct svc_actor who = {
		.id = req->authed ? req->user.id : 0,
		.name = req->authed ? req->user.name : "系统",
		.role = req->authed ? req->user.role : 0,
		.dept_id = req->authed ? req->user.dept_id : 0,
		.window_id = req->authed ? req->user.window_id : 0,
		.addr = req->client_addr, .now = req->now, .today = req->today,
	};

	return who;
}

void api_reply_svc_err(struct http_req *req, struct svc_err *e)
{
	http_reply_error(req, e->err, e->extra, "%s", e->msg);
	e->extra = NULL;
}

/* ---- calendars ------------------------------------------------------------ */

struct cal_ref *api_calendar(struct http_req *req, int64_t region_id)
{
	struct cal_ref *ref;
	int err = calendar_load(req->st, region_id, &ref);

	if (err) {
		http_reply_error(req, err, NULL, "无法加载工作日历");
		return NULL;
	}
	return ref;
}

/* ---- request readers ----------------------------------------------------- */

bool api_ok(struct http_req *req, int err)
{
	if (!err)
		return true;
	http_reply_error(req, err, NULL, NULL);
	return false;
}

bool api_query_int(struct http_req *req, const char *name, int64_t dflt,
    int64_t *out)
{
	const char *v = http_query(req, name);
	char *end;
	long long n;

	if (!v || !*v) {
		*out = dflt;
		return true;
	}
	n = strtoll(v, &end, 10);
	if (*end || end == v) {
		http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field", name),
		    "参数%s应为整数", name);
		return false;
	}
	*out = n;
	return true;
}

bool api_period(struct http_req *req, int32_t dflt_from, int32_t *from,
    int32_t *to)
{
	const char *f = http_query(req, "from"), *t = http_query(req, "to");

	*from = dflt_from;
	*to = req->today;
	if ((f && *f && day_parse_iso(f, from)) || (t && *t &&
	    day_parse_iso(t, to)) || *to < *from) {
		http_reply_error(req, GH_EINVAL, NULL,
		    "from和to应为YYYY-MM-DD格式的日期,且from不晚于to");
		return false;
	}
	return true;
}

bool api_page(struct http_req *req, int *page, int *per_page)
{
	int64_t p, pp;

	if (!api_query_int(req, "page", 1, &p) ||
	    !api_query_int(req, "per_page", 20, &pp))
		return false;
	if (p < 1 || p > 1000000 || pp < 1 || pp > 200) {
		http_reply_error(req, GH_EINVAL, NULL,
		    "page应不小于1,per_page应在1到200之间");
		return false;
	}
	*page = (int)p;
	*per_page = (int)pp;
	return true;
}

bool api_param_id(struct http_req *req, int idx, int64_t *out)
{
	const char *v = req->params[idx];
	char *end;
	long long n = strtoll(v, &end, 10);

	if (*end || end == v || n <= 0) {
		http_reply_error(req, GH_ENOTFOUND, NULL, "编号%s不存在", v);
		return false;
	}
	*out = n;
	return true;
}

static bool field_error(struct http_req *req, int err, const char *key,
    const char *msg)
{
	http_reply_error(req, err, json_pack("{s:s}", "field", key), "字段%s%s",
	    key, msg);
	return false;
}

bool api_str(struct http_req *req, json_t *body, const char *key,
    bool required, size_t max_bytes, const char **out)
{
	json_t *v = json_object_get(body, key);

	if (!v || json_is_null(v)) {
		*out = NULL;
		if (required)
			return field_error(req, GH_EUNPROCESSABLE, key, "为必填项");
		return true;
	}
	if (!json_is_string(v))
		return field_error(req, GH_EINVAL, key, "应为字符串");
	if (json_string_length(v) > max_bytes ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return field_error(req, GH_EUNPROCESSABLE, key, "过长或含有非法字符");
	*out = json_string_value(v);
	if (required && !**out)
		return field_error(req, GH_EUNPROCESSABLE, key, "不能为空");
	return true;
}

bool api_int(struct http_req *req, json_t *body, const char *key,
    bool required, int64_t min, int64_t max, int64_t *out)
{
	json_t *v = json_object_get(body, key);

	if (!v || json_is_null(v)) {
		if (required)
			return field_error(req, GH_EUNPROCESSABLE, key, "为必填项");
		return true;
	}
	if (!json_is_integer(v))
		return field_error(req, GH_EINVAL, key, "应为整数");
	if (json_integer_value(v) < min || json_integer_value(v) > max) {
		http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}",
		    "field", key), "字段%s应在%lld到%lld之间", key,
		    (long long)min, (long long)max);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

bool api_str_array(struct http_req *req, json_t *body, const char *key,
    bool required, size_t max_items, const char ***out, size_t *n)
{
	json_t *v = json_object_get(body, key), *e;
	const char **arr;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!v || json_is_null(v)) {
		if (required)
			return field_error(req, GH_EUNPROCESSABLE, key, "为必填项");
		return true;
	}
	if (!json_is_array(v))
		return field_error(req, GH_EINVAL, key, "应为字符串数组");
	if (json_array_size(v) > max_items)
		return field_error(req, GH_EUNPROCESSABLE, key, "项数过多");
	json_array_foreach(v, i, e) {
		if (!json_is_string(e))
			return field_error(req, GH_EINVAL, key, "应为字符串数组");
		if (!json_string_length(e) || json_string_length(e) > 200 ||
		    strlen(json_string_value(e)) != json_string_length(e))
			return field_error(req, GH_EUNPROCESSABLE, key,
			    "含有空的或过长的名称");
	}
	if (required && json_array_size(v) == 0)
		return field_error(req, GH_EUNPROCESSABLE, key, "不能为空");
	arr = xcalloc(json_array_size(v) + 1, sizeof *arr);
	json_array_foreach(v, i, e)
		arr[i] = json_string_value(e);
	*out = arr;
	*n = json_array_size(v);
	return true;
}

/* Login CSRF: a write by nobody logged in (a login, a registration) must
 * be JSON - a cross-site form can send only text/plain, urlencoded or
 * multipart without a preflight - and, when the browser names its
 * origin, come from this site. */
bool api_anonymous_write_ok(struct http_req *req)
{
	const char *ct = http_header(req, "Content-Type");

	if (!ct || strncasecmp(ct, "application/json", 16) ||
	    (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
		http_reply_error(req, GH_EMEDIA, NULL, NULL);
		return false;
	}
	if (!http_same_origin(req)) {
		http_reply_error(req, GH_EFORBIDDEN, NULL,
		    "拒绝来自其他网站的请求");
		return false;
	}
	return true;
}
