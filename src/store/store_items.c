/*
 * store_items.c - the catalogue: items with their materials, steps, fees,
 * application form and keywords; the catalogue search index; and the form
 * values of cases (written with the case, read by the case view).
 * Every query is written once for both engines (store_impl.h).
 *
 * Search (issue 10, section 8): items.search_text holds the lower-cased
 * code, name and keywords, one per line; item_grams holds every window of
 * 2 and of 3 code points inside a line.  A query of 2 or more code points
 * takes the items holding both its first and its last gram (3 code points
 * long, or the whole query when it has 2) from the index and confirms the
 * substring in search_text; a one-character query scans search_text.  An
 * own n-gram table rather than pg_trgm or FTS5: one query text for both
 * engines, no extension to create, and two-character Chinese words (the
 * commonest) still hit the index, which trigrams alone cannot do.
 */
#include "store/store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/day.h"
#include "util/gh_err.h"
#include "util/utf8.h"
#include "util/log.h"
#include "util/xalloc.h"

/* ---- forms, keywords and the search index ------------------------------ */

static int put_form(store *st, int64_t item_id, const struct form *f)
{
	size_t idx = 0;
	int err;

	if ((err = sql_run(st, "DELETE FROM item_form_fields WHERE item_id = ?1",
	    "i", item_id)) || (err = sql_run(st, "DELETE FROM item_form_sections"
	    " WHERE item_id = ?1", "i", item_id)))
		return err;
	for (size_t si = 0; si < f->n_sections; si++) {
		const struct form_section *sec = &f->sections[si];

		if ((err = sql_run(st, "INSERT INTO item_form_sections(item_id, idx,"
		    " title) VALUES (?1, ?2, ?3)", "iIt", item_id, (int)si,
		    sec->title ? sec->title : "")))
			return err;
		for (size_t fi = 0; fi < sec->n_fields; fi++, idx++) {
			const struct form_field *d = &sec->fields[fi];
			size_t len = 0;
			char *opts;

			/* Options cannot hold a newline (form_validate). */
			for (size_t k = 0; k < d->n_options; k++)
				len += strlen(d->options[k]) + 1;
			opts = xcalloc(len + 1, 1);
			for (size_t k = 0, o = 0; k < d->n_options; k++) {
				size_t n = strlen(d->options[k]);

				if (k)
					opts[o++] = '\n';
				memcpy(opts + o, d->options[k], n);
				o += n;
			}
			err = sql_run(st, "INSERT INTO item_form_fields(item_id, idx,"
			    " section_idx, key, label, type, required, unit, options,"
			    " limits, min_value, max_value, max_len, help) VALUES (?1, ?2,"
			    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
			    "iIIttIIttIiiIt", item_id, (int)idx, (int)si, d->key,
			    d->label, d->type, (int)d->required, d->unit ? d->unit : "",
			    opts, (d->has_min ? 1 : 0) | (d->has_max ? 2 : 0),
			    d->has_min ? d->min : (int64_t)0,
			    d->has_max ? d->max : (int64_t)0, d->max_len,
			    d->help ? d->help : "");
			free(opts);
			if (err)
				return err;
		}
	}
	return 0;
}

static int read_form(store *st, int64_t item_id, struct form *f)
{
	db_stmt *c = sql_query(st, "SELECT title FROM item_form_sections WHERE"
	    " item_id = ?1 ORDER BY idx", "i", item_id);
	size_t cap = 0;
	int rc;

	while ((rc = db_step(c)) == DB_ROW) {
		if (f->n_sections == cap) {
			cap = cap ? cap * 2 : 4;
			f->sections = xrealloc(f->sections, cap * sizeof *f->sections);
		}
		memset(&f->sections[f->n_sections], 0, sizeof *f->sections);
		f->sections[f->n_sections++].title = sql_dup(c, 0);
	}
	db_reset(c);
	if (rc != DB_DONE)
		return sql_rc(rc);
	c = sql_query(st, "SELECT section_idx, key, label, type, required, unit,"
	    " options, limits, min_value, max_value, max_len, help FROM"
	    " item_form_fields WHERE item_id = ?1 ORDER BY idx", "i", item_id);
	while ((rc = db_step(c)) == DB_ROW) {
		int si = db_col_int(c, 0);
		struct form_section *sec;
		struct form_field *d;
		char *opts, *p;
		int limits;

		if (si < 0 || (size_t)si >= f->n_sections)
			continue; /* cannot happen: written together */
		sec = &f->sections[si];
		sec->fields = xrealloc(sec->fields, (sec->n_fields + 1) *
		    sizeof *sec->fields);
		d = &sec->fields[sec->n_fields++];
		memset(d, 0, sizeof *d);
		d->key = sql_dup(c, 1);
		d->label = sql_dup(c, 2);
		d->type = db_col_int(c, 3);
		d->required = db_col_int(c, 4);
		d->unit = sql_dup(c, 5);
		opts = sql_dup(c, 6);
		for (p = opts; *opts && p; ) {
			char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);

			d->options = xrealloc(d->options, (d->n_options + 1) *
			    sizeof *d->options);
			d->options[d->n_options] = xcalloc(n + 1, 1);
			memcpy(d->options[d->n_options++], p, n);
			p = nl ? nl + 1 : NULL;
		}
		free(opts);
		limits = db_col_int(c, 7);
		d->has_min = limits & 1;
		d->has_max = (limits & 2) != 0;
		d->min = d->has_min ? db_col_int64(c, 8) : 0;
		d->max = d->has_max ? db_col_int64(c, 9) : 0;
		d->max_len = db_col_int(c, 10);
		d->help = sql_dup(c, 11);
	}
	db_reset(c);
	return rc == DB_DONE ? 0 : sql_rc(rc);
}

