/*
 * common.c - helpers shared by the resource handlers: the calendar cache,
 * page and field readers, audit records.  See api.h.
 */
#include "api/api.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/day.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

/* ---- calendar cache ------------------------------------------------------ */

#define CAL_CACHE_MAX 32

struct cal_ref {
	int64_t region_id;
	int64_t version;
	calendar *cal;
	int refs;        /* the cache's own reference counts as one */
};

static pthread_mutex_t cal_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cal_ref *cal_cache[CAL_CACHE_MAX];

const calendar *cal_ref_get(const struct cal_ref *ref)
{
	return ref->cal;
}

static void ref_drop_locked(struct cal_ref *ref)
{
	if (--ref->refs == 0) {
		calendar_free(ref->cal);
		free(ref);
	}
}

void cal_ref_release(struct cal_ref *ref)
{
	if (!ref)
		return;
	pthread_mutex_lock(&cal_lock);
	ref_drop_locked(ref);
	pthread_mutex_unlock(&cal_lock);
}

void calendar_cache_clear(void)
{
	pthread_mutex_lock(&cal_lock);
	for (int i = 0; i < CAL_CACHE_MAX; i++) {
		if (cal_cache[i]) {
			ref_drop_locked(cal_cache[i]);
			cal_cache[i] = NULL;
		}
	}
	pthread_mutex_unlock(&cal_lock);
}

int calendar_load(store *st, int64_t region_id, struct cal_ref **out)
{
	struct cal_entry *entries = NULL;
	struct cal_ref *ref = NULL;
	int64_t version;
	size_t n = 0;
	int err, slot = -1;

	if ((err = store_calendar_version(st, &version)))
		return err;
	pthread_mutex_lock(&cal_lock);
	for (int i = 0; i < CAL_CACHE_MAX; i++) {
		struct cal_ref *r = cal_cache[i];

		if (r && r->region_id == region_id) {
			if (r->version == version) {
				r->refs++;
				pthread_mutex_unlock(&cal_lock);
				*out = r;
				return 0;
			}
			cal_cache[i] = NULL;  /* stale: another change landed */
			ref_drop_locked(r);
		}
		if (!cal_cache[i] && slot < 0)
			slot = i;
	}
	pthread_mutex_unlock(&cal_lock);

	if ((err = store_calendar_entries(st, region_id, &entries, &n)))
		return err;
	ref = xcalloc(1, sizeof *ref);
	ref->region_id = region_id;
	ref->version = version;
	ref->refs = 1;
	err = calendar_new(entries, n, &ref->cal);
	store_calendar_entries_free(entries, n);
	if (err) {
		free(ref);
		return err;
	}
	pthread_mutex_lock(&cal_lock);
	if (slot < 0 || cal_cache[slot])
		for (slot = 0; slot < CAL_CACHE_MAX && cal_cache[slot]; slot++)
			;
	if (slot < CAL_CACHE_MAX) {
		cal_cache[slot] = ref;
		ref->refs++;
	}
	pthread_mutex_unlock(&cal_lock);
	*out = ref;
	return 0;
}

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

/* ---- audit and JSON ------------------------------------------------------ */

static int audit_from(store *st, int64_t now, int64_t actor_id,
    const char *actor_name, int role, const char *action,
    const char *object_type, const char *object_id, json_t *before,
    json_t *after, const char *addr)
{
	char *b = json_dumps(before ? before : json_null(),
	    JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	char *a = json_dumps(after ? after : json_null(),
	    JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	struct audit_rec rec = {
		.at = now, .actor_id = actor_id, .actor_name = actor_name,
		.role = role, .action = action, .object_type = object_type,
		.object_id = object_id, .before = b, .after = a, .addr = addr,
	};
	int err = store_audit_append(st, &rec);

	free(b);
	free(a);
	json_decref(before);
	json_decref(after);
	return err;
}

int audit_as(store *st, int64_t now, int64_t actor_id, const char *actor_name,
    int role, const char *action, const char *object_type,
    const char *object_id, json_t *before, json_t *after)
{
	return audit_from(st, now, actor_id, actor_name, role, action,
	    object_type, object_id, before, after, NULL);
}

int api_audit(struct http_req *req, const char *action,
    const char *object_type, const char *object_id, json_t *before,
    json_t *after)
{
	return audit_from(req->st, req->now, req->authed ? req->user.id : 0,
	    req->authed ? req->user.name : "系统",
	    req->authed ? req->user.role : 0, action, object_type, object_id,
	    before, after, req->client_addr);
}

bool api_commit_reply(struct http_req *req, const char *action,
    const char *object_type, const char *object_id, json_t *before,
    json_t *after, int status, json_t **reply)
{
	if (!api_ok(req, api_audit(req, action, object_type, object_id, before,
	    after)) || !api_ok(req, store_commit(req->st)))
		return false;
	http_reply_json(req, status, *reply);
	*reply = NULL;
	return true;
}

json_t *json_day(int32_t day)
{
	char iso[11];

	if (day == DAY_NONE)
		return json_null();
	day_format_iso(day, iso);
	return json_string(iso);
}
