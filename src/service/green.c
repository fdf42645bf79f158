/*
 * green.c - the green channel's administration and its decision for new
 * cases; see green.h.
 */
#include "service/green.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/day.h"
#include "domain/item.h"
#include "domain/mask.h"
#include "service/audit.h"
#include "util/gh_err.h"

static int fail_rollback(store *st, int err)
{
	store_rollback(st);
	return err;
}

static int field_fail(struct svc_err *e, const char *field, const char *why)
{
	return svc_fail(e, GH_EUNPROCESSABLE, json_pack("{s:s}", "field", field),
	    "%s", why);
}

/* ---- items --------------------------------------------------------------- */

/* The item of code: its id, name and promised limit. */
static int item_of(store *st, const char *code, int64_t *item_id,
    char *name, size_t name_cap, int *promised, struct svc_err *e)
{
	struct item it = {0};
	int64_t dept_id;
	int err = store_item_get(st, code, &it, item_id, &dept_id);

	if (err == GH_ENOTFOUND)
		return svc_fail(e, err, NULL, "事项%s不存在", code);
	if (err)
		return svc_fail(e, err, NULL, NULL);
	snprintf(name, name_cap, "%s", it.name);
	*promised = it.promised_limit_days;
	item_clear(&it);
	return 0;
}

/* The limit a case of the item gets from its green setting alone. */
static int effective_days(int promised, const struct item_green_rec *g)
{
	struct green_item gi = {g->limit_days, g->basis};
	struct green_decision d;

	if (green_decide(promised, &gi, NULL, 0, &d))
		return promised;
	return d.limit_days;
}

static json_t *item_green_json(const char *code, const char *name,
    int promised, const struct item_green_rec *g)
{
	json_t *o = json_pack("{s:s,s:s,s:i,s:b}", "item_code", code,
	    "item_name", name, "promised_limit_days", promised, "enabled",
	    g != NULL);

	json_object_set_new(o, "limit_days", g ? json_integer(g->limit_days) :
	    json_null());
	json_object_set_new(o, "effective_limit_days", g ?
	    json_integer(effective_days(promised, g)) : json_null());
	json_object_set_new(o, "basis", g ? json_string(g->basis) : json_null());
	json_object_set_new(o, "set_by_name", g ? json_string(g->set_by_name) :
	    json_null());
	json_object_set_new(o, "set_at", g ? json_integer(g->set_at) :
	    json_null());
	return o;
}

/* *out for the item as it is stored now. */
static int item_answer(store *st, const char *code, int64_t item_id,
    const char *name, int promised, json_t **out, struct svc_err *e)
{
	struct item_green_rec g;
	int err = store_item_green_get(st, item_id, &g);

	if (err && err != GH_ENOTFOUND)
		return svc_fail(e, err, NULL, NULL);
	*out = item_green_json(code, name, promised, err ? NULL : &g);
	return 0;
}

int green_item_get(store *st, const char *code, json_t **out,
    struct svc_err *e)
{
	char name[256];
	int64_t item_id;
	int promised, err;

	if ((err = item_of(st, code, &item_id, name, sizeof name, &promised, e)))
		return err;
	return item_answer(st, code, item_id, name, promised, out, e);
}

int green_item_put(store *st, const struct svc_actor *who, const char *code,
    int64_t limit_days, const char *basis, json_t **out, struct svc_err *e)
{
	struct item_green_rec old;
	char name[256], why[300];
	json_t *before = NULL;
	int64_t item_id;
	int promised, err;

	if (green_check_text(basis, GREEN_BASIS_MAX, "绿色通道依据", why,
	    sizeof why))
		return field_fail(e, "basis", why);
	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = item_of(st, code, &item_id, name, sizeof name, &promised, e)))
		return fail_rollback(st, err);
	if (green_check_item_limit(promised, limit_days, why, sizeof why))
		return fail_rollback(st, field_fail(e, "limit_days", why));
	err = store_item_green_get(st, item_id, &old);
	if (err && err != GH_ENOTFOUND)
		return fail_rollback(st, svc_fail(e, err, NULL, NULL));
	if (!err)
		before = json_pack("{s:i,s:s}", "limit_days", old.limit_days,
		    "basis", old.basis);
	if ((err = svc_check(e, store_item_green_put(st, item_id,
	    (int)limit_days, basis, who->id, who->now))) ||
	    (err = svc_check(e, audit_actor(st, who, "item.green_channel", "item",
	    code, before, json_pack("{s:I,s:s,s:i}", "limit_days",
	    (json_int_t)limit_days, "basis", basis, "promised_limit_days",
	    promised)))) ||
	    (err = item_answer(st, code, item_id, name, promised, out, e)))
		return fail_rollback(st, err);
	if ((err = svc_check(e, store_commit(st)))) {
		json_decref(*out);
		*out = NULL;
		return fail_rollback(st, err);
	}
	return 0;
}

