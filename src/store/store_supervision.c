/*
 * store_supervision.c - supervision: the open-case counters, the board, statistics, daily progress, anomalies, timers, cards and notifications.
 * Every query is written once for both engines (store_impl.h).
 */
#include "store/store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/supervision.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

/* ---- supervision ---------------------------------------------------------- */

int store_watch_rows(store *st, unsigned dims_mask, struct watch_row **out,
    size_t *n)
{
	/* dim IN (...) reads one primary-key range per dimension asked for; a
	 * test on the mask would scan every dimension's rows (bench/board.sh:
	 * 95 k rows scanned for the 22 k of the department board). */
#define DIM_IF(i) (dims_mask >> (i) & 1 ? (i) : -1)
	db_stmt *s = sql_query(st, "SELECT dim, key, region_id, deadline_day,"
	    " warn_days, paused, n FROM watch_counts WHERE dim IN (?1, ?2, ?3,"
	    " ?4, ?5) AND n > 0", "IIIII", DIM_IF(0), DIM_IF(1), DIM_IF(2),
	    DIM_IF(3), DIM_IF(4));
#undef DIM_IF
	struct watch_row *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 1024;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[cnt].dim = db_col_int(s, 0);
		v[cnt].key = db_col_int64(s, 1);
		v[cnt].region_id = db_col_int64(s, 2);
		v[cnt].deadline_day = db_col_int(s, 3);
		v[cnt].warn_days = db_col_int(s, 4);
		v[cnt].paused = db_col_int(s, 5);
		v[cnt].n = db_col_int64(s, 6);
		cnt++;
	}
	db_reset(s);
	if (rc != DB_DONE) {
		free(v);
		return sql_rc(rc);
	}
	*out = v;
	*n = cnt;
	return 0;
}

int store_watch_names(store *st, int dim, json_t **out)
{
	static const char *const sql[WATCH_DIM_COUNT_] = {
		"SELECT 0, '全部'",
		"SELECT id, short_name FROM departments",
		"SELECT id, no || ' ' || name FROM windows",
		"SELECT id, name FROM users WHERE role <> 1",
		"SELECT id, name FROM regions",
	};
	db_stmt *s;
	json_t *o;
	int rc;

	if (dim < 0 || dim >= WATCH_DIM_COUNT_)
		return GH_EINVAL;
	s = sql_query(st, sql[dim], "");
	o = json_object();
	while ((rc = db_step(s)) == DB_ROW) {
		char key[24];

		snprintf(key, sizeof key, "%lld",
		    (long long)db_col_int64(s, 0));
		json_object_set_new(o, key, json_string(
		    (const char *)db_col_text(s, 1)));
	}
	db_reset(s);
	if (rc != DB_DONE) {
		json_decref(o);
		return sql_rc(rc);
	}
	*out = o;
	return 0;
}

/* The yellow and red lists.  The total comes from watch_counts (a few
 * rows per deadline day), the page from the partial index cases_watch in
 * deadline order: neither reads more cases than the page shows.  The two
 * lights are separate statements so that each is a plain range on
 * deadline_day the planner can use (bench/board.sh). */
#define WATCH_TOTAL "SELECT coalesce(sum(n), 0) FROM watch_counts WHERE" \
	" dim = ?1 AND key = ?2 AND paused = 0 AND "
#define WATCH_ROWS(hint) "SELECT " CASE_COLS " FROM cases c" hint \
	" JOIN items i ON i.id = c.item_id WHERE c.accepted_day IS" \
	" NOT NULL AND c.finished_day IS NULL AND c.state NOT IN (3, 7) AND" \
	" (?1 = 0 OR c.dept_id = ?1) AND "
#define WATCH_ORDER " ORDER BY c.deadline_day, c.id LIMIT ?4 OFFSET ?5"
/* SQLite is told the index (its planner prefers the dept index here);
 * the cut-offs are a JSON array indexed by warn_days. */
static const struct db_sql watch_yellow_total = {
	WATCH_TOTAL "deadline_day >= ?3 AND deadline_day <="
	" json_extract(?4, '$[' || warn_days || ']')",
	WATCH_TOTAL "deadline_day >= ?3 AND deadline_day <="
	" (?4::jsonb ->> warn_days::int)::bigint",
};
static const struct db_sql watch_red_rows = {
	WATCH_ROWS(" INDEXED BY cases_watch") "c.deadline_day < ?2"
	WATCH_ORDER,
	WATCH_ROWS("") "c.deadline_day < ?2" WATCH_ORDER,
};
static const struct db_sql watch_yellow_rows = {
	WATCH_ROWS(" INDEXED BY cases_watch") "c.deadline_day >= ?2 AND"
	" c.deadline_day <= json_extract(?3, '$[#-1]') AND c.deadline_day <="
	" json_extract(?3, '$[' || c.warn_days || ']')" WATCH_ORDER,
	WATCH_ROWS("") "c.deadline_day >= ?2 AND c.deadline_day <="
	" (?3::jsonb ->> -1)::bigint AND c.deadline_day <="
	" (?3::jsonb ->> c.warn_days::int)::bigint" WATCH_ORDER,
};

