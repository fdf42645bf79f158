/*
 * db.h - the driver layer under the store: one small interface, one driver
 * per engine (db_sqlite.c on SQLite, db_pg.c on PostgreSQL over libpq).
 *
 * Only src/store/ includes this header.  The store's modules write every
 * query once, in SQL both engines accept, with ?1 ?2 ... placeholders (the
 * PostgreSQL driver turns them into $1 $2 ...).  Where the engines really
 * differ, the query is a struct db_sql with both spellings side by side
 * (db_prep_dialect), kept next to its one caller.
 *
 * Model (learnt from Dovecot's lib-sql and libzdb): a db is one connection
 * used by one thread at a time; statements are prepared once per
 * connection and cached by the address of their SQL literal; values are
 * only ever bound, never spliced into SQL; db_step walks the rows;
 * column reads are typed; every failure comes back as a negative enum
 * gh_err (constraint: GH_ECONFLICT; lock, deadlock, serialisation,
 * timeout: GH_EBUSY; connection lost: GH_EUNAVAIL; else GH_ESTORE).
 *
 * Lifetimes: a text read from a column stays valid until the next
 * db_step or db_reset of that statement.  A statement stays bound to its
 * connection; db_reset ends its current execution.
 */
#ifndef GH_DB_H
#define GH_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct db db;
typedef struct db_stmt db_stmt;

enum db_engine { DB_SQLITE = 1, DB_PG = 2 };

/* db_step's results besides a negative enum gh_err. */
enum { DB_DONE = 0, DB_ROW = 1 };

/* Column type classes (db_col_type) and NULL hints (db_bind_null). */
enum db_type { DB_T_NULL = 0, DB_T_INT, DB_T_REAL, DB_T_TEXT, DB_T_BLOB };

/* A statement whose spelling differs between the engines. */
struct db_sql {
	const char *sqlite;
	const char *pg;
};

/* Whether target names a PostgreSQL database (a libpq URI
 * "postgresql://..." / "postgres://..." or a "key=value" string with
 * dbname=); anything else is a SQLite file path. */
bool db_target_is_pg(const char *target);

/* Options of the process, set before the first db_open. */
struct db_options {
	bool group_commit;      /* SQLite: one fsync shared by commits */
	int64_t wal_limit;      /* SQLite: WAL bound in bytes */
	int statement_timeout_ms; /* PostgreSQL: per statement, 0: none */
};
void db_set_options(const struct db_options *o);
const struct db_options *db_options(void);

/* Opens one connection: a SQLite file (created if absent) or a
 * PostgreSQL database.  GH_EUNAVAIL when the server cannot be reached,
 * GH_EIO when the file cannot be opened. */
int db_open(const char *target, db **out);
void db_close(db *d);
enum db_engine db_engine(const db *d);

/* The cached statement for sql (a string literal: its address is the
 * key), reset and unbound. */
db_stmt *db_prep(db *d, const char *sql);
/* The same for a two-spelling statement (the struct's address is the
 * key). */
db_stmt *db_prep_dialect(db *d, const struct db_sql *sql);

/* Binds parameter k (1-based). */
void db_bind_int64(db_stmt *s, int k, int64_t v);
void db_bind_text(db_stmt *s, int k, const char *v);   /* NULL binds NULL */
void db_bind_blob(db_stmt *s, int k, const void *p, size_t len);
/* NULL of a type (PostgreSQL needs the parameter's type). */
void db_bind_null(db_stmt *s, int k, enum db_type t);

/* Runs the statement (first call) or moves to its next row: DB_ROW,
 * DB_DONE or a negative enum gh_err. */
int db_step(db_stmt *s);
/* Ends the execution and frees its rows; binds stay. */
void db_reset(db_stmt *s);

int db_col_count(db_stmt *s);
const char *db_col_name(db_stmt *s, int i);
/* The class of the value in column i of the current row. */
enum db_type db_col_type(db_stmt *s, int i);
bool db_col_null(db_stmt *s, int i);
int64_t db_col_int64(db_stmt *s, int i);
int db_col_int(db_stmt *s, int i);
double db_col_double(db_stmt *s, int i);
/* NULL for SQL NULL. */
const char *db_col_text(db_stmt *s, int i);
size_t db_col_bytes(db_stmt *s, int i);
/* The bytes of a BLOB / bytea column (db_col_bytes of them), NULL for
 * NULL; valid as a column's text is. */
const void *db_col_blob(db_stmt *s, int i);

/* Rows changed by the last INSERT, UPDATE or DELETE run on d. */
int64_t db_changes(db *d);

/* Runs a script of statements without parameters (migrations). */
int db_exec(db *d, const char *script);

/* Transactions.  db_begin_write starts a write transaction (SQLite: the
 * process's write queue, then BEGIN IMMEDIATE; PostgreSQL: BEGIN, READ
 * COMMITTED, row locks taken by the statements).  db_begin_read starts a
 * read transaction that sees one snapshot (PostgreSQL: REPEATABLE READ
 * READ ONLY).  db_commit returns when the commit is durable. */
int db_begin_write(db *d);
int db_begin_read(db *d);
int db_commit(db *d);
void db_rollback(db *d);
bool db_in_txn(db *d);

/* The schema version the database records (0 for a new database). */
int db_schema_version(db *d, int *out);
/* Records v inside the current transaction. */
int db_set_schema_version(db *d, int v);

/* Serialises a section of a write transaction across every connection
 * and server (PostgreSQL: pg_advisory_xact_lock(key), held until the
 * transaction ends; SQLite: nothing, its single writer already does). */
int db_xact_lock(db *d, int64_t key);
/* Tries the lock without waiting: *got tells whether it was taken. */
int db_xact_try_lock(db *d, int64_t key, bool *got);

/* The engine's last error message (for logs). */
const char *db_errmsg(db *d);

#endif
