/*
 * store_items.c - the catalogue: items with their materials, steps and fees.
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

/* ---- catalogue ---------------------------------------------------------- */

int store_item_put(store *st, const struct item *it, int64_t now,
    bool *created)
{
	int64_t dept_id, item_id = 0;
	int err = store_dept_by_code(st, it->dept_code, &dept_id);

	if (err == GH_ENOTFOUND)
		return GH_EUNPROCESSABLE;
	if (err)
		return err;
	err = sql_int(st, &item_id, "SELECT id FROM items WHERE code = ?1", "t",
	    it->code);
	if (err && err != GH_ENOTFOUND)
		return err;
	*created = err == GH_ENOTFOUND;
	err = sql_int(st, &item_id, "INSERT INTO items(code, name, type, dept_id, level, basis,"
	    " conditions, legal_limit_days, promised_limit_days, instant,"
	    " result_name, in_hall, online_depth, visits, complaint_channel,"
	    " consult_phone, warn_days, retired, updated_at) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
	    " ?19) ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
	    " type = excluded.type, dept_id = excluded.dept_id,"
	    " level = excluded.level, basis = excluded.basis,"
	    " conditions = excluded.conditions,"
	    " legal_limit_days = excluded.legal_limit_days,"
	    " promised_limit_days = excluded.promised_limit_days,"
	    " instant = excluded.instant, result_name = excluded.result_name,"
	    " in_hall = excluded.in_hall, online_depth = excluded.online_depth,"
	    " visits = excluded.visits,"
	    " complaint_channel = excluded.complaint_channel,"
	    " consult_phone = excluded.consult_phone,"
	    " warn_days = excluded.warn_days, retired = excluded.retired,"
	    " updated_at = excluded.updated_at RETURNING id",
	    "ttIiIttIIItIIIttIIi", it->code, it->name, it->type, dept_id,
	    it->level, it->basis, it->conditions, it->legal_limit_days,
	    it->promised_limit_days, (int)it->instant, it->result_name,
	    (int)it->in_hall, it->online_depth, it->visits,
	    it->complaint_channel, it->consult_phone, it->warn_days,
	    (int)it->retired, now);
	if (err)
		return err;
	if ((err = sql_run(st, "DELETE FROM item_materials WHERE item_id = ?1", "i",
	    item_id)) || (err = sql_run(st, "DELETE FROM item_steps WHERE"
	    " item_id = ?1", "i", item_id)) || (err = sql_run(st, "DELETE FROM"
	    " item_fees WHERE item_id = ?1", "i", item_id)))
		return err;
	for (size_t i = 0; i < it->n_materials; i++) {
		const struct item_material *m = &it->materials[i];

		if ((err = sql_run(st, "INSERT INTO item_materials(item_id, idx, name,"
		    " main, required, form, copies, template_name, note) VALUES"
		    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", "iItIIIItt", item_id,
		    (int)i, m->name, (int)m->main, (int)m->required, m->form,
		    m->copies, m->template_name, m->note)))
			return err;
	}
	for (size_t i = 0; i < it->n_steps; i++) {
		const struct item_step *s = &it->steps[i];

		if ((err = sql_run(st, "INSERT INTO item_steps(item_id, idx, name, role,"
		    " limit_days) VALUES (?1, ?2, ?3, ?4, ?5)", "iItII", item_id,
		    (int)i, s->name, s->role, s->limit_days)))
			return err;
	}
	for (size_t i = 0; i < it->n_fees; i++) {
		const struct item_fee *f = &it->fees[i];

		if ((err = sql_run(st, "INSERT INTO item_fees(item_id, idx, name,"
		    " amount_fen, basis) VALUES (?1, ?2, ?3, ?4, ?5)", "iItit",
		    item_id, (int)i, f->name, f->amount_fen, f->basis)))
			return err;
	}
	return 0;
}

#define ITEM_COLS "i.id, i.code, i.name, i.type, d.code, i.level, i.basis," \
	" i.conditions, i.legal_limit_days, i.promised_limit_days, i.instant," \
	" i.result_name, i.in_hall, i.online_depth, i.visits," \
	" i.complaint_channel, i.consult_phone, i.warn_days, i.retired, i.dept_id"