int store_watch_cases(store *st, int light, int32_t red_before,
    const char *cutoffs_json, int64_t dept_id, int page, int per_page,
    int64_t *total, struct case_rec **out, size_t *n)
{
	bool red = light == LIGHT_RED;
	struct case_rec *v;
	size_t cnt = 0;
	db_stmt *s;
	int rc = DB_DONE, err;

	err = red ? sql_int(st, total, WATCH_TOTAL "deadline_day < ?3", "IiI",
	    dept_id ? 1 : 0, dept_id, (int)red_before) :
	    sql_int_d(st, total, &watch_yellow_total, "IiIt", dept_id ? 1 : 0,
	    dept_id, (int)red_before, cutoffs_json);
	if (err)
		return err;
	s = sql_query_d(st, red ? &watch_red_rows : &watch_yellow_rows,
	    "iItII", dept_id, (int)red_before, cutoffs_json, per_page,
	    sql_page_offset(page, per_page));
	v = xcalloc((size_t)per_page, sizeof *v);
	while (cnt < (size_t)per_page && (rc = db_step(s)) == DB_ROW)
		case_read_row(s, &v[cnt++]);
	if (cnt < (size_t)per_page && rc != DB_DONE) {
		db_reset(s);
		free(v);
		return sql_rc(rc);
	}
	db_reset(s);
	*out = v;
	*n = cnt;
	return 0;
}

/* The number of rows where cond holds: a sum of a comparison is an
 * integer on SQLite but a type error on PostgreSQL (boolean). */
#define COUNT_IF(cond) " sum(CASE WHEN " cond " THEN 1 ELSE 0 END)"

int store_stats_json(store *st, int32_t from, int32_t to, int dim,
    int32_t red_before, int64_t dept_id, json_t **out)
{
	/* One pass over the cases touched in the period or still open;
	 * outcomes: 1 出证, 2 不予许可, 3 不予受理, 4 撤回, 5 补正超时, 6 转报,
	 * 9 撤销许可 (告知承诺 found false after the decision: the case was
	 * handled to its end, so a later revocation does not take it out of
	 * the period in which it was completed). */
	return sql_rows_json(st, sql_query(st, "SELECT CASE ?3 WHEN 1 THEN dept_id"
	    " WHEN 2 THEN coalesce(window_id, 0) WHEN 3 THEN coalesce(clerk_id, 0)"
	    " WHEN 4 THEN region_id WHEN 5 THEN (SELECT r.level FROM regions r"
	    "  WHERE r.id = cases.region_id) ELSE 0 END AS key,"
	    COUNT_IF("submitted_day BETWEEN ?1 AND ?2") " AS received,"
	    COUNT_IF("accepted_day BETWEEN ?1 AND ?2") " AS accepted,"
	    COUNT_IF("outcome IN (3, 5) AND finished_day BETWEEN ?1 AND ?2")
	    " AS rejected,"
	    COUNT_IF("outcome IN (1, 2, 6, 9) AND finished_day BETWEEN ?1 AND ?2")
	    " AS completed,"
	    COUNT_IF("outcome IN (1, 2, 6, 9) AND finished_day BETWEEN ?1 AND ?2"
	    " AND on_time = 1") " AS on_time,"
	    COUNT_IF("outcome IN (1, 2, 6, 9) AND finished_day BETWEEN ?1 AND ?2"
	    " AND on_time = 0") " AS late,"
	    COUNT_IF("outcome IN (1, 2, 6, 9) AND accepted_day BETWEEN ?1 AND ?2"
	    " AND finished_day <= ?2") " AS accepted_completed,"
	    COUNT_IF("outcome = 4 AND finished_day BETWEEN ?1 AND ?2")
	    " AS withdrawn,"
	    COUNT_IF("submitted_day BETWEEN ?1 AND ?2 AND channel = 'online'")
	    " AS online,"
	    " coalesce(sum(CASE WHEN outcome IN (1, 2, 6, 9) AND finished_day BETWEEN"
	    "  ?1 AND ?2 THEN used_days END), 0) AS used_days,"
	    " coalesce(sum(CASE WHEN outcome IN (1, 2, 6, 9) AND finished_day BETWEEN"
	    "  ?1 AND ?2 THEN limit_days END), 0) AS promised_days,"
	    " coalesce(sum(CASE WHEN outcome IN (1, 2, 6, 9) AND finished_day BETWEEN"
	    "  ?1 AND ?2 THEN legal_limit_days END), 0) AS legal_days,"
	    COUNT_IF("finished_day IS NULL AND accepted_day IS NOT NULL AND"
	    " state NOT IN (3, 7) AND deadline_day < ?4") " AS overdue_open"
	    " FROM cases WHERE (submitted_day BETWEEN ?1 AND ?2 OR finished_day"
	    " BETWEEN ?1 AND ?2 OR accepted_day BETWEEN ?1 AND ?2 OR"
	    " finished_day IS NULL) AND (?5 = 0 OR dept_id = ?5)"
	    " GROUP BY 1 ORDER BY 1", "IIIIi", (int)from,
	    (int)to, dim, (int)red_before, dept_id), out);
}

