/*
 * open311.c - Open311 GeoReport v2 over the complaint desk (open311.h):
 * the clients and their keys, the services, filing and following
 * requests.  A key is 32 random bytes in hex behind the prefix "gh311_";
 * only its BLAKE2b hash is stored, so a stolen database files nothing.
 */
#include "service/open311.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/complaint.h"
#include "domain/day.h"
#include "domain/setting_def.h"
#include "service/audit.h"
#include "service/complaints.h"
#include "util/gh_err.h"
#include "util/utf8.h"

#define KEY_PREFIX "gh311_"
#define KEY_RAW 32
#define KEY_TEXT (sizeof KEY_PREFIX - 1 + 2 * KEY_RAW)

/* GeoReport's cap on one answer, and its default window of days. */
#define REQUESTS_MAX 1000
#define DEFAULT_DAYS 90

static int fail_rollback(store *st, int err)
{
	store_rollback(st);
	return err;
}

static void key_hash(const char *key, unsigned char out[STORE_OPEN311_KEY_HASH_LEN])
{
	crypto_generichash(out, STORE_OPEN311_KEY_HASH_LEN,
	    (const unsigned char *)key, strlen(key), NULL, 0);
}

static size_t chars(const char *s)
{
	return s ? utf8_count(s, strlen(s)) : 0;
}

/* Whether s is one line of text: UTF-8 with no control character. */
static bool one_line(const char *s)
{
	size_t len = strlen(s);
	uint32_t cp;

	for (size_t i = 0, j; i < len; i = j) {
		if (!(j = utf8_next(s, len, i, &cp)) || cp < 0x20 || cp == 0x7f)
			return false;
	}
	return true;
}

/* ---- clients ------------------------------------------------------------- */

int open311_client_create(store *st, const struct svc_actor *who,
    const char *name, const char *contact, json_t **out, struct svc_err *e)
{
	unsigned char raw[KEY_RAW], hash[STORE_OPEN311_KEY_HASH_LEN];
	char key[KEY_TEXT + 1], prefix[16], sid[24];
	int64_t id = 0;
	int err;

	if (!name || chars(name) < 2 || chars(name) > 60 || !one_line(name))
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "name"), "客户端名称应为2到60个字的一行文字");
	if (contact && (chars(contact) > 100 || !one_line(contact)))
		return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "contact"), "联系方式不能超过100个字");
	randombytes_buf(raw, sizeof raw);
	memcpy(key, KEY_PREFIX, sizeof KEY_PREFIX - 1);
	sodium_bin2hex(key + sizeof KEY_PREFIX - 1, 2 * KEY_RAW + 1, raw,
	    sizeof raw);
	sodium_memzero(raw, sizeof raw);
	key_hash(key, hash);
	snprintf(prefix, sizeof prefix, "%.10s", key);
	if ((err = svc_check(e, store_begin(st))))
		goto out;
	if ((err = store_open311_client_add(st, name, contact, hash, prefix,
	    who->id, who->now, &id)))
		goto fail;
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if ((err = audit_actor(st, who, "open311.client.create",
	    "open311_client", sid, NULL, json_pack("{s:s,s:s,s:s}", "name", name,
	    "contact", contact ? contact : "", "key_prefix", prefix))))
		goto fail;
	if ((err = svc_check(e, store_commit(st))))
		goto fail;
	*out = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I}", "id", (json_int_t)id,
	    "name", name, "contact", contact ? contact : "", "key_prefix", prefix,
	    "api_key", key, "created_at", (json_int_t)who->now);
	err = 0;
	goto out;
fail:
	if (!e->err)
		svc_fail(e, err, NULL, NULL);
	store_rollback(st);
out:
	sodium_memzero(key, sizeof key);
	return err;
}

int open311_client_revoke(store *st, const struct svc_actor *who, int64_t id,
    json_t **out, struct svc_err *e)
{
	struct open311_client_rec c;
	char sid[24];
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	err = store_open311_client_get(st, id, &c);
	if (err == GH_ENOTFOUND)
		return fail_rollback(st, svc_fail(e, err, NULL,
		    "Open311客户端%lld不存在", (long long)id));
	if (err)
		return fail_rollback(st, svc_fail(e, err, NULL, NULL));
	err = store_open311_client_revoke(st, id, who->id, who->now);
	if (err == GH_ECONFLICT)
		return fail_rollback(st, svc_fail(e, err, NULL,
		    "客户端“%s”的密钥已经停用", c.name));
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (err || (err = audit_actor(st, who, "open311.client.revoke",
	    "open311_client", sid, NULL, json_pack("{s:s}", "name", c.name))) ||
	    (err = store_commit(st)))
		return fail_rollback(st, svc_fail(e, err, NULL, NULL));
	*out = json_pack("{s:I,s:s,s:I}", "id", (json_int_t)id, "name", c.name,
	    "revoked_at", (json_int_t)who->now);
	return 0;
}

