/*
 * store_core.c - opening a store, migrations, transactions and the query
 * helpers every module of the store shares (store_impl.h).
 */
#include "store/store_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/day.h"
#include "store/schema.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

/* ---- query helpers -------------------------------------------------------- */

static void bindv(db_stmt *s, const char *fmt, va_list ap)
{
	int k = 1;

	for (const char *f = fmt; *f; f++, k++) {
		switch (*f) {
		case 'i':
			db_bind_int64(s, k, va_arg(ap, int64_t));
			break;
		case 'I':
			db_bind_int64(s, k, va_arg(ap, int));
			break;
		case 'n': {
			int64_t v = va_arg(ap, int64_t);

			if (v)
				db_bind_int64(s, k, v);
			else
				db_bind_null(s, k, DB_T_INT);
			break;
		}
		case 'd': {
			int32_t v = va_arg(ap, int32_t);

			if (v != DAY_NONE)
				db_bind_int64(s, k, v);
			else
				db_bind_null(s, k, DB_T_INT);
			break;
		}
		case 't':
			db_bind_text(s, k, va_arg(ap, const char *));
			break;
		case 'b': {
			const void *p = va_arg(ap, const void *);
			int len = va_arg(ap, int);

			db_bind_blob(s, k, p, (size_t)len);
			break;
		}
		default:
			abort();
		}
	}
}

db_stmt *sql_query(store *st, const char *sql, const char *fmt, ...)
{
	db_stmt *s = db_prep(st->db, sql);
	va_list ap;

	va_start(ap, fmt);
	bindv(s, fmt, ap);
	va_end(ap);
	return s;
}

db_stmt *sql_query_d(store *st, const struct db_sql *sql, const char *fmt,
    ...)
{
	db_stmt *s = db_prep_dialect(st->db, sql);
	va_list ap;

	va_start(ap, fmt);
	bindv(s, fmt, ap);
	va_end(ap);
	return s;
}

static int run_stmt(db_stmt *s)
{
	int rc = db_step(s);

	db_reset(s);
	return sql_rc(rc);
}

int sql_run(store *st, const char *sql, const char *fmt, ...)
{
	db_stmt *s = db_prep(st->db, sql);
	va_list ap;

	va_start(ap, fmt);
	bindv(s, fmt, ap);
	va_end(ap);
	return run_stmt(s);
}

int sql_run_d(store *st, const struct db_sql *sql, const char *fmt, ...)
{
	db_stmt *s = db_prep_dialect(st->db, sql);
	va_list ap;

	va_start(ap, fmt);
	bindv(s, fmt, ap);
	va_end(ap);
	return run_stmt(s);
}

static int int_stmt(db_stmt *s, int64_t *out)
{
	int rc = db_step(s);

	if (rc == DB_ROW) {
		*out = db_col_int64(s, 0);
		db_reset(s);
		return 0;
	}
	db_reset(s);
	return rc == DB_DONE ? GH_ENOTFOUND : rc;
}

int sql_int(store *st, int64_t *out, const char *sql, const char *fmt, ...)
{
	db_stmt *s = db_prep(st->db, sql);
	va_list ap;

	va_start(ap, fmt);
	bindv(s, fmt, ap);
	va_end(ap);
	return int_stmt(s, out);
}

int sql_int_d(store *st, int64_t *out, const struct db_sql *sql,
    const char *fmt, ...)
{
	db_stmt *s = db_prep_dialect(st->db, sql);
	va_list ap;

	va_start(ap, fmt);
	bindv(s, fmt, ap);
	va_end(ap);
	return int_stmt(s, out);
}

void sql_text(db_stmt *s, int i, char *out, size_t cap)
{
	const char *t = db_col_text(s, i);

	snprintf(out, cap, "%s", t ? t : "");
}

char *sql_dup(db_stmt *s, int i)
{
	const char *t = db_col_text(s, i);

	return xstrdup(t ? t : "");
}

int32_t sql_day(db_stmt *s, int i)
{
	return db_col_null(s, i) ? DAY_NONE : (int32_t)db_col_int64(s, i);
}

json_t *sql_row_json(db_stmt *s)
{
	json_t *o = json_object();
	int n = db_col_count(s);

	for (int i = 0; i < n; i++) {
		const char *name = db_col_name(s, i);
		size_t len = strlen(name);
		json_t *v;

		switch (db_col_type(s, i)) {
		case DB_T_INT:
			if (len > 4 && !strcmp(name + len - 4, "_day")) {
				char iso[11];

				day_format_iso((int32_t)db_col_int64(s, i), iso);
				v = json_string(iso);
			} else if (len > 5 && !strcmp(name + len - 5, "_flag")) {
				char key[64];

				snprintf(key, sizeof key, "%.*s", (int)(len - 5), name);
				json_object_set_new(o, key,
				    json_boolean(db_col_int64(s, i)));
				continue;
			} else {
				v = json_integer(db_col_int64(s, i));
			}
			break;
		case DB_T_REAL:
			v = json_real(db_col_double(s, i));
			break;
		case DB_T_TEXT:
			v = json_stringn(db_col_text(s, i), db_col_bytes(s, i));
			break;
		default:
			v = json_null();
		}
		json_object_set_new(o, name, v);
	}
	return o;
}