/* Fills *it from a row of ITEM_COLS and the child tables. */
static int read_item(store *st, db_stmt *s, struct item *it,
    int64_t *item_id, int64_t *dept_id)
{
	int64_t id = db_col_int64(s, 0);
	db_stmt *c;
	size_t cap;
	int rc;

	memset(it, 0, sizeof *it);
	it->code = sql_dup(s, 1);
	it->name = sql_dup(s, 2);
	it->type = db_col_int(s, 3);
	it->dept_code = sql_dup(s, 4);
	it->level = db_col_int(s, 5);
	it->basis = sql_dup(s, 6);
	it->conditions = sql_dup(s, 7);
	it->legal_limit_days = db_col_int(s, 8);
	it->promised_limit_days = db_col_int(s, 9);
	it->instant = db_col_int(s, 10);
	it->result_name = sql_dup(s, 11);
	it->in_hall = db_col_int(s, 12);
	it->online_depth = db_col_int(s, 13);
	it->visits = db_col_int(s, 14);
	it->complaint_channel = sql_dup(s, 15);
	it->consult_phone = sql_dup(s, 16);
	it->warn_days = db_col_int(s, 17);
	it->retired = db_col_int(s, 18);
	if (item_id)
		*item_id = id;
	if (dept_id)
		*dept_id = db_col_int64(s, 19);

	c = sql_query(st, "SELECT name, main, required, form, copies, template_name,"
	    " note FROM item_materials WHERE item_id = ?1 ORDER BY idx", "i", id);
	cap = 0;
	while ((rc = db_step(c)) == DB_ROW) {
		struct item_material *m;

		if (it->n_materials == cap) {
			cap = cap ? cap * 2 : 8;
			it->materials = xrealloc(it->materials, cap * sizeof *m);
		}
		m = &it->materials[it->n_materials++];
		m->name = sql_dup(c, 0);
		m->main = db_col_int(c, 1);
		m->required = db_col_int(c, 2);
		m->form = db_col_int(c, 3);
		m->copies = db_col_int(c, 4);
		m->template_name = sql_dup(c, 5);
		m->note = sql_dup(c, 6);
	}
	db_reset(c);
	if (rc != DB_DONE)
		return sql_rc(rc);

	c = sql_query(st, "SELECT name, role, limit_days FROM item_steps"
	    " WHERE item_id = ?1 ORDER BY idx", "i", id);
	cap = 0;
	while ((rc = db_step(c)) == DB_ROW) {
		struct item_step *p;

		if (it->n_steps == cap) {
			cap = cap ? cap * 2 : 4;
			it->steps = xrealloc(it->steps, cap * sizeof *p);
		}
		p = &it->steps[it->n_steps++];
		p->name = sql_dup(c, 0);
		p->role = db_col_int(c, 1);
		p->limit_days = db_col_int(c, 2);
	}
	db_reset(c);
	if (rc != DB_DONE)
		return sql_rc(rc);

	c = sql_query(st, "SELECT name, amount_fen, basis FROM item_fees"
	    " WHERE item_id = ?1 ORDER BY idx", "i", id);
	cap = 0;
	while ((rc = db_step(c)) == DB_ROW) {
		struct item_fee *f;

		if (it->n_fees == cap) {
			cap = cap ? cap * 2 : 2;
			it->fees = xrealloc(it->fees, cap * sizeof *f);
		}
		f = &it->fees[it->n_fees++];
		f->name = sql_dup(c, 0);
		f->amount_fen = db_col_int64(c, 1);
		f->basis = sql_dup(c, 2);
	}
	db_reset(c);
	return rc == DB_DONE ? 0 : sql_rc(rc);
}

static int one_item(store *st, db_stmt *s, struct item *out,
    int64_t *item_id, int64_t *dept_id)
{
	int rc = db_step(s);
	int err;

	if (rc != DB_ROW) {
		db_reset(s);
		return rc == DB_DONE ? GH_ENOTFOUND : sql_rc(rc);
	}
	/* read_item reuses other statements, never s itself */
	err = read_item(st, s, out, item_id, dept_id);
	db_reset(s);
	if (err)
		item_clear(out);
	return err;
}

int store_item_get(store *st, const char *code, struct item *out,
    int64_t *item_id, int64_t *dept_id)
{
	return one_item(st, sql_query(st, "SELECT " ITEM_COLS " FROM items i JOIN"
	    " departments d ON d.id = i.dept_id WHERE i.code = ?1", "t", code),
	    out, item_id, dept_id);
}

int store_item_get_by_id(store *st, int64_t item_id, struct item *out,
    int64_t *dept_id)
{
	return one_item(st, sql_query(st, "SELECT " ITEM_COLS " FROM items i JOIN"
	    " departments d ON d.id = i.dept_id WHERE i.id = ?1", "i", item_id),
	    out, NULL, dept_id);
}

