/*
 * store_green.c - the green channel (绿色通道, schema 0017): the items in
 * it with their shorter limit, and the key projects' applicants.  Every
 * query is written once for both engines (store_impl.h).  The rules (what
 * a limit may be, which entry counts on a day) are domain/green.h's; this
 * module only keeps the rows.
 */
#include "store/store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/day.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

/* ---- items in the channel ------------------------------------------------ */

int store_item_green_get(store *st, int64_t item_id,
    struct item_green_rec *out)
{
	db_stmt *s = sql_query(st, "SELECT g.item_id, g.limit_days, g.basis,"
	    " coalesce(g.set_by, 0), coalesce(u.name, '系统'), g.set_at FROM"
	    " item_green g LEFT JOIN users u ON u.id = g.set_by WHERE"
	    " g.item_id = ?1", "i", item_id);
	int rc = db_step(s);

	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->item_id = db_col_int64(s, 0);
		out->limit_days = db_col_int(s, 1);
		sql_text(s, 2, out->basis, sizeof out->basis);
		out->set_by = db_col_int64(s, 3);
		sql_text(s, 4, out->set_by_name, sizeof out->set_by_name);
		out->set_at = db_col_int64(s, 5);
	}
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_item_green_put(store *st, int64_t item_id, int limit_days,
    const char *basis, int64_t actor_id, int64_t now)
{
	return sql_run(st, "INSERT INTO item_green(item_id, limit_days, basis,"
	    " set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (item_id)"
	    " DO UPDATE SET limit_days = excluded.limit_days,"
	    " basis = excluded.basis, set_by = excluded.set_by,"
	    " set_at = excluded.set_at", "iItni", item_id, limit_days, basis,
	    actor_id, now);
}

int store_item_green_delete(store *st, int64_t item_id)
{
	int err = sql_run(st, "DELETE FROM item_green WHERE item_id = ?1", "i",
	    item_id);

	if (!err && db_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

int store_item_green_list_json(store *st, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT i.code, i.name,"
	    " d.short_name AS dept_name, i.promised_limit_days, g.limit_days,"
	    " g.basis, coalesce(u.name, '系统') AS set_by_name, g.set_at,"
	    " i.retired AS retired_flag FROM item_green g JOIN items i ON"
	    " i.id = g.item_id JOIN departments d ON d.id = i.dept_id LEFT JOIN"
	    " users u ON u.id = g.set_by ORDER BY i.dept_id, i.code", ""), out);
}

/* ---- key projects' applicants --------------------------------------------- */

#define KEY_COLS "k.id, k.id_number, k.kind, k.name, k.project, k.basis," \
	" coalesce(k.limit_ratio_pct, 0), k.valid_until, k.active," \
	" coalesce(k.added_by, 0), coalesce(u.name, '系统'), k.added_at," \
	" k.updated_at FROM key_applicants k LEFT JOIN users u ON" \
	" u.id = k.added_by"

static void key_read_row(db_stmt *s, struct key_applicant *k)
{
	memset(k, 0, sizeof *k);
	k->id = db_col_int64(s, 0);
	sql_text(s, 1, k->id_number, sizeof k->id_number);
	sql_text(s, 2, k->kind, sizeof k->kind);
	sql_text(s, 3, k->name, sizeof k->name);
	sql_text(s, 4, k->project, sizeof k->project);
	sql_text(s, 5, k->basis, sizeof k->basis);
	k->limit_ratio_pct = db_col_int(s, 6);
	k->valid_until = sql_day(s, 7);
	k->active = db_col_int(s, 8) != 0;
	k->added_by = db_col_int64(s, 9);
	sql_text(s, 10, k->added_by_name, sizeof k->added_by_name);
	k->added_at = db_col_int64(s, 11);
	k->updated_at = db_col_int64(s, 12);
}

static int one_key(db_stmt *s, struct key_applicant *out)
{
	int rc = db_step(s);

	if (rc == DB_ROW)
		key_read_row(s, out);
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_key_applicant_get(store *st, int64_t id, struct key_applicant *out)
{
	return one_key(sql_query(st, "SELECT " KEY_COLS " WHERE k.id = ?1", "i",
	    id), out);
}

int store_key_applicant_by_number(store *st, const char *id_number,
    struct key_applicant *out)
{
	return one_key(sql_query(st, "SELECT " KEY_COLS " WHERE"
	    " k.id_number = ?1", "t", id_number), out);
}

int store_key_applicant_insert(store *st, struct key_applicant *k,
    int64_t actor_id, int64_t now)
{
	/* a number listed already inserts nothing (and leaves a PostgreSQL
	 * transaction usable) */
	int err = sql_int(st, &k->id, "INSERT INTO key_applicants(id_number,"
	    " kind, name, project, basis, limit_ratio_pct, valid_until, active,"
	    " added_by, added_at, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6, ?7, ?8, ?9, ?10, ?9, ?10) ON CONFLICT (id_number) DO"
	    " NOTHING RETURNING id", "tttttndIni", k->id_number, k->kind,
	    k->name, k->project, k->basis, (int64_t)k->limit_ratio_pct,
	    k->valid_until, (int)k->active, actor_id, now);

	if (err == GH_ENOTFOUND)
		return GH_ECONFLICT;
	if (!err) {
		k->added_by = actor_id;
		k->added_at = k->updated_at = now;
	}
	return err;
}

int store_key_applicant_update(store *st, const struct key_applicant *k,
    int64_t actor_id, int64_t now)
{
	int err = sql_run(st, "UPDATE key_applicants SET name = ?2,"
	    " project = ?3, basis = ?4, limit_ratio_pct = ?5, valid_until = ?6,"
	    " active = ?7, updated_by = ?8, updated_at = ?9 WHERE id = ?1",
	    "itttndIni", k->id, k->name, k->project, k->basis,
	    (int64_t)k->limit_ratio_pct, k->valid_until, (int)k->active,
	    actor_id, now);

	if (!err && db_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

int store_key_applicants_list(store *st, bool include_inactive, int page,
    int per_page, int64_t *total, struct key_applicant **out, size_t *n)
{
	struct key_applicant *v;
	size_t cnt = 0;
	db_stmt *s;
	int rc = DB_DONE, err;

	err = sql_int(st, total, "SELECT count(*) FROM key_applicants WHERE"
	    " ?1 = 1 OR active = 1", "I", (int)include_inactive);
	if (err)
		return err;
	s = sql_query(st, "SELECT " KEY_COLS " WHERE ?1 = 1 OR k.active = 1"
	    " ORDER BY k.active DESC, k.id DESC LIMIT ?2 OFFSET ?3", "III",
	    (int)include_inactive, per_page, sql_page_offset(page, per_page));
	v = xcalloc((size_t)(per_page > 0 ? per_page : 1), sizeof *v);
	while (cnt < (size_t)per_page && (rc = db_step(s)) == DB_ROW)
		key_read_row(s, &v[cnt++]);
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE) {
		free(v);
		return sql_rc(rc);
	}
	*out = v;
	*n = cnt;
	return 0;
}