int sql_rows_json(store *st, db_stmt *s, json_t **out)
{
	json_t *arr = json_array();
	int rc;

	(void)st;
	while ((rc = db_step(s)) == DB_ROW)
		json_array_append_new(arr, sql_row_json(s));
	db_reset(s);
	if (rc != DB_DONE) {
		json_decref(arr);
		return sql_rc(rc);
	}
	*out = arr;
	return 0;
}

int sql_page_json(store *st, int64_t total, db_stmt *s, json_t **out)
{
	json_t *rows;
	int err = sql_rows_json(st, s, &rows);

	if (err)
		return err;
	*out = json_pack("{s:I,s:o}", "total", (json_int_t)total, "data", rows);
	return 0;
}

int sql_ids(db_stmt *s, int64_t **ids, size_t *n)
{
	int64_t *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[cnt++] = db_col_int64(s, 0);
	}
	db_reset(s);
	if (rc != DB_DONE) {
		free(v);
		return sql_rc(rc);
	}
	*ids = v;
	*n = cnt;
	return 0;
}

int sql_page_offset(int page, int per_page)
{
	return (page > 1 ? page - 1 : 0) * per_page;
}

/* ---- open, migrate, transactions ------------------------------------------ */

void store_set_group_commit(bool on)
{
	struct db_options o = *db_options();

	o.group_commit = on;
	db_set_options(&o);
}

void store_set_wal_limit(int64_t bytes)
{
	struct db_options o = *db_options();

	o.wal_limit = bytes;
	db_set_options(&o);
}

void store_set_statement_timeout(int ms)
{
	struct db_options o = *db_options();

	o.statement_timeout_ms = ms;
	db_set_options(&o);
}

bool store_target_is_pg(const char *target)
{
	return db_target_is_pg(target);
}

int store_schema_latest(void)
{
	return schema_migration_count > 0
	    ? schema_migrations[schema_migration_count - 1].version : 0;
}

/* Each migration in one transaction with its version; on PostgreSQL the
 * migrate lock keeps two servers starting at once from both running it,
 * and the version is read again under it. */
static int migrate(store *st)
{
	bool pg = db_engine(st->db) == DB_PG;
	int ver = 0, err;

	if ((err = db_schema_version(st->db, &ver)))
		return err;
	if (ver > store_schema_latest()) {
		log_error("database schema %d is newer than this govhall (%d)",
		    ver, store_schema_latest());
		return GH_ESCHEMA;
	}
	for (int i = 0; i < schema_migration_count; i++) {
		const struct schema_migration *m = &schema_migrations[i];
		const char *sql = pg ? m->pg : m->sqlite;

		if (m->version <= ver)
			continue;
		if (!sql) {
			log_error("migration %d (%s) has no PostgreSQL version",
			    m->version, m->name);
			return GH_ESCHEMA;
		}
		if ((err = db_begin_write(st->db)))
			return err;
		if ((err = db_xact_lock(st->db, LOCK_MIGRATE)) ||
		    (err = db_schema_version(st->db, &ver))) {
			db_rollback(st->db);
			return err;
		}
		if (m->version <= ver) {        /* another server did it */
			db_rollback(st->db);
			continue;
		}
		if ((err = db_exec(st->db, sql)) ||
		    (err = db_set_schema_version(st->db, m->version))) {
			db_rollback(st->db);
			return err;
		}
		if ((err = db_commit(st->db)))
			return err;
		ver = m->version;
		log_info("database migrated to schema %d (%s)", m->version,
		    m->name);
	}
	return 0;
}

int store_open(const char *path, store **out)
{
	store *st = xcalloc(1, sizeof *st);
	int err;

	if ((err = db_open(path, &st->db))) {
		free(st);
		return err;
	}
	if ((err = migrate(st))) {
		store_close(st);
		return err;
	}
	*out = st;
	return 0;
}

void store_close(store *st)
{
	if (!st)
		return;
	audit_pending_drop(st);
	db_close(st->db);
	free(st);
}

int store_schema_version(store *st, int *out)
{
	return db_schema_version(st->db, out);
}

int store_begin(store *st)
{
	return db_begin_write(st->db);
}

int store_read_begin(store *st)
{
	return db_begin_read(st->db);
}

int store_commit(store *st)
{
	int err = audit_pending_flush(st);

	st->case_turn = false;
	if (err) {
		store_rollback(st);
		return err;
	}
	return db_commit(st->db);
}

void store_rollback(store *st)
{
	st->case_turn = false;
	audit_pending_drop(st);
	db_rollback(st->db);
}

void store_target_display(const char *target, char *out, size_t cap)
{
	const char *scheme = strstr(target, "://"), *at, *colon, *pw;

	snprintf(out, cap, "%s", target);
	if (!db_target_is_pg(target))
		return;
	/* postgresql://user:secret@host/db -> postgresql://user:***@host/db */
	if (scheme && (at = strchr(scheme + 3, '@')) &&
	    (colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3))))
		snprintf(out, cap, "%.*s:***%s", (int)(colon - target), target,
		    at);
	/* ... password=secret (key=value form or URI parameter) */
	if ((pw = strstr(out, "password=")) != NULL) {
		char tail[512];
		size_t keep = (size_t)(pw - out) + 9, end = keep;

		while (out[end] && out[end] != ' ' && out[end] != '&')
			end++;
		snprintf(tail, sizeof tail, "%s", out + end);
		out[keep] = '\0';
		snprintf(out + keep, cap - keep, "***%s", tail);
	}
}
