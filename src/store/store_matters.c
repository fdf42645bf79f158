/*
 * store_matters.c - joint matters and joint cases (并联审批, issue 11
 * section 1; schema 0018): the matter catalogue (matters, matter_items,
 * matter_prereqs), the link of a joint case to its sub-cases, and the
 * co-departments' requests for materials the lead gathers (joint_needs).
 * Each query is written once for both engines.
 *
 * Runs in the caller's transaction; no state of its own.
 */
#include "store/store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/day.h"
#include "domain/matter.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

int store_matter_put(store *st, const struct matter *m, int64_t now,
    bool *created)
{
	int64_t lead, id = 0, item_id, req_id;
	int err = store_dept_by_code(st, m->lead_dept_code, &lead);

	if (err == GH_ENOTFOUND)
		return GH_EUNPROCESSABLE;
	if (err)
		return err;
	err = sql_int(st, &id, "SELECT id FROM matters WHERE code = ?1", "t",
	    m->code);
	if (err && err != GH_ENOTFOUND)
		return err;
	*created = err == GH_ENOTFOUND;
	if ((err = sql_int(st, &id, "INSERT INTO matters(code, name,"
	    " lead_dept_id, description, promised_limit_days, legal_limit_days,"
	    " deemed_consent, retired, updated_at) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9) ON CONFLICT (code) DO UPDATE SET name ="
	    " excluded.name, lead_dept_id = excluded.lead_dept_id, description ="
	    " excluded.description, promised_limit_days ="
	    " excluded.promised_limit_days, legal_limit_days ="
	    " excluded.legal_limit_days, deemed_consent = excluded.deemed_consent,"
	    " retired = excluded.retired, updated_at = excluded.updated_at"
	    " RETURNING id", "ttitIIIIi", m->code, m->name, lead,
	    m->description ? m->description : "", m->promised_limit_days,
	    m->legal_limit_days, (int)m->deemed_consent, (int)m->retired, now)))
		return err;
	if ((err = sql_run(st, "DELETE FROM matter_prereqs WHERE matter_id = ?1",
	    "i", id)) || (err = sql_run(st, "DELETE FROM matter_items WHERE"
	    " matter_id = ?1", "i", id)))
		return err;
	for (size_t i = 0; i < m->n_items; i++) {
		if ((err = sql_int(st, &item_id, "SELECT id FROM items WHERE"
		    " code = ?1", "t", m->item_codes[i])))
			return err == GH_ENOTFOUND ? GH_EUNPROCESSABLE : err;
		if ((err = sql_run(st, "INSERT INTO matter_items(matter_id, idx,"
		    " item_id) VALUES (?1, ?2, ?3)", "iIi", id, (int)i, item_id)))
			return err;
	}
	for (size_t k = 0; k < m->n_prereqs; k++) {
		const struct matter_prereq *p = &m->prereqs[k];

		if ((err = sql_int(st, &item_id, "SELECT id FROM items WHERE"
		    " code = ?1", "t", p->item_code)) ||
		    (err = sql_int(st, &req_id, "SELECT id FROM items WHERE"
		    " code = ?1", "t", p->requires_code)))
			return err == GH_ENOTFOUND ? GH_EUNPROCESSABLE : err;
		if ((err = sql_run(st, "INSERT INTO matter_prereqs(matter_id,"
		    " item_id, requires_id, basis) VALUES (?1, ?2, ?3, ?4)", "iiit",
		    id, item_id, req_id, p->basis)))
			return err;
	}
	return 0;
}