int green_item_delete(store *st, const struct svc_actor *who,
    const char *code, struct svc_err *e)
{
	struct item_green_rec old;
	char name[256];
	int64_t item_id;
	int promised, err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = item_of(st, code, &item_id, name, sizeof name, &promised, e)))
		return fail_rollback(st, err);
	err = store_item_green_get(st, item_id, &old);
	if (err == GH_ENOTFOUND)
		return fail_rollback(st, svc_fail(e, err, NULL, "事项“%s”未纳入绿色"
		    "通道", name));
	if ((err = svc_check(e, err)) ||
	    (err = svc_check(e, store_item_green_delete(st, item_id))) ||
	    (err = svc_check(e, audit_actor(st, who, "item.green_channel_remove",
	    "item", code, json_pack("{s:i,s:s}", "limit_days", old.limit_days,
	    "basis", old.basis), NULL))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	return 0;
}

int green_items_list(store *st, json_t **out, struct svc_err *e)
{
	json_t *rows, *row;
	size_t i;
	int err;

	if ((err = svc_check(e, store_item_green_list_json(st, &rows))))
		return err;
	json_array_foreach(rows, i, row) {
		struct item_green_rec g = {.limit_days = (int)json_integer_value(
			json_object_get(row, "limit_days"))};

		json_object_set_new(row, "effective_limit_days", json_integer(
		    effective_days((int)json_integer_value(json_object_get(row,
		    "promised_limit_days")), &g)));
	}
	*out = json_pack("{s:o}", "data", rows);
	return 0;
}

int green_item_guide_json(store *st, int64_t item_id, int promised_days,
    json_t **out)
{
	struct item_green_rec g;
	int err = store_item_green_get(st, item_id, &g);

	if (err == GH_ENOTFOUND) {
		*out = json_null();
		return 0;
	}
	if (err)
		return err;
	*out = json_pack("{s:i,s:s}", "limit_days", effective_days(promised_days,
	    &g), "basis", g.basis);
	return 0;
}

/* ---- key projects' applicants ------------------------------------------ */

static struct green_key key_of(const struct key_applicant *k)
{
	return (struct green_key){k->project, k->basis, k->limit_ratio_pct,
		k->valid_until, k->active};
}

/* The number as answers show it: a person's masked, a company's whole. */
static void shown_number(const struct key_applicant *k, char *out,
    size_t cap)
{
	if (!strcmp(k->kind, "person"))
		mask_id_number(k->id_number, out, cap);
	else
		snprintf(out, cap, "%s", k->id_number);
}

static json_t *key_json(const struct key_applicant *k, int32_t today)
{
	struct green_key gk = key_of(k);
	char num[64];
	json_t *o;

	shown_number(k, num, sizeof num);
	o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)k->id,
	    "id_number", num, "kind", k->kind, "name", k->name, "project",
	    k->project, "basis", k->basis, "active", k->active);
	json_object_set_new(o, "limit_ratio_pct", k->limit_ratio_pct ?
	    json_integer(k->limit_ratio_pct) : json_null());
	json_object_set_new(o, "valid_until", json_day(k->valid_until));
	json_object_set_new(o, "status", json_string(!k->active ? "inactive" :
	    green_key_valid_on(&gk, today) ? "valid" : "expired"));
	json_object_set_new(o, "added_by_name", json_string(k->added_by_name));
	json_object_set_new(o, "added_at", json_integer(k->added_at));
	json_object_set_new(o, "updated_at", json_integer(k->updated_at));
	return o;
}

