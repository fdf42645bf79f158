/*
 * calendar_change.c - changes of the working-day calendar and the deadline
 * moves of open cases; see calendar_change.h (moved here from
 * api/calendar.c and api/cases.c).
 */
#include "service/calendar_change.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/day.h"
#include "service/audit.h"
#include "service/calendar_cache.h"
#include "service/case_clock.h"
#include "util/csv.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

const char *calendar_kind_name(int kind)
{
	return kind == CAL_HOLIDAY ? "holiday" : "workday";
}

int calendar_kind_from_name(const char *s)
{
	if (!strcmp(s, "holiday") || !strcmp(s, "休息") || !strcmp(s, "节假日"))
		return CAL_HOLIDAY;
	if (!strcmp(s, "workday") || !strcmp(s, "上班") || !strcmp(s, "调休上班"))
		return CAL_WORKDAY;
	return -1;
}

/* ---- deadline moves ------------------------------------------------------ */

/* The deadline of open case id under the calendar the database holds now;
 * false when it has no clock (not accepted) or cannot be computed. */
static bool current_deadline(store *st, int64_t id, int32_t today,
    struct case_rec *c, int32_t *deadline)
{
	struct cal_ref *ref;
	struct clock_input in;
	struct clock_suspension *susp = NULL;
	struct clock_result res;
	bool ok;

	if (store_case_get(st, id, c) || calendar_load(st, c->region_id, &ref))
		return false;
	ok = case_clock(st, cal_ref_get(ref), c, today, &in, &susp, &res);
	free(susp);
	cal_ref_release(ref);
	if (ok)
		*deadline = res.deadline;
	return ok;
}

int cases_deadlines_before(store *st, int32_t today,
    struct case_deadlines *out)
{
	int err;

	memset(out, 0, sizeof *out);
	if ((err = store_cases_open_ids(st, &out->ids, &out->n)))
		return err;
	out->deadline = xcalloc(out->n + 1, sizeof *out->deadline);
	for (size_t i = 0; i < out->n; i++) {
		struct case_rec c;

		if (!current_deadline(st, out->ids[i], today, &c, &out->deadline[i]))
			out->deadline[i] = DAY_NONE;
	}
	return 0;
}

void case_deadlines_clear(struct case_deadlines *d)
{
	free(d->ids);
	free(d->deadline);
	memset(d, 0, sizeof *d);
}

/* A case is moved when its deadline under the new calendar differs from
 * the one under the old calendar on the same day.  Comparing with the
 * stored deadline_day instead would blame the calendar for the daily
 * drift of a paused case (its stored deadline is as of its last action). */
int cases_recompute_deadlines(store *st, const struct case_deadlines *old,
    int64_t now, int32_t today, int64_t actor_id, const char *actor_name,
    int role, size_t *moved)
{
	int err = 0;

	*moved = 0;
	for (size_t i = 0; i < old->n && !err; i++) {
		struct case_rec c;
		char a[11], b[11], note[200];
		int32_t fresh;

		if (old->deadline[i] == DAY_NONE ||
		    !current_deadline(st, old->ids[i], today, &c, &fresh) ||
		    fresh == old->deadline[i])
			continue;
		c.deadline_day = fresh;
		c.updated_at = now;
		day_format_iso(old->deadline[i], a);
		day_format_iso(fresh, b);
		snprintf(note, sizeof note, "工作日历调整(节假日或调休变更),"
		    "办理期限由%s调整为%s", a, b);
		{
			struct case_event ev = {
				.case_id = c.id, .at = now, .day = today,
				.actor_id = actor_id, .actor_name = actor_name,
				.role = role, .action = "deadline_moved",
				.from_state = -1, .to_state = -1, .note = note,
			};

			if ((err = store_case_update(st, &c)) ||
			    (err = store_case_event_add(st, &ev)))
				break;
		}
		(*moved)++;
	}
	return err;
}

/* ---- changes ------------------------------------------------------------- */

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
		    iso, "kind", calendar_kind_name(put[i].kind), "name", put[i].name));
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
		if ((kind = calendar_kind_from_name(rec.fields[1])) < 0) {
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

int calendar_change(store *st, const struct svc_actor *who, int64_t region_id,
    const struct cal_entry *put, size_t n_put, const int32_t *del,
    size_t n_del, size_t *moved, struct svc_err *e)
{
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = svc_check(e, calendar_apply(st, region_id, put, n_put, del,
	    n_del, who->now, who->today, who->id, who->name, who->role,
	    moved))) || (err = svc_check(e, store_commit(st)))) {
		store_rollback(st);
		/* the cache may hold the version this transaction wrote */
		calendar_cache_clear();
		return err;
	}
	return 0;
}
