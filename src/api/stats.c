/*
 * stats.c - statistics for the centre's leaders and the efficiency office
 * (GET /api/v1/stats, JSON or CSV), and the public daily progress that the
 * online hall shows to everyone (GET /api/v1/public/daily).
 *
 * Rates are percentages with two decimals, as the reports quote them
 * (进驻率 393 / 471 = 83.44%).  Working days used are counted by the clock
 * at completion (cases.used_days), so a statistic needs no calendar.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/day.h"
#include "domain/mask.h"
#include "domain/role.h"
#include "domain/case_fsm.h"
#include "domain/item.h"
#include "util/csv.h"
#include "util/gh_err.h"

/* "83.44": num / den as a percentage with two decimals, rounded half up,
 * in integer arithmetic; "0.00" when den is 0.  out holds 32 bytes. */
static void percent(int64_t num, int64_t den, char out[32])
{
	int64_t hundredths = den ? (num * 10000 * 2 + den) / (den * 2) : 0;

	snprintf(out, 32, "%lld.%02lld", (long long)(hundredths / 100),
	    (long long)(hundredths % 100));
}

static json_t *rate(int64_t num, int64_t den)
{
	char buf[32];

	if (!den)
		return json_null();
	percent(num, den, buf);
	return json_string(buf);
}

