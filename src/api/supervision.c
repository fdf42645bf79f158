/*
 * supervision.c - the supervision board (电子效能监察): counts of open cases
 * by light, overall and per department, window, clerk or region level, and
 * the yellow and red cases by urgency.
 *
 * The board never counts cases: it reads the watch_counts rows (kept by
 * triggers in each writing transaction, schema 0002) and turns each row's
 * deadline day into a light with the O(1) working-day calendar of the row's
 * region and today's date.  So it costs the number of distinct (key,
 * deadline day) pairs, not the number of cases, and every server on the
 * database sees the same numbers.
 *
 * Reads only: the calendars come from service/calendar_cache.h, the case
 * objects and clocks from service/case_view.h and case_clock.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/role.h"
#include "domain/supervision.h"
#include "service/calendar_cache.h"
#include "service/case_clock.h"
#include "service/case_view.h"
#include "service/joint.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

#define WARN_MAX 30

/* A few calendars checked out for one request, by region. */
struct cal_set {
	struct cal_ref *ref[8];
	int64_t region[8];
	int n;
};

static const calendar *cal_for(struct http_req *req, struct cal_set *cs,
    int64_t region_id)
{
	struct cal_ref *ref;

	for (int i = 0; i < cs->n; i++)
		if (cs->region[i] == region_id)
			return cal_ref_get(cs->ref[i]);
	if (calendar_load(req->st, region_id, &ref))
		return NULL;
	if (cs->n == 8) {
		cal_ref_release(cs->ref[7]);
		cs->n = 7;
	}
	cs->ref[cs->n] = ref;
	cs->region[cs->n++] = region_id;
	return cal_ref_get(ref);
}

static void cal_set_release(struct cal_set *cs)
{
	for (int i = 0; i < cs->n; i++)
		cal_ref_release(cs->ref[i]);
	cs->n = 0;
}

enum { B_GREEN, B_YELLOW, B_RED, B_PAUSED, B_COUNT_ };
static const char *const bucket_names[B_COUNT_] = {"green", "yellow", "red",
	"paused"};

struct tally {
	int64_t key;
	int64_t n[B_COUNT_];
};

static int bucket_of(const calendar *cal, const struct watch_row *r,
    int32_t today)
{
	int remaining;

	if (r->paused)
		return B_PAUSED;
	remaining = calendar_count_workdays(cal, today, r->deadline_day);
	if (remaining < 0)
		return B_RED;
	return remaining <= r->warn_days ? B_YELLOW : B_GREEN;
}

static int cmp_row(const void *a, const void *b)
{
	const struct watch_row *x = a, *y = b;

	if (x->dim != y->dim)
		return x->dim - y->dim;
	return (x->key > y->key) - (x->key < y->key);
}

static int cmp_tally(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->n[B_RED] != y->n[B_RED])
		return x->n[B_RED] < y->n[B_RED] ? 1 : -1;
	if (x->n[B_YELLOW] != y->n[B_YELLOW])
		return x->n[B_YELLOW] < y->n[B_YELLOW] ? 1 : -1;
	return (x->key > y->key) - (x->key < y->key);
}

static json_t *tally_json(const struct tally *t, json_t *names)
{
	char key[24];
	json_t *o;
	int64_t open = 0;

	snprintf(key, sizeof key, "%lld", (long long)t->key);
	o = json_pack("{s:I,s:o}", "id", (json_int_t)t->key, "name",
	    json_object_get(names, key) ? json_incref(json_object_get(names, key))
	    : json_string(t->key ? key : "未分配"));
	for (int b = 0; b < B_COUNT_; b++) {
		json_object_set_new(o, bucket_names[b], json_integer(t->n[b]));
		open += t->n[b];
	}
	json_object_set_new(o, "open", json_integer(open));
	return o;
}

/* Adds each region's counts to its ancestors, so that a county shows its
 * townships and villages too (统计按层级汇总). */
