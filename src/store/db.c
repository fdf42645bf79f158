/*
 * db.c - the engine-independent part of db.h: process options, which
 * engine a target names, and dispatch to the driver's table.
 */
#include "store/db_driver.h"

#include <string.h>

#define DRV(x) (((const struct db_head *)(const void *)(x))->drv)

static struct db_options options = {
	.wal_limit = (int64_t)64 << 20,
	.statement_timeout_ms = 30000,
};

void db_set_options(const struct db_options *o)
{
	options = *o;
}

const struct db_options *db_options(void)
{
	return &options;
}

bool db_target_is_pg(const char *t)
{
	return !strncmp(t, "postgresql://", 13) || !strncmp(t, "postgres://", 11)
	    || strstr(t, "dbname=") != NULL;
}

int db_open(const char *target, db **out)
{
	return db_target_is_pg(target) ? db_pg_driver.open(target, out)
	    : db_sqlite_driver.open(target, out);
}

void db_close(db *d)
{
	if (d)
		DRV(d)->close(d);
}

enum db_engine db_engine(const db *d)
{
	return DRV(d)->engine;
}

db_stmt *db_prep(db *d, const char *sql)
{
	return DRV(d)->prep(d, sql, sql);
}

db_stmt *db_prep_dialect(db *d, const struct db_sql *sql)
{
	return DRV(d)->prep(d, sql,
	    DRV(d)->engine == DB_PG ? sql->pg : sql->sqlite);
}

void db_bind_int64(db_stmt *s, int k, int64_t v)
{
	DRV(s)->bind_int64(s, k, v);
}

void db_bind_text(db_stmt *s, int k, const char *v)
{
	DRV(s)->bind_text(s, k, v);
}

void db_bind_blob(db_stmt *s, int k, const void *p, size_t len)
{
	DRV(s)->bind_blob(s, k, p, len);
}

void db_bind_null(db_stmt *s, int k, enum db_type t)
{
	DRV(s)->bind_null(s, k, t);
}

int db_step(db_stmt *s)
{
	return DRV(s)->step(s);
}

void db_reset(db_stmt *s)
{
	DRV(s)->reset(s);
}

int db_col_count(db_stmt *s)
{
	return DRV(s)->col_count(s);
}

const char *db_col_name(db_stmt *s, int i)
{
	return DRV(s)->col_name(s, i);
}

enum db_type db_col_type(db_stmt *s, int i)
{
	return DRV(s)->col_type(s, i);
}

bool db_col_null(db_stmt *s, int i)
{
	return DRV(s)->col_type(s, i) == DB_T_NULL;
}

int64_t db_col_int64(db_stmt *s, int i)
{
	return DRV(s)->col_int64(s, i);
}

int db_col_int(db_stmt *s, int i)
{
	return (int)DRV(s)->col_int64(s, i);
}

double db_col_double(db_stmt *s, int i)
{
	return DRV(s)->col_double(s, i);
}

const char *db_col_text(db_stmt *s, int i)
{
	return DRV(s)->col_text(s, i);
}

size_t db_col_bytes(db_stmt *s, int i)
{
	return DRV(s)->col_bytes(s, i);
}

const void *db_col_blob(db_stmt *s, int i)
{
	return DRV(s)->col_blob(s, i);
}

int64_t db_changes(db *d)
{
	return DRV(d)->changes(d);
}

int db_exec(db *d, const char *script)
{
	return DRV(d)->exec(d, script);
}

int db_begin_write(db *d)
{
	return DRV(d)->begin_write(d);
}

int db_begin_read(db *d)
{
	return DRV(d)->begin_read(d);
}

int db_commit(db *d)
{
	return DRV(d)->commit(d);
}

void db_rollback(db *d)
{
	DRV(d)->rollback(d);
}

bool db_in_txn(db *d)
{
	return DRV(d)->in_txn(d);
}

int db_schema_version(db *d, int *out)
{
	return DRV(d)->schema_version(d, out);
}

int db_set_schema_version(db *d, int v)
{
	return DRV(d)->set_schema_version(d, v);
}

int db_xact_lock(db *d, int64_t key)
{
	return DRV(d)->xact_lock(d, key, true, NULL);
}

int db_xact_try_lock(db *d, int64_t key, bool *got)
{
	return DRV(d)->xact_lock(d, key, false, got);
}

const char *db_errmsg(db *d)
{
	return DRV(d)->errmsg(d);
}
