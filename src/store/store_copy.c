/*
 * store_copy.c - `govhall copy`: a centre moved from its SQLite file to
 * another database (PostgreSQL, or another SQLite file), and the check
 * that the copy is whole.
 *
 * The tables are read from the source's own catalogue in the order the
 * migrations created them (so that a row's references exist before it),
 * each row by id where it has one, and written with the same column
 * names: both schemas are the same by construction (test_schema_engines).
 * The open-case counters (watch_counts) are not copied: the target's
 * triggers rebuild them from the cases as they arrive, and the check
 * compares them with the source's, which also proves the two engines'
 * triggers agree.  Settings the target's migrations wrote are replaced by
 * the source's.  The whole copy is one transaction on the target.
 *
 * The SQL here is built from table and column names read from the
 * source's catalogue (never from input) and kept alive until the copy
 * ends: the statement cache is keyed by the address of the SQL.
 */
#include "store/store_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

struct copy_table {
	char name[64];
	char **cols;
	size_t n_cols;
	bool has_id;
	char *select_sql, *insert_sql, *count_sql;
};

struct copy_plan {
	struct copy_table *t;
	size_t n;
};

static void plan_free(struct copy_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		for (size_t k = 0; k < p->t[i].n_cols; k++)
			free(p->t[i].cols[k]);
		free(p->t[i].cols);
		free(p->t[i].select_sql);
		free(p->t[i].insert_sql);
		free(p->t[i].count_sql);
	}
	free(p->t);
	p->t = NULL;
	p->n = 0;
}

static bool copied(const char *table)
{
	/* the counters are rebuilt by the target's triggers */
	return strcmp(table, "watch_counts") != 0;
}

