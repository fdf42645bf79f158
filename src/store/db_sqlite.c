/*
 * db_sqlite.c - the SQLite driver of db.h.
 *
 * One db wraps one sqlite3 connection in WAL mode with synchronous=FULL
 * (an acknowledged commit survives power loss), foreign_keys=ON and a busy
 * timeout.  Prepared statements are cached per connection, keyed by the
 * address of their SQL literal.  SQLite lacks strpos(), which PostgreSQL
 * has: the driver adds it, so that queries can be written once.
 *
 * Thread-safety: a db belongs to one thread at a time; the write queue,
 * the group commit state and the options are process-wide and locked.
 */
#include "store/db_driver.h"

#include "store/store.h"   /* STORE_EXIT_DURABILITY */

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

#define STMT_CACHE 256

struct db_stmt {
	const struct db_driver *drv;
	const void *key;
	sqlite3_stmt *stmt;
	db *d;
};

struct db {
	const struct db_driver *drv;
	sqlite3 *db;
	bool writing;      /* holds write_lock: between begin_write and the end */
	int wal_frames;    /* frames in the WAL after the last commit (wal hook) */
	int page_size;
	struct db_stmt cache[STMT_CACHE];
};

/*
 * Writers of one process queue on this mutex before BEGIN IMMEDIATE.  SQLite
 * admits one writer at a time anyway; without the queue, a connection that
 * finds the lock taken sleeps in its busy handler (1, 2, 5 ... 100 ms) long
 * after the lock was freed, which measured as 3.9 s of sleep in 4 s at 16
 * clients (bench/README.md).  Writers of other processes still meet the
 * busy timeout.
 */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Group commit (opt-in).  With synchronous=NORMAL a WAL COMMIT writes its
 * frames but does not fsync.  Each committer takes a sequence number right
 * after its COMMIT (still under write_lock, so the numbers follow commit
 * order) and waits until a sync covers it: the first waiter becomes the
 * leader, fsyncs the WAL through its own connection's file handle and
 * marks every commit numbered up to when it started as durable.  Commits
 * that arrive during one fsync share the next, so N waiting requests cost
 * one fsync instead of N, and no request is answered before its
 * transaction is on disk: the guarantee of synchronous=FULL.
 */
static pthread_mutex_t gc_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gc_cond = PTHREAD_COND_INITIALIZER;
static uint64_t gc_committed, gc_synced;
static bool gc_syncing;

/*
 * The WAL bound (issue 8).  SQLite's auto-checkpoint is PASSIVE: it copies
 * what no reader still needs and never resets the WAL while readers
 * overlap, so under a steady stream of reads the file only grows.  Each
 * commit (wal_hook) records the WAL's length in frames; past 1000 frames
 * the committer runs a PASSIVE checkpoint as SQLite would, and once the WAL
 * is larger than wal_limit a TRUNCATE checkpoint, which waits for readers
 * (at most CKPT_WAIT_MS, then gives up until the next commit) and leaves
 * the file empty.  journal_size_limit shrinks the file when the WAL
 * restarts from its beginning after a complete checkpoint.  The committer
 * still holds write_lock, so other writers queue on the mutex, not in the
 * busy handler.
 */
#define CKPT_WAIT_MS 200
#define CKPT_PASSIVE_FRAMES 1000
#define BUSY_TIMEOUT_MS 5000

/*
 * A failed write or fsync of the WAL at commit is fatal (issue 8): after
 * it, whether the transaction is on disk is unknown (its frames may be
 * visible to other connections and may survive a crash), so no answer can
 * be given that is sure not to contradict the disk.  PostgreSQL's lesson:
 * do not retry an fsync; stop.  The process exits without answering and
 * its supervisor restarts it from the file, which SQLite's recovery makes
 * consistent.
 */
static _Noreturn void durability_lost(struct db *s, const char *what,
    int rc)
{
	log_error("%s failed (%s, %d): stopping with exit code %d, the "
	    "database is consistent at restart", what,
	    s ? sqlite3_errmsg(s->db) : "", rc, STORE_EXIT_DURABILITY);
	_exit(STORE_EXIT_DURABILITY);
}

static int map_rc(struct db *s, int rc, const char *what)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return 0;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return GH_EBUSY;
	case SQLITE_CONSTRAINT:
		return GH_ECONFLICT;
	default:
		log_error("sqlite %s: %s (%d)", what, sqlite3_errmsg(s->db), rc);
		return GH_ESTORE;
	}
}

