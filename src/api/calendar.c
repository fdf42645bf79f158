/*
 * calendar.c - the working-day calendar: read it, ask for a deadline, and
 * (administrators) change it.  A change is service/calendar_change.h: it
 * bumps the calendar version, so every server reloads, and recomputes the
 * deadlines of open cases in the same transaction, each move recorded on
 * the case's timeline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/day.h"
#include "domain/role.h"
#include "service/calendar_change.h"
#include "service/case_view.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

/* The region named by ?region= (default: the root region). */
static bool region_param(struct http_req *req, int64_t *region)
{
	int64_t v;

	if (!api_query_int(req, "region", 0, &v))
		return false;
	if (!v)
		return api_ok(req, store_root_region(req->st, region));
	if (store_region_exists(req->st, v)) {
		http_reply_error(req, GH_ENOTFOUND, NULL, "地区%lld不存在",
		    (long long)v);
		return false;
	}
	*region = v;
	return true;
}

void api_calendar_get(struct http_req *req)
{
	int64_t region, year;
	struct cal_ref *ref;
	const struct cal_entry *list[400];
	json_t *arr;
	int32_t a, b;
	size_t n;
	int year_days;

	if (!region_param(req, &region) ||
	    !api_query_int(req, "year", 0, &year))
		return;
	if (!year) {
		int y, m, d;

		day_to_ymd(req->today, &y, &m, &d);
		year = y;
	}
	if (year < 2000 || year > 2100) {
		http_reply_error(req, GH_EINVAL, NULL, "年份应在2000到2100之间");
		return;
	}
	if (!(ref = api_calendar(req, region)))
		return;
	a = day_from_ymd((int)year, 1, 1);
	b = day_from_ymd((int)year, 12, 31);
	n = calendar_entries_between(cal_ref_get(ref), a, b, list, 400);
	arr = json_array();
	for (size_t i = 0; i < n && i < 400; i++) {
		char iso[11];

		day_format_iso(list[i]->day, iso);
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s}", "date", iso,
		    "kind", calendar_kind_name(list[i]->kind), "name",
		    list[i]->name));
	}
	year_days = calendar_count_workdays(cal_ref_get(ref), a - 1, b);
	cal_ref_release(ref);
	http_reply_json(req, 200, json_pack("{s:I,s:I,s:i,s:o}", "region_id",
	    (json_int_t)region, "year", (json_int_t)year, "workdays", year_days,
	    "entries", arr));
}

void api_calendar_deadline(struct http_req *req)
{
	const char *from_s = http_query(req, "from");
	int64_t region, days;
	int32_t from, due;
	struct cal_ref *ref;
	struct clock_input in = {0};
	struct clock_result res;
	json_t *out;

	if (!region_param(req, &region) || !api_query_int(req, "days", -1, &days))
		return;
	if (!from_s)
		from = req->today;
	else if (day_parse_iso(from_s, &from)) {
		http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field", "from"),
		    "from应为YYYY-MM-DD格式的日期");
		return;
	}
	if (days < 0 || days > 3650) {
		http_reply_error(req, GH_EINVAL, json_pack("{s:s}", "field", "days"),
		    "days应为0到3650之间的整数");
		return;
	}
	if (!(ref = api_calendar(req, region)))
		return;
	if (calendar_add_workdays(cal_ref_get(ref), from, (int)days, &due)) {
		cal_ref_release(ref);
		http_reply_error(req, GH_EINVAL, NULL, "日期超出日历范围(2000-2100年)");
		return;
	}
	in.start_day = from;
	in.limit_days = (int)days;
	in.end_day = DAY_NONE;
	in.today = from;
	in.warn_days = 0;
	clock_compute(cal_ref_get(ref), &in, &res);
	out = json_pack("{s:o,s:o,s:I,s:o}", "from", json_day(from), "deadline",
	    json_day(due), "days", (json_int_t)days, "explanation",
	    clock_explain_json(cal_ref_get(ref), &in, &res));
	cal_ref_release(ref);
	http_reply_json(req, 200, out);
}

/* PUT /calendar/{date} {"kind", "name"} and DELETE /calendar/{date}. */
static void calendar_edit(struct http_req *req, bool remove)
{
	json_t *body = NULL;
	struct svc_actor who = api_actor(req);
	struct svc_err e = {0};
	int64_t region;
	int32_t day;
	size_t moved = 0;
	struct cal_entry ce = {0};
	const char *kind_s, *name;

	if (day_parse_iso(req->params[0], &day) || !calendar_in_range(day)) {
		http_reply_error(req, GH_EINVAL, NULL,
		    "日期%s无效(应为2000-2100年间的YYYY-MM-DD)", req->params[0]);
		return;
	}
	if (!region_param(req, &region))
		return;
	if (!remove) {
		if (!(body = http_body_object(req)))
			return;
		if (!api_str(req, body, "kind", true, 32, &kind_s) ||
		    !api_str(req, body, "name", true, 100, &name))
			goto out;
		if ((ce.kind = calendar_kind_from_name(kind_s)) < 0) {
			http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "kind"), "kind应为holiday(放假)或workday(调休上班)");
			goto out;
		}
		ce.day = day;
		ce.name = name;
	}
	if (calendar_change(req->st, &who, region, remove ? NULL : &ce,
	    remove ? 0 : 1, remove ? &day : NULL, remove ? 1 : 0, &moved, &e)) {
		api_reply_svc_err(req, &e);
		goto out;
	}
	http_reply_json(req, 200, json_pack("{s:s,s:s,s:I}", "date",
	    req->params[0], "kind", remove ? "removed" :
	    calendar_kind_name(ce.kind), "deadlines_moved", (json_int_t)moved));
out:
	svc_err_clear(&e);
	json_decref(body);
}

void api_calendar_put(struct http_req *req)
{
	calendar_edit(req, false);
}

void api_calendar_delete(struct http_req *req)
{
	calendar_edit(req, true);
}
