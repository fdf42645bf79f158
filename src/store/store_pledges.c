/*
 * store_pledges.c - the queries of 告知承诺制 (issue 11 section 3, schema
 * 0019): the proofs a case's signed promise stands for (case_pledges),
 * its follow-up check (case_verifications) and the revocation of the
 * licence a false promise obtained.  Each query is written once for both
 * engines.
 *
 * Runs in the caller's transaction; no state of its own.
 */
#include "store/store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/day.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

int store_case_pledge_add(store *st, int64_t case_id, const char *material,
    int form, int32_t day, int64_t actor_id)
{
	return sql_run(st, "INSERT INTO case_pledges(case_id, material, form,"
	    " pledged_day, pledged_by) VALUES (?1, ?2, ?3, ?4, ?5)", "itIIi",
	    case_id, material, form, (int)day, actor_id);
}

int store_case_pledges(store *st, int64_t case_id, struct case_pledge **out,
    size_t *n)
{
	db_stmt *s = sql_query(st, "SELECT material, form, pledged_day FROM"
	    " case_pledges WHERE case_id = ?1 ORDER BY id", "i", case_id);
	struct case_pledge *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 4;
			v = xrealloc(v, cap * sizeof *v);
		}
		memset(&v[cnt], 0, sizeof v[cnt]);
		sql_text(s, 0, v[cnt].material, sizeof v[cnt].material);
		v[cnt].form = (int)db_col_int64(s, 1);
		v[cnt].pledged_day = sql_day(s, 2);
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

int store_case_pledge_count(store *st, int64_t case_id, int *n)
{
	int64_t v = 0;
	int err = sql_int(st, &v, "SELECT count(*) FROM case_pledges WHERE"
	    " case_id = ?1", "i", case_id);

	if (!err)
		*n = (int)v;
	return err;
}

int store_case_verification_add(store *st, int64_t case_id,
    int32_t decided_day, int64_t decided_by, int32_t due_day)
{
	return sql_run(st, "INSERT INTO case_verifications(case_id, decided_day,"
	    " decided_by, due_day) VALUES (?1, ?2, ?3, ?4)", "iInI", case_id,
	    (int)decided_day, decided_by, (int)due_day);
}

#define VERIFY_COLS "id, case_id, decided_day, coalesce(decided_by, 0)," \
	" due_day, status, note, coalesce(checked_by, 0), checked_day," \
	" flagged_day"

static void read_verification(db_stmt *s, struct case_verification *v)
{
	memset(v, 0, sizeof *v);
	v->id = db_col_int64(s, 0);
	v->case_id = db_col_int64(s, 1);
	v->decided_day = sql_day(s, 2);
	v->decided_by = db_col_int64(s, 3);
	v->due_day = sql_day(s, 4);
	v->status = (int)db_col_int64(s, 5);
	sql_text(s, 6, v->note, sizeof v->note);
	v->checked_by = db_col_int64(s, 7);
	v->checked_day = sql_day(s, 8);
	v->flagged_day = sql_day(s, 9);
}

int store_case_verification_get(store *st, int64_t case_id,
    struct case_verification *out)
{
	db_stmt *s = sql_query(st, "SELECT " VERIFY_COLS " FROM"
	    " case_verifications WHERE case_id = ?1", "i", case_id);
	int rc = db_step(s);

	if (rc == DB_ROW)
		read_verification(s, out);
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_case_verification_close(store *st, int64_t case_id, int status,
    const char *note, int64_t checked_by, int32_t day, bool *found)
{
	int err = sql_run(st, "UPDATE case_verifications SET status = ?2,"
	    " note = ?3, checked_by = ?4, checked_day = ?5 WHERE case_id = ?1"
	    " AND status = 0", "iItnd", case_id, status, note ? note : "",
	    checked_by, day);

	if (!err)
		*found = db_changes(st->db) > 0;
	return err;
}

int store_verifications_overdue(store *st, int32_t today, int limit,
    struct case_verification **out, size_t *n)
{
	db_stmt *s = sql_query(st, "SELECT " VERIFY_COLS " FROM"
	    " case_verifications WHERE status = 0 AND due_day < ?1 AND"
	    " flagged_day IS NULL ORDER BY due_day, id LIMIT ?2", "II",
	    (int)today, limit);
	struct case_verification *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 4;
			v = xrealloc(v, cap * sizeof *v);
		}
		read_verification(s, &v[cnt++]);
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

int store_case_verification_flagged(store *st, int64_t id, int32_t day)
{
	return sql_run(st, "UPDATE case_verifications SET flagged_day = ?2"
	    " WHERE id = ?1", "iI", id, (int)day);
}

int store_verifications_json(store *st, int filter, int64_t dept_id,
    int32_t today, int limit, int offset, json_t **out)
{
	/* ?1 the filter, ?2 the department (0: all), ?3 today */
#define VERIFY_FILTER " FROM case_verifications v JOIN cases c ON" \
	" c.id = v.case_id JOIN items i ON i.id = c.item_id WHERE v.status = 0" \
	" AND (?1 = 0 OR (?1 = 1 AND v.due_day <= ?3) OR (?1 = 2 AND" \
	" v.due_day < ?3)) AND (?2 = 0 OR c.dept_id = ?2)"
	int64_t total = 0;
	int err = sql_int(st, &total, "SELECT count(*)" VERIFY_FILTER, "IiI",
	    filter, dept_id, (int)today);

	if (err)
		return err;
	return sql_page_json(st, total, sql_query(st, "SELECT v.case_id,"
	    " c.query_code, i.name AS item_name, c.applicant_name, c.dept_id,"
	    " (SELECT short_name FROM departments WHERE id = c.dept_id) AS"
	    " dept_name, c.state, c.outcome, v.decided_day, v.due_day,"
	    " v.status, v.flagged_day, (SELECT name FROM users WHERE"
	    " id = v.decided_by) AS decided_by_name" VERIFY_FILTER
	    " ORDER BY v.due_day, v.case_id LIMIT ?4 OFFSET ?5", "IiIII", filter,
	    dept_id, (int)today, limit, offset), out);
#undef VERIFY_FILTER
}

int store_licence_revoke(store *st, int64_t case_id, int32_t day,
    const char *note, char *number, size_t cap)
{
	db_stmt *s;
	int err, rc;

	number[0] = '\0';
	if ((err = sql_run(st, "UPDATE licences SET revoked_day = ?2,"
	    " revoked_note = ?3 WHERE case_id = ?1 AND revoked_day IS NULL",
	    "iIt", case_id, (int)day, note ? note : "")))
		return err;
	if (db_changes(st->db) == 0)
		return 0;
	s = sql_query(st, "SELECT number FROM licences WHERE case_id = ?1", "i",
	    case_id);
	if ((rc = db_step(s)) == DB_ROW)
		sql_text(s, 0, number, cap);
	db_reset(s);
	return sql_rc(rc);
}