/* strpos(haystack, needle): 1-based position of needle, 0 when absent
 * (PostgreSQL's function, the same as SQLite's instr on text). */
static void fn_strpos(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *h, *n;
	const char *at;
	int64_t pos = 1;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
	    sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	h = sqlite3_value_text(argv[0]);
	n = sqlite3_value_text(argv[1]);
	if (!h || !n) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	at = strstr((const char *)h, (const char *)n);
	if (!at) {
		sqlite3_result_int64(ctx, 0);
		return;
	}
	/* characters, not bytes: count UTF-8 lead bytes before the match */
	for (const unsigned char *p = h; p < (const unsigned char *)at; p++)
		pos += (*p & 0xc0) != 0x80;
	sqlite3_result_int64(ctx, pos);
}

static int exec_plain(struct db *s, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		log_error("sqlite exec: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return (rc & 0xff) == SQLITE_BUSY ? GH_EBUSY
		    : (rc & 0xff) == SQLITE_CONSTRAINT ? GH_ECONFLICT : GH_ESTORE;
	}
	return 0;
}

static int on_wal_commit(void *arg, sqlite3 *h, const char *name, int frames)
{
	(void)h;
	(void)name;
	((struct db *)arg)->wal_frames = frames;
	return SQLITE_OK;
}