static int64_t geti(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* Adds the derived rates to one statistics row. */
static void add_rates(json_t *r)
{
	int64_t completed = geti(r, "completed");
	char avg[32];

	json_object_set_new(r, "on_time_rate", rate(geti(r, "on_time"),
	    geti(r, "on_time") + geti(r, "late")));
	json_object_set_new(r, "online_rate", rate(geti(r, "online"),
	    geti(r, "received")));
	/* One cohort: of the cases accepted in the period, the share completed
	 * (出证, 不予许可, 转报) by its end; never above 100, unlike cases
	 * completed in the period over cases accepted in it (住建局, November:
	 * 2 over 1). */
	json_object_set_new(r, "completion_rate", rate(geti(r,
	    "accepted_completed"), geti(r, "accepted")));
	if (completed) {
		percent(geti(r, "used_days"), completed * 100, avg);
		json_object_set_new(r, "avg_used_days", json_string(avg));
		percent(geti(r, "promised_days"), completed * 100, avg);
		json_object_set_new(r, "avg_promised_days", json_string(avg));
		percent(geti(r, "legal_days"), completed * 100, avg);
		json_object_set_new(r, "avg_legal_days", json_string(avg));
	} else {
		json_object_set_new(r, "avg_used_days", json_null());
		json_object_set_new(r, "avg_promised_days", json_null());
		json_object_set_new(r, "avg_legal_days", json_null());
	}
	json_object_set_new(r, "fees_collected_fen", json_null());
}

/* A department's own 进驻率 from its [items, in hall] pair (NULL: none). */
static void add_hall_entry(json_t *r, json_t *pair)
{
	int64_t total = json_integer_value(json_array_get(pair, 0));
	int64_t in_hall = json_integer_value(json_array_get(pair, 1));

	json_object_set_new(r, "items_total", json_integer(total));
	json_object_set_new(r, "items_in_hall", json_integer(in_hall));
	json_object_set_new(r, "hall_entry_rate", rate(in_hall, total));
}

/* The latest working day up to today: a deadline before it is red. */
static int32_t red_before(const calendar *cal, int32_t today)
{
	int32_t d = today;

	for (int i = 0; i < 60 && !calendar_is_workday(cal, d); i++)
		d--;
	return d;
}

/* The period of GET /stats: this month by default. */
static bool period(struct http_req *req, int32_t *from, int32_t *to)
{
	int y, m, d;

	day_to_ymd(req->today, &y, &m, &d);
	return api_period(req, day_from_ymd(y, m, 1), from, to);
}

static const struct {
	const char *name, *label;
	int dim;
} stat_groups[] = {
	{"department", "单位", WATCH_DEPT}, {"window", "窗口", WATCH_WINDOW},
	{"clerk", "首问负责人", WATCH_HANDLER}, {"region", "地区", WATCH_REGION},
	{"level", "层级", STATS_LEVEL},
};

/* {"1": "市级", ...}: the names of the region levels. */
static json_t *level_names(void)
{
	json_t *o = json_object();

	for (int l = LV_CITY; l < LV_COUNT_; l++) {
		char key[8];

		snprintf(key, sizeof key, "%d", l);
		json_object_set_new(o, key, json_string(item_level_label(l)));
	}
	return o;
}

static const struct {
	const char *key, *label;
} stat_columns[] = {
	{"received", "收件"}, {"accepted", "受理"}, {"rejected", "不予受理"},
	{"completed", "办结"}, {"on_time", "按时办结"}, {"late", "超时办结"},
	{"on_time_rate", "按时办结率(%)"}, {"overdue_open", "在办超期"},
	{"withdrawn", "撤回"}, {"online", "网上申报"}, {"online_rate", "网上办理率(%)"},
	{"avg_used_days", "平均用时(工作日)"},
	{"avg_promised_days", "平均承诺时限(工作日)"},
	{"avg_legal_days", "平均法定时限(工作日)"},
	{"used_days", "实际用时合计(工作日)"},
	{"promised_days", "承诺时限合计(工作日)"},
	{"legal_days", "法定时限合计(工作日)"},
	{"items_total", "事项数"}, {"items_in_hall", "进驻大厅事项数"},
	{"hall_entry_rate", "进驻率(%)"},
};

static void csv_cell(struct csv_writer *w, json_t *v)
{
	char buf[32];

	if (json_is_string(v)) {
		csv_write_field(w, json_string_value(v), json_string_length(v));
		return;
	}
	if (json_is_integer(v))
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
	else
		buf[0] = '\0';
	csv_write_field(w, buf, strlen(buf));
}

static void reply_csv(struct http_req *req, const char *group_label,
    json_t *out)
{
	struct csv_writer w;
	json_t *row;
	size_t i, len;
	char *text;

	csv_writer_init(&w, 0);
	csv_write_raw(&w, "\xEF\xBB\xBF", 3);  /* BOM: spreadsheets read UTF-8 */
	csv_write_field(&w, group_label, strlen(group_label));
	for (size_t c = 0; c < sizeof stat_columns / sizeof stat_columns[0]; c++)
		csv_write_field(&w, stat_columns[c].label,
		    strlen(stat_columns[c].label));
	csv_end_record(&w);
	json_array_foreach(json_object_get(out, "groups"), i, row) {
		csv_cell(&w, json_object_get(row, "name"));
		for (size_t c = 0; c < sizeof stat_columns / sizeof stat_columns[0];
		    c++)
			csv_cell(&w, json_object_get(row, stat_columns[c].key));
		csv_end_record(&w);
	}
	csv_write_field(&w, "合计", strlen("合计"));
	for (size_t c = 0; c < sizeof stat_columns / sizeof stat_columns[0]; c++)
		csv_cell(&w, json_object_get(json_object_get(out, "total"),
		    stat_columns[c].key));
	csv_end_record(&w);
	text = csv_writer_finish(&w, &len);
	http_reply_text(req, 200, "text/csv; charset=utf-8", text, len);
	free(text);
}

void api_stats(struct http_req *req)
{
	const char *group = http_query(req, "group");
	const char *format = http_query(req, "format");
	int32_t from, to;
	int64_t root, total_items, in_hall;
	struct cal_ref *ref;
	json_t *groups = NULL, *totals = NULL, *names = NULL, *items = NULL;
	json_t *row, *out;
	int g = 0, dim;
	size_t i;
	/* A chief (首席代表) answers for one department and sees its figures
	 * only, as with cards; supervisors and administrators see the centre.
	 * A chief with no department sees nothing (-1 matches no case). */
	int64_t scope = req->user.role == ROLE_CHIEF
	    ? (req->user.dept_id ? req->user.dept_id : -1) : 0;

	if (!period(req, &from, &to))
		return;
	if (group && *group) {
		g = -1;
		for (size_t k = 0; k < sizeof stat_groups / sizeof stat_groups[0]; k++)
			if (!strcmp(group, stat_groups[k].name))
				g = (int)k;
		if (g < 0) {
			http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field",
			    "group"), "group应为department、window、clerk、region或level");
			return;
		}
	}
	if (format && strcmp(format, "json") && strcmp(format, "csv")) {
		http_reply_error(req, GH_EINVAL, NULL, "format应为json或csv");
		return;
	}
	dim = stat_groups[g].dim;
	if (!api_ok(req, store_root_region(req->st, &root)) ||
	    !(ref = api_calendar(req, root)))
		return;
	if (!api_ok(req, store_stats_json(req->st, from, to, dim,
	    red_before(cal_ref_get(ref), req->today), scope, &groups)) ||
	    !api_ok(req, store_stats_json(req->st, from, to, WATCH_ALL,
	    red_before(cal_ref_get(ref), req->today), scope, &totals)) ||
	    (dim == STATS_LEVEL ? !(names = level_names()) :
	    !api_ok(req, store_watch_names(req->st, dim, &names))) ||
	    !api_ok(req, store_items_count(req->st, &total_items, &in_hall)) ||
	    ((dim == WATCH_DEPT || scope) &&
	    !api_ok(req, store_items_by_dept_json(req->st, &items))))
		goto out;
	if (scope) {
		/* a chief's catalogue figures are the department's own */
		char key[24];
		json_t *pair;

		snprintf(key, sizeof key, "%lld", (long long)scope);
		pair = json_object_get(items, key);
		total_items = pair ? json_integer_value(json_array_get(pair, 0)) : 0;
		in_hall = pair ? json_integer_value(json_array_get(pair, 1)) : 0;
	}
	json_array_foreach(groups, i, row) {
		char key[24];
		json_t *name;

		snprintf(key, sizeof key, "%lld", (long long)geti(row, "key"));
		name = json_object_get(names, key);
		json_object_set_new(row, "id", json_integer(geti(row, "key")));
		json_object_del(row, "key");
		json_object_set_new(row, "name", name ? json_incref(name) :
		    json_string("未分配"));
		add_rates(row);
		if (items)
			add_hall_entry(row, json_object_get(items, key));
	}
	row = json_array_size(totals) ? json_incref(json_array_get(totals, 0))
	    : json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}",
	    "received", 0, "accepted", 0, "rejected", 0, "completed", 0,
	    "on_time", 0, "late", 0, "accepted_completed", 0, "withdrawn", 0,
	    "online", 0, "used_days", 0,
	    "promised_days", 0, "legal_days", 0, "overdue_open", 0);
	json_object_del(row, "key");
	add_rates(row);
	{
		json_t *pair = json_pack("[I,I]", (json_int_t)total_items,
		    (json_int_t)in_hall);

		add_hall_entry(row, pair);
		json_decref(pair);
	}
	{
		char r[32];

		percent(in_hall, total_items, r);
		out = json_pack("{s:o,s:o,s:s,s:o,s:o,s:I,s:I,s:s}", "from",
		    json_day(from), "to", json_day(to), "group",
		    stat_groups[g].name, "groups", json_incref(groups), "total", row,
		    "items_total", (json_int_t)total_items, "items_in_hall",
		    (json_int_t)in_hall, "hall_entry_rate", r);
	}
	/* the scope of the figures: a department, or null for the centre */
	json_object_set_new(out, "dept_id", scope > 0 ? json_integer(scope) :
	    json_null());
	if (format && !strcmp(format, "csv")) {
		reply_csv(req, stat_groups[g].label, out);
		json_decref(out);
	} else {
		http_reply_json(req, 200, out);
	}