/* Appends s lower-cased (ASCII letters only, as SQL lower() does on both
 * engines for the text we compare) and a newline. */
static void search_append(char **buf, size_t *len, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	*buf = xrealloc(*buf, *len + n + 2);
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];

		(*buf)[(*len)++] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') :
		    ch == '\n' ? ' ' : ch;
	}
	(*buf)[(*len)++] = '\n';
	(*buf)[*len] = '\0';
}

/* Inserts every distinct window of n code points inside each line of
 * text into item_grams. */
static int put_grams(store *st, int64_t item_id, const char *text, int n)
{
	size_t len = strlen(text);

	for (size_t i = 0; i < len; ) {
		size_t j = i, next = 0;
		int k;

		for (k = 0; k < n && j < len && text[j] != '\n'; k++) {
			size_t e = utf8_next(text, len, j, NULL);

			if (!e)
				return 0; /* validated text: cannot happen */
			if (k == 0)
				next = e;
			j = e;
		}
		if (k == n) {
			char gram[16];
			int err;

			if (j - i < sizeof(gram)) {
				memcpy(gram, text + i, j - i);
				gram[j - i] = '\0';
				if ((err = sql_run(st, "INSERT INTO item_grams(gram, item_id)"
				    " VALUES (?1, ?2) ON CONFLICT DO NOTHING", "ti", gram,
				    item_id)))
					return err;
			}
			i = next;
		} else if (j < len && text[j] == '\n') {
			i = j + 1;
		} else if (k == 0) {
			i++;
		} else {
			break;
		}
	}
	return 0;
}

static int put_search(store *st, int64_t item_id, const struct item *it)
{
	char *text = NULL;
	size_t len = 0;
	int err;

	if ((err = sql_run(st, "DELETE FROM item_keywords WHERE item_id = ?1",
	    "i", item_id)))
		return err;
	search_append(&text, &len, it->code);
	search_append(&text, &len, it->name);
	for (size_t i = 0; i < it->n_keywords; i++) {
		search_append(&text, &len, it->keywords[i]);
		if ((err = sql_run(st, "INSERT INTO item_keywords(item_id, idx,"
		    " keyword) VALUES (?1, ?2, ?3)", "iIt", item_id, (int)i,
		    it->keywords[i])))
			goto out;
	}
	if ((err = sql_run(st, "DELETE FROM item_grams WHERE item_id = ?1", "i",
	    item_id)) || (err = put_grams(st, item_id, text, 2)) ||
	    (err = put_grams(st, item_id, text, 3)))
		goto out;
	err = sql_run(st, "UPDATE items SET search_text = ?2, search_indexed = 1"
	    " WHERE id = ?1", "it", item_id, text);
out:
	free(text);
	return err;
}