int store_item_set_retired(store *st, const char *code, bool retired,
    int64_t now)
{
	int err = sql_run(st, "UPDATE items SET retired = ?2, updated_at = ?3"
	    " WHERE code = ?1", "tIi", code, (int)retired, now);

	if (!err && db_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

#define ITEM_FILTER " FROM items i JOIN departments d ON d.id = i.dept_id" \
	" WHERE (?1 IS NULL OR strpos(i.name, ?1) > 0 OR strpos(i.code, ?1) > 0)" \
	" AND (?2 = 0 OR i.dept_id = ?2) AND (?3 = 0 OR i.type = ?3)" \
	" AND (?4 = 0 OR i.level = ?4) AND (?5 < 0 OR i.instant = ?5)" \
	" AND (?6 < 0 OR i.in_hall = ?6) AND (?7 <> 0 OR i.retired = 0)"

int store_items_list_json(store *st, const struct item_query *q,
    json_t **out)
{
	int64_t total;
	int err = sql_int(st, &total, "SELECT count(*)" ITEM_FILTER, "tiIIIII",
	    q->q, q->dept_id, q->type, q->level, q->instant, q->in_hall,
	    (int)q->include_retired);

	if (err)
		return err;
	return sql_page_json(st, total, sql_query(st, "SELECT i.code, i.name, i.type,"
	    " i.dept_id, d.short_name AS dept_name, d.code AS dept_code, i.level,"
	    " i.legal_limit_days, i.promised_limit_days, i.instant AS instant_flag,"
	    " i.in_hall AS in_hall_flag, i.online_depth, i.visits,"
	    " i.retired AS retired_flag, EXISTS (SELECT 1 FROM item_fees f"
	    " WHERE f.item_id = i.id) AS has_fee_flag" ITEM_FILTER
	    " ORDER BY i.dept_id, i.code LIMIT ?8 OFFSET ?9", "tiIIIIIII", q->q,
	    q->dept_id, q->type, q->level, q->instant, q->in_hall,
	    (int)q->include_retired, q->per_page,
	    sql_page_offset(q->page, q->per_page)), out);
}

int store_items_all(store *st, struct item **out, size_t *n)
{
	db_stmt *s;
	struct item *v = NULL;
	size_t cnt = 0, cap = 0;
	int64_t *ids = NULL;
	int rc, err = 0;

	/* Collect ids first: read_item uses statements of its own. */
	s = sql_query(st, "SELECT id FROM items ORDER BY dept_id, code", "");
	while ((rc = db_step(s)) == DB_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 256;
			ids = xrealloc(ids, cap * sizeof *ids);
		}
		ids[cnt++] = db_col_int64(s, 0);
	}
	db_reset(s);
	if (rc != DB_DONE) {
		free(ids);
		return sql_rc(rc);
	}
	v = xcalloc(cnt ? cnt : 1, sizeof *v);
	for (size_t i = 0; i < cnt; i++) {
		if ((err = store_item_get_by_id(st, ids[i], &v[i], NULL))) {
			for (size_t j = 0; j < i; j++)
				item_clear(&v[j]);
			free(v);
			free(ids);
			return err;
		}
	}
	free(ids);
	*out = v;
	*n = cnt;
	return 0;
}

int store_items_count(store *st, int64_t *total, int64_t *in_hall)
{
	int err = sql_int(st, total, "SELECT count(*) FROM items WHERE"
	    " retired = 0", "");

	if (!err)
		err = sql_int(st, in_hall, "SELECT count(*) FROM items WHERE"
		    " retired = 0 AND in_hall = 1", "");
	return err;
}

int store_items_by_dept_json(store *st, json_t **out)
{
	db_stmt *s = sql_query(st, "SELECT dept_id, count(*), sum(in_hall)"
	    " FROM items WHERE retired = 0 GROUP BY dept_id", "");
	json_t *o = json_object();
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		char key[24];

		snprintf(key, sizeof key, "%lld",
		    (long long)db_col_int64(s, 0));
		json_object_set_new(o, key, json_pack("[I,I]",
		    (json_int_t)db_col_int64(s, 1),
		    (json_int_t)db_col_int64(s, 2)));
	}
	db_reset(s);
	if (rc != DB_DONE) {
		json_decref(o);
		return sql_rc(rc);
	}
	*out = o;
	return 0;
}