int open311_clients_list(store *st, json_t **out, struct svc_err *e)
{
	json_t *rows;
	int err = store_open311_clients_json(st, &rows);

	if (err)
		return svc_fail(e, err, NULL, NULL);
	*out = json_pack("{s:I,s:o}", "total", (json_int_t)json_array_size(rows),
	    "data", rows);
	return 0;
}

/* The active client of key, or 403. */
static int client_of_key(store *st, const char *key,
    struct open311_client_rec *c, struct svc_err *e)
{
	unsigned char hash[STORE_OPEN311_KEY_HASH_LEN];
	int err;

	if (!key || !*key)
		return svc_fail(e, GH_EFORBIDDEN, json_pack("{s:s}", "field",
		    "api_key"), "缺少api_key:提交诉求须使用服务中心发放的接口密钥");
	if (strlen(key) != KEY_TEXT || strncmp(key, KEY_PREFIX,
	    sizeof KEY_PREFIX - 1))
		return svc_fail(e, GH_EFORBIDDEN, json_pack("{s:s}", "field",
		    "api_key"), "api_key无效");
	key_hash(key, hash);
	err = store_open311_client_by_hash(st, hash, c);
	if (err == GH_ENOTFOUND)
		return svc_fail(e, GH_EFORBIDDEN, json_pack("{s:s}", "field",
		    "api_key"), "api_key无效");
	if (err)
		return svc_fail(e, err, NULL, NULL);
	if (c->revoked_at)
		return svc_fail(e, GH_EFORBIDDEN, json_pack("{s:s}", "field",
		    "api_key"), "api_key已停用,请联系服务中心");
	return 0;
}

/* ---- services ------------------------------------------------------------ */

int open311_jurisdiction_check(store *st, const char *jurisdiction_id,
    struct svc_err *e)
{
	char ours[401];
	int err;

	if (!jurisdiction_id || !*jurisdiction_id)
		return 0;
	err = store_setting_get(st, "open311_jurisdiction", ours, sizeof ours);
	if (err == GH_ENOTFOUND)
		snprintf(ours, sizeof ours, "%s",
		    setting_find("open311_jurisdiction")->dflt);
	else if (err)
		return svc_fail(e, err, NULL, NULL);
	if (strcmp(ours, jurisdiction_id))
		return svc_fail(e, GH_ENOTFOUND, json_pack("{s:s}", "field",
		    "jurisdiction_id"), "本接口不受理辖区“%s”的诉求", jurisdiction_id);
	return 0;
}

json_t *open311_discovery(const char *base, long gmtoff_s)
{
	char url[600], changeset[32];

	/* the changeset is the day this interface last changed shape */
	open311_time_format(1796140800, gmtoff_s, changeset);
	snprintf(url, sizeof url, "%s/open311/v2/", base);
	return json_pack("{s:s,s:s,s:s,s:[{s:s,s:s,s:s,s:s,s:[s,s]}]}",
	    "changeset", changeset, "contact", "政务服务中心效能办(投诉电话见办事大厅)",
	    "key_service", "接口密钥由服务中心管理员在“系统管理 → 开放接口”中发放",
	    "endpoints", "specification", "http://wiki.open311.org/GeoReport_v2",
	    "url", url, "changeset", changeset, "type", "production", "formats",
	    "text/xml", "application/json");
}

int open311_services_json(store *st, json_t **out, struct svc_err *e)
{
	size_t n;
	const struct open311_service *s = open311_services(&n);
	json_t *list = json_array();

	(void)st;
	(void)e;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:b,s:s,s:s,"
		    "s:s}", "service_code", s[i].code, "service_name", s[i].name,
		    "description", s[i].description, "metadata", 1, "type",
		    "realtime", "keywords", s[i].keywords, "group", s[i].group));
	*out = list;
	return 0;
}

