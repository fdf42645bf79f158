/*
 * store_accelerated.c - the queries of accelerated approval (issue 11,
 * schema 0016): the materials a 容缺受理 case still owes (case_deferrals)
 * and the centre's record of broken commitments and false promises
 * (credit_records).  Each query is written once for both engines.
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

int store_case_deferral_add(store *st, int64_t case_id, const char *material,
    int form, int32_t supplement_by, int32_t day, int64_t actor_id)
{
	return sql_run(st, "INSERT INTO case_deferrals(case_id, material, form,"
	    " supplement_by, committed_day, committed_by) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6)", "itIIIi", case_id, material, form,
	    (int)supplement_by, (int)day, actor_id);
}

#define DEFERRAL_COLS "id, case_id, material, form, supplement_by," \
	" committed_day, status, supplied_day, reminded_day"

/* Reads every row of s (DEFERRAL_COLS) into a new array. */
static int read_deferrals(db_stmt *s, struct case_deferral **out, size_t *n)
{
	struct case_deferral *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		struct case_deferral *d;

		if (cnt == cap) {
			cap = cap ? cap * 2 : 4;
			v = xrealloc(v, cap * sizeof *v);
		}
		d = &v[cnt++];
		memset(d, 0, sizeof *d);
		d->id = db_col_int64(s, 0);
		d->case_id = db_col_int64(s, 1);
		snprintf(d->material, sizeof d->material, "%s",
		    db_col_text(s, 2) ? db_col_text(s, 2) : "");
		d->form = (int)db_col_int64(s, 3);
		d->supplement_by = sql_day(s, 4);
		d->committed_day = sql_day(s, 5);
		d->status = (int)db_col_int64(s, 6);
		d->supplied_day = sql_day(s, 7);
		d->reminded_day = sql_day(s, 8);
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

int store_case_deferrals(store *st, int64_t case_id,
    struct case_deferral **out, size_t *n)
{
	return read_deferrals(sql_query(st, "SELECT " DEFERRAL_COLS " FROM"
	    " case_deferrals WHERE case_id = ?1 ORDER BY id", "i", case_id),
	    out, n);
}

int store_case_deferral_supply(store *st, int64_t case_id,
    const char *material, int32_t day, bool *found)
{
	int err = sql_run(st, "UPDATE case_deferrals SET status = 1,"
	    " supplied_day = ?3 WHERE case_id = ?1 AND material = ?2 AND"
	    " status = 0", "itI", case_id, material, (int)day);

	if (!err)
		*found = db_changes(st->db) > 0;
	return err;
}

int store_case_deferrals_miss(store *st, int64_t case_id)
{
	return sql_run(st, "UPDATE case_deferrals SET status = 2 WHERE"
	    " case_id = ?1 AND status = 0", "i", case_id);
}

int store_case_deferral_reminded(store *st, int64_t id, int32_t day)
{
	return sql_run(st, "UPDATE case_deferrals SET reminded_day = ?2 WHERE"
	    " id = ?1", "iI", id, (int)day);
}

int store_deferrals_unreminded(store *st, int limit,
    struct case_deferral **out, size_t *n)
{
	return read_deferrals(sql_query(st, "SELECT " DEFERRAL_COLS " FROM"
	    " case_deferrals d WHERE status = 0 AND reminded_day IS NULL AND"
	    " EXISTS (SELECT 1 FROM cases c WHERE c.id = d.case_id AND"
	    " c.finished_day IS NULL) ORDER BY supplement_by, id LIMIT ?1", "I",
	    limit), out, n);
}

int store_deferral_overdue_cases(store *st, int32_t today, int limit,
    int64_t **ids, size_t *n)
{
	return sql_ids(sql_query(st, "SELECT DISTINCT d.case_id FROM"
	    " case_deferrals d JOIN cases c ON c.id = d.case_id WHERE"
	    " d.status = 0 AND d.supplement_by < ?1 AND c.finished_day IS NULL"
	    " ORDER BY d.case_id LIMIT ?2", "II", (int)today, limit), ids, n);
}

int store_credit_record_add(store *st, const char *id_number,
    const char *name, int kind, int64_t case_id, int32_t day, int64_t now,
    const char *note)
{
	return sql_run(st, "INSERT INTO credit_records(id_number, name, kind,"
	    " case_id, day, at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	    " ON CONFLICT (case_id, kind) DO NOTHING", "ttIiIit", id_number, name,
	    kind, case_id, (int)day, now, note ? note : "");
}

int store_credit_record_count(store *st, const char *id_number, int *n)
{
	int64_t v = 0;
	int err = sql_int(st, &v, "SELECT count(*) FROM credit_records WHERE"
	    " id_number = ?1", "t", id_number);

	if (!err)
		*n = (int)v;
	return err;
}

int store_credit_records_json(store *st, int limit, int offset,
    json_t **out, int64_t *total)
{
	int err = sql_int(st, total, "SELECT count(*) FROM credit_records", "");

	if (err)
		return err;
	return sql_rows_json(st, sql_query(st, "SELECT r.id, r.id_number,"
	    " r.name, r.kind, r.case_id, c.query_code, i.name AS item_name,"
	    " r.day AS record_day, r.note FROM credit_records r JOIN cases c ON"
	    " c.id = r.case_id JOIN items i ON i.id = c.item_id ORDER BY r.id DESC LIMIT ?1 OFFSET ?2", "II",
	    limit, offset), out);
}