static int sq_open(const char *target, db **out)
{
	db *s = xcalloc(1, sizeof *s);
	const struct db_options *o = db_options();
	char pragma[64];
	sqlite3_stmt *ps = NULL;
	int err;

	s->drv = &db_sqlite_driver;
	if (sqlite3_open_v2(target, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_error("cannot open %s: %s", target,
		    s->db ? sqlite3_errmsg(s->db) : "out of memory");
		err = GH_EIO;
		goto fail;
	}
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	err = exec_plain(s, o->group_commit ?
	    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	    " PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;" :
	    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	    " PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
	if (err)
		goto fail;
	snprintf(pragma, sizeof pragma, "PRAGMA journal_size_limit=%lld",
	    (long long)o->wal_limit);
	if ((err = exec_plain(s, pragma)))
		goto fail;
	s->page_size = 4096;
	if (sqlite3_prepare_v2(s->db, "PRAGMA page_size", -1, &ps, NULL) ==
	    SQLITE_OK && sqlite3_step(ps) == SQLITE_ROW)
		s->page_size = sqlite3_column_int(ps, 0);
	sqlite3_finalize(ps);
	if (sqlite3_create_function(s->db, "strpos", 2, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, fn_strpos, NULL, NULL) != SQLITE_OK) {
		err = GH_ESTORE;
		goto fail;
	}
	/* replaces SQLite's auto-checkpoint: wal_bound() does its work */
	sqlite3_wal_hook(s->db, on_wal_commit, s);
	*out = s;
	return 0;
fail:
	db_close(s);
	return err;
}

static void sq_close(db *s)
{
	for (size_t i = 0; i < STMT_CACHE; i++)
		if (s->cache[i].stmt)
			sqlite3_finalize(s->cache[i].stmt);
	sqlite3_close(s->db);
	free(s);
}

static db_stmt *sq_prep(db *s, const void *key, const char *sql)
{
	size_t h = ((uintptr_t)key >> 3) % STMT_CACHE;

	for (size_t i = 0; i < STMT_CACHE; i++) {
		struct db_stmt *c = &s->cache[(h + i) % STMT_CACHE];

		if (c->key == key) {
			sqlite3_reset(c->stmt);
			sqlite3_clear_bindings(c->stmt);
			return c;
		}
		if (!c->key) {
			if (sqlite3_prepare_v3(s->db, sql, -1,
			    SQLITE_PREPARE_PERSISTENT, &c->stmt, NULL) !=
			    SQLITE_OK) {
				log_error("sqlite prepare: %s\n%s",
				    sqlite3_errmsg(s->db), sql);
				abort(); /* a bad literal is a programming error */
			}
			c->drv = &db_sqlite_driver;
			c->key = key;
			c->d = s;
			return c;
		}
	}
	log_error("statement cache full");
	abort();
}

static void sq_bind_int64(db_stmt *s, int k, int64_t v)
{
	sqlite3_bind_int64(s->stmt, k, v);
}

static void sq_bind_text(db_stmt *s, int k, const char *v)
{
	if (v)
		sqlite3_bind_text(s->stmt, k, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s->stmt, k);
}

static void sq_bind_blob(db_stmt *s, int k, const void *p, size_t len)
{
	sqlite3_bind_blob(s->stmt, k, p, (int)len, SQLITE_TRANSIENT);
}

static void sq_bind_null(db_stmt *s, int k, enum db_type t)
{
	(void)t;
	sqlite3_bind_null(s->stmt, k);
}

static int sq_step(db_stmt *s)
{
	int rc = sqlite3_step(s->stmt);

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return map_rc(s->d, rc, "step");
}

static void sq_reset(db_stmt *s)
{
	sqlite3_reset(s->stmt);
}

static int sq_col_count(db_stmt *s)
{
	return sqlite3_column_count(s->stmt);
}

static const char *sq_col_name(db_stmt *s, int i)
{
	return sqlite3_column_name(s->stmt, i);
}

static enum db_type sq_col_type(db_stmt *s, int i)
{
	switch (sqlite3_column_type(s->stmt, i)) {
	case SQLITE_INTEGER:
		return DB_T_INT;
	case SQLITE_FLOAT:
		return DB_T_REAL;
	case SQLITE_TEXT:
		return DB_T_TEXT;
	case SQLITE_BLOB:
		return DB_T_BLOB;
	default:
		return DB_T_NULL;
	}
}

static int64_t sq_col_int64(db_stmt *s, int i)
{
	return sqlite3_column_int64(s->stmt, i);
}

static double sq_col_double(db_stmt *s, int i)
{
	return sqlite3_column_double(s->stmt, i);
}

static const char *sq_col_text(db_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s->stmt, i);
}

static size_t sq_col_bytes(db_stmt *s, int i)
{
	return (size_t)sqlite3_column_bytes(s->stmt, i);
}

static const void *sq_col_blob(db_stmt *s, int i)
{
	return sqlite3_column_blob(s->stmt, i);
}

static int64_t sq_changes(db *s)
{
	return sqlite3_changes64(s->db);
}

static int sq_exec(db *s, const char *script)
{
	return exec_plain(s, script);
}

/* BEGIN, COMMIT and ROLLBACK from the statement cache: sqlite3_exec would
 * parse them again for every request (perf: ~10 % of a progress query). */
static int txn_sql(db *s, const char *sql)
{
	db_stmt *c = sq_prep(s, sql, sql);
	int rc = sqlite3_step(c->stmt);

	if (rc != SQLITE_DONE)
		log_error("sqlite %s: %s", sql, sqlite3_errmsg(s->db));
	sqlite3_reset(c->stmt);
	if (rc == SQLITE_DONE)
		return 0;
	return (rc & 0xff) == SQLITE_BUSY ? GH_EBUSY : GH_ESTORE;
}

static void end_write(db *s)
{
	if (s->writing) {
		s->writing = false;
		pthread_mutex_unlock(&write_lock);
	}
}

static int sq_begin_write(db *s)
{
	int err;

	if (s->writing) {
		log_error("begin inside a write transaction");
		return GH_ESTORE;
	}
	pthread_mutex_lock(&write_lock);
	s->writing = true;
	if ((err = txn_sql(s, "BEGIN IMMEDIATE")))
		end_write(s);
	return err;
}

static int sq_begin_read(db *s)
{
	return txn_sql(s, "BEGIN DEFERRED");
}

/* Keeps the WAL under its bound; called by a committer holding write_lock. */
static void wal_bound(db *s)
{
	int log_frames = 0, done = 0, rc, mode;

	if (s->wal_frames < CKPT_PASSIVE_FRAMES)
		return;
	mode = (int64_t)s->wal_frames * s->page_size > db_options()->wal_limit
	    ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE;
	if (mode == SQLITE_CHECKPOINT_TRUNCATE)
		sqlite3_busy_timeout(s->db, CKPT_WAIT_MS);
	rc = sqlite3_wal_checkpoint_v2(s->db, "main", mode, &log_frames,
	    &done);
	if (mode == SQLITE_CHECKPOINT_TRUNCATE)
		sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	if ((rc & 0xff) == SQLITE_IOERR)
		durability_lost(s, "checkpoint", rc);
	if (rc == SQLITE_OK)
		s->wal_frames = mode == SQLITE_CHECKPOINT_TRUNCATE ? 0
		    : log_frames - done;
	else if (rc != SQLITE_BUSY)
		log_error("checkpoint: %s (%d)", sqlite3_errmsg(s->db), rc);
}

/* fsyncs the WAL through this connection's handle. */
static int wal_sync(db *s)
{
	sqlite3_file *f = NULL;

	if (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_JOURNAL_POINTER,
	    &f) != SQLITE_OK || !f || !f->pMethods)
		return GH_ESTORE;
	return f->pMethods->xSync(f, SQLITE_SYNC_NORMAL) == SQLITE_OK ? 0
	    : GH_ESTORE;
}

