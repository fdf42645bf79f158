/*
 * db_pg.c - the PostgreSQL driver of db.h, on libpq.
 *
 * One db is one PGconn.  A statement is prepared on the server the first
 * time it runs on a connection (PQprepare, named "s<n>"), with the types of
 * its parameters taken from the first binds (int8, text, bytea, float8),
 * and run with PQexecPrepared; its rows come back whole and db_step walks
 * them.  The ?N placeholders of the store's SQL become $N here, outside
 * quoted literals and identifiers.
 *
 * Failures map to enum gh_err by SQLSTATE: class 23 (integrity) is
 * GH_ECONFLICT; 40001 (serialisation), 40P01 (deadlock), 55P03 (lock not
 * available) and 57014 (statement timeout) are GH_EBUSY; a lost or
 * refused connection (class 08, 57P01-57P03, CONNECTION_BAD) is
 * GH_EUNAVAIL.  A lost connection is re-established at the start of the
 * next transaction or statement outside one, no more often than the
 * back-off allows (100 ms doubling to 5 s); a reconnection forgets every
 * prepared statement.
 *
 * Thread-safety: a db belongs to one thread at a time.
 */
#include "store/db_driver.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

#define STMT_CACHE 256
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_TEXT 25
#define OID_OID 26
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000

struct db_stmt {
	const struct db_driver *drv;
	const void *key;
	db *d;
	char *sql;              /* with $N placeholders */
	int id;                 /* prepared as "s<id>" */
	unsigned prepared_gen;  /* the connection generation; 0: not yet */
	int nparams;
	Oid *types;
	char **vals;            /* NULL: SQL NULL */
	int *lens, *fmts;
	char **own;             /* what vals point into */
	PGresult *res;
	int row, nrows;
	bool ran;
	unsigned char *blob;    /* the last bytea decoded (db_col_blob) */
	size_t blob_len;
};

struct db {
	const struct db_driver *drv;
	PGconn *conn;
	char *target;
	unsigned gen;           /* bumped by every (re)connection */
	int next_id;
	bool txn;               /* inside BEGIN ... COMMIT/ROLLBACK */
	bool txn_failed;        /* a statement failed: only ROLLBACK now */
	int txn_err;            /* that statement's error, answered again */
	bool schema_ready;
	char xid[32];           /* the write transaction's id ("" for none) */
	int64_t changes;
	int64_t retry_at_ms;    /* no reconnection attempt before */
	int backoff_ms;
	char err[256];
	struct db_stmt cache[STMT_CACHE];
};

static int64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void set_err(db *d, const char *msg)
{
	size_t n;

	snprintf(d->err, sizeof d->err, "%s", msg ? msg : "");
	n = strlen(d->err);
	while (n && (d->err[n - 1] == '\n' || d->err[n - 1] == ' '))
		d->err[--n] = '\0';
}

/* The error of a result (or of the connection) as an enum gh_err. */
static int map_result(db *d, const PGresult *res, const char *what)
{
	const char *state = res ? PQresultErrorField(res,
	    PG_DIAG_SQLSTATE) : NULL;

	set_err(d, res ? PQresultErrorMessage(res) : PQerrorMessage(d->conn));
	if (PQstatus(d->conn) == CONNECTION_BAD || !state ||
	    !strncmp(state, "08", 2) || !strcmp(state, "57P01") ||
	    !strcmp(state, "57P02") || !strcmp(state, "57P03")) {
		log_error("postgresql %s: the database is unreachable: %s",
		    what, d->err);
		return GH_EUNAVAIL;
	}
	if (!strncmp(state, "23", 2))
		return GH_ECONFLICT;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") ||
	    !strcmp(state, "55P03") || !strcmp(state, "57014")) {
		log_info("postgresql %s: %s (%s)", what, d->err, state);
		return GH_EBUSY;
	}
	log_error("postgresql %s: %s (%s)", what, d->err, state);
	return GH_ESTORE;
}

/* Settings of every session: UTF-8, UTC, the statement timeout, and no
 * transaction left idle for long by a stuck client. */
