/*
 * items.c - the service-item catalogue (事项目录), published to everyone;
 * created, updated, retired and imported by administrators through
 * service/catalogue.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/item.h"
#include "domain/role.h"
#include "export/item_codec.h"
#include "service/catalogue.h"
#include "util/gh_err.h"

/* Reads an enum filter given by API name or label; 0 when absent. */
static bool enum_filter(struct http_req *req, const char *name,
    int (*from_name)(const char *), int *out)
{
	const char *v = http_query(req, name);

	*out = 0;
	if (!v || !*v)
		return true;
	if ((*out = from_name(v)) < 0) {
		http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field", name),
		    "参数%s的取值%s无效", name, v);
		return false;
	}
	return true;
}

static bool bool_filter(struct http_req *req, const char *name, int *out)
{
	const char *v = http_query(req, name);

	*out = -1;
	if (!v || !*v)
		return true;
	if (!strcmp(v, "1") || !strcmp(v, "true"))
		*out = 1;
	else if (!strcmp(v, "0") || !strcmp(v, "false"))
		*out = 0;
	else {
		http_reply_error(req, GH_EINVAL, NULL, "参数%s应为true或false", name);
		return false;
	}
	return true;
}

void api_items_list(struct http_req *req)
{
	struct item_query q = {0};
	int64_t dept;
	json_t *v;

	if (!api_page(req, &q.page, &q.per_page) ||
	    !api_query_int(req, "dept", 0, &dept) ||
	    !enum_filter(req, "type", item_type_from_name, &q.type) ||
	    !enum_filter(req, "level", item_level_from_name, &q.level) ||
	    !bool_filter(req, "instant", &q.instant) ||
	    !bool_filter(req, "in_hall", &q.in_hall))
		return;
	q.q = http_query(req, "q");
	if (q.q && !*q.q)
		q.q = NULL;
	q.dept_id = dept;
	q.include_retired = req->authed && (req->user.role & ROLE_ADMIN) &&
	    http_query(req, "retired");
	if (!api_ok(req, store_items_list_json(req->st, &q, &v)))
		return;
	{
		json_t *row;
		size_t i;

		/* the store gives enum numbers; the API speaks names and labels */
		json_array_foreach(json_object_get(v, "data"), i, row) {
			int t = (int)json_integer_value(json_object_get(row, "type"));
			int l = (int)json_integer_value(json_object_get(row, "level"));

			json_object_set_new(row, "type", json_string(item_type_name(t)));
			json_object_set_new(row, "type_label",
			    json_string(item_type_label(t)));
			json_object_set_new(row, "level", json_string(item_level_name(l)));
			json_object_set_new(row, "level_label",
			    json_string(item_level_label(l)));
		}
	}
	http_reply_json(req, 200, v);
}

void api_item_get(struct http_req *req)
{
	struct item it;
	int64_t dept_id;
	char dept_name[128] = "";
	json_t *o;

	if (!api_ok(req, store_item_get(req->st, req->params[0], &it, NULL,
	    &dept_id)))
		return;
	store_dept_name(req->st, dept_id, dept_name, sizeof dept_name);
	o = item_to_json(&it);
	json_object_set_new(o, "dept_id", json_integer(dept_id));
	json_object_set_new(o, "dept_name", json_string(dept_name));
	item_clear(&it);
	http_reply_json(req, 200, o);
}

/* Validates it (with its department) and answers 422 listing every error. */
static bool item_checked(struct http_req *req, const struct item *it,
    struct item_errors *errs)
{
	int64_t dept;
	json_t *list;

	/* a record whose fields did not parse is not validated as well, so
	 * one mistake does not bring a chain of follow-on errors */
	if (!errs->n)
		item_validate(it, 0, errs);
	if (it->dept_code && store_dept_by_code(req->st, it->dept_code, &dept))
		item_errors_add(errs, 0, "dept_code", "单位编码%s不存在",
		    it->dept_code);
	if (!errs->n)
		return true;
	list = json_array();
	for (size_t i = 0; i < errs->n; i++)
		json_array_append_new(list, json_pack("{s:i,s:s,s:s}", "line",
		    errs->v[i].line, "field", errs->v[i].field, "message",
		    errs->v[i].message));
	http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:o}", "details",
	    list), "事项数据校验未通过:%s(%s)", errs->v[0].message,
	    errs->v[0].field);
	return false;
}