/* Waits until commit number seq is durable, leading a sync if none runs. */
static void wait_durable(db *s, uint64_t seq)
{
	int err = 0;

	pthread_mutex_lock(&gc_lock);
	while (gc_synced < seq && !err) {
		uint64_t target;

		if (gc_syncing) {
			pthread_cond_wait(&gc_cond, &gc_lock);
			continue;
		}
		gc_syncing = true;
		target = gc_committed;  /* every commit so far is in the WAL */
		pthread_mutex_unlock(&gc_lock);
		err = wal_sync(s);
		pthread_mutex_lock(&gc_lock);
		gc_syncing = false;
		if (!err && target > gc_synced)
			gc_synced = target;
		pthread_cond_broadcast(&gc_cond);
	}
	pthread_mutex_unlock(&gc_lock);
	if (err)
		durability_lost(s, "fsync of the WAL (group commit)", err);
}

static void sq_rollback(db *s)
{
	if (!sqlite3_get_autocommit(s->db))
		txn_sql(s, "ROLLBACK");
	end_write(s);
}

static int sq_commit(db *s)
{
	db_stmt *c = sq_prep(s, "COMMIT", "COMMIT");
	int rc = sqlite3_step(c->stmt);

	sqlite3_reset(c->stmt);
	if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL ||
	    (rc & 0xff) == SQLITE_CORRUPT)
		durability_lost(s, "COMMIT", rc);
	if (rc != SQLITE_DONE) {
		log_error("sqlite COMMIT: %s", sqlite3_errmsg(s->db));
		sq_rollback(s);
		return (rc & 0xff) == SQLITE_BUSY ? GH_EBUSY : GH_ESTORE;
	}
	if (db_options()->group_commit) {
		uint64_t seq;

		pthread_mutex_lock(&gc_lock);
		seq = ++gc_committed;
		pthread_mutex_unlock(&gc_lock);
		if (s->writing)
			wal_bound(s);
		end_write(s);
		wait_durable(s, seq);
		return 0;
	}
	if (s->writing)
		wal_bound(s);
	end_write(s);
	return 0;
}

static bool sq_in_txn(db *s)
{
	return !sqlite3_get_autocommit(s->db);
}

static int sq_schema_version(db *s, int *out)
{
	sqlite3_stmt *ps = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &ps, NULL)
	    != SQLITE_OK)
		return map_rc(s, SQLITE_ERROR, "user_version");
	rc = sqlite3_step(ps);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(ps, 0);
	sqlite3_finalize(ps);
	return rc == SQLITE_ROW ? 0 : map_rc(s, rc, "user_version");
}

static int sq_set_schema_version(db *s, int v)
{
	char pragma[64];

	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v);
	return exec_plain(s, pragma);
}

/* SQLite admits one writer: a write transaction is already serialised. */
static int sq_xact_lock(db *s, int64_t key, bool wait, bool *got)
{
	(void)s;
	(void)key;
	(void)wait;
	if (got)
		*got = true;
	return 0;
}

static const char *sq_errmsg(db *s)
{
	return sqlite3_errmsg(s->db);
}

const struct db_driver db_sqlite_driver = {
	.engine = DB_SQLITE,
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.prep = sq_prep,
	.bind_int64 = sq_bind_int64,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.reset = sq_reset,
	.col_count = sq_col_count,
	.col_name = sq_col_name,
	.col_type = sq_col_type,
	.col_int64 = sq_col_int64,
	.col_double = sq_col_double,
	.col_text = sq_col_text,
	.col_bytes = sq_col_bytes,
	.col_blob = sq_col_blob,
	.changes = sq_changes,
	.exec = sq_exec,
	.begin_write = sq_begin_write,
	.begin_read = sq_begin_read,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_txn = sq_in_txn,
	.schema_version = sq_schema_version,
	.set_schema_version = sq_set_schema_version,
	.xact_lock = sq_xact_lock,
	.errmsg = sq_errmsg,
};