/* Fills *m (and the ids) from the matter row of s and its child rows. */
static int read_matter(store *st, db_stmt *s, struct matter *m, int64_t *id,
    int64_t *lead_dept_id)
{
	int64_t mid;
	db_stmt *c;
	size_t cap = 0;
	int rc = db_step(s);

	if (rc != DB_ROW) {
		db_reset(s);
		return rc == DB_DONE ? GH_ENOTFOUND : sql_rc(rc);
	}
	memset(m, 0, sizeof *m);
	mid = db_col_int64(s, 0);
	m->code = sql_dup(s, 1);
	m->name = sql_dup(s, 2);
	m->lead_dept_code = sql_dup(s, 3);
	m->description = sql_dup(s, 4);
	m->promised_limit_days = db_col_int(s, 5);
	m->legal_limit_days = db_col_int(s, 6);
	m->deemed_consent = db_col_int(s, 7);
	m->retired = db_col_int(s, 8);
	if (lead_dept_id)
		*lead_dept_id = db_col_int64(s, 9);
	if (id)
		*id = mid;
	db_reset(s);

	c = sql_query(st, "SELECT i.code FROM matter_items mi JOIN items i ON"
	    " i.id = mi.item_id WHERE mi.matter_id = ?1 ORDER BY mi.idx", "i",
	    mid);
	while ((rc = db_step(c)) == DB_ROW) {
		if (m->n_items == cap) {
			cap = cap ? cap * 2 : 8;
			m->item_codes = xrealloc(m->item_codes, cap * sizeof(char *));
		}
		m->item_codes[m->n_items++] = sql_dup(c, 0);
	}
	db_reset(c);
	if (rc != DB_DONE) {
		matter_clear(m);
		return sql_rc(rc);
	}
	cap = 0;
	c = sql_query(st, "SELECT a.code, b.code, p.basis FROM matter_prereqs p"
	    " JOIN items a ON a.id = p.item_id JOIN items b ON b.id ="
	    " p.requires_id WHERE p.matter_id = ?1 ORDER BY a.code, b.code", "i",
	    mid);
	while ((rc = db_step(c)) == DB_ROW) {
		struct matter_prereq *p;

		if (m->n_prereqs == cap) {
			cap = cap ? cap * 2 : 4;
			m->prereqs = xrealloc(m->prereqs, cap * sizeof *p);
		}
		p = &m->prereqs[m->n_prereqs++];
		p->item_code = sql_dup(c, 0);
		p->requires_code = sql_dup(c, 1);
		p->basis = sql_dup(c, 2);
	}
	db_reset(c);
	if (rc != DB_DONE) {
		matter_clear(m);
		return sql_rc(rc);
	}
	return 0;
}

#define MATTER_COLS "m.id, m.code, m.name, d.code, m.description," \
	" m.promised_limit_days, m.legal_limit_days, m.deemed_consent," \
	" m.retired, m.lead_dept_id"

int store_matter_get(store *st, const char *code, struct matter *out,
    int64_t *id, int64_t *lead_dept_id)
{
	return read_matter(st, sql_query(st, "SELECT " MATTER_COLS " FROM"
	    " matters m JOIN departments d ON d.id = m.lead_dept_id WHERE"
	    " m.code = ?1", "t", code), out, id, lead_dept_id);
}

int store_matter_get_by_id(store *st, int64_t matter_id, struct matter *out,
    int64_t *lead_dept_id)
{
	return read_matter(st, sql_query(st, "SELECT " MATTER_COLS " FROM"
	    " matters m JOIN departments d ON d.id = m.lead_dept_id WHERE"
	    " m.id = ?1", "i", matter_id), out, NULL, lead_dept_id);
}

int store_matters_json(store *st, bool retired, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT m.code, m.name,"
	    " m.description, d.code AS lead_dept_code, d.name AS lead_dept_name,"
	    " m.promised_limit_days, m.legal_limit_days, m.deemed_consent AS"
	    " deemed_consent_flag, m.retired AS retired_flag, (SELECT count(*)"
	    " FROM matter_items mi WHERE mi.matter_id = m.id) AS n_items,"
	    " (SELECT coalesce(sum(i.promised_limit_days), 0) FROM matter_items"
	    " mi JOIN items i ON i.id = mi.item_id WHERE mi.matter_id = m.id) AS"
	    " items_limit_days FROM matters m JOIN departments d ON d.id ="
	    " m.lead_dept_id WHERE ?1 <> 0 OR m.retired = 0 ORDER BY m.code",
	    "I", (int)retired), out);
}