int store_daily_json(store *st, int32_t day, int limit, json_t **depts,
    json_t **cases, int64_t *cases_total)
{
	int err = sql_int(st, cases_total, "SELECT count(*) FROM cases WHERE"
	    " submitted_day = ?1 OR finished_day = ?1", "I", (int)day);

	if (err)
		return err;
	err = sql_rows_json(st, sql_query(st, "SELECT d.id, d.short_name AS name,"
	    COUNT_IF("c.submitted_day = ?1") " AS received,"
	    COUNT_IF("c.finished_day = ?1 AND c.outcome IN (1, 2, 6, 9)")
	    " AS completed,"
	    COUNT_IF("c.finished_day = ?1 AND c.outcome IN (1, 2, 6, 9) AND"
	    " c.on_time = 1") " AS on_time FROM cases c"
	    " JOIN departments d ON d.id = c.dept_id WHERE c.submitted_day = ?1"
	    " OR c.finished_day = ?1 GROUP BY d.id, d.short_name"
	    " ORDER BY received DESC, d.id", "I", (int)day), depts);

	if (err)
		return err;
	err = sql_rows_json(st, sql_query(st, "SELECT i.name AS item_name,"
	    " d.short_name AS dept_name, c.applicant_name, c.applicant_kind,"
	    " c.state, c.outcome,"
	    " c.channel, c.submitted_day, c.finished_day, CASE WHEN"
	    " c.submitted_day = ?1 THEN 1 ELSE 0 END AS received_flag, CASE WHEN"
	    " c.finished_day = ?1 AND c.outcome IN (1, 2, 6, 9) THEN 1 ELSE 0 END"
	    " AS completed_flag FROM cases c JOIN items i ON"
	    " i.id = c.item_id JOIN departments d ON d.id = c.dept_id WHERE"
	    " c.submitted_day = ?1 OR c.finished_day = ?1 ORDER BY c.id DESC"
	    " LIMIT ?2", "II", (int)day, limit), cases);
	if (err) {
		json_decref(*depts);
		*depts = NULL;
	}
	return err;
}

/* ---- anomalies, timers, cards, notifications ------------------------------ */

int store_anomaly_config(store *st, struct anomaly_config *cfg)
{
	db_stmt *s = sql_query(st, "SELECT rule_id, enabled, threshold FROM"
	    " anomaly_rule_settings", "");
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		int r = anomaly_rule_from_id((const char *)db_col_text(s, 0));

		if (r < 0)
			continue;
		cfg->enabled[r] = db_col_int(s, 1);
		cfg->threshold[r] = db_col_int(s, 2);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : sql_rc(rc);
}

int store_anomaly_rule_set(store *st, const char *rule_id, bool enabled,
    int threshold, int64_t user_id, int64_t now)
{
	return sql_run(st, "INSERT INTO anomaly_rule_settings(rule_id, enabled,"
	    " threshold, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)"
	    " ON CONFLICT(rule_id) DO UPDATE SET enabled = excluded.enabled,"
	    " threshold = excluded.threshold, updated_by = excluded.updated_by,"
	    " updated_at = excluded.updated_at", "tIIni", rule_id, (int)enabled,
	    threshold, user_id, now);
}

int store_anomaly_add(store *st, const struct anomaly_rec *a, bool *created)
{
	int err = sql_run(st, "INSERT INTO anomalies(rule_id, case_id,"
	    " event_id, dept_id, user_id, day, at, explanation, evidence) VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING", "tiiinIitt", a->rule_id,
	    a->case_id, a->event_id, a->dept_id, a->user_id, (int)a->day, a->at,
	    a->explanation, a->evidence);

	if (!err)
		*created = db_changes(st->db) > 0;
	return err;
}

int store_case_last_event_id(store *st, int64_t case_id, int64_t *out)
{
	return sql_int(st, out, "SELECT coalesce(max(id), 0) FROM case_events"
	    " WHERE case_id = ?1", "i", case_id);
}