static int roll_up_regions(struct http_req *req, struct tally *t, size_t *n,
    size_t cap, json_t **levels)
{
	json_t *regions, *r;
	size_t i, base = *n;
	int err = store_regions_json(req->st, &regions);

	if (err)
		return err;
	*levels = json_object();
	json_array_foreach(regions, i, r) {
		char key[24];

		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(
		    json_object_get(r, "id")));
		json_object_set(*levels, key, json_object_get(r, "level_label"));
	}
	for (size_t k = 0; k < base; k++) {
		int64_t parent = t[k].key;

		for (int depth = 0; depth < 8; depth++) {
			json_t *pr = NULL;
			size_t j;

			json_array_foreach(regions, j, r)
				if (json_integer_value(json_object_get(r, "id")) == parent)
					pr = r;
			if (!pr || !json_is_integer(json_object_get(pr, "parent_id")))
				break;
			parent = json_integer_value(json_object_get(pr, "parent_id"));
			for (j = 0; j < *n && t[j].key != parent; j++)
				;
			if (j == *n) {
				if (*n == cap)
					break;
				memset(&t[j], 0, sizeof t[j]);
				t[j].key = parent;
				(*n)++;
			}
			for (int b = 0; b < B_COUNT_; b++)
				t[j].n[b] += t[k].n[b];
		}
	}
	json_decref(regions);
	return 0;
}

void api_supervision_board(struct http_req *req)
{
	static const struct {
		const char *name;
		int dim;
	} groups[] = {
		{"department", WATCH_DEPT}, {"window", WATCH_WINDOW},
		{"clerk", WATCH_HANDLER}, {"region", WATCH_REGION},
	};
	const char *group = http_query(req, "group");
	struct cal_set cs = {0};
	struct watch_row *rows = NULL;
	struct tally all = {0}, *t = NULL;
	size_t n_rows = 0, n_t = 0, cap;
	json_t *out = NULL, *names = NULL, *levels = NULL, *list;
	int dim = WATCH_DEPT, err;

	if (group && *group) {
		dim = -1;
		for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
			if (!strcmp(group, groups[i].name))
				dim = groups[i].dim;
		if (dim < 0) {
			http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field",
			    "group"), "group应为department、window、clerk或region");
			return;
		}
	}
	if (!api_ok(req, store_watch_rows(req->st, 1u << WATCH_ALL | 1u << dim,
	    &rows, &n_rows)))
		return;
	qsort(rows, n_rows, sizeof *rows, cmp_row);
	cap = n_rows + 64;
	t = xcalloc(cap, sizeof *t);
	for (size_t i = 0; i < n_rows; i++) {
		const calendar *cal = cal_for(req, &cs, rows[i].region_id);
		int b;

		if (!cal) {
			http_reply_error(req, GH_ESTORE, NULL, "无法加载工作日历");
			goto out;
		}
		b = bucket_of(cal, &rows[i], req->today);
		if (rows[i].dim == WATCH_ALL) {
			all.n[b] += rows[i].n;
			continue;
		}
		if (!n_t || t[n_t - 1].key != rows[i].key)
			t[n_t++].key = rows[i].key;
		t[n_t - 1].n[b] += rows[i].n;
	}
	if (dim == WATCH_REGION && (err = roll_up_regions(req, t, &n_t, cap,
	    &levels))) {
		api_ok(req, err);
		goto out;
	}
	if (!api_ok(req, store_watch_names(req->st, dim, &names)))
		goto out;
	qsort(t, n_t, sizeof *t, cmp_tally);
	list = json_array();
	for (size_t i = 0; i < n_t; i++) {
		json_t *o = tally_json(&t[i], names);

		if (levels) {
			char key[24];

			snprintf(key, sizeof key, "%lld", (long long)t[i].key);
			json_object_set(o, "level", json_object_get(levels, key));
		}
		json_array_append_new(list, o);
	}
	out = json_pack("{s:o,s:s,s:o}", "date", json_day(req->today), "group",
	    groups[dim - 1].name, "groups", list);
	{
		json_t *totals = tally_json(&all, names);

		for (int b = 0; b < B_COUNT_; b++)
			json_object_set(out, bucket_names[b],
			    json_object_get(totals, bucket_names[b]));
		json_object_set(out, "open", json_object_get(totals, "open"));
		json_decref(totals);
	}
	http_reply_json(req, 200, out);