int open311_service_definition(store *st, const char *code, json_t **out,
    struct svc_err *e)
{
	const struct open311_service *s = open311_service_find(code);
	const struct open311_attr *a;
	json_t *attrs, *depts = NULL, *values, *row;
	size_t n, k;
	int err;

	if (!s)
		return svc_fail(e, GH_ENOTFOUND, json_pack("{s:s}", "field",
		    "service_code"), "服务“%s”不存在", code);
	if ((err = store_departments_json(st, &depts)))
		return svc_fail(e, err, NULL, NULL);
	a = open311_attrs(&n);
	attrs = json_array();
	for (size_t i = 0; i < n; i++) {
		values = json_array();
		if (a[i].values == OPEN311_VALUES_YES_NO) {
			json_array_append_new(values, json_pack("{s:s,s:s}", "key",
			    "no", "name", "不同意"));
			json_array_append_new(values, json_pack("{s:s,s:s}", "key",
			    "yes", "name", "同意"));
		} else if (a[i].values == OPEN311_VALUES_DEPARTMENTS) {
			json_array_foreach(depts, k, row) {
				char id[24];

				snprintf(id, sizeof id, "%lld", (long long)json_integer_value(
				    json_object_get(row, "id")));
				json_array_append_new(values, json_pack("{s:s,s:O}", "key",
				    id, "name", json_object_get(row, "name")));
			}
		}
		json_array_append_new(attrs, json_pack("{s:b,s:s,s:s,s:b,s:s,s:I,"
		    "s:s,s:o}", "variable", 1, "code", a[i].code, "datatype",
		    a[i].datatype, "required", a[i].required, "datatype_description",
		    a[i].datatype_description, "order", (json_int_t)(i + 1),
		    "description", a[i].description, "values", values));
	}
	json_decref(depts);
	*out = json_pack("{s:s,s:o}", "service_code", s->code, "attributes",
	    attrs);
	return 0;
}

/* ---- POST requests ------------------------------------------------------- */

/* GeoReport answers 400 where govhall's complaint rules answer 422, and
 * names the argument the client sent rather than the complaint's field. */
static int as_georeport(struct svc_err *e)
{
	static const char *const names[][2] = {
		{"title", "attribute[title]"}, {"content", "description"},
		{"contact_phone", "phone"}, {"contact_email", "email"},
		{"contact_name", "last_name"}, {"address", "address_string"},
		{"dept_id", "attribute[dept]"}, {"case_id", "attribute[case_query_code]"},
	};
	json_t *f = e->extra ? json_object_get(e->extra, "field") : NULL;

	if (e->err == GH_EUNPROCESSABLE)
		e->err = GH_EINVAL;
	for (size_t i = 0; json_is_string(f) && i < sizeof names / sizeof names[0];
	    i++)
		if (!strcmp(json_string_value(f), names[i][0])) {
			json_object_set_new(e->extra, "field", json_string(names[i][1]));
			break;
		}
	return e->err;
}

static const char *attr_value(const struct open311_post *p, const char *code)
{
	size_t n;
	const struct open311_attr *a = open311_attrs(&n);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(a[i].code, code))
			return p->attr[i];
	return NULL;
}

/* The first characters of the description, as a title: up to 30
 * characters of its first line. */
static void title_of(const char *description, char *out, size_t cap)
{
	size_t len = strlen(description), i = 0, chars_n = 0, j;
	uint32_t cp;

	while (i < len && chars_n < 30) {
		if (!(j = utf8_next(description, len, i, &cp)) || cp == '\n' ||
		    cp == '\r' || j >= cap)
			break;
		i = j;
		chars_n++;
	}
	memcpy(out, description, i);
	out[i] = '\0';
}

int open311_request_file(store *st, const struct svc_actor *who,
    const struct open311_post *p, json_t **out,
    struct svc_err *e)
{
	struct open311_client_rec c;
	struct svc_actor anon = *who;
	struct complaint_input in = {0};
	struct open311_request_rec r = {0};
	const char *dept = attr_value(p, "dept"), *qc = attr_value(p,
	    "case_query_code"), *disclose = attr_value(p, "disclose_identity"),
	    *title = attr_value(p, "title");
	char name[128], source[300], auto_title[128], sid[24], notice[400];
	json_t *filed = NULL, *attrs;
	int64_t id = 0, recent = 0, hourly_max = 120;
	int err;