static int read_keywords(store *st, int64_t item_id, struct item *it)
{
	db_stmt *c = sql_query(st, "SELECT keyword FROM item_keywords WHERE"
	    " item_id = ?1 ORDER BY idx", "i", item_id);
	int rc;

	while ((rc = db_step(c)) == DB_ROW) {
		it->keywords = xrealloc(it->keywords, (it->n_keywords + 1) *
		    sizeof *it->keywords);
		it->keywords[it->n_keywords++] = sql_dup(c, 0);
	}
	db_reset(c);
	return rc == DB_DONE ? 0 : sql_rc(rc);
}

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
	    " consult_phone, warn_days, retired, updated_at, defer_allowed,"
	    " withhold_result, pledge_allowed, high_risk) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
	    " ?19, ?20, ?21, ?22, ?23) ON CONFLICT(code) DO UPDATE SET"
	    " name = excluded.name,"
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
	    " updated_at = excluded.updated_at,"
	    " defer_allowed = excluded.defer_allowed,"
	    " withhold_result = excluded.withhold_result,"
	    " pledge_allowed = excluded.pledge_allowed,"
	    " high_risk = excluded.high_risk RETURNING id",
	    "ttIiIttIIItIIIttIIiIIII", it->code, it->name, it->type, dept_id,
	    it->level, it->basis, it->conditions, it->legal_limit_days,
	    it->promised_limit_days, (int)it->instant, it->result_name,
	    (int)it->in_hall, it->online_depth, it->visits,
	    it->complaint_channel, it->consult_phone, it->warn_days,
	    (int)it->retired, now, (int)it->defer_allowed,
	    (int)it->withhold_result, (int)it->pledge_allowed,
	    (int)it->high_risk);
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
		    " main, required, form, copies, template_name, note, can_defer,"
		    " can_pledge) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
		    " ?11)", "iItIIIIttII", item_id, (int)i, m->name, (int)m->main,
		    (int)m->required, m->form, m->copies, m->template_name, m->note,
		    (int)m->deferrable, (int)m->pledgeable)))
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
	if ((err = put_form(st, item_id, &it->form)) ||
	    (err = put_search(st, item_id, it)))
		return err;
	return 0;
}

#define ITEM_COLS "i.id, i.code, i.name, i.type, d.code, i.level, i.basis," \
	" i.conditions, i.legal_limit_days, i.promised_limit_days, i.instant," \
	" i.result_name, i.in_hall, i.online_depth, i.visits," \
	" i.complaint_channel, i.consult_phone, i.warn_days, i.retired," \
	" i.dept_id, i.defer_allowed, i.withhold_result, i.pledge_allowed," \
	" i.high_risk"

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
	it->defer_allowed = db_col_int(s, 20);
	it->withhold_result = db_col_int(s, 21);
	it->pledge_allowed = db_col_int(s, 22);
	it->high_risk = db_col_int(s, 23);

	c = sql_query(st, "SELECT name, main, required, form, copies, template_name,"
	    " note, can_defer, can_pledge FROM item_materials WHERE"
	    " item_id = ?1 ORDER BY idx", "i", id);
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
		m->deferrable = db_col_int(c, 7);
		m->pledgeable = db_col_int(c, 8);
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
	if (rc != DB_DONE)
		return sql_rc(rc);
	if ((rc = read_form(st, id, &it->form)))
		return rc;
	return read_keywords(st, id, it);
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

/* ?1 the lower-cased query (NULL for any), ?8 and ?9 its first and last
 * grams (NULL when it is shorter than 2 code points: then a scan). */
#define ITEM_FILTER " FROM items i JOIN departments d ON d.id = i.dept_id" \
	" WHERE (?1 IS NULL OR strpos(i.search_text, ?1) > 0)" \
	" AND (?8 IS NULL OR i.id IN (SELECT g.item_id FROM item_grams g" \
	" WHERE g.gram = ?8 INTERSECT SELECT g.item_id FROM item_grams g" \
	" WHERE g.gram = ?9 UNION SELECT x.id FROM items x" \
	" WHERE x.search_indexed = 0))" \
	" AND (?2 = 0 OR i.dept_id = ?2) AND (?3 = 0 OR i.type = ?3)" \
	" AND (?4 = 0 OR i.level = ?4) AND (?5 < 0 OR i.instant = ?5)" \
	" AND (?6 < 0 OR i.in_hall = ?6) AND (?7 <> 0 OR i.retired = 0)"

/* The query lower-cased and trimmed into lq, and its grams (NULL when it
 * has fewer than 2 code points).  GH_EINVAL when it is not UTF-8. */