int store_timer_set(store *st, const char *kind, int64_t case_id,
    int32_t due_day)
{
	return sql_run(st, "INSERT INTO timers(kind, case_id, due_day) VALUES (?1,"
	    " ?2, ?3) ON CONFLICT(kind, case_id) DO UPDATE SET due_day ="
	    " excluded.due_day, done_at = NULL", "tiI", kind, case_id,
	    (int)due_day);
}

int store_timer_done(store *st, const char *kind, int64_t case_id,
    int64_t now)
{
	return sql_run(st, "UPDATE timers SET done_at = ?3 WHERE kind = ?1 AND"
	    " case_id = ?2 AND done_at IS NULL", "tii", kind, case_id, now);
}

int store_timers_due(store *st, const char *kind, int32_t today, int limit,
    int64_t **ids, size_t *n)
{
	return sql_ids(sql_query(st, "SELECT case_id FROM timers WHERE kind = ?1"
	    " AND done_at IS NULL AND due_day <= ?2 ORDER BY due_day LIMIT ?3",
	    "tII", kind, (int)today, limit), ids, n);
}

int store_cases_due_ids(store *st, int32_t last_day, int64_t **ids,
    size_t *n)
{
	return sql_ids(sql_query(st, "SELECT id FROM cases WHERE accepted_day IS"
	    " NOT NULL AND finished_day IS NULL AND deadline_day <= ?1 ORDER BY"
	    " deadline_day, id", "I", (int)last_day), ids, n);
}

int store_card_add(store *st, int64_t case_id, int kind, int64_t dept_id,
    int64_t user_id, int32_t day, int64_t at, const char *reason,
    bool *created)
{
	int err = sql_run(st, "INSERT INTO cards(case_id, kind, dept_id,"
	    " user_id, day, at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
	    "iIinIit", case_id, kind, dept_id, user_id, (int)day, at, reason);

	if (!err)
		*created = db_changes(st->db) > 0;
	return err;
}

int store_cards_json(store *st, int64_t dept_id, int32_t from, int32_t to,
    json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT k.id, k.case_id, c.query_code,"
	    " CASE k.kind WHEN 2 THEN 'yellow_card' ELSE 'red_card' END AS kind,"
	    " CASE k.kind WHEN 2 THEN '黄牌' ELSE '红牌' END AS kind_label,"
	    " k.dept_id, d.short_name AS dept_name, k.user_id, u.name AS user_name,"
	    " k.day AS issued_day, k.reason FROM cards k JOIN cases c ON"
	    " c.id = k.case_id JOIN departments d ON d.id = k.dept_id LEFT JOIN"
	    " users u ON u.id = k.user_id WHERE (?1 = 0 OR k.dept_id = ?1) AND"
	    " k.day BETWEEN ?2 AND ?3 ORDER BY k.id DESC", "iII", dept_id,
	    (int)from, (int)to), out);
}

int store_notification_add(store *st, int64_t user_id, int64_t case_id,
    const char *kind, const char *text, int64_t at, bool *created)
{
	int err = sql_run(st, "INSERT INTO notifications(user_id, case_id,"
	    " kind, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING", "intti",
	    user_id, case_id, kind, text, at);

	if (!err)
		*created = db_changes(st->db) > 0;
	return err;
}

int store_notifications_json(store *st, int64_t user_id, bool unread_only,
    json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT n.id, n.case_id, c.query_code,"
	    " n.kind, n.text, n.created_at, n.read_at FROM notifications n LEFT"
	    " JOIN cases c ON c.id = n.case_id WHERE n.user_id = ?1 AND (?2 = 0"
	    " OR n.read_at IS NULL) ORDER BY n.id DESC LIMIT 200", "iI", user_id,
	    (int)unread_only), out);
}

int store_notification_read(store *st, int64_t user_id, int64_t id,
    int64_t at)
{
	int err = sql_run(st, "UPDATE notifications SET read_at = coalesce(read_at,"
	    " ?3) WHERE id = ?2 AND user_id = ?1", "iii", user_id, id, at);

	if (!err && db_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

int store_sweep_claim(store *st, int64_t now, int64_t min_gap_s, bool *got)
{
	int64_t last = 0;
	char buf[32];
	int err;

	*got = false;
	if ((err = db_xact_try_lock(st->db, LOCK_SWEEP, got)) || !*got)
		return err;
	if ((err = store_setting_int(st, "sweep.last_at", 0, &last)))
		return err;
	if (min_gap_s > 0 && last && now - last >= 0 && now - last < min_gap_s) {
		*got = false;
		return 0;
	}
	snprintf(buf, sizeof buf, "%lld", (long long)now);
	return store_setting_set(st, "sweep.last_at", buf);
}