	anon.id = 0;
	anon.name = "Open311";
	anon.role = 0;
	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = client_of_key(st, p->api_key, &c, e)))
		return fail_rollback(st, err);
	if ((err = svc_check(e, store_setting_int(st, "open311_hourly_max", 120,
	    &hourly_max))) ||
	    (err = svc_check(e, store_open311_requests_since(st, c.id,
	    who->now - 3600, &recent))))
		return fail_rollback(st, err);
	if (recent >= hourly_max)
		return fail_rollback(st, svc_fail(e, GH_ETOOMANY, NULL,
		    "客户端“%s”一小时内已提交%lld件诉求,达到上限,请稍后再试", c.name,
		    (long long)recent));
	snprintf(name, sizeof name, "%s%s", p->last_name ? p->last_name : "",
	    p->first_name ? p->first_name : "");
	snprintf(source, sizeof source, "Open311:%s", c.name);
	if (!title) {
		title_of(p->description, auto_title, sizeof auto_title);
		title = auto_title;
	}
	in.channel = "web";
	in.category = p->service_code;
	in.title = title;
	in.content = p->description;
	in.contact_name = name[0] ? name : NULL;
	in.contact_phone = p->phone;
	in.contact_email = p->email;
	in.address = p->address_string;
	in.dept_id = dept ? strtoll(dept, NULL, 10) : 0;
	in.disclose_identity = disclose && !strcmp(disclose, "yes");
	in.source = source;
	if (qc) {
		struct case_rec cs;

		err = store_case_by_query_code(st, qc, &cs);
		if (err == GH_ENOTFOUND)
			return fail_rollback(st, svc_fail(e, GH_EINVAL, json_pack(
			    "{s:s}", "field", "attribute[case_query_code]"),
			    "查询码%s对应的办件不存在", qc));
		if (err)
			return fail_rollback(st, svc_fail(e, err, NULL, NULL));
		in.case_id = cs.id;
	}
	if ((err = complaint_file_in(st, NULL, &anon, &in, &id, &filed, e)))
		return fail_rollback(st, as_georeport(e));
	attrs = json_object();
	if (in.dept_id)
		json_object_set_new(attrs, "dept", json_string(dept));
	if (qc)
		json_object_set_new(attrs, "case_query_code", json_string(qc));
	json_object_set_new(attrs, "disclose_identity", json_string(
	    in.disclose_identity ? "yes" : "no"));
	r = (struct open311_request_rec){.complaint_id = id, .client_id = c.id,
		.service_code = p->service_code, .lat = p->lat ? p->lat : "",
		.lon = p->lon ? p->lon : "", .address_string = p->address_string ?
		p->address_string : "", .address_id = p->address_id ?
		p->address_id : "", .device_id = p->device_id ? p->device_id : "",
		.account_id = p->account_id ? p->account_id : "",
		.media_url = p->media_url ? p->media_url : "",
		.requested_at = who->now};
	{
		char *a = json_dumps(attrs, JSON_COMPACT | JSON_SORT_KEYS);

		r.attributes = a;
		err = store_open311_request_add(st, &r);
		free(a);
	}
	json_decref(attrs);
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (err || (err = store_open311_client_touch(st, c.id, who->now)) ||
	    (err = audit_actor(st, who, "open311.request", "complaint", sid,
	    NULL, json_pack("{s:I,s:s,s:s}", "client_id", (json_int_t)c.id,
	    "client", c.name, "service_code", p->service_code))) ||
	    (err = store_commit(st))) {
		json_decref(filed);
		return fail_rollback(st, svc_fail(e, err, NULL, NULL));
	}
	snprintf(notice, sizeof notice, "投诉已收到,查询码%s。服务中心将在5个工作日内"
	    "决定是否受理,受理后15个工作日内办结并告知结果。", json_string_value(
	    json_object_get(filed, "query_code")) ? json_string_value(
	    json_object_get(filed, "query_code")) : "");
	json_decref(filed);
	*out = json_pack("[{s:s,s:s,s:n}]", "service_request_id", sid,
	    "service_notice", notice, "account_id");
	return 0;
}

/* ---- GET requests -------------------------------------------------------- */

/* Splits a comma separated list into at most max pieces of at most
 * piece_cap bytes; false for an empty piece or too many. */
