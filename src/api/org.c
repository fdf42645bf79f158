/*
 * org.c - the organisation: regions (市/县/乡镇/村), departments, windows
 * with their A/B posts, staff.  Reads only: the administrator's changes to
 * staff and posts are in org_admin.c, and the demo writes through store.h.
 */
#include <stdlib.h>

#include "api/api.h"
#include "domain/mask.h"
#include "domain/role.h"
#include "store/audit_keys.h"
#include "util/gh_err.h"

void api_regions(struct http_req *req)
{
	json_t *v;

	if (api_ok(req, store_regions_json(req->st, &v)))
		http_reply_json(req, 200, json_pack("{s:I,s:o}", "total",
		    (json_int_t)json_array_size(v), "data", v));
}

void api_departments(struct http_req *req)
{
	json_t *v;

	if (api_ok(req, store_departments_json(req->st, &v)))
		http_reply_json(req, 200, json_pack("{s:I,s:o}", "total",
		    (json_int_t)json_array_size(v), "data", v));
}

void api_windows(struct http_req *req)
{
	json_t *v;

	if (api_ok(req, store_windows_json(req->st, &v)))
		http_reply_json(req, 200, json_pack("{s:I,s:o}", "total",
		    (json_int_t)json_array_size(v), "data", v));
}

/* Phones in the staff list are masked for every role (separation of
 * duties, docs/security.md); "" when a stored value cannot be masked. */
static void staff_list_mask_phone(json_t *row)
{
	const char *phone = json_string_value(json_object_get(row, "phone"));
	char masked[64];

	if (!phone)
		return;
	json_object_set_new(row, "phone", json_string(
	    mask_phone(phone, masked, sizeof masked) ? "" : masked));
}

void api_staff(struct http_req *req)
{
	int page, per_page;
	json_t *v;

	json_t *row;
	size_t i;

	if (!api_page(req, &page, &per_page) ||
	    !api_ok(req, store_staff_json(req->st, page, per_page, &v)))
		return;
	/* the store gives the role bit; the API speaks names, as /me does */
	json_array_foreach(json_object_get(v, "data"), i, row) {
		int role = (int)json_integer_value(json_object_get(row, "role"));

		json_object_set_new(row, "role", role_name(role) ?
		    json_string(role_name(role)) : json_null());
		json_object_set_new(row, "role_label", json_string(role_label(role)));
		staff_list_mask_phone(row);
	}
	http_reply_json(req, 200, v);
}

void api_audit_list(struct http_req *req)
{
	int page, per_page;
	json_t *v;

	if (api_page(req, &page, &per_page) &&
	    api_ok(req, store_audit_list_json(req->st,
	    http_query(req, "object_type"), http_query(req, "object_id"), page,
	    per_page, &v)))
		http_reply_json(req, 200, v);
}

static void collect_problem(void *ctx, const char *message)
{
	json_array_append_new(ctx, json_string(message));
}

/* The keyed check when the keys are loaded (issue 8), against the signed
 * checkpoints of the table; the old unkeyed chain otherwise. */
void api_audit_verify(struct http_req *req)
{
	const struct audit_keys *k = audit_keys_current();
	struct audit_checkpoint *cps = NULL;
	json_t *problems = json_array();
	int64_t count = 0, bad = 0;
	size_t n_cps = 0, n_bad = 0;
	int err;

	if (k) {
		err = store_audit_checkpoints_load(req->st, &cps, &n_cps);
		if (!err)
			err = store_audit_verify_keyed(req->st, k, cps, n_cps,
			    collect_problem, problems, &count, &n_bad, &bad);
		free(cps);
		if (!err && n_bad)
			err = GH_ECONFLICT;
	} else {
		err = store_audit_verify(req->st, &count, &bad);
	}
	if (err && err != GH_ECONFLICT) {
		json_decref(problems);
		api_ok(req, err);
		return;
	}
	http_reply_json(req, 200, json_pack("{s:b,s:I,s:o,s:o}", "intact", !err,
	    "records", (json_int_t)count, "first_bad_id",
	    err && bad ? json_integer(bad) : json_null(), "problems", problems));
}