out:
	cal_ref_release(ref);
	json_decref(groups);
	json_decref(totals);
	json_decref(names);
	json_decref(items);
}

/* GET /public/daily?date=: "每一天的办件进程都在网上办事大厅及时显现" (seed
 * 004).  Public: persons' names are masked (companies' are public) and
 * no query code is shown
 * (a query code is the key to a case's progress page). */
/* The day's cases listed at most (newest first); cases_total tells how
 * many there were. */
#define DAILY_CASES_MAX 200

void api_public_daily(struct http_req *req)
{
	const char *date = http_query(req, "date");
	json_t *depts, *cases, *row;
	int64_t received = 0, completed = 0, on_time = 0, cases_total;
	int32_t day = req->today;
	size_t i;

	if (date && *date && (day_parse_iso(date, &day) || day > req->today)) {
		http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field", "date"),
		    "date应为不晚于今天的YYYY-MM-DD日期");
		return;
	}
	if (!api_ok(req, store_daily_json(req->st, day, DAILY_CASES_MAX, &depts,
	    &cases, &cases_total)))
		return;
	json_array_foreach(depts, i, row) {
		received += geti(row, "received");
		completed += geti(row, "completed");
		on_time += geti(row, "on_time");
		json_object_set_new(row, "on_time_rate", rate(geti(row, "on_time"),
		    geti(row, "completed")));
	}
	json_array_foreach(cases, i, row) {
		char masked[128];
		int st = (int)geti(row, "state"), oc = (int)geti(row, "outcome");

		const char *kind = json_string_value(json_object_get(row,
		    "applicant_kind"));

		/* a company's name is public (its business licence is); only
		 * a person's name is personal data */
		if (!kind || strcmp(kind, "company")) {
			mask_name(json_string_value(json_object_get(row,
			    "applicant_name")), masked, sizeof masked);
			json_object_set_new(row, "applicant_name",
			    json_string(masked));
		}
		json_object_del(row, "applicant_kind");
		json_object_set_new(row, "state", json_string(case_state_name(st)));
		json_object_set_new(row, "state_label",
		    json_string(case_state_label(st)));
		json_object_set_new(row, "outcome", oc ?
		    json_string(case_outcome_name(oc)) : json_null());
		json_object_set_new(row, "outcome_label", oc ?
		    json_string(case_outcome_label(oc)) : json_null());
	}
	http_reply_json(req, 200, json_pack("{s:o,s:I,s:I,s:o,s:o,s:o,s:I}",
	    "date", json_day(day), "received", (json_int_t)received, "completed",
	    (json_int_t)completed, "on_time_rate", rate(on_time, completed),
	    "departments", depts, "cases", cases, "cases_total",
	    (json_int_t)cases_total));
}
