/*
 * store_records.c - supervision records: 督办单 (notices), sanctions and anomaly review.
 * Every query is written once for both engines (store_impl.h).
 */
#include "store/store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/day.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

/* ---- supervision records: notices, sanctions, anomaly review -------------- */

int store_notice_add(store *st, const struct notice_rec *n,
    bool once_per_case, int64_t *id)
{
	char prefix[32], next[32];
	int y, m, d, err;

	day_to_ymd(n->issued_day, &y, &m, &d);
	snprintf(prefix, sizeof prefix, "督〔%04d〕", y);
	snprintf(next, sizeof next, "督〔%04d〕", y + 1);
	/* "督〔2026〕" is 7 characters: the number runs from the 8th to the
	 * character before 号.  The range on no uses its unique index.  The
	 * numbering lock keeps the numbers unique with writers on several
	 * servers (SQLite's single writer already does). */
	if ((err = db_xact_lock(st->db, LOCK_NOTICE_NO)))
		return err;
	err = sql_int(st, id, "INSERT INTO supervision_notices(no, case_id, dept_id,"
	    " rule_id, content, issued_by, issued_at, issued_day, reply_due_day)"
	    " SELECT ?1 || (SELECT coalesce(max(CAST(substr(no, 8, length(no) - 8)"
	    " AS INTEGER)), 0) + 1 FROM supervision_notices WHERE no >= ?1 AND"
	    " no < ?2) || '号', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 WHERE ?11 = 0 OR"
	    " NOT EXISTS (SELECT 1 FROM supervision_notices WHERE case_id = ?3)"
	    " RETURNING id",
	    "ttnittniIII", prefix, next, n->case_id, n->dept_id,
	    n->rule_id ? n->rule_id : "", n->content, n->issued_by, n->issued_at,
	    (int)n->issued_day, (int)n->reply_due_day, (int)once_per_case);
	if (err == GH_ENOTFOUND) {      /* the case had a notice already */
		*id = 0;
		return 0;
	}
	return err;
}