static char *build(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *build(const char *fmt, ...)
{
	va_list ap;
	char *out;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	out = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(out, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return out;
}

/* The source's tables in creation order, with their columns. */
static int plan_make(store *from, struct copy_plan *p)
{
	db_stmt *s;
	size_t cap = 0;
	int rc;

	memset(p, 0, sizeof *p);
	if (db_engine(from->db) != DB_SQLITE)
		return GH_EINVAL;
	s = db_prep(from->db, "SELECT name FROM sqlite_master WHERE type ="
	    " 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid");
	while ((rc = db_step(s)) == DB_ROW) {
		if (p->n == cap) {
			cap = cap ? cap * 2 : 32;
			p->t = xrealloc(p->t, cap * sizeof *p->t);
		}
		memset(&p->t[p->n], 0, sizeof p->t[p->n]);
		sql_text(s, 0, p->t[p->n].name, sizeof p->t[p->n].name);
		p->n++;
	}
	db_reset(s);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < p->n; i++) {
		struct copy_table *t = &p->t[i];
		size_t ccap = 0, len = 0;
		char *cols, *params;

		s = db_prep(from->db, "SELECT name FROM pragma_table_info(?1)"
		    " ORDER BY cid");
		db_bind_text(s, 1, t->name);
		while ((rc = db_step(s)) == DB_ROW) {
			if (t->n_cols == ccap) {
				ccap = ccap ? ccap * 2 : 16;
				t->cols = xrealloc(t->cols, ccap * sizeof *t->cols);
			}
			t->cols[t->n_cols] = sql_dup(s, 0);
			if (!strcmp(t->cols[t->n_cols], "id"))
				t->has_id = true;
			len += strlen(t->cols[t->n_cols]) + 16;
			t->n_cols++;
		}
		db_reset(s);
		if (rc < 0)
			return rc;
		cols = xcalloc(1, len + 1);
		params = xcalloc(1, len + 1);
		for (size_t k = 0, c = 0, q = 0; k < t->n_cols; k++) {
			c += (size_t)snprintf(cols + c, len + 1 - c, "%s%s",
			    k ? ", " : "", t->cols[k]);
			q += (size_t)snprintf(params + q, len + 1 - q, "%s?%zu",
			    k ? ", " : "", k + 1);
		}
		t->select_sql = build("SELECT %s FROM %s%s", cols, t->name,
		    t->has_id ? " ORDER BY id" : "");
		t->insert_sql = !strcmp(t->name, "settings") ?
		    build("INSERT INTO settings(%s) VALUES (%s) ON CONFLICT(key)"
		    " DO UPDATE SET value = excluded.value", cols, params) :
		    build("INSERT INTO %s(%s) VALUES (%s)", t->name, cols, params);
		t->count_sql = build("SELECT count(*) FROM %s", t->name);
		free(cols);
		free(params);
	}
	return 0;
}

static int count_of(store *st, const char *sql, int64_t *n)
{
	db_stmt *s = db_prep(st->db, sql);
	int rc = db_step(s);

	*n = rc == DB_ROW ? db_col_int64(s, 0) : 0;
	db_reset(s);
	return rc < 0 ? rc : 0;
}

/* One table, row by row. */
static int copy_rows(store *from, store *to, const struct copy_table *t,
    int64_t *rows)
{
	db_stmt *in = db_prep(from->db, t->select_sql);
	int rc, err = 0;

	*rows = 0;
	while (!err && (rc = db_step(in)) == DB_ROW) {
		db_stmt *out = db_prep(to->db, t->insert_sql);

		for (size_t k = 0; k < t->n_cols; k++) {
			int c = (int)k, key = (int)k + 1;

			switch (db_col_type(in, c)) {
			case DB_T_INT:
				db_bind_int64(out, key, db_col_int64(in, c));
				break;
			case DB_T_TEXT:
				db_bind_text(out, key, db_col_text(in, c));
				break;
			case DB_T_BLOB:
				db_bind_blob(out, key, db_col_blob(in, c),
				    db_col_bytes(in, c));
				break;
			case DB_T_REAL: {
				char buf[40];

				snprintf(buf, sizeof buf, "%.17g",
				    db_col_double(in, c));
				db_bind_text(out, key, buf);
				break;
			}
			default:
				db_bind_null(out, key, DB_T_NULL);
			}
		}
		rc = db_step(out);
		db_reset(out);
		if (rc < 0) {
			log_error("copy of %s, row %lld: %s", t->name,
			    (long long)*rows + 1, db_errmsg(to->db));
			err = rc;
		}
		(*rows)++;
	}
	db_reset(in);
	if (!err && rc < 0)
		err = rc;
	return err;
}

/* PostgreSQL: identity columns continue after the copied ids. */
static int sequences_after(store *to, const struct copy_plan *p)
{
	int err = 0;

	if (db_engine(to->db) != DB_PG)
		return 0;
	for (size_t i = 0; i < p->n && !err; i++) {
		char sql[512];

		if (!p->t[i].has_id)
			continue;
		snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence("
		    "'%s', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM %s),"
		    " false) WHERE pg_get_serial_sequence('%s', 'id') IS NOT NULL",
		    p->t[i].name, p->t[i].name, p->t[i].name);
		err = db_exec(to->db, sql);
	}
	return err;
}

static bool same_case(const struct case_rec *a, const struct case_rec *b)
{
	return !memcmp(a, b, sizeof *a);
}

static int copy_check(store *from, store *to, const struct copy_plan *pp,
    int sample, audit_report_fn report, void *ctx, size_t *problems)
{
	const struct copy_plan p = *pp;
	char msg[512];
	int64_t total = 0;
	int err = 0;

	*problems = 0;
	for (size_t i = 0; i < p.n; i++) {
		int64_t a, b;

		if ((err = count_of(from, p.t[i].count_sql, &a)) ||
		    (err = count_of(to, p.t[i].count_sql, &b))) {
			log_error("copy check: counting %s: %s", p.t[i].name,
			    db_errmsg(to->db));
			goto out;
		}
		if (a != b) {
			snprintf(msg, sizeof msg, "表%s: 源库%lld行, 目标库%lld行",
			    p.t[i].name, (long long)a, (long long)b);
			report(ctx, msg);
			(*problems)++;
		}
		if (!strcmp(p.t[i].name, "cases"))
			total = a;
	}
	/* the counters the triggers rebuilt equal the source's */
	{
		static const char sum_sql[] = "SELECT count(*), coalesce(sum(n),"
		    " 0), coalesce(sum(n * (dim + 1) * (deadline_day % 97 + 1)),"
		    " 0) FROM watch_counts";
		int64_t v[2][3];
		store *both[2] = {from, to};

		for (int k = 0; k < 2; k++) {
			db_stmt *s = db_prep(both[k]->db, sum_sql);
			int rc = db_step(s);

			for (int c = 0; c < 3; c++)
				v[k][c] = rc == DB_ROW ? db_col_int64(s, c) : -1;
			db_reset(s);
			if (rc < 0) {
				log_error("copy check: the counters: %s",
				    db_errmsg(both[k]->db));
				err = rc;
				goto out;
			}
		}
		if (memcmp(v[0], v[1], sizeof v[0])) {
			snprintf(msg, sizeof msg, "在办计数(watch_counts)不一致:"
			    " 源库%lld行合计%lld, 目标库%lld行合计%lld",
			    (long long)v[0][0], (long long)v[0][1],
			    (long long)v[1][0], (long long)v[1][1]);
			report(ctx, msg);
			(*problems)++;
		}
	}
	/* a sample of cases, field by field */
	if (sample > 0 && total > 0) {
		int64_t step = total / sample > 0 ? total / sample : 1, max = 0;

		if ((err = sql_int(from, &max, "SELECT coalesce(max(id), 0)"
		    " FROM cases", "")))
			goto out;
		for (int64_t id = 1; id <= max; id += step) {
			struct case_rec a, b;
			int ea = store_case_get(from, id, &a);
			int eb = store_case_get(to, id, &b);

			if (ea == GH_ENOTFOUND && eb == GH_ENOTFOUND)
				continue;
			if (ea || eb || !same_case(&a, &b)) {
				snprintf(msg, sizeof msg, "办件%lld在两库中不同",
				    (long long)id);
				report(ctx, msg);
				(*problems)++;
			}
		}
	}
out:
	return err;
}

int store_copy(store *from, store *to, store_copy_fn progress, void *ctx,
    int sample, audit_report_fn report, size_t *problems)
{
	struct copy_plan p;
	int64_t n;
	int err;

	*problems = 0;
	if ((err = plan_make(from, &p)))
		goto out;
	/* refuse a target that holds a centre already */
	for (size_t i = 0; i < p.n; i++) {
		if (strcmp(p.t[i].name, "users") && strcmp(p.t[i].name, "audit") &&
		    strcmp(p.t[i].name, "cases") && strcmp(p.t[i].name, "items"))
			continue;
		if ((err = count_of(to, p.t[i].count_sql, &n)))
			goto out;
		if (n > 0) {
			err = GH_ECONFLICT;
			goto out;
		}
	}
	if ((err = db_begin_read(from->db)) || (err = store_begin(to)))
		goto out;
	for (size_t i = 0; i < p.n && !err; i++) {
		if (!copied(p.t[i].name))
			continue;
		err = copy_rows(from, to, &p.t[i], &n);
		if (!err && progress)
			progress(ctx, p.t[i].name, n);
	}
	if (!err)
		err = sequences_after(to, &p);
	if (!err)
		err = db_commit(to->db);   /* its own audit: none is pending */
	else
		store_rollback(to);
	db_rollback(from->db);
	/* checked with the same plan: its SQL strings key the statement
	 * caches of both stores, and must not be freed and reused meanwhile */
	if (!err) {
		if (progress)
			progress(ctx, NULL, 0);   /* committed: the check begins */
		err = copy_check(from, to, &p, sample, report, ctx, problems);
	}
out:
	plan_free(&p);
	return err;
}