static int search_terms(const char *q, char *lq, size_t cap, char *first,
    char *last, size_t gcap, bool *use_grams)
{
	size_t n, cps, i = 0, j;
	size_t starts[512];

	while (*q == ' ' || *q == '\t')
		q++;
	n = strlen(q);
	while (n && (q[n - 1] == ' ' || q[n - 1] == '\t'))
		n--;
	if (n >= cap)
		n = cap - 1; /* the HTTP layer caps query strings well below */
	for (size_t k = 0; k < n; k++)
		lq[k] = q[k] >= 'A' && q[k] <= 'Z' ? (char)(q[k] - 'A' + 'a') : q[k];
	lq[n] = '\0';
	*use_grams = false;
	for (cps = 0; i < n; i = j, cps++) {
		if (!(j = utf8_next(lq, n, i, NULL)))
			return GH_EINVAL;
		if (cps < sizeof(starts) / sizeof(starts[0]))
			starts[cps] = i;
	}
	if (cps < 2 || cps > sizeof(starts) / sizeof(starts[0]) - 1)
		return 0;
	starts[cps] = n;
	{
		size_t g = cps >= 3 ? 3 : 2;
		size_t a = starts[g] - starts[0], b = n - starts[cps - g];

		if (a >= gcap || b >= gcap)
			return 0;
		memcpy(first, lq, a);
		first[a] = '\0';
		memcpy(last, lq + starts[cps - g], b);
		last[b] = '\0';
	}
	*use_grams = true;
	return 0;
}

int store_items_list_json(store *st, const struct item_query *q,
    json_t **out)
{
	char lq[1024], first[16], last[16];
	const char *qq = NULL, *g1 = NULL, *g2 = NULL;
	bool use_grams = false;
	int64_t total;
	int err;

	if (q->q) {
		if ((err = search_terms(q->q, lq, sizeof(lq), first, last,
		    sizeof(first), &use_grams)))
			return err;
		if (lq[0])
			qq = lq;
		if (use_grams) {
			g1 = first;
			g2 = last;
		}
	}
	err = sql_int(st, &total, "SELECT count(*)" ITEM_FILTER, "tiIIIIItt",
	    qq, q->dept_id, q->type, q->level, q->instant, q->in_hall,
	    (int)q->include_retired, g1, g2);
	if (err)
		return err;
	return sql_page_json(st, total, sql_query(st, "SELECT i.code, i.name, i.type,"
	    " i.dept_id, d.short_name AS dept_name, d.code AS dept_code, i.level,"
	    " i.legal_limit_days, i.promised_limit_days, i.instant AS instant_flag,"
	    " i.in_hall AS in_hall_flag, i.online_depth, i.visits,"
	    " i.retired AS retired_flag, EXISTS (SELECT 1 FROM item_fees f"
	    " WHERE f.item_id = i.id) AS has_fee_flag,"
	    /* 绿色通道: the limit its cases get, NULL when not in it */
	    " (SELECT CASE WHEN g.limit_days < i.promised_limit_days THEN"
	    " g.limit_days ELSE i.promised_limit_days END FROM item_green g"
	    " WHERE g.item_id = i.id) AS green_limit_days" ITEM_FILTER
	    /* Name matches first (a name starting with the query before), then
	     * code matches, then keywords; the catalogue order within each. */
	    " ORDER BY CASE WHEN ?1 IS NULL THEN 0"
	    " WHEN strpos(lower(i.name), ?1) = 1 THEN 0"
	    " WHEN strpos(lower(i.name), ?1) > 0 THEN 1"
	    " WHEN strpos(lower(i.code), ?1) > 0 THEN 2 ELSE 3 END,"
	    " i.dept_id, i.code LIMIT ?10 OFFSET ?11", "tiIIIIIttII", qq,
	    q->dept_id, q->type, q->level, q->instant, q->in_hall,
	    (int)q->include_retired, g1, g2, q->per_page,
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

/* ---- form values of cases ----------------------------------------------- */

int store_case_form_put(store *st, int64_t case_id,
    const struct case_form_value *v, size_t n)
{
	int err;

	for (size_t i = 0; i < n; i++)
		if ((err = sql_run(st, "INSERT INTO case_form_values(case_id, idx,"
		    " key, label, type, value, display) VALUES (?1, ?2, ?3, ?4, ?5,"
		    " ?6, ?7)", "iIttItt", case_id, (int)i, v[i].key, v[i].label,
		    v[i].type, v[i].value, v[i].display)))
			return err;
	return 0;
}

int store_case_form_json(store *st, int64_t case_id, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT key, label, type, value,"
	    " display"
	    " FROM case_form_values WHERE case_id = ?1 ORDER BY idx", "i",
	    case_id), out);
}

int store_region_code_exists(store *st, const char *code, bool *exists)
{
	int64_t id;
	int err = sql_int(st, &id, "SELECT id FROM regions WHERE code = ?1", "t",
	    code);

	if (err && err != GH_ENOTFOUND)
		return err;
	*exists = err == 0;
	return 0;
}