int store_notice_info(store *st, int64_t id, struct notice_info *out)
{
	db_stmt *s = sql_query(st, "SELECT id, coalesce(case_id, 0), dept_id,"
	    " state, reply_due_day FROM supervision_notices WHERE id = ?1", "i",
	    id);
	int rc = db_step(s);

	if (rc == DB_ROW) {
		out->id = db_col_int64(s, 0);
		out->case_id = db_col_int64(s, 1);
		out->dept_id = db_col_int64(s, 2);
		out->state = db_col_int(s, 3);
		out->reply_due_day = (int32_t)db_col_int(s, 4);
	}
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

/* Columns of a notice; ?1 is today (for the overdue flag). */
#define NOTICE_COLS "n.id, n.no, n.case_id, c.query_code, n.dept_id," \
	" d.short_name AS dept_name, n.rule_id, n.content, n.issued_by," \
	" coalesce(ui.name, '系统') AS issued_by_name, n.issued_at, n.issued_day," \
	" n.reply_due_day, n.reply, n.replied_by, ur.name AS replied_by_name," \
	" n.replied_at, n.replied_day, n.close_note, n.closed_by, uc.name AS" \
	" closed_by_name, n.closed_at, n.closed_day, CASE n.state WHEN 0 THEN" \
	" 'awaiting_reply' WHEN 1 THEN 'replied' ELSE 'closed' END AS state," \
	" CASE n.state WHEN 0 THEN '待回复' WHEN 1 THEN '已回复' ELSE '已办结'" \
	" END AS state_label, (n.state = 0 AND n.reply_due_day < ?1) AS" \
	" overdue_flag"
#define NOTICE_FROM " FROM supervision_notices n JOIN departments d ON" \
	" d.id = n.dept_id LEFT JOIN cases c ON c.id = n.case_id LEFT JOIN" \
	" users ui ON ui.id = n.issued_by LEFT JOIN users ur ON" \
	" ur.id = n.replied_by LEFT JOIN users uc ON uc.id = n.closed_by"
#define NOTICE_FILTER " WHERE (?2 < 0 OR n.state = ?2) AND (?3 = 0 OR" \
	" (n.state = 0 AND n.reply_due_day < ?1)) AND (?4 = 0 OR n.dept_id = ?4)"

int store_notice_json(store *st, int64_t id, int32_t today, json_t **out)
{
	db_stmt *s = sql_query(st, "SELECT " NOTICE_COLS NOTICE_FROM
	    " WHERE n.id = ?2", "Ii", (int)today, id);
	int rc = db_step(s);

	if (rc == DB_ROW)
		*out = sql_row_json(s);
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_notices_json(store *st, int state, bool overdue_only,
    int64_t dept_id, int32_t today, int page, int per_page, json_t **out)
{
	int64_t total;
	int err = sql_int(st, &total, "SELECT count(*) FROM supervision_notices n"
	    NOTICE_FILTER, "IIIi", (int)today, state, (int)overdue_only, dept_id);

	if (err)
		return err;
	return sql_page_json(st, total, sql_query(st, "SELECT " NOTICE_COLS NOTICE_FROM
	    NOTICE_FILTER " ORDER BY n.id DESC LIMIT ?5 OFFSET ?6", "IIIiII",
	    (int)today, state, (int)overdue_only, dept_id, per_page,
	    sql_page_offset(page, per_page)), out);
}

int store_notice_reply(store *st, int64_t id, const char *reply,
    int64_t user_id, int64_t at, int32_t day)
{
	int err = sql_run(st, "UPDATE supervision_notices SET reply = ?2,"
	    " replied_by = ?3, replied_at = ?4, replied_day = ?5, state = 1"
	    " WHERE id = ?1 AND state = 0", "itniI", id, reply, user_id, at,
	    (int)day);

	if (!err && db_changes(st->db) == 0)
		return GH_ECONFLICT;
	return err;
}

int store_notice_close(store *st, int64_t id, const char *note,
    int64_t user_id, int64_t at, int32_t day)
{
	int err = sql_run(st, "UPDATE supervision_notices SET close_note = ?2,"
	    " closed_by = ?3, closed_at = ?4, closed_day = ?5, state = 2"
	    " WHERE id = ?1 AND state = 1", "itniI", id, note ? note : "",
	    user_id, at, (int)day);

	if (!err && db_changes(st->db) == 0)
		return GH_ECONFLICT;
	return err;
}

int store_sanction_add(store *st, const struct sanction_rec *s, int64_t *id)
{
	int err = sql_int(st, id, "INSERT INTO sanctions(kind, target_user_id,"
	    " target_dept_id, case_id, notice_id, reason, evidence, issued_by,"
	    " issued_at, issued_day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	    " ?10) RETURNING id", "InnnnttniI", s->kind, s->user_id, s->dept_id, s->case_id,
	    s->notice_id, s->reason, s->evidence, s->issued_by, s->issued_at,
	    (int)s->issued_day);

	return err;
}

#define SANCTION_COLS "s.id, s.kind, s.target_user_id AS user_id, tu.name AS" \
	" user_name, s.target_dept_id AS dept_id, td.short_name AS dept_name," \
	" s.case_id, c.query_code, s.notice_id, n.no AS notice_no, s.reason," \
	" s.evidence, s.issued_by, ui.name AS issued_by_name, s.issued_at," \
	" s.issued_day"
#define SANCTION_FROM " FROM sanctions s LEFT JOIN users tu ON" \
	" tu.id = s.target_user_id LEFT JOIN departments td ON" \
	" td.id = s.target_dept_id LEFT JOIN cases c ON c.id = s.case_id" \
	" LEFT JOIN supervision_notices n ON n.id = s.notice_id LEFT JOIN users" \
	" ui ON ui.id = s.issued_by"
#define SANCTION_FILTER " WHERE (?1 = 0 OR s.target_dept_id = ?1 OR" \
	" tu.dept_id = ?1) AND (?2 = 0 OR s.target_user_id = ?2)"

int store_sanction_json(store *st, int64_t id, json_t **out)
{
	db_stmt *s = sql_query(st, "SELECT " SANCTION_COLS SANCTION_FROM
	    " WHERE s.id = ?1", "i", id);
	int rc = db_step(s);

	if (rc == DB_ROW)
		*out = sql_row_json(s);
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_sanctions_json(store *st, int64_t dept_id, int64_t user_id,
    int page, int per_page, json_t **out)
{
	int64_t total;
	int err = sql_int(st, &total, "SELECT count(*) FROM sanctions s LEFT JOIN"
	    " users tu ON tu.id = s.target_user_id" SANCTION_FILTER, "ii",
	    dept_id, user_id);

	if (err)
		return err;
	return sql_page_json(st, total, sql_query(st, "SELECT " SANCTION_COLS
	    SANCTION_FROM SANCTION_FILTER " ORDER BY s.id DESC LIMIT ?3 OFFSET ?4",
	    "iiII", dept_id, user_id, per_page, sql_page_offset(page, per_page)), out);
}

#define ANOMALY_COLS "a.id, a.rule_id, a.case_id, c.query_code, a.event_id," \
	" a.dept_id, d.short_name AS dept_name, a.user_id, u.name AS user_name," \
	" a.day AS detected_day, a.at, a.explanation, a.evidence, a.status," \
	" a.review_note, a.reviewed_by, ur.name AS reviewed_by_name," \
	" a.reviewed_at"

#define ANOMALY_FROM " FROM anomalies a JOIN cases c ON c.id = a.case_id" \
	" JOIN departments d ON d.id = a.dept_id LEFT JOIN users u ON" \
	" u.id = a.user_id LEFT JOIN users ur ON ur.id = a.reviewed_by"

int store_anomalies_page_json(store *st, int status, const char *rule_id,
    int64_t dept_id, int page, int per_page, json_t **out)
{
	int64_t total;
	int err = sql_int(st, &total, "SELECT count(*) FROM anomalies a WHERE"
	    " (?1 < 0 OR a.status = ?1) AND (?2 IS NULL OR a.rule_id = ?2) AND"
	    " (?3 = 0 OR a.dept_id = ?3)", "Iti", status, rule_id, dept_id);

	if (err)
		return err;
	return sql_page_json(st, total, sql_query(st, "SELECT " ANOMALY_COLS ANOMALY_FROM
	    " WHERE (?1 < 0 OR a.status = ?1) AND (?2 IS NULL OR a.rule_id = ?2)"
	    " AND (?3 = 0 OR a.dept_id = ?3) ORDER BY a.id DESC LIMIT ?4"
	    " OFFSET ?5", "ItiII", status, rule_id, dept_id, per_page,
	    sql_page_offset(page, per_page)), out);
}

int store_anomaly_json(store *st, int64_t id, json_t **out)
{
	db_stmt *s = sql_query(st, "SELECT " ANOMALY_COLS ANOMALY_FROM
	    " WHERE a.id = ?1", "i", id);
	int rc = db_step(s);

	if (rc == DB_ROW)
		*out = sql_row_json(s);
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_anomaly_review(store *st, int64_t id, int status, const char *note,
    int64_t user_id, int64_t at)
{
	int64_t old;
	int err = sql_int(st, &old, "SELECT status FROM anomalies WHERE id = ?1",
	    "i", id);

	if (err)
		return err;
	if (old != 0)
		return GH_ECONFLICT;
	return sql_run(st, "UPDATE anomalies SET status = ?2, review_note = ?3,"
	    " reviewed_by = ?4, reviewed_at = ?5 WHERE id = ?1 AND status = 0",
	    "iItni", id, status, note ? note : "", user_id, at);
}