/* ---- joint cases -------------------------------------------------------- */

int store_case_set_joint(store *st, int64_t case_id, int kind,
    int64_t parent_id, int64_t matter_id)
{
	return sql_run(st, "UPDATE cases SET joint_kind = ?2, parent_id ="
	    " nullif(?3, 0), matter_id = ?4 WHERE id = ?1", "iIii", case_id, kind,
	    parent_id, matter_id);
}

int store_joint_subcases(store *st, int64_t joint_id, int64_t **ids,
    size_t *n)
{
	return sql_ids(sql_query(st, "SELECT id FROM cases WHERE parent_id = ?1"
	    " ORDER BY id", "i", joint_id), ids, n);
}

int store_joint_has_dept(store *st, int64_t joint_id, int64_t dept_id,
    int64_t window_id, bool *yes)
{
	int64_t n = 0;
	int err = sql_int(st, &n, "SELECT count(*) FROM cases c WHERE"
	    " c.parent_id = ?1 AND (c.dept_id = ?2 OR EXISTS (SELECT 1 FROM"
	    " window_depts w WHERE w.window_id = ?3 AND w.dept_id = c.dept_id))",
	    "iii", joint_id, dept_id, window_id);

	if (!err)
		*yes = n > 0;
	return err;
}

int store_joint_need_add(store *st, int64_t joint_id, int64_t sub_case_id,
    const char *materials_json, const char *note, int64_t actor_id,
    int32_t day)
{
	return sql_run(st, "INSERT INTO joint_needs(joint_id, sub_case_id,"
	    " materials, note, requested_by, day) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6)", "iittiI", joint_id, sub_case_id, materials_json, note ? note :
	    "", actor_id, (int)day);
}

int store_joint_needs_json(store *st, int64_t joint_id, bool open_only,
    json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT n.id, n.sub_case_id,"
	    " c.dept_id, d.name AS dept_name, i.name AS item_name, n.materials,"
	    " n.note, u.name AS requested_by_name, n.day AS requested_day,"
	    " CASE n.status WHEN 0 THEN 'open' ELSE 'sent' END AS status,"
	    " n.notice_day FROM joint_needs n JOIN cases c ON c.id ="
	    " n.sub_case_id JOIN items i ON i.id = c.item_id JOIN departments d"
	    " ON d.id = c.dept_id LEFT JOIN users u ON u.id = n.requested_by"
	    " WHERE n.joint_id = ?1 AND (?2 = 0 OR n.status = 0) ORDER BY n.id",
	    "iI", joint_id, (int)open_only), out);
}

int store_joint_needs_sent(store *st, int64_t joint_id, int32_t day)
{
	return sql_run(st, "UPDATE joint_needs SET status = 1, notice_day = ?2"
	    " WHERE joint_id = ?1 AND status = 0", "iI", joint_id, (int)day);
}

int store_joint_stats_json(store *st, int32_t from, int32_t to,
    json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT m.code, m.name,"
	    " count(c.id) AS completed, coalesce(sum(c.used_days), 0) AS"
	    " used_days, (SELECT coalesce(sum(i.promised_limit_days), 0) FROM"
	    " matter_items mi JOIN items i ON i.id = mi.item_id WHERE"
	    " mi.matter_id = m.id) AS items_limit_days, m.promised_limit_days"
	    " FROM matters m LEFT JOIN cases c ON c.matter_id = m.id AND"
	    " c.joint_kind = 1 AND c.finished_day BETWEEN ?1 AND ?2 AND"
	    " c.used_days IS NOT NULL GROUP BY m.id, m.code, m.name,"
	    " m.promised_limit_days ORDER BY m.code", "II", (int)from, (int)to),
	    out);
}

int store_joint_late_subs(store *st, int32_t today, int limit, int64_t **ids,
    size_t *n)
{
	return sql_ids(sql_query(st, "SELECT id FROM cases WHERE joint_kind = 2"
	    " AND state = 4 AND deadline_day < ?1 ORDER BY id LIMIT ?2", "II",
	    (int)today, limit), ids, n);
}