static bool split(const char *s, char pieces[][32], size_t max, size_t *n)
{
	const char *p = s;

	*n = 0;
	while (1) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);

		if (!len || len >= 32 || *n == max)
			return false;
		memcpy(pieces[*n], p, len);
		pieces[(*n)++][len] = '\0';
		if (!c)
			return true;
		p = c + 1;
	}
}

static bool in_list(const char *v, char pieces[][32], size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(pieces[i], v))
			return true;
	return false;
}

/* One published request in GeoReport's fields. */
static json_t *request_json(store *st, const json_t *row, bool own,
    const char *agency, long gmtoff_s)
{
	const char *code = json_string_value(json_object_get(row,
	    "service_code"));
	const struct open311_service *svc = open311_service_find(code);
	const char *state = complaint_state_name((int)json_integer_value(
	    json_object_get(row, "state")));
	const char *status = open311_status(state);
	json_t *pub = NULL, *v;
	struct svc_err e = {0};
	char requested[32], updated[32], expected[32], notes[600];
	const char *lat = json_string_value(json_object_get(row, "lat"));
	const char *lon = json_string_value(json_object_get(row, "lon"));
	int64_t id = json_integer_value(json_object_get(row, "complaint_id"));
	int32_t due = DAY_NONE;
	char sid[24];

	if (complaint_get_public(st, id, &pub, &e)) {
		svc_err_clear(&e);
		return NULL;
	}
	open311_time_format(json_integer_value(json_object_get(row,
	    "requested_at")), gmtoff_s, requested);
	v = json_object_get(pub, "updated_at");
	open311_time_format(json_is_integer(v) ? json_integer_value(v) :
	    json_integer_value(json_object_get(row, "requested_at")), gmtoff_s,
	    updated);
	v = json_object_get(pub, "step_due_day");
	if (json_is_string(v) && day_parse_iso(json_string_value(v), &due))
		due = DAY_NONE;
	if (due != DAY_NONE)
		/* the end of the due day, in the centre's time */
		open311_time_format((int64_t)due * 86400 + 86399 - gmtoff_s,
		    gmtoff_s, expected);
	v = json_object_get(pub, "result");
	if (!strcmp(status, "closed") && json_is_string(v) &&
	    json_string_length(v))
		snprintf(notes, sizeof notes, "%s:%s", complaint_state_label(
		    (int)json_integer_value(json_object_get(row, "state"))),
		    json_string_value(v));
	else
		snprintf(notes, sizeof notes, "%s", complaint_state_label(
		    (int)json_integer_value(json_object_get(row, "state"))));
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	v = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:s,s:s,s:o,s:O,s:O,"
	    "s:n,s:o,s:o,s:O}", "service_request_id", sid, "status", status,
	    "status_notes", notes, "service_name", svc ? svc->name : "",
	    "service_code", code ? code : "", "description", own ?
	    json_incref(json_object_get(row, "content")) : json_string(""),
	    "agency_responsible", agency, "service_notice",
	    "5个工作日内决定是否受理,受理后15个工作日内办结", "requested_datetime",
	    requested, "updated_datetime", updated, "expected_datetime",
	    due != DAY_NONE ? json_string(expected) : json_null(), "address",
	    json_object_get(row, "address_string"), "address_id",
	    json_object_get(row, "address_id"), "zipcode", "lat",
	    lat && *lat ? json_real(strtod(lat, NULL)) : json_null(), "long",
	    lon && *lon ? json_real(strtod(lon, NULL)) : json_null(),
	    "media_url", json_object_get(row, "media_url"));
	json_decref(pub);
	return v;
}