static int session_setup(db *d)
{
	char sql[256];
	PGresult *r;
	int err = 0;

	snprintf(sql, sizeof sql, "SET client_encoding = 'UTF8';"
	    " SET TimeZone = 'UTC'; SET statement_timeout = %d;"
	    " SET idle_in_transaction_session_timeout = 60000;"
	    " SET client_min_messages = warning",
	    db_options()->statement_timeout_ms);
	r = PQexec(d->conn, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		err = map_result(d, r, "session setup");
	PQclear(r);
	return err;
}

static int connect_now(db *d)
{
	static const char *const keys[] = {"connect_timeout",
	    "application_name", "dbname", NULL};
	const char *vals[] = {"5", "govhall", d->target, NULL};

	if (d->conn)
		PQfinish(d->conn);
	/* the target's own settings (later in the list) win over ours */
	d->conn = PQconnectdbParams(keys, vals, 1);
	if (!d->conn || PQstatus(d->conn) != CONNECTION_OK) {
		set_err(d, d->conn ? PQerrorMessage(d->conn) : "out of memory");
		return GH_EUNAVAIL;
	}
	d->gen++;
	d->txn = d->txn_failed = false;
	d->txn_err = 0;
	return session_setup(d);
}

/* Reconnects a lost connection, within the back-off. */
static int ensure_conn(db *d)
{
	int64_t t;
	int err;

	if (d->conn && PQstatus(d->conn) == CONNECTION_OK)
		return 0;
	if (d->txn)
		return GH_EUNAVAIL;   /* the transaction is gone: roll back */
	t = now_ms();
	if (t < d->retry_at_ms)
		return GH_EUNAVAIL;
	if ((err = connect_now(d))) {
		d->backoff_ms = d->backoff_ms ? d->backoff_ms * 2
		    : BACKOFF_MIN_MS;
		if (d->backoff_ms > BACKOFF_MAX_MS)
			d->backoff_ms = BACKOFF_MAX_MS;
		d->retry_at_ms = t + d->backoff_ms;
		log_error("postgresql: cannot reconnect (next try in %d ms): %s",
		    d->backoff_ms, d->err);
		return err;
	}
	log_info("postgresql: connected again");
	d->backoff_ms = 0;
	d->retry_at_ms = 0;
	return 0;
}

static int pg_open(const char *target, db **out)
{
	db *d = xcalloc(1, sizeof *d);
	int err;

	d->drv = &db_pg_driver;
	d->target = xstrdup(target);
	if ((err = connect_now(d))) {
		log_error("cannot connect to PostgreSQL: %s", d->err);
		db_close(d);
		return err;
	}
	*out = d;
	return 0;
}

static void stmt_clear_result(struct db_stmt *s)
{
	if (s->blob)
		PQfreemem(s->blob);
	s->blob = NULL;
	if (s->res)
		PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->nrows = 0;
	s->ran = false;
}

static void pg_close(db *d)
{
	for (size_t i = 0; i < STMT_CACHE; i++) {
		struct db_stmt *s = &d->cache[i];

		if (!s->key)
			continue;
		stmt_clear_result(s);
		for (int k = 0; k < s->nparams; k++)
			free(s->own[k]);
		free(s->own);
		free(s->vals);
		free(s->lens);
		free(s->fmts);
		free(s->types);
		free(s->sql);
	}
	if (d->conn)
		PQfinish(d->conn);
	free(d->target);
	free(d);
}

/* ?N -> $N outside '...' literals, "..." identifiers and -- comments;
 * *nparams gets the highest N. */
static char *translate(const char *sql, int *nparams)
{
	size_t n = strlen(sql);
	char *out = xmalloc(n + 1), *o = out;
	int max = 0;

	for (const char *p = sql; *p; p++) {
		if (*p == '\'' || *p == '"') {
			char q = *p;

			*o++ = *p++;
			while (*p && *p != q)
				*o++ = *p++;
			if (!*p)
				break;
			*o++ = *p;
			continue;
		}
		if (*p == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
			if (!*p)
				break;
			*o++ = *p;
			continue;
		}
		if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
			int v = (int)strtol(p + 1, NULL, 10);

			if (v > max)
				max = v;
			*o++ = '$';
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	*nparams = max;
	return out;
}

static db_stmt *pg_prep(db *d, const void *key, const char *sql)
{
	size_t h = ((uintptr_t)key >> 3) % STMT_CACHE;

	for (size_t i = 0; i < STMT_CACHE; i++) {
		struct db_stmt *s = &d->cache[(h + i) % STMT_CACHE];

		if (s->key == key) {
			stmt_clear_result(s);
			for (int k = 0; k < s->nparams; k++) {
				free(s->own[k]);
				s->own[k] = NULL;
				s->vals[k] = NULL;
				s->lens[k] = 0;
				s->fmts[k] = 0;
			}
			return s;
		}
		if (!s->key) {
			int n;

			s->drv = &db_pg_driver;
			s->key = key;
			s->d = d;
			s->sql = translate(sql, &n);
			s->nparams = n;
			s->id = ++d->next_id;
			s->types = xcalloc((size_t)n + 1, sizeof *s->types);
			s->vals = xcalloc((size_t)n + 1, sizeof *s->vals);
			s->lens = xcalloc((size_t)n + 1, sizeof *s->lens);
			s->fmts = xcalloc((size_t)n + 1, sizeof *s->fmts);
			s->own = xcalloc((size_t)n + 1, sizeof *s->own);
			s->row = -1;
			return s;
		}
	}
	log_error("statement cache full");
	abort();
}

/* Sets parameter k to an owned copy; the type only before the first
 * preparation (a statement keeps the types it was prepared with). */
static void set_param(db_stmt *s, int k, Oid type, char *val, int len,
    int fmt)
{
	if (k < 1 || k > s->nparams) {
		log_error("bind of parameter %d of a statement with %d: %s", k,
		    s->nparams, s->sql);
		abort(); /* a programming error, as a bad literal is */
	}
	k--;
	free(s->own[k]);
	s->own[k] = val;
	s->vals[k] = val;
	s->lens[k] = len;
	s->fmts[k] = fmt;
	if (!s->prepared_gen || !s->types[k])
		s->types[k] = type;
}

static void pg_bind_int64(db_stmt *s, int k, int64_t v)
{
	char *b = xmalloc(24);

	snprintf(b, 24, "%lld", (long long)v);
	set_param(s, k, OID_INT8, b, 0, 0);
}

static void pg_bind_text(db_stmt *s, int k, const char *v)
{
	set_param(s, k, OID_TEXT, v ? xstrdup(v) : NULL, 0, 0);
}

static void pg_bind_blob(db_stmt *s, int k, const void *p, size_t len)
{
	char *b;

	if (!p) {                       /* NULL binds NULL, as on SQLite */
		set_param(s, k, OID_BYTEA, NULL, 0, 1);
		return;
	}
	b = xmalloc(len ? len : 1);
	memcpy(b, p, len);
	set_param(s, k, OID_BYTEA, b, (int)len, 1);
}

static void pg_bind_null(db_stmt *s, int k, enum db_type t)
{
	Oid type = t == DB_T_INT ? OID_INT8 : t == DB_T_TEXT ? OID_TEXT
	    : t == DB_T_BLOB ? OID_BYTEA : t == DB_T_REAL ? OID_FLOAT8 : 0;

	set_param(s, k, type, NULL, 0, 0);
}

/* A statement of the transaction failed: PostgreSQL ignores the rest until
 * ROLLBACK, and every later call answers the first failure's error (a
 * lost connection stays "unavailable", not a store error). */
static void fail_txn(db *d, int err)
{
	if (!d->txn_failed)
		d->txn_err = err;
	d->txn_failed = true;
}

static int txn_failure(const db *d)
{
	return d->txn_err ? d->txn_err : GH_ESTORE;
}

static int stmt_fail(struct db_stmt *s, PGresult *r, const char *what)
{
	db *d = s->d;
	int err = map_result(d, r, what);

	if (err != GH_EUNAVAIL && err != GH_ECONFLICT && err != GH_EBUSY)
		log_error("in: %s", s->sql);
	PQclear(r);
	if (d->txn)
		fail_txn(d, err);
	return err;
}

static int run_stmt(struct db_stmt *s)
{
	db *d = s->d;
	PGresult *r;
	int err;

	if (d->txn_failed)
		return txn_failure(d);  /* PostgreSQL ignores it until ROLLBACK */
	if ((err = ensure_conn(d)))
		return err;
	if (s->prepared_gen != d->gen) {
		char name[16];

		snprintf(name, sizeof name, "s%d", s->id);
		r = PQprepare(d->conn, name, s->sql, s->nparams, s->types);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			return stmt_fail(s, r, "prepare");
		PQclear(r);
		s->prepared_gen = d->gen;
	}
	{
		char name[16];

		snprintf(name, sizeof name, "s%d", s->id);
		r = PQexecPrepared(d->conn, name, s->nparams,
		    (const char *const *)s->vals, s->lens, s->fmts, 0);
	}
	switch (PQresultStatus(r)) {
	case PGRES_TUPLES_OK:
	case PGRES_COMMAND_OK: {
		const char *n = PQcmdTuples(r);

		if (*n)
			d->changes = strtoll(n, NULL, 10);
		s->res = r;
		s->nrows = PQntuples(r);
		s->row = -1;
		s->ran = true;
		return 0;
	}
	default:
		return stmt_fail(s, r, "statement");
	}
}

static int pg_step(db_stmt *s)
{
	if (!s->ran) {
		int err = run_stmt(s);

		if (err)
			return err;
	}
	if (s->row + 1 < s->nrows) {
		s->row++;
		return DB_ROW;
	}
	s->row = s->nrows;
	return DB_DONE;
}

static void pg_reset(db_stmt *s)
{
	stmt_clear_result(s);
}

static int pg_col_count(db_stmt *s)
{
	return s->res ? PQnfields(s->res) : 0;
}

static const char *pg_col_name(db_stmt *s, int i)
{
	return s->res ? PQfname(s->res, i) : "";
}

static bool has_row(db_stmt *s, int i)
{
	return s->res && s->row >= 0 && s->row < s->nrows &&
	    i < PQnfields(s->res);
}

static enum db_type pg_col_type(db_stmt *s, int i)
{
	const char *v;

	if (!has_row(s, i) || PQgetisnull(s->res, s->row, i))
		return DB_T_NULL;
	switch (PQftype(s->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return DB_T_INT;
	case OID_FLOAT4:
	case OID_FLOAT8:
		return DB_T_REAL;
	case OID_NUMERIC:
		/* sum() of integers is numeric: integral values stay integers */
		v = PQgetvalue(s->res, s->row, i);
		return strpbrk(v, ".eEN") ? DB_T_REAL : DB_T_INT;
	case OID_BYTEA:
		return DB_T_BLOB;
	default:
		return DB_T_TEXT;
	}
}

static const char *pg_col_text(db_stmt *s, int i)
{
	if (!has_row(s, i) || PQgetisnull(s->res, s->row, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

static int64_t pg_col_int64(db_stmt *s, int i)
{
	const char *t = pg_col_text(s, i);

	if (!t)
		return 0;
	if (PQftype(s->res, i) == OID_BOOL)
		return *t == 't';
	return strtoll(t, NULL, 10);
}

static double pg_col_double(db_stmt *s, int i)
{
	const char *t = pg_col_text(s, i);

	return t ? strtod(t, NULL) : 0;
}

/* bytea comes as text ("\\x..."): decoded on demand. */
static const void *pg_col_blob(db_stmt *s, int i)
{
	if (!has_row(s, i) || PQgetisnull(s->res, s->row, i))
		return NULL;
	if (s->blob)
		PQfreemem(s->blob);
	s->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res,
	    s->row, i), &s->blob_len);
	return s->blob;
}

static size_t pg_col_bytes(db_stmt *s, int i)
{
	if (!has_row(s, i) || PQgetisnull(s->res, s->row, i))
		return 0;
	if (PQftype(s->res, i) == OID_BYTEA) {
		pg_col_blob(s, i);
		return s->blob ? s->blob_len : 0;
	}
	return (size_t)PQgetlength(s->res, s->row, i);
}

static int64_t pg_changes(db *d)
{
	return d->changes;
}

/* A simple-protocol command: status must be COMMAND_OK (or TUPLES_OK). */
static int command(db *d, const char *sql, const char *what)
{
	PGresult *r = PQexec(d->conn, sql);
	ExecStatusType st = PQresultStatus(r);
	int err = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		err = map_result(d, r, what);
	PQclear(r);
	return err;
}

static int pg_exec(db *d, const char *script)
{
	int err;

	if (d->txn_failed)
		return txn_failure(d);
	if ((err = ensure_conn(d)))
		return err;
	err = command(d, script, "exec");
	if (err && d->txn)
		fail_txn(d, err);
	return err;
}

static int begin(db *d, const char *sql)
{
	int err;

	if (d->txn) {
		log_error("begin inside a transaction");
		return GH_ESTORE;
	}
	if ((err = ensure_conn(d)))
		return err;
	if ((err = command(d, sql, "begin")))
		return err;
	d->txn = true;
	d->txn_failed = false;
	d->txn_err = 0;
	return 0;
}

/* A write transaction learns its id at BEGIN, in the same round trip: if
 * the connection is lost during COMMIT, the id tells afterwards whether
 * the commit happened (commit_outcome). */
static int pg_begin_write(db *d)
{
	PGresult *r;
	int err;

	if (d->txn) {
		log_error("begin inside a transaction");
		return GH_ESTORE;
	}
	if ((err = ensure_conn(d)))
		return err;
	d->xid[0] = '\0';
	if (!PQsendQuery(d->conn, "BEGIN; SELECT txid_current()"))
		return map_result(d, NULL, "begin");
	while ((r = PQgetResult(d->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(r);

		if (st == PGRES_TUPLES_OK && PQntuples(r) == 1)
			snprintf(d->xid, sizeof d->xid, "%s", PQgetvalue(r, 0, 0));
		else if (st != PGRES_COMMAND_OK && !err)
			err = map_result(d, r, "begin");
		PQclear(r);
	}
	if (err) {
		if (PQstatus(d->conn) == CONNECTION_OK)
			(void)command(d, "ROLLBACK", "rollback");
		return err;
	}
	d->txn = true;
	d->txn_failed = false;
	d->txn_err = 0;
	return 0;
}

/*
 * The connection was lost while COMMIT was on its way: the transaction may
 * or may not have committed.  Waits (bounded) for the database to come
 * back and asks it (txid_status): committed is success - the answer given
 * then matches the data; aborted is GH_EUNAVAIL (nothing was written); no
 * answer in time is GH_EUNKNOWN (503, the client must look before trying
 * again).  PostgreSQL's documented way of settling an in-doubt commit.
 */
#define OUTCOME_WAIT_MS 15000

static int commit_outcome(db *d)
{
	int64_t until = now_ms() + OUTCOME_WAIT_MS;
	char xid[32];

	snprintf(xid, sizeof xid, "%s", d->xid);
	d->txn = d->txn_failed = false;
	d->txn_err = 0;
	if (!xid[0])
		return GH_EUNKNOWN;
	while (now_ms() < until) {
		const char *vals[1] = {xid};
		PGresult *r;

		d->retry_at_ms = 0;
		if (connect_now(d)) {
			struct timespec nap = {0, 200 * 1000 * 1000};

			nanosleep(&nap, NULL);
			continue;
		}
		r = PQexecParams(d->conn, "SELECT txid_status($1::bigint)", 1,
		    NULL, vals, NULL, NULL, 0);
		if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
			const char *st = PQgetisnull(r, 0, 0) ? "" :
			    PQgetvalue(r, 0, 0);
			int err = !strcmp(st, "committed") ? 0 : GH_EUNAVAIL;

			log_info("postgresql: transaction %s was %s when the"
			    " connection was lost at COMMIT", xid,
			    *st ? st : "unknown");
			PQclear(r);
			return err;
		}
		PQclear(r);
	}
	log_error("postgresql: transaction %s: whether it committed is unknown"
	    " (the database did not come back within %d ms)", xid,
	    OUTCOME_WAIT_MS);
	return GH_EUNKNOWN;
}

static int pg_begin_read(db *d)
{
	return begin(d, "BEGIN ISOLATION LEVEL REPEATABLE READ");
}

static void pg_rollback(db *d)
{
	if (!d->txn)
		return;
	d->txn = d->txn_failed = false;
	d->txn_err = 0;
	if (d->conn && PQstatus(d->conn) == CONNECTION_OK)
		(void)command(d, "ROLLBACK", "rollback");
}

/* COMMIT returns when the commit is durable (synchronous_commit stays on,
 * the server's default).  A transaction that failed earlier answers
 * COMMIT with ROLLBACK: that is an error here. */
static int pg_commit(db *d)
{
	PGresult *r;
	int err = 0;

	if (!d->txn) {
		log_error("commit outside a transaction");
		return GH_ESTORE;
	}
	if (d->txn_failed) {
		err = txn_failure(d);
		pg_rollback(d);
		return err;
	}
	r = PQexec(d->conn, "COMMIT");
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		err = map_result(d, r, "commit");
	else if (strcmp(PQcmdStatus(r), "COMMIT")) {
		set_err(d, "COMMIT answered ROLLBACK");
		err = GH_ESTORE;
	}
	PQclear(r);
	if (err == GH_EUNAVAIL)
		return commit_outcome(d);
	d->txn = d->txn_failed = false;
	d->txn_err = 0;
	return err;
}

static bool pg_in_txn(db *d)
{
	return d->txn;
}

/* PostgreSQL has no user_version: a one-row table of govhall's own. */
static int schema_table(db *d)
{
	int err;

	if (d->schema_ready)
		return 0;
	if ((err = ensure_conn(d)))
		return err;
	err = command(d, "CREATE TABLE IF NOT EXISTS gh_schema_version ("
	    "version integer NOT NULL); INSERT INTO gh_schema_version"
	    " SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM gh_schema_version)",
	    "schema table");
	if (!err)
		d->schema_ready = true;
	return err;
}

static int pg_schema_version(db *d, int *out)
{
	PGresult *r;
	int err;

	if (!d->txn && (err = schema_table(d)))
		return err;
	r = PQexec(d->conn, "SELECT version FROM gh_schema_version");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		err = map_result(d, r, "schema version");
		PQclear(r);
		if (d->txn)
			fail_txn(d, err);
		return err;
	}
	*out = PQntuples(r) ? (int)strtol(PQgetvalue(r, 0, 0), NULL, 10) : 0;
	PQclear(r);
	return 0;
}

static int pg_set_schema_version(db *d, int v)
{
	char sql[96];

	snprintf(sql, sizeof sql, "UPDATE gh_schema_version SET version = %d",
	    v);
	return pg_exec(d, sql);
}

static int pg_xact_lock(db *d, int64_t key, bool wait, bool *got)
{
	static const char lock_sql[] = "SELECT pg_advisory_xact_lock(?1)";
	static const char try_sql[] = "SELECT pg_try_advisory_xact_lock(?1)";
	db_stmt *s = pg_prep(d, wait ? (const void *)lock_sql
	    : (const void *)try_sql, wait ? lock_sql : try_sql);
	int rc;

	pg_bind_int64(s, 1, key);
	rc = pg_step(s);
	if (rc == DB_ROW && got)
		*got = pg_col_int64(s, 0) != 0;
	pg_reset(s);
	return rc < 0 ? rc : 0;
}

static const char *pg_errmsg(db *d)
{
	return d->err;
}

const struct db_driver db_pg_driver = {
	.engine = DB_PG,
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.prep = pg_prep,
	.bind_int64 = pg_bind_int64,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.reset = pg_reset,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.col_type = pg_col_type,
	.col_int64 = pg_col_int64,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.col_bytes = pg_col_bytes,
	.col_blob = pg_col_blob,
	.changes = pg_changes,
	.exec = pg_exec,
	.begin_write = pg_begin_write,
	.begin_read = pg_begin_read,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_txn = pg_in_txn,
	.schema_version = pg_schema_version,
	.set_schema_version = pg_set_schema_version,
	.xact_lock = pg_xact_lock,
	.errmsg = pg_errmsg,
};
