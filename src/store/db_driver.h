/*
 * db_driver.h - what a driver of db.h provides: one table of functions per
 * engine (the shape of Dovecot's lib-sql drivers).  Only db.c and the
 * drivers include this header.  Every connection and statement object of
 * a driver starts with the pointer to its driver's table, so db.c can
 * dispatch on either.
 */
#ifndef GH_DB_DRIVER_H
#define GH_DB_DRIVER_H
#include "store/db.h"

struct db_driver {
	enum db_engine engine;
	const char *name;
	int (*open)(const char *target, db **out);
	void (*close)(db *d);
	db_stmt *(*prep)(db *d, const void *key, const char *sql);
	void (*bind_int64)(db_stmt *s, int k, int64_t v);
	void (*bind_text)(db_stmt *s, int k, const char *v);
	void (*bind_blob)(db_stmt *s, int k, const void *p, size_t len);
	void (*bind_null)(db_stmt *s, int k, enum db_type t);
	int (*step)(db_stmt *s);
	void (*reset)(db_stmt *s);
	int (*col_count)(db_stmt *s);
	const char *(*col_name)(db_stmt *s, int i);
	enum db_type (*col_type)(db_stmt *s, int i);
	int64_t (*col_int64)(db_stmt *s, int i);
	double (*col_double)(db_stmt *s, int i);
	const char *(*col_text)(db_stmt *s, int i);
	size_t (*col_bytes)(db_stmt *s, int i);
	const void *(*col_blob)(db_stmt *s, int i);
	int64_t (*changes)(db *d);
	int (*exec)(db *d, const char *script);
	int (*begin_write)(db *d);
	int (*begin_read)(db *d);
	int (*commit)(db *d);
	void (*rollback)(db *d);
	bool (*in_txn)(db *d);
	int (*schema_version)(db *d, int *out);
	int (*set_schema_version)(db *d, int v);
	/* wait: block until taken; else *got tells */
	int (*xact_lock)(db *d, int64_t key, bool wait, bool *got);
	const char *(*errmsg)(db *d);
};

/* The first member of every driver's struct db and struct db_stmt. */
struct db_head {
	const struct db_driver *drv;
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

#endif