/* What the audit keeps of an entry: the number masked like the answers
 * (the row holds it whole). */
static json_t *key_audit_json(const struct key_applicant *k)
{
	char num[64], until[11] = "";

	shown_number(k, num, sizeof num);
	if (k->valid_until != DAY_NONE)
		day_format_iso(k->valid_until, until);
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:i,s:s,s:b}", "id_number", num,
	    "kind", k->kind, "name", k->name, "project", k->project, "basis",
	    k->basis, "limit_ratio_pct", k->limit_ratio_pct, "valid_until",
	    until, "active", k->active);
}

/* Checks in and writes its fields into k (whose id_number and kind are
 * set already). */
static int key_fill(const struct key_applicant_input *in, int32_t today,
    struct key_applicant *k, struct svc_err *e)
{
	char why[300];
	int32_t until = DAY_NONE;

	if (green_check_text(in->name, GREEN_NAME_MAX, "申请人名称(name)", why,
	    sizeof why))
		return field_fail(e, "name", why);
	if (green_check_text(in->project, GREEN_PROJECT_MAX, "重点项目名称"
	    "(project)", why, sizeof why))
		return field_fail(e, "project", why);
	if (green_check_text(in->basis, GREEN_BASIS_MAX, "认定依据(basis)", why,
	    sizeof why))
		return field_fail(e, "basis", why);
	if (in->has_ratio && green_check_ratio(in->limit_ratio_pct, why,
	    sizeof why))
		return field_fail(e, "limit_ratio_pct", why);
	if (in->valid_until && day_parse_iso(in->valid_until, &until))
		return field_fail(e, "valid_until", "有效期至(valid_until)应为"
		    "YYYY-MM-DD格式的日期");
	if (green_check_valid_until(until, today, why, sizeof why))
		return field_fail(e, "valid_until", why);
	snprintf(k->name, sizeof k->name, "%s", in->name);
	snprintf(k->project, sizeof k->project, "%s", in->project);
	snprintf(k->basis, sizeof k->basis, "%s", in->basis);
	k->limit_ratio_pct = in->has_ratio ? (int)in->limit_ratio_pct : 0;
	k->valid_until = until;
	if (in->active >= 0)
		k->active = in->active != 0;
	return 0;
}

int key_applicants_list(store *st, const struct svc_actor *who,
    bool include_inactive, int page, int per_page, json_t **out,
    struct svc_err *e)
{
	struct key_applicant *v = NULL;
	int64_t total;
	size_t n = 0;
	json_t *data;
	int err;

	if ((err = svc_check(e, store_key_applicants_list(st, include_inactive,
	    page, per_page, &total, &v, &n))))
		return err;
	data = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(data, key_json(&v[i], who->today));
	free(v);
	*out = json_pack("{s:I,s:i,s:i,s:o}", "total", (json_int_t)total, "page",
	    page, "per_page", per_page, "data", data);
	return 0;
}

