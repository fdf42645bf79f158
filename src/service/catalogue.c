/*
 * catalogue.c - writes of the service-item catalogue; see catalogue.h
 * (moved here from api/items.c).
 */
#include "service/catalogue.h"

#include "export/item_codec.h"
#include "service/audit.h"
#include "util/gh_err.h"

int catalogue_item_put(store *st, const struct svc_actor *who,
    const struct item *it, bool create, const char *path_code, json_t **out,
    struct svc_err *e)
{
	json_t *before = NULL;
	struct item old;
	bool created;
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if (!store_item_get(st, it->code, &old, NULL, NULL)) {
		before = item_to_json(&old);
		item_clear(&old);
	}
	if (create && before)
		err = svc_fail(e, GH_ECONFLICT, NULL, "事项编码%s已存在", it->code);
	else if (!create && !before)
		err = svc_fail(e, GH_ENOTFOUND, NULL, "事项%s不存在", path_code);
	else if (!(err = svc_check(e, store_item_put(st, it, who->now,
	    &created))) && !(err = svc_check(e, audit_actor(st, who, create ?
	    "item.create" : "item.update", "item", it->code, json_incref(before),
	    item_to_json(it)))))
		err = svc_check(e, store_commit(st));
	json_decref(before);
	if (err) {
		store_rollback(st);
		return err;
	}
	*out = item_to_json(it);
	return 0;
}

int catalogue_item_set_retired(store *st, const struct svc_actor *who,
    const char *code, bool retired, json_t **out, struct svc_err *e)
{
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = svc_check(e, store_item_set_retired(st, code, retired,
	    who->now))) || (err = svc_check(e, audit_actor(st, who, retired ?
	    "item.retire" : "item.restore", "item", code, json_pack("{s:b}",
	    "retired", !retired), json_pack("{s:b}", "retired", retired)))) ||
	    (err = svc_check(e, store_commit(st)))) {
		store_rollback(st);
		return err;
	}
	*out = json_pack("{s:s,s:b}", "code", code, "retired", retired);
	return 0;
}

int catalogue_items_apply(store *st, const struct item *items, size_t n,
    int64_t now, const int64_t *at, struct item_errors *errs, size_t *created,
    size_t *updated)
{
	size_t before = errs->n;
	int err = 0;

	*created = *updated = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t dept;

		if (store_dept_by_code(st, items[i].dept_code, &dept))
			item_errors_add(errs, (int)i + 1, "dept_code",
			    "单位编码%s不存在", items[i].dept_code);
	}
	if (errs->n > before)
		return GH_EUNPROCESSABLE;
	for (size_t i = 0; i < n && !err; i++) {
		bool was_created;

		if ((err = store_item_put(st, &items[i], at ? at[i] : now,
		    &was_created)))
			break;
		if (was_created)
			(*created)++;
		else
			(*updated)++;
	}
	return err;
}

int items_import(store *st, const char *buf, size_t len, bool csv,
    int64_t now, int64_t actor_id, const char *actor_name, int role,
    struct item_errors *errs, size_t *created, size_t *updated)
{
	struct item *items = NULL;
	size_t n = 0;
	int err;

	*created = *updated = 0;
	err = csv ? items_parse_csv(buf, len, &items, &n, errs)
	    : items_parse_json(buf, len, &items, &n, errs);
	if (err)
		return err;
	if ((err = store_begin(st)))
		goto out;
	if ((err = catalogue_items_apply(st, items, n, now, NULL, errs, created,
	    updated)))
		goto rollback;
	err = audit_as(st, now, actor_id, actor_name, role, "item.import", "item",
	    "*", NULL, json_pack("{s:I,s:I,s:s}", "created", (json_int_t)*created,
	    "updated", (json_int_t)*updated, "format", csv ? "csv" : "json"));
	if (err || (err = store_commit(st)))
		goto rollback;
	goto out;
rollback:
	store_rollback(st);
out:
	items_free(items, n);
	return err;
}