int open311_requests_json(store *st, const struct open311_query *q,
    int64_t now, long gmtoff_s, bool one, json_t **out, struct svc_err *e)
{
	char ids_s[100][32], codes[8][32], statuses[2][32], centre[256],
	    agency[300];
	size_t n_ids = 0, n_codes = 0, n_status = 0;
	int64_t ids[100], from, to, own_client = 0;
	struct open311_client_rec c;
	json_t *rows = NULL, *list, *row;
	size_t i;
	int err;

	if (q->api_key && *q->api_key) {
		if ((err = client_of_key(st, q->api_key, &c, e)))
			return err;
		own_client = c.id;
	}
	if (q->service_request_id) {
		if (!split(q->service_request_id, ids_s, one ? 1 : 100, &n_ids))
			return svc_fail(e, GH_EINVAL, json_pack("{s:s}", "field",
			    "service_request_id"), "service_request_id应为以逗号分隔的"
			    "编号(最多100个)");
		for (i = 0; i < n_ids; i++) {
			char *end;

			ids[i] = strtoll(ids_s[i], &end, 10);
			if (*end || ids[i] <= 0 || ids_s[i][0] == '0' ||
			    ids_s[i][0] == '+')
				return one ? svc_fail(e, GH_ENOTFOUND, NULL,
				    "诉求%s不存在", ids_s[i]) : svc_fail(e, GH_EINVAL,
				    json_pack("{s:s}", "field", "service_request_id"),
				    "service_request_id中的“%s”不是编号", ids_s[i]);
		}
	}
	if (q->service_code) {
		if (!split(q->service_code, codes, 8, &n_codes))
			return svc_fail(e, GH_EINVAL, json_pack("{s:s}", "field",
			    "service_code"), "service_code应为以逗号分隔的服务代码");
		for (i = 0; i < n_codes; i++)
			if (!open311_service_find(codes[i]))
				return svc_fail(e, GH_EINVAL, json_pack("{s:s}", "field",
				    "service_code"), "服务代码“%s”不存在", codes[i]);
	}
	if (q->status) {
		if (!split(q->status, statuses, 2, &n_status))
			return svc_fail(e, GH_EINVAL, json_pack("{s:s}", "field",
			    "status"), "status应为open、closed或两者以逗号分隔");
		for (i = 0; i < n_status; i++)
			if (!open311_status_valid(statuses[i]))
				return svc_fail(e, GH_EINVAL, json_pack("{s:s}", "field",
				    "status"), "status应为open或closed");
	}
	to = now;
	if (q->end_date && open311_time_parse(q->end_date, gmtoff_s, &to))
		return svc_fail(e, GH_EINVAL, json_pack("{s:s}", "field",
		    "end_date"), "end_date应为ISO 8601日期时间,如2026-12-01T08:00:00+08:00");
	from = to - DEFAULT_DAYS * 86400;
	if (q->start_date && open311_time_parse(q->start_date, gmtoff_s, &from))
		return svc_fail(e, GH_EINVAL, json_pack("{s:s}", "field",
		    "start_date"), "start_date应为ISO 8601日期时间,如2026-09-01T00:00:00+08:00");
	if (q->start_date && !q->end_date)
		to = from + DEFAULT_DAYS * 86400 > now ? now : from +
		    DEFAULT_DAYS * 86400;
	if (from > to)
		return svc_fail(e, GH_EINVAL, json_pack("{s:s}", "field",
		    "start_date"), "start_date不能晚于end_date");
	if (store_setting_get(st, "centre_name", centre, sizeof centre))
		snprintf(centre, sizeof centre, "政务服务中心");
	snprintf(agency, sizeof agency, "%s效能办", centre);
	/* no read transaction around it: the public views load the calendar,
	 * which reads in one of its own */
	err = store_open311_requests_json(st, from, to, n_ids ? ids : NULL, n_ids,
	    REQUESTS_MAX * 2, &rows);
	if (err)
		return svc_fail(e, err, NULL, NULL);
	list = json_array();
	json_array_foreach(rows, i, row) {
		const char *code = json_string_value(json_object_get(row,
		    "service_code"));
		bool own = own_client && json_integer_value(json_object_get(row,
		    "client_id")) == own_client;
		const char *state = complaint_state_name((int)json_integer_value(
		    json_object_get(row, "state")));
		json_t *v;

		if (json_array_size(list) == REQUESTS_MAX)
			break;
		/* clues of corruption are never published */
		if (code && !strcmp(code, "corruption") && !own)
			continue;
		if (n_codes && !in_list(code ? code : "", codes, n_codes))
			continue;
		if (n_status && !in_list(open311_status(state), statuses, n_status))
			continue;
		if ((v = request_json(st, row, own, agency, gmtoff_s)))
			json_array_append_new(list, v);
	}
	json_decref(rows);
	if (one && !json_array_size(list)) {
		json_decref(list);
		return svc_fail(e, GH_ENOTFOUND, NULL, "诉求%s不存在或不公开",
		    q->service_request_id);
	}
	*out = list;
	return 0;
}