out:
	cal_set_release(&cs);
	json_decref(names);
	json_decref(levels);
	free(rows);
	free(t);
}

void api_supervision_cases(struct http_req *req)
{
	const char *light_s = http_query(req, "light");
	struct svc_actor who = api_actor(req);
	struct escalation_policy pol = ESCALATION_POLICY_DEFAULT;
	struct case_rec *rows = NULL;
	struct cal_set cs = {0};
	const calendar *root_cal;
	int64_t root, dept, total, v;
	int32_t red_before, cut;
	int page, per_page, light;
	char cutoffs[WARN_MAX * 8 + 8];
	size_t n, off = 0;
	json_t *data;

	if (!light_s || (strcmp(light_s, "yellow") && strcmp(light_s, "red"))) {
		http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field", "light"),
		    "light应为yellow或red");
		return;
	}
	light = !strcmp(light_s, "red") ? LIGHT_RED : LIGHT_YELLOW;
	if (!api_page(req, &page, &per_page) ||
	    !api_query_int(req, "dept", 0, &dept) ||
	    !api_ok(req, store_root_region(req->st, &root)) ||
	    !(root_cal = cal_for(req, &cs, root)))
		goto out;
	if (!store_setting_int(req->st, "red_card_after_days", 3, &v))
		pol.red_card_after_days = (int)v;
	if (!store_setting_int(req->st, "notice_after_days", 5, &v))
		pol.notice_after_days = (int)v;
	/* red: a working day has passed since the deadline, i.e. the deadline
	 * is before the latest working day up to today */
	red_before = req->today;
	for (int i = 0; i < 60 && !calendar_is_workday(root_cal, red_before); i++)
		red_before--;
	/* yellow with threshold k: at most k working days left, i.e. the
	 * deadline comes before the (k+1)-th working day after today */
	off += (size_t)snprintf(cutoffs + off, sizeof cutoffs - off, "[");
	for (int k = 0; k <= WARN_MAX; k++) {
		if (calendar_add_workdays(root_cal, req->today, k + 1, &cut))
			cut = req->today;
		off += (size_t)snprintf(cutoffs + off, sizeof cutoffs - off, "%s%d",
		    k ? "," : "", cut - 1);
	}
	snprintf(cutoffs + off, sizeof cutoffs - off, "]");
	if (!api_ok(req, store_watch_cases(req->st, light, red_before, cutoffs,
	    dept, page, per_page, &total, &rows, &n)))
		goto out;
	data = json_array();
	for (size_t i = 0; i < n; i++) {
		const calendar *cal = cal_for(req, &cs, rows[i].region_id);
		struct clock_input in;
		struct clock_suspension *susp;
		struct clock_result res;
		struct user_rec holder;
		json_t *o;

		if (!cal)
			continue;
		o = case_summary_json(req->st, cal, &rows[i], req->today, &who);
		if (case_clock(req->st, cal, &rows[i], req->today, &in, &susp, &res)) {
			int e = supervision_escalation(&res, &pol);

			json_object_set_new(o, "escalation", json_string(
			    escalation_name(e)));
			json_object_set_new(o, "escalation_label", json_string(
			    escalation_label(e)));
		}
		free(susp);
		if (rows[i].handler_id && !store_user_by_id(req->st,
		    rows[i].handler_id, &holder))
			json_object_set_new(o, "holder", json_pack("{s:I,s:s,s:s}", "id",
			    (json_int_t)holder.id, "name", holder.name, "role",
			    role_name(holder.role)));
		else
			json_object_set_new(o, "holder", json_null());
		/* 并联审批: the department holding the joint case up */
		if (rows[i].joint_kind == JOINT_CASE)
			json_object_set_new(o, "holding", joint_holding_json(req->st,
			    &rows[i], req->today));
		json_array_append_new(data, o);
	}
	http_reply_json(req, 200, json_pack("{s:I,s:i,s:i,s:s,s:o}", "total",
	    (json_int_t)total, "page", page, "per_page", per_page, "light",
	    light_s, "data", data));
out:
	free(rows);
	cal_set_release(&cs);
}
