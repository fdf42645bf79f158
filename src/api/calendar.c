/*
 * calendar.c - the working-day calendar: read it, ask for a deadline, and
 * (administrators) change it.  A change bumps the calendar version, so
 * every server reloads, and recomputes the deadlines of open cases in the
 * same transaction, each move recorded on the case's timeline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/day.h"
#include "domain/role.h"
#include "util/csv.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

static const char *kind_name(int kind)
{
	return kind == CAL_HOLIDAY ? "holiday" : "workday";
}

static int kind_from_name(const char *s)
{
	if (!strcmp(s, "holiday") || !strcmp(s, "休息") || !strcmp(s, "节假日"))
		return CAL_HOLIDAY;
	if (!strcmp(s, "workday") || !strcmp(s, "上班") || !strcmp(s, "调休上班"))
		return CAL_WORKDAY;
	return -1;
}

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

static json_t *explain_json(const struct clock_note *notes, size_t n)
{
	json_t *arr = json_array();
	char a[11], b[11], text[256];

	for (size_t i = 0; i < n; i++) {
		const struct clock_note *c = &notes[i];
		const char *kind = "";

		day_format_iso(c->day, a);
		switch (c->kind) {
		case CLOCK_NOTE_START:
			kind = "start";
			snprintf(text, sizeof text, "%s受理(当日不计入),时限%d个工作日", a,
			    c->days);
			break;
		case CLOCK_NOTE_HOLIDAY:
			kind = "holiday";
			snprintf(text, sizeof text, "%s %s放假,不计入", a,
			    c->name ? c->name : "");
			break;
		case CLOCK_NOTE_MAKEUP:
			kind = "makeup";
			snprintf(text, sizeof text, "%s %s,计入工作日", a,
			    c->name ? c->name : "调休上班");
			break;
		case CLOCK_NOTE_WEEKENDS:
			kind = "weekends";
			snprintf(text, sizeof text, "跳过双休日%d天", c->days);
			break;
		case CLOCK_NOTE_SUSPENSION:
			kind = "suspension";
			if (c->end_day == DAY_NONE)
				snprintf(text, sizeof text, "%s起挂起(特别程序或补正),"
				    "至今顺延%d个工作日", a, c->days);
			else {
				day_format_iso(c->end_day, b);
				snprintf(text, sizeof text, "%s至%s挂起(特别程序或补正),"
				    "顺延%d个工作日", a, b, c->days);
			}
			break;
		case CLOCK_NOTE_DEADLINE:
			kind = "deadline";
			snprintf(text, sizeof text, "办理期限截止于%s", a);
			break;
		default:
			continue;
		}
		json_array_append_new(arr, json_pack("{s:s,s:s,s:o,s:o,s:i,s:s}",
		    "kind", kind, "date", a, "end_date", json_day(c->end_day),
		    "name", c->name ? json_string(c->name) : json_null(),
		    "days", c->days, "text", text));
	}
	return arr;
}

json_t *clock_explain_json(const calendar *cal, const struct clock_input *in,
    const struct clock_result *res)
{
	struct clock_note notes[128];
	size_t n = clock_explain(cal, in, res, notes, 128);

	return explain_json(notes, n < 128 ? n : 128);
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
		    "kind", kind_name(list[i]->kind), "name", list[i]->name));
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

int calendar_apply(store *st, int64_t region_id, const struct cal_entry *put,
    size_t n_put, const int32_t *del, size_t n_del, int64_t now, int32_t today,
    int64_t actor_id, const char *actor_name, int role, size_t *moved)
{
	json_t *after = json_array();
	struct case_deadlines old;
	int err;

	if ((err = cases_deadlines_before(st, today, &old)))
		goto out;
	for (size_t i = 0; i < n_put; i++) {
		char iso[11];

		if ((err = store_calendar_put(st, region_id, put[i].day, put[i].kind,
		    put[i].name)))
			goto out;
		day_format_iso(put[i].day, iso);
		json_array_append_new(after, json_pack("{s:s,s:s,s:s}", "date",
		    iso, "kind", kind_name(put[i].kind), "name", put[i].name));
	}
	for (size_t i = 0; i < n_del; i++) {
		char iso[11];

		if ((err = store_calendar_delete(st, region_id, del[i])))
			goto out;
		day_format_iso(del[i], iso);
		json_array_append_new(after, json_pack("{s:s,s:s}", "date", iso,
		    "kind", "removed"));
	}
	if ((err = store_calendar_bump(st)))
		goto out;
	calendar_cache_clear();
	if ((err = cases_recompute_deadlines(st, &old, now, today, actor_id,
	    actor_name, role, moved)))
		goto out;
	{
		char rid[24];

		snprintf(rid, sizeof rid, "%lld", (long long)region_id);
		err = audit_as(st, now, actor_id, actor_name, role,
		    "calendar.change", "calendar", rid, NULL,
		    json_pack("{s:o,s:I}", "changes", json_incref(after),
		    "deadlines_moved", (json_int_t)*moved));
	}
out:
	case_deadlines_clear(&old);
	json_decref(after);
	return err;
}

/* PUT /calendar/{date} {"kind", "name"} and DELETE /calendar/{date}. */
static void calendar_edit(struct http_req *req, bool remove)
{
	json_t *body = NULL;
	int64_t region;
	int32_t day;
	size_t moved = 0;
	struct cal_entry e = {0};
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
		if ((e.kind = kind_from_name(kind_s)) < 0) {
			http_reply_error(req, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "kind"), "kind应为holiday(放假)或workday(调休上班)");
			goto out;
		}
		e.day = day;
		e.name = name;
	}
	if (!api_ok(req, store_begin(req->st)))
		goto out;
	if (!api_ok(req, calendar_apply(req->st, region, remove ? NULL : &e,
	    remove ? 0 : 1, remove ? &day : NULL, remove ? 1 : 0, req->now,
	    req->today, req->user.id, req->user.name, req->user.role, &moved)) ||
	    !api_ok(req, store_commit(req->st))) {
		store_rollback(req->st);
		calendar_cache_clear();
		goto out;
	}
	http_reply_json(req, 200, json_pack("{s:s,s:s,s:I}", "date",
	    req->params[0], "kind", remove ? "removed" : kind_name(e.kind),
	    "deadlines_moved", (json_int_t)moved));