int key_applicant_add(store *st, const struct svc_actor *who,
    const struct key_applicant_input *in, json_t **out, struct svc_err *e)
{
	struct key_applicant k = {0}, old;
	char why[400], idc[24];
	bool person = false;
	int err;

	if (!in->id_number || green_check_id_number(in->id_number, who->today,
	    &person, why, sizeof why))
		return field_fail(e, "id_number", in->id_number ? why :
		    "请填写证件号码(id_number):居民身份证号码或统一社会信用代码");
	snprintf(k.id_number, sizeof k.id_number, "%s", in->id_number);
	snprintf(k.kind, sizeof k.kind, "%s", person ? "person" : "company");
	k.active = true;
	if ((err = key_fill(in, who->today, &k, e)))
		return err;
	if ((err = svc_check(e, store_begin(st))))
		return err;
	err = store_key_applicant_insert(st, &k, who->id, who->now);
	if (err == GH_ECONFLICT) {
		if (store_key_applicant_by_number(st, k.id_number, &old)) {
			old.id = 0;
			old.active = true;
		}
		return fail_rollback(st, svc_fail(e, GH_ECONFLICT, json_pack(
		    "{s:s,s:I}", "field", "id_number", "id", (json_int_t)old.id),
		    "该证件号码已在重点项目名单中(编号%lld%s),请编辑该条目",
		    (long long)old.id, old.active ? "" : ",已停用,可编辑后重新启用"));
	}
	snprintf(idc, sizeof idc, "%lld", (long long)k.id);
	if ((err = svc_check(e, err)) ||
	    (err = svc_check(e, store_key_applicant_get(st, k.id, &k))) ||
	    (err = svc_check(e, audit_actor(st, who, "key_applicant.add",
	    "key_applicant", idc, NULL, key_audit_json(&k)))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	*out = key_json(&k, who->today);
	return 0;
}

/* Loads entry id in the open transaction: 404 when unknown. */
static int key_load(store *st, int64_t id, struct key_applicant *k,
    struct svc_err *e)
{
	int err = store_key_applicant_get(st, id, k);

	if (err == GH_ENOTFOUND)
		return svc_fail(e, err, NULL, "重点项目名单中没有编号%lld",
		    (long long)id);
	return svc_check(e, err);
}

int key_applicant_update(store *st, const struct svc_actor *who, int64_t id,
    const struct key_applicant_input *in, json_t **out, struct svc_err *e)
{
	struct key_applicant k, old;
	char idc[24];
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = key_load(st, id, &k, e)))
		return fail_rollback(st, err);
	if (in->id_number && strcmp(in->id_number, k.id_number))
		return fail_rollback(st, field_fail(e, "id_number", "证件号码是名单"
		    "条目的标识,不能修改;号码有误的,请停用该条目后重新添加"));
	old = k;
	if ((err = key_fill(in, who->today, &k, e)))
		return fail_rollback(st, err);
	snprintf(idc, sizeof idc, "%lld", (long long)id);
	if ((err = svc_check(e, store_key_applicant_update(st, &k, who->id,
	    who->now))) ||
	    (err = svc_check(e, store_key_applicant_get(st, id, &k))) ||
	    (err = svc_check(e, audit_actor(st, who, "key_applicant.update",
	    "key_applicant", idc, key_audit_json(&old), key_audit_json(&k)))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	*out = key_json(&k, who->today);
	return 0;
}

int key_applicant_deactivate(store *st, const struct svc_actor *who,
    int64_t id, json_t **out, struct svc_err *e)
{
	struct key_applicant k;
	char idc[24];
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = key_load(st, id, &k, e)))
		return fail_rollback(st, err);
	if (!k.active)
		return fail_rollback(st, svc_fail(e, GH_ECONFLICT, NULL, "“%s”已从"
		    "重点项目名单中停用", k.name));
	k.active = false;
	snprintf(idc, sizeof idc, "%lld", (long long)id);
	if ((err = svc_check(e, store_key_applicant_update(st, &k, who->id,
	    who->now))) ||
	    (err = svc_check(e, store_key_applicant_get(st, id, &k))) ||
	    (err = svc_check(e, audit_actor(st, who, "key_applicant.deactivate",
	    "key_applicant", idc, json_pack("{s:b}", "active", 1),
	    json_pack("{s:b}", "active", 0)))) ||
	    (err = svc_check(e, store_commit(st))))
		return fail_rollback(st, err);
	*out = key_json(&k, who->today);
	return 0;
}

/* ---- cases ----------------------------------------------------------------- */

int green_case_decision(store *st, int64_t item_id, int promised_days,
    const char *id_number, int32_t today, struct green_decision *out)
{
	struct item_green_rec g;
	struct key_applicant k;
	struct green_item gi;
	struct green_key gk;
	bool has_item, has_key;
	int err = store_item_green_get(st, item_id, &g);

	if (err && err != GH_ENOTFOUND)
		return err;
	has_item = !err;
	err = id_number && *id_number ? store_key_applicant_by_number(st,
	    id_number, &k) : GH_ENOTFOUND;
	if (err && err != GH_ENOTFOUND)
		return err;
	has_key = !err;
	if (has_item)
		gi = (struct green_item){g.limit_days, g.basis};
	if (has_key)
		gk = key_of(&k);
	return green_decide(promised_days, has_item ? &gi : NULL, has_key ? &gk :
	    NULL, today, out);
}