/* POST /items (create) and PUT /items/{code} (update). */
static void item_write(struct http_req *req, bool create)
{
	json_t *body = http_body_object(req), *out;
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	struct item it = {0};
	struct item_errors errs = {0};

	if (!body)
		return;
	/* on update the code comes from the path; the body may omit it */
	if (!create && !json_object_get(body, "code"))
		json_object_set_new(body, "code", json_string(req->params[0]));
	item_from_json(body, 0, &it, &errs);
	if (!item_checked(req, &it, &errs))
		goto out;
	if (!create && strcmp(it.code, req->params[0])) {
		http_reply_error(req, GH_EUNPROCESSABLE, NULL,
		    "事项编码不能修改(路径%s,内容%s)", req->params[0], it.code);
		goto out;
	}
	if (catalogue_item_put(req->st, &who, &it, create, create ? NULL :
	    req->params[0], &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, create ? 201 : 200, out);
out:
	svc_err_clear(&e);
	json_decref(body);
	item_clear(&it);
	item_errors_clear(&errs);
}

void api_item_create(struct http_req *req)
{
	item_write(req, true);
}

void api_item_update(struct http_req *req)
{
	item_write(req, false);
}

/* POST /items/{code}/retire and /restore: old cases keep the item. */
static void item_set_retired(struct http_req *req, bool retired)
{
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	json_t *out;

	if (catalogue_item_set_retired(req->st, &who, req->params[0], retired,
	    &out, &e))
		api_reply_svc_err(req, &e);
	else
		http_reply_json(req, 200, out);
	svc_err_clear(&e);
}

void api_item_retire(struct http_req *req)
{
	item_set_retired(req, true);
}

void api_item_restore(struct http_req *req)
{
	item_set_retired(req, false);
}

void api_items_import(struct http_req *req)
{
	const char *type = http_header(req, "Content-Type");
	bool csv = type && strstr(type, "csv");
	struct item_errors errs = {0};
	size_t created, updated;
	int err;

	err = items_import(req->st, req->body, req->body_len, csv, req->now,
	    req->user.id, req->user.name, req->user.role, &errs, &created,
	    &updated);
	if (err == GH_EUNPROCESSABLE || err == GH_EJSON) {
		json_t *list = json_array();

		for (size_t i = 0; i < errs.n; i++)
			json_array_append_new(list, json_pack("{s:i,s:s,s:s}",
			    "line", errs.v[i].line, "field", errs.v[i].field,
			    "message", errs.v[i].message));
		http_reply_error(req, err, json_pack("{s:o}", "details", list),
		    "导入失败,共%zu处错误,未导入任何事项%s%s", errs.n,
		    errs.n ? ":" : "", errs.n ? errs.v[0].message : "");
	} else if (api_ok(req, err)) {
		http_reply_json(req, 200, json_pack("{s:I,s:I}", "created",
		    (json_int_t)created, "updated", (json_int_t)updated));
	}
	item_errors_clear(&errs);
}

void api_items_export(struct http_req *req)
{
	const char *format = http_query(req, "format");
	struct item *items;
	size_t n, len;
	char *text;

	if (format && strcmp(format, "csv") && strcmp(format, "json")) {
		http_reply_error(req, GH_EINVAL, NULL, "format应为csv或json");
		return;
	}
	if (!api_ok(req, store_items_all(req->st, &items, &n)))
		return;
	if (format && !strcmp(format, "csv")) {
		text = items_format_csv(items, n, &len);
		http_reply_text(req, 200, "text/csv; charset=utf-8", text, len);
	} else {
		text = items_format_json(items, n, &len);
		http_reply_text(req, 200, "application/json; charset=utf-8", text,
		    len);
	}
	free(text);
	items_free(items, n);
}