out:
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

int calendar_parse_csv(const char *buf, size_t len, struct cal_entry **out,
    size_t *n, char *why, size_t why_cap)
{
	struct csv_reader r;
	struct csv_record rec;
	struct cal_entry *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc, err = 0;
	bool header = true;

	csv_reader_init(&r, buf, len, NULL);
	while ((rc = csv_read_record(&r, &rec)) == 1) {
		int32_t day;
		int kind;

		if (header) {
			header = false;
			if (rec.n != 3 || strcmp(rec.fields[0], "date") ||
			    strcmp(rec.fields[1], "kind") || strcmp(rec.fields[2], "name")) {
				snprintf(why, why_cap, "第%d行: 表头应为date,kind,name",
				    rec.line);
				err = GH_EUNPROCESSABLE;
				goto out;
			}
			continue;
		}
		if (rec.n != 3) {
			snprintf(why, why_cap, "第%d行: 应有3列", rec.line);
			err = GH_EUNPROCESSABLE;
			goto out;
		}
		if (day_parse_iso(rec.fields[0], &day) || !calendar_in_range(day)) {
			snprintf(why, why_cap, "第%d行 date: 日期%s无效", rec.line,
			    rec.fields[0]);
			err = GH_EUNPROCESSABLE;
			goto out;
		}
		if ((kind = kind_from_name(rec.fields[1])) < 0) {
			snprintf(why, why_cap, "第%d行 kind: 应为holiday或workday",
			    rec.line);
			err = GH_EUNPROCESSABLE;
			goto out;
		}
		if (cnt == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[cnt].day = day;
		v[cnt].kind = kind;
		v[cnt].name = xstrdup(*rec.fields[2] ? rec.fields[2]
		    : (kind == CAL_HOLIDAY ? "节假日" : "调休上班"));
		cnt++;
	}
	if (rc < 0) {
		snprintf(why, why_cap, "第%d行: %s", r.err_line, r.err_msg);
		err = GH_EUNPROCESSABLE;
	} else if (header) {
		snprintf(why, why_cap, "文件为空");
		err = GH_EUNPROCESSABLE;
	}
out:
	csv_reader_free(&r);
	if (err) {
		store_calendar_entries_free(v, cnt);
		return err;
	}
	*out = v;
	*n = cnt;
	return 0;
}
