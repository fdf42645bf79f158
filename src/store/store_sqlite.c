/*
 * store_sqlite.c - the SQLite implementation of store.h.
 *
 * One struct store wraps one sqlite3 connection opened in WAL mode with
 * synchronous=FULL (an acknowledged commit survives power loss),
 * foreign_keys=ON and a busy timeout.  Prepared statements are cached per
 * connection, keyed by the address of their SQL literal, and only ever
 * receive values through bound parameters.
 *
 * Thread-safety: a handle belongs to one thread at a time (store.h).
 */
#include "store/store.h"

#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/supervision.h"
#include "store/audit_keys.h"
#include "store/schema.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

#define STMT_CACHE 256

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3 *db;
	bool writing;      /* holds write_lock: between store_begin and the end */
	int wal_frames;    /* frames in the WAL after the last commit (wal hook) */
	int page_size;
	struct stmt_slot cache[STMT_CACHE];
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
 * Group commit (opt-in, store_set_group_commit).  With synchronous=NORMAL
 * a WAL COMMIT writes its frames but does not fsync.  Each committer takes
 * a sequence number right after its COMMIT (still under write_lock, so the
 * numbers follow commit order) and waits until a sync covers it: the first
 * waiter becomes the leader, fsyncs the WAL through its own connection's
 * file handle and marks every commit numbered up to when it started as
 * durable.  Commits that arrive during one fsync share the next, so N
 * waiting requests cost one fsync instead of N, and no request is answered
 * before its transaction is on disk: the guarantee of synchronous=FULL.
 */
static bool group_commit;
static pthread_mutex_t gc_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gc_cond = PTHREAD_COND_INITIALIZER;
static uint64_t gc_committed, gc_synced;
static bool gc_syncing;

void store_set_group_commit(bool on)
{
	group_commit = on;
}

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
static int64_t wal_limit = (int64_t)64 << 20;

void store_set_wal_limit(int64_t bytes)
{
	wal_limit = bytes;
}

/*
 * A failed write or fsync of the WAL at commit is fatal (issue 8): after
 * it, whether the transaction is on disk is unknown (its frames may be
 * visible to other connections and may survive a crash), so no answer can
 * be given that is sure not to contradict the disk.  PostgreSQL's lesson:
 * do not retry an fsync; stop.  The process exits without answering and
 * its supervisor restarts it from the file, which SQLite's recovery makes
 * consistent.
 */
static _Noreturn void durability_lost(store *st, const char *what, int rc)
{
	log_error("%s failed (%s, %d): stopping with exit code %d, the "
	    "database is consistent at restart", what,
	    st ? sqlite3_errmsg(st->db) : "", rc, STORE_EXIT_DURABILITY);
	_exit(STORE_EXIT_DURABILITY);
}

/* ---- low-level helpers -------------------------------------------------- */

static int map_rc(store *st, int rc, const char *what)
{
	switch (rc) {
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
		log_error("sqlite %s: %s (%d)", what, sqlite3_errmsg(st->db), rc);
		return GH_ESTORE;
	}
}

/* The cached statement for a SQL literal, reset and unbound. */
static sqlite3_stmt *prep(store *st, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) % STMT_CACHE;

	for (size_t i = 0; i < STMT_CACHE; i++) {
		struct stmt_slot *s = &st->cache[(h + i) % STMT_CACHE];

		if (s->sql == sql) {
			sqlite3_reset(s->stmt);
			sqlite3_clear_bindings(s->stmt);
			return s->stmt;
		}
		if (!s->sql) {
			if (sqlite3_prepare_v3(st->db, sql, -1,
			    SQLITE_PREPARE_PERSISTENT, &s->stmt, NULL) != SQLITE_OK) {
				log_error("sqlite prepare: %s\n%s",
				    sqlite3_errmsg(st->db), sql);
				abort(); /* a bad literal is a programming error */
			}
			s->sql = sql;
			return s->stmt;
		}
	}
	log_error("statement cache full");
	abort();
}

/*
 * Binds parameters ?1.. from a format: i = int64_t, I = int (int),
 * n = int64_t bound as NULL when 0, d = int32_t day bound as NULL when
 * DAY_NONE, t = const char * (NULL binds NULL), b = blob (ptr, int len).
 */
static void bindv(sqlite3_stmt *s, const char *fmt, va_list ap)
{
	int k = 1;

	for (const char *f = fmt; *f; f++, k++) {
		switch (*f) {
		case 'i':
			sqlite3_bind_int64(s, k, va_arg(ap, int64_t));
			break;
		case 'I':
			sqlite3_bind_int(s, k, va_arg(ap, int));
			break;
		case 'n': {
			int64_t v = va_arg(ap, int64_t);

			if (v)
				sqlite3_bind_int64(s, k, v);
			else
				sqlite3_bind_null(s, k);
			break;
		}
		case 'd': {
			int32_t v = va_arg(ap, int32_t);

			if (v != DAY_NONE)
				sqlite3_bind_int(s, k, v);
			else
				sqlite3_bind_null(s, k);
			break;
		}
		case 't':
			sqlite3_bind_text(s, k, va_arg(ap, const char *), -1,
			    SQLITE_TRANSIENT);
			break;
		case 'b': {
			const void *p = va_arg(ap, const void *);
			int len = va_arg(ap, int);

			sqlite3_bind_blob(s, k, p, len, SQLITE_TRANSIENT);
			break;
		}
		default:
			abort();
		}
	}
}

static sqlite3_stmt *query(store *st, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *s = prep(st, sql);
	va_list ap;

	va_start(ap, fmt);
	bindv(s, fmt, ap);
	va_end(ap);
	return s;
}

/* Runs a statement that returns no rows. */
static int run(store *st, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *s = prep(st, sql);
	va_list ap;
	int rc;

	va_start(ap, fmt);
	bindv(s, fmt, ap);
	va_end(ap);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return map_rc(st, rc, "step");
}

/* Runs a statement returning one integer; GH_ENOTFOUND when no row. */
static int one_int(store *st, int64_t *out, const char *sql, const char *fmt,
    ...)
{
	sqlite3_stmt *s = prep(st, sql);
	va_list ap;
	int rc;

	va_start(ap, fmt);
	bindv(s, fmt, ap);
	va_end(ap);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? GH_ENOTFOUND : map_rc(st, rc, "step");
}

static void col_text(sqlite3_stmt *s, int i, char *out, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	snprintf(out, cap, "%s", t ? (const char *)t : "");
}

static char *col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return xstrdup(t ? (const char *)t : "");
}

static int32_t col_day(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? DAY_NONE
	    : (int32_t)sqlite3_column_int(s, i);
}

/* A JSON object from the current row: column names as keys; integers,
 * reals, text and NULL as themselves.  Columns named *_day hold day
 * numbers and come out as ISO dates; *_flag columns as booleans. */
static json_t *row_json(sqlite3_stmt *s)
{
	json_t *o = json_object();
	int n = sqlite3_column_count(s);

	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(s, i);
		size_t len = strlen(name);
		json_t *v;

		switch (sqlite3_column_type(s, i)) {
		case SQLITE_INTEGER:
			if (len > 4 && !strcmp(name + len - 4, "_day")) {
				char iso[11];

				day_format_iso((int32_t)sqlite3_column_int(s, i), iso);
				v = json_string(iso);
			} else if (len > 5 && !strcmp(name + len - 5, "_flag")) {
				char key[64];

				snprintf(key, sizeof key, "%.*s", (int)(len - 5), name);
				json_object_set_new(o, key,
				    json_boolean(sqlite3_column_int(s, i)));
				continue;
			} else {
				v = json_integer(sqlite3_column_int64(s, i));
			}
			break;
		case SQLITE_FLOAT:
			v = json_real(sqlite3_column_double(s, i));
			break;
		case SQLITE_TEXT:
			v = json_stringn((const char *)sqlite3_column_text(s, i),
			    (size_t)sqlite3_column_bytes(s, i));
			break;
		default:
			v = json_null();
		}
		json_object_set_new(o, name, v);
	}
	return o;
}

/* Steps s to the end, collecting every row as row_json into an array. */
static int rows_json(store *st, sqlite3_stmt *s, json_t **out)
{
	json_t *arr = json_array();
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(arr, row_json(s));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		json_decref(arr);
		return map_rc(st, rc, "rows");
	}
	*out = arr;
	return 0;
}

/* {"total": total, "data": rows} */
static int page_json(store *st, int64_t total, sqlite3_stmt *s, json_t **out)
{
	json_t *rows;
	int err = rows_json(st, s, &rows);

	if (err)
		return err;
	*out = json_pack("{s:I,s:o}", "total", (json_int_t)total, "data", rows);
	return 0;
}

static int page_offset(int page, int per_page)
{
	return (page > 1 ? page - 1 : 0) * per_page;
}

/* ---- open, migrate, transactions --------------------------------------- */

static int exec_sql(store *st, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		log_error("sqlite exec: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return rc == SQLITE_BUSY ? GH_EBUSY : GH_ESTORE;
	}
	return 0;
}

/* BEGIN, COMMIT and ROLLBACK from the statement cache: sqlite3_exec would
 * parse them again for every request (perf: ~10 % of a progress query). */
static int txn_sql(store *st, const char *sql)
{
	sqlite3_stmt *s = prep(st, sql);
	int rc = sqlite3_step(s);

	if (rc != SQLITE_DONE)
		log_error("sqlite %s: %s", sql, sqlite3_errmsg(st->db));
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	return (rc & 0xff) == SQLITE_BUSY ? GH_EBUSY : GH_ESTORE;
}

int store_schema_latest(void)
{
	return schema_migration_count > 0
	    ? schema_migrations[schema_migration_count - 1].version : 0;
}


static int migrate(store *st)
{
	int64_t ver = 0;
	int err;

	err = one_int(st, &ver, "PRAGMA user_version", "");
	if (err)
		return err;
	if (ver > store_schema_latest()) {
		log_error("database schema %lld is newer than this govhall (%d)",
		    (long long)ver, store_schema_latest());
		return GH_ESCHEMA;
	}
	for (int i = 0; i < schema_migration_count; i++) {
		const struct schema_migration *m = &schema_migrations[i];
		char pragma[64];

		if (m->version <= ver)
			continue;
		if ((err = exec_sql(st, "BEGIN IMMEDIATE")))
			return err;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d",
		    m->version);
		if ((err = exec_sql(st, m->sql)) || (err = exec_sql(st, pragma))) {
			exec_sql(st, "ROLLBACK");
			return err;
		}
		if ((err = exec_sql(st, "COMMIT")))
			return err;
		log_info("database migrated to schema %d (%s)", m->version,
		    m->name);
	}
	return 0;
}

static int on_wal_commit(void *arg, sqlite3 *db, const char *name, int frames)
{
	(void)db;
	(void)name;
	((store *)arg)->wal_frames = frames;
	return SQLITE_OK;
}

/* Keeps the WAL under its bound; called by a committer holding write_lock. */
static void wal_bound(store *st)
{
	int log_frames = 0, done = 0, rc, mode;

	if (st->wal_frames < CKPT_PASSIVE_FRAMES)
		return;
	mode = (int64_t)st->wal_frames * st->page_size > wal_limit
	    ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE;
	if (mode == SQLITE_CHECKPOINT_TRUNCATE)
		sqlite3_busy_timeout(st->db, CKPT_WAIT_MS);
	rc = sqlite3_wal_checkpoint_v2(st->db, "main", mode, &log_frames,
	    &done);
	if (mode == SQLITE_CHECKPOINT_TRUNCATE)
		sqlite3_busy_timeout(st->db, 5000);
	if ((rc & 0xff) == SQLITE_IOERR)
		durability_lost(st, "checkpoint", rc);
	if (rc == SQLITE_OK)
		st->wal_frames = mode == SQLITE_CHECKPOINT_TRUNCATE ? 0
		    : log_frames - done;
	else if (rc != SQLITE_BUSY)
		log_error("checkpoint: %s (%d)", sqlite3_errmsg(st->db), rc);
}

int store_open(const char *path, store **out)
{
	store *st = xcalloc(1, sizeof *st);
	int err;

	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_error("cannot open %s: %s", path,
		    st->db ? sqlite3_errmsg(st->db) : "out of memory");
		err = GH_EIO;
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	err = exec_sql(st, group_commit ?
	    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	    " PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;" :
	    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	    " PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
	if (err)
		goto fail;
	{
		char pragma[64];
		int64_t ps = 4096;

		snprintf(pragma, sizeof pragma, "PRAGMA journal_size_limit=%lld",
		    (long long)wal_limit);
		if ((err = exec_sql(st, pragma)) ||
		    (err = one_int(st, &ps, "PRAGMA page_size", "")))
			goto fail;
		st->page_size = (int)ps;
	}
	/* replaces SQLite's auto-checkpoint: wal_bound() does its work */
	sqlite3_wal_hook(st->db, on_wal_commit, st);
	if ((err = migrate(st)))
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	return err;
}

void store_close(store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < STMT_CACHE; i++)
		if (st->cache[i].stmt)
			sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close(st->db);
	free(st);
}

int store_schema_version(store *st, int *out)
{
	int64_t v;
	int err = one_int(st, &v, "PRAGMA user_version", "");

	if (!err)
		*out = (int)v;
	return err;
}

int store_begin(store *st)
{
	int err;

	if (st->writing) {
		log_error("store_begin inside a write transaction");
		return GH_ESTORE;
	}
	pthread_mutex_lock(&write_lock);
	st->writing = true;
	if ((err = txn_sql(st, "BEGIN IMMEDIATE"))) {
		st->writing = false;
		pthread_mutex_unlock(&write_lock);
	}
	return err;
}

int store_read_begin(store *st)
{
	return txn_sql(st, "BEGIN DEFERRED");
}

static void end_write(store *st)
{
	if (st->writing) {
		st->writing = false;
		pthread_mutex_unlock(&write_lock);
	}
}

/* fsyncs the WAL through this connection's handle. */
static int wal_sync(store *st)
{
	sqlite3_file *f = NULL;

	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_JOURNAL_POINTER,
	    &f) != SQLITE_OK || !f || !f->pMethods)
		return GH_ESTORE;
	return f->pMethods->xSync(f, SQLITE_SYNC_NORMAL) == SQLITE_OK ? 0
	    : GH_ESTORE;
}

/* Waits until commit number seq is durable, leading a sync if none runs. */
static int wait_durable(store *st, uint64_t seq)
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
		err = wal_sync(st);
		pthread_mutex_lock(&gc_lock);
		gc_syncing = false;
		if (!err && target > gc_synced)
			gc_synced = target;
		pthread_cond_broadcast(&gc_cond);
	}
	pthread_mutex_unlock(&gc_lock);
	if (err)
		durability_lost(st, "fsync of the WAL (group commit)", err);
	return 0;
}

int store_commit(store *st)
{
	uint64_t seq = 0;
	sqlite3_stmt *s = prep(st, "COMMIT");
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL ||
	    (rc & 0xff) == SQLITE_CORRUPT)
		durability_lost(st, "COMMIT", rc);
	if (rc != SQLITE_DONE) {
		log_error("sqlite COMMIT: %s", sqlite3_errmsg(st->db));
		store_rollback(st);
		return (rc & 0xff) == SQLITE_BUSY ? GH_EBUSY : GH_ESTORE;
	}
	if (group_commit) {
		pthread_mutex_lock(&gc_lock);
		seq = ++gc_committed;
		pthread_mutex_unlock(&gc_lock);
		if (st->writing)
			wal_bound(st);
		end_write(st);
		wait_durable(st, seq);
		return 0;
	}
	if (st->writing)
		wal_bound(st);
	end_write(st);
	return 0;
}

void store_rollback(store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		txn_sql(st, "ROLLBACK");
	end_write(st);
}

/* ---- settings ------------------------------------------------------------ */

int store_setting_get(store *st, const char *key, char *out, size_t cap)
{
	sqlite3_stmt *s = query(st, "SELECT value FROM settings WHERE key = ?1",
	    "t", key);
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		col_text(s, 0, out, cap);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return GH_ENOTFOUND;
	return map_rc(st, rc, "setting");
}

int store_setting_int(store *st, const char *key, int64_t dflt, int64_t *out)
{
	char buf[32], *end;
	int err = store_setting_get(st, key, buf, sizeof buf);
	long long v;

	if (err == GH_ENOTFOUND) {
		*out = dflt;
		return 0;
	}
	if (err)
		return err;
	v = strtoll(buf, &end, 10);
	*out = (*end || end == buf) ? dflt : v;
	return 0;
}

int store_setting_set(store *st, const char *key, const char *value)
{
	return run(st, "INSERT INTO settings(key, value) VALUES (?1, ?2)"
	    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	    "tt", key, value);
}

/* ---- audit --------------------------------------------------------------- */

static void audit_hash(const char *prev, const struct audit_rec *r,
    char out[65])
{
	crypto_generichash_state h;
	unsigned char md[32];
	char num[64];

	crypto_generichash_init(&h, NULL, 0, sizeof md);
#define FEED(str) do { const char *s_ = (str); \
	crypto_generichash_update(&h, (const unsigned char *)s_, strlen(s_) + 1); \
	} while (0)
	FEED(prev);
	snprintf(num, sizeof num, "%lld|%lld|%d", (long long)r->at,
	    (long long)r->actor_id, r->role);
	FEED(num);
	FEED(r->actor_name);
	FEED(r->action);
	FEED(r->object_type);
	FEED(r->object_id);
	FEED(r->before);
	FEED(r->after);
#undef FEED
	crypto_generichash_final(&h, md, sizeof md);
	sodium_bin2hex(out, 65, md, sizeof md);
}

int store_audit_append(store *st, const struct audit_rec *r)
{
	const struct audit_keys *k = audit_keys_current();
	sqlite3_stmt *s;
	char prev[65] = "genesis", hash[65];
	int64_t id = 1;
	int rc;

	s = query(st, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", "");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0) + 1;
		col_text(s, 1, prev, sizeof prev);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return map_rc(st, rc, "audit");
	if (k && id >= k->first_keyed_id) {
		struct audit_fields f = {
			.id = id, .at = r->at, .actor_id = r->actor_id,
			.role = r->role, .actor_name = r->actor_name,
			.action = r->action, .object_type = r->object_type,
			.object_id = r->object_id, .before = r->before,
			.after = r->after, .addr = r->addr ? r->addr : "",
		};

		audit_mac(k, prev, &f, hash);
	} else {
		audit_hash(prev, r, hash);
	}
	return run(st, "INSERT INTO audit(id, at, actor_id, actor_name, role,"
	    " action, object_type, object_id, before, after, prev_hash, hash,"
	    " addr) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
	    " ?13)", "iintItttttttt", id, r->at, r->actor_id, r->actor_name,
	    r->role, r->action, r->object_type, r->object_id, r->before,
	    r->after, prev, hash, r->addr ? r->addr : "");
}

int store_audit_verify(store *st, int64_t *count, int64_t *bad_id)
{
	sqlite3_stmt *s = query(st, "SELECT id, at, actor_id, actor_name, role,"
	    " action, object_type, object_id, before, after, prev_hash, hash"
	    " FROM audit ORDER BY id", "");
	char prev[65] = "genesis", want[65];
	int64_t n = 0;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct audit_rec r = {
			.at = sqlite3_column_int64(s, 1),
			.actor_id = sqlite3_column_int64(s, 2),
			.actor_name = (const char *)sqlite3_column_text(s, 3),
			.role = sqlite3_column_int(s, 4),
			.action = (const char *)sqlite3_column_text(s, 5),
			.object_type = (const char *)sqlite3_column_text(s, 6),
			.object_id = (const char *)sqlite3_column_text(s, 7),
			.before = (const char *)sqlite3_column_text(s, 8),
			.after = (const char *)sqlite3_column_text(s, 9),
		};
		const char *stored_prev = (const char *)sqlite3_column_text(s, 10);
		const char *stored = (const char *)sqlite3_column_text(s, 11);

		audit_hash(prev, &r, want);
		if (strcmp(stored_prev, prev) || strcmp(stored, want)) {
			*bad_id = sqlite3_column_int64(s, 0);
			*count = n;
			sqlite3_reset(s);
			return GH_ECONFLICT;
		}
		snprintf(prev, sizeof prev, "%s", stored);
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return map_rc(st, rc, "audit verify");
	*count = n;
	*bad_id = 0;
	return 0;
}

/* Walks the whole chain: records before the key epoch by the unkeyed hash
 * they were written with, the others by the keyed MAC (which binds the id
 * and the previous MAC), then each checkpoint against the chain. */
int store_audit_verify_keyed(store *st, const struct audit_keys *k,
    const struct audit_checkpoint *cps, size_t n_cps,
    audit_report_fn report, void *ctx, int64_t *count, size_t *problems,
    int64_t *first_bad)
{
	sqlite3_stmt *s = query(st, "SELECT id, at, actor_id, actor_name, role,"
	    " action, object_type, object_id, before, after, prev_hash, hash,"
	    " addr FROM audit ORDER BY id", "");
	char prev[65] = "genesis", want[65], msg[512];
	int64_t n = 0, last_id = 0;
	size_t bad = 0, valid_cps = 0;
	int rc;

	*first_bad = 0;
#define REPORT(...) do { snprintf(msg, sizeof msg, __VA_ARGS__); \
	report(ctx, msg); bad++; } while (0)
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct audit_fields f = {
			.id = sqlite3_column_int64(s, 0),
			.at = sqlite3_column_int64(s, 1),
			.actor_id = sqlite3_column_int64(s, 2),
			.actor_name = (const char *)sqlite3_column_text(s, 3),
			.role = sqlite3_column_int(s, 4),
			.action = (const char *)sqlite3_column_text(s, 5),
			.object_type = (const char *)sqlite3_column_text(s, 6),
			.object_id = (const char *)sqlite3_column_text(s, 7),
			.before = (const char *)sqlite3_column_text(s, 8),
			.after = (const char *)sqlite3_column_text(s, 9),
			.addr = (const char *)sqlite3_column_text(s, 12),
		};
		const char *stored_prev = (const char *)sqlite3_column_text(s, 10);
		const char *stored = (const char *)sqlite3_column_text(s, 11);

		if (f.id != last_id + 1)
			REPORT("第%lld条审计记录之前缺少第%lld至%lld条: 记录被删除",
			    (long long)f.id, (long long)last_id + 1,
			    (long long)f.id - 1);
		if (f.id >= k->first_keyed_id) {
			audit_mac(k, prev, &f, want);
		} else {
			struct audit_rec r = {
				.at = f.at, .actor_id = f.actor_id,
				.actor_name = f.actor_name, .role = f.role,
				.action = f.action, .object_type = f.object_type,
				.object_id = f.object_id, .before = f.before,
				.after = f.after,
			};

			audit_hash(prev, &r, want);
		}
		if (strcmp(stored_prev, prev))
			REPORT("第%lld条审计记录的前一校验码不符: 记录被删除、调换或插入",
			    (long long)f.id);
		if (strcmp(stored, want))
			REPORT("第%lld条审计记录的校验码不符: 记录被伪造或改写",
			    (long long)f.id);
		if (bad && !*first_bad)
			*first_bad = f.id;
		snprintf(prev, sizeof prev, "%s", stored);
		last_id = f.id;
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return map_rc(st, rc, "audit verify");
	for (size_t i = 0; i < n_cps; i++) {
		const struct audit_checkpoint *c = &cps[i];
		char head[65] = "";
		int64_t upto;
		int err;

		if (!audit_checkpoint_valid(k->sign_pk, c)) {
			REPORT("第%zu个检查点(至第%lld条)的签名无效: 检查点被伪造或改动",
			    i + 1, (long long)c->last_id);
			continue;
		}
		valid_cps++;
		if (c->count > n || c->last_id > last_id) {
			REPORT("审计记录被截断: 已签名检查点记载%lld条(至第%lld条),"
			    " 数据库中只有%lld条(至第%lld条)", (long long)c->count,
			    (long long)c->last_id, (long long)n, (long long)last_id);
			continue;
		}
		if ((err = one_int(st, &upto, "SELECT count(*) FROM audit WHERE"
		    " id <= ?1", "i", c->last_id)))
			return err;
		if (upto != c->count)
			REPORT("第%lld条之前的审计记录数(%lld)与已签名检查点(%lld)不符:"
			    " 记录被删除或插入", (long long)c->last_id,
			    (long long)upto, (long long)c->count);
		s = query(st, "SELECT hash FROM audit WHERE id = ?1", "i",
		    c->last_id);
		if (sqlite3_step(s) == SQLITE_ROW)
			col_text(s, 0, head, sizeof head);
		sqlite3_reset(s);
		if (strcmp(head, c->head_mac))
			REPORT("第%lld条审计记录与已签名检查点不符: 记录被改写",
			    (long long)c->last_id);
	}
	if (n > 0 && valid_cps == 0)
		REPORT("没有有效的已签名检查点: 无法证明审计记录未被截断或重写");
#undef REPORT
	*count = n;
	*problems = bad;
	return 0;
}

/* Replays what the audit says about each case (the state in the 'after'
 * of its last case record), each anomaly (its last review) and each
 * sanction (its creation), and reports every row the audit does not
 * explain. */
int store_audit_verify_deep(store *st, audit_report_fn report, void *ctx,
    size_t *problems)
{
	static const char *const anomaly_status[] = {"open", "confirmed",
		"dismissed"};
	sqlite3_stmt *s;
	char msg[512];
	size_t bad = 0;
	int rc;

#define REPORT(...) do { snprintf(msg, sizeof msg, __VA_ARGS__); \
	report(ctx, msg); bad++; } while (0)
	s = query(st, "SELECT c.id, c.state, (SELECT json_extract(a.after,"
	    " '$.state') FROM audit a WHERE a.object_type = 'case' AND"
	    " a.object_id = CAST(c.id AS TEXT) ORDER BY a.id DESC LIMIT 1)"
	    " FROM cases c ORDER BY c.id", "");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *want = case_state_name(sqlite3_column_int(s, 1));
		const char *said = (const char *)sqlite3_column_text(s, 2);

		if (!said)
			REPORT("办件%lld没有审计记录: 办件被直接写入数据库",
			    (long long)sqlite3_column_int64(s, 0));
		else if (strcmp(said, want))
			REPORT("办件%lld的状态(%s)与审计记录(%s)不符: 办件被直接改动",
			    (long long)sqlite3_column_int64(s, 0), want, said);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return map_rc(st, rc, "audit deep");
	s = query(st, "SELECT n.id, n.status, (SELECT json_extract(a.after,"
	    " '$.status') FROM audit a WHERE a.object_type = 'anomaly' AND"
	    " a.action = 'anomaly.review' AND a.object_id = CAST(n.id AS TEXT)"
	    " ORDER BY a.id DESC LIMIT 1) FROM anomalies n ORDER BY n.id", "");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int status = sqlite3_column_int(s, 1);
		const char *said = (const char *)sqlite3_column_text(s, 2);
		const char *want = status >= 0 && status < 3 ?
		    anomaly_status[status] : "?";

		if (status == 0 ? said != NULL : !said || strcmp(said, want))
			REPORT("异常%lld的核查状态(%s)与审计记录(%s)不符:"
			    " 异常被直接改动", (long long)sqlite3_column_int64(s, 0),
			    want, said ? said : "未核查");
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return map_rc(st, rc, "audit deep");
	s = query(st, "SELECT s.id FROM sanctions s WHERE NOT EXISTS (SELECT 1"
	    " FROM audit a WHERE a.object_type = 'sanction' AND a.action ="
	    " 'sanction.create' AND a.object_id = CAST(s.id AS TEXT) AND"
	    " json_extract(a.after, '$.reason') IS s.reason AND"
	    " json_extract(a.after, '$.issued_at') IS s.issued_at AND"
	    " json_extract(a.after, '$.user_id') IS s.target_user_id AND"
	    " json_extract(a.after, '$.dept_id') IS s.target_dept_id)"
	    " ORDER BY s.id", "");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		REPORT("处分%lld与审计记录不符或没有审计记录: 处分被直接写入或改动",
		    (long long)sqlite3_column_int64(s, 0));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return map_rc(st, rc, "audit deep");
#undef REPORT
	*problems = bad;
	return 0;
}

int store_audit_check_keys(store *st, const struct audit_keys *k)
{
	char id[64] = "";
	int err = store_setting_get(st, "audit.key_id", id, sizeof id);

	if (err && err != GH_ENOTFOUND)
		return err;
	if (!k)
		return id[0] ? GH_EAUTH : 0;
	if (!id[0])
		return store_setting_set(st, "audit.key_id", k->key_id);
	return strcmp(id, k->key_id) ? GH_EAUTH : 0;
}

int store_audit_checkpoint(store *st, int64_t now, bool force)
{
	const struct audit_keys *k = audit_keys_current();
	const char *path = audit_checkpoint_path();
	struct audit_checkpoint c = {.at = now}, last = {0};
	int64_t every_n, every_s;
	sqlite3_stmt *s;
	int err, rc;

	if (!k)
		return 0;
	if ((err = store_setting_int(st, "audit.checkpoint_records", 100,
	    &every_n)) || (err = store_setting_int(st,
	    "audit.checkpoint_seconds", 300, &every_s)))
		return err;
	if ((err = store_begin(st)))
		return err;
	s = query(st, "SELECT count, last_id, at FROM audit_checkpoints"
	    " ORDER BY id DESC LIMIT 1", "");
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		last.count = sqlite3_column_int64(s, 0);
		last.last_id = sqlite3_column_int64(s, 1);
		last.at = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	s = query(st, "SELECT (SELECT count(*) FROM audit), id, hash FROM audit"
	    " ORDER BY id DESC LIMIT 1", "");
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c.count = sqlite3_column_int64(s, 0);
		c.last_id = sqlite3_column_int64(s, 1);
		col_text(s, 2, c.head_mac, sizeof c.head_mac);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW || c.last_id == last.last_id || (!force &&
	    c.count - last.count < every_n && now - last.at < every_s)) {
		store_rollback(st);
		return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
		    map_rc(st, rc, "audit checkpoint");
	}
	audit_checkpoint_sign(k, &c);
	if ((err = run(st, "INSERT INTO audit_checkpoints(count, last_id,"
	    " head_mac, at, signature) VALUES (?1, ?2, ?3, ?4, ?5)", "iitit",
	    c.count, c.last_id, c.head_mac, c.at, c.signature)) ||
	    (err = store_commit(st))) {
		store_rollback(st);
		return err;
	}
	/* After the commit: a line in the file always names a committed head. */
	if (path && (err = audit_checkpoint_append_file(path, &c)))
		log_error("cannot append the audit checkpoint to %s", path);
	return err;
}

int store_audit_checkpoints_load(store *st, struct audit_checkpoint **out,
    size_t *n)
{
	sqlite3_stmt *s = query(st, "SELECT count, last_id, head_mac, at,"
	    " signature FROM audit_checkpoints ORDER BY id", "");
	struct audit_checkpoint *v = NULL;
	size_t len = 0;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xrealloc(v, (len + 1) * sizeof *v);
		v[len] = (struct audit_checkpoint){
			.count = sqlite3_column_int64(s, 0),
			.last_id = sqlite3_column_int64(s, 1),
			.at = sqlite3_column_int64(s, 3),
		};
		col_text(s, 2, v[len].head_mac, sizeof v[len].head_mac);
		col_text(s, 4, v[len].signature, sizeof v[len].signature);
		len++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(v);
		return map_rc(st, rc, "audit checkpoints");
	}
	*out = v;
	*n = len;
	return 0;
}

int store_audit_checkpoints_json(store *st, json_t **out)
{
	return rows_json(st, query(st, "SELECT count, last_id, head_mac, at,"
	    " signature FROM audit_checkpoints ORDER BY id", ""), out);
}

int store_audit_list_json(store *st, const char *object_type,
    const char *object_id, int page, int per_page, json_t **out)
{
	int64_t total;
	int err = one_int(st, &total, "SELECT count(*) FROM audit WHERE"
	    " (?1 IS NULL OR object_type = ?1) AND (?2 IS NULL OR object_id = ?2)",
	    "tt", object_type, object_id);

	if (err)
		return err;
	return page_json(st, total, query(st, "SELECT id, at, actor_id, actor_name, role, action, object_type,"
	    " object_id, before, after, hash, addr FROM audit WHERE (?1 IS NULL OR"
	    " object_type = ?1) AND (?2 IS NULL OR object_id = ?2)"
	    " ORDER BY id DESC LIMIT ?3 OFFSET ?4", "ttII", object_type,
	    object_id, per_page, page_offset(page, per_page)), out);
}

/* ---- organisation ------------------------------------------------------- */

int store_region_insert(store *st, const struct region_rec *r, int64_t *id)
{
	int err = run(st, "INSERT INTO regions(parent_id, code, name, level)"
	    " VALUES (?1, ?2, ?3, ?4)", "nttI", r->parent_id, r->code, r->name,
	    r->level);

	if (!err)
		*id = sqlite3_last_insert_rowid(st->db);
	return err;
}

int store_dept_insert(store *st, const struct dept_rec *d, int64_t *id)
{
	int err = run(st, "INSERT INTO departments(region_id, code, name,"
	    " short_name) VALUES (?1, ?2, ?3, ?4)", "ittt", d->region_id,
	    d->code, d->name, d->short_name);

	if (!err)
		*id = sqlite3_last_insert_rowid(st->db);
	return err;
}

int store_dept_by_code(store *st, const char *code, int64_t *id)
{
	return one_int(st, id, "SELECT id FROM departments WHERE code = ?1",
	    "t", code);
}

int store_dept_region(store *st, int64_t dept_id, int64_t *region_id)
{
	return one_int(st, region_id, "SELECT region_id FROM departments"
	    " WHERE id = ?1", "i", dept_id);
}

int store_dept_name(store *st, int64_t dept_id, char *buf, size_t size)
{
	sqlite3_stmt *s = query(st, "SELECT short_name FROM departments WHERE"
	    " id = ?1", "i", dept_id);
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		col_text(s, 0, buf, size);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? GH_ENOTFOUND : map_rc(st, rc, "department");
}

int store_hall_insert(store *st, int64_t region_id, const char *name,
    const char *address, const char *hours, int64_t *id)
{
	int err = run(st, "INSERT INTO halls(region_id, name, address, hours)"
	    " VALUES (?1, ?2, ?3, ?4)", "ittt", region_id, name, address, hours);

	if (!err)
		*id = sqlite3_last_insert_rowid(st->db);
	return err;
}

int store_window_insert(store *st, int64_t hall_id, const char *no,
    const char *name, int type, int64_t *id)
{
	int err = run(st, "INSERT INTO windows(hall_id, no, name, type)"
	    " VALUES (?1, ?2, ?3, ?4)", "ittI", hall_id, no, name, type);

	if (!err)
		*id = sqlite3_last_insert_rowid(st->db);
	return err;
}

int store_window_add_dept(store *st, int64_t window_id, int64_t dept_id)
{
	return run(st, "INSERT OR IGNORE INTO window_depts(window_id, dept_id)"
	    " VALUES (?1, ?2)", "ii", window_id, dept_id);
}

int store_window_post_insert(store *st, int64_t window_id, const char *name,
    int64_t a_user_id, int64_t b_user_id)
{
	return run(st, "INSERT INTO window_posts(window_id, name, a_user_id,"
	    " b_user_id) VALUES (?1, ?2, ?3, ?4)", "itin", window_id, name,
	    a_user_id, b_user_id);
}

int store_window_serves(store *st, int64_t window_id, int64_t dept_id,
    bool *out)
{
	int64_t n;
	int err = one_int(st, &n, "SELECT count(*) FROM window_depts"
	    " WHERE window_id = ?1 AND dept_id = ?2", "ii", window_id, dept_id);

	if (!err)
		*out = n > 0;
	return err;
}

int store_regions_json(store *st, json_t **out)
{
	return rows_json(st, query(st, "SELECT id, parent_id, code, name, level,"
	    " CASE level WHEN 1 THEN '市' WHEN 2 THEN '县' WHEN 3 THEN '乡镇(街道)'"
	    " ELSE '村(社区)' END AS level_label FROM regions ORDER BY id", ""),
	    out);
}

int store_departments_json(store *st, json_t **out)
{
	return rows_json(st, query(st, "SELECT d.id, d.code, d.name, d.short_name,"
	    " d.region_id, r.name AS region_name, (SELECT count(*) FROM items i"
	    " WHERE i.dept_id = d.id AND i.retired = 0) AS items FROM departments d"
	    " JOIN regions r ON r.id = d.region_id ORDER BY d.id", ""), out);
}

int store_windows_json(store *st, json_t **out)
{
	json_t *arr, *w;
	size_t i;
	int err = rows_json(st, query(st, "SELECT w.id, w.no, w.name, w.type,"
	    " CASE w.type WHEN 1 THEN '独立窗口' WHEN 2 THEN '综合窗口'"
	    " WHEN 3 THEN '银行窗口' ELSE '预约窗口' END AS type_label,"
	    " h.name AS hall FROM windows w JOIN halls h ON h.id = w.hall_id"
	    " ORDER BY w.no", ""), &arr);

	if (err)
		return err;
	json_array_foreach(arr, i, w) {
		json_int_t id = json_integer_value(json_object_get(w, "id"));
		json_t *depts, *posts;

		if ((err = rows_json(st, query(st, "SELECT d.id, d.short_name,"
		    " d.name FROM window_depts wd JOIN departments d ON"
		    " d.id = wd.dept_id WHERE wd.window_id = ?1 ORDER BY d.id",
		    "i", (int64_t)id), &depts)))
			goto fail;
		json_object_set_new(w, "departments", depts);
		if ((err = rows_json(st, query(st, "SELECT p.id, p.name,"
		    " p.a_user_id, a.name AS a_name, p.b_user_id, b.name AS b_name"
		    " FROM window_posts p JOIN users a ON a.id = p.a_user_id"
		    " LEFT JOIN users b ON b.id = p.b_user_id WHERE p.window_id = ?1"
		    " ORDER BY p.id", "i", (int64_t)id), &posts)))
			goto fail;
		json_object_set_new(w, "posts", posts);
	}
	*out = arr;
	return 0;
fail:
	json_decref(arr);
	return err;
}

int store_staff_json(store *st, int page, int per_page, json_t **out)
{
	int64_t total;
	int err = one_int(st, &total, "SELECT count(*) FROM users WHERE role <> ?1",
	    "I", 1);

	if (err)
		return err;
	return page_json(st, total, query(st, "SELECT u.id, u.username, u.name,"
	    " u.role, u.dept_id, d.short_name AS dept_name, u.window_id,"
	    " w.no AS window_no, u.post, u.phone, u.active AS active_flag"
	    " FROM users u LEFT JOIN departments d ON d.id = u.dept_id"
	    " LEFT JOIN windows w ON w.id = u.window_id WHERE u.role <> 1"
	    " ORDER BY u.id LIMIT ?1 OFFSET ?2", "II", per_page,
	    page_offset(page, per_page)), out);
}

/* ---- organisation administration ---------------------------------------- */

/* role 1 is ROLE_APPLICANT: applicants are users but not staff. */
int store_staff_get_json(store *st, int64_t id, json_t **out)
{
	sqlite3_stmt *s = query(st, "SELECT u.id, u.username, u.name, u.role,"
	    " u.dept_id, d.short_name AS dept_name, u.window_id,"
	    " w.no AS window_no, u.post, u.phone, u.email,"
	    " u.active AS active_flag FROM users u LEFT JOIN departments d"
	    " ON d.id = u.dept_id LEFT JOIN windows w ON w.id = u.window_id"
	    " WHERE u.id = ?1 AND u.role <> 1", "i", id);
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		*out = row_json(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? GH_ENOTFOUND : map_rc(st, rc, "staff");
}

int store_window_no(store *st, int64_t window_id, char *buf, size_t size)
{
	sqlite3_stmt *s = query(st, "SELECT no FROM windows WHERE id = ?1", "i",
	    window_id);
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		col_text(s, 0, buf, size);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? GH_ENOTFOUND : map_rc(st, rc, "window");
}

int store_staff_insert(store *st, const char *username, const char *pw_hash,
    const struct staff_rec *r, int64_t now, int64_t *id)
{
	int err = run(st, "INSERT INTO users(username, name, role, phone,"
	    " email, dept_id, window_id, post, pw_hash, active, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	    "ttIttnnttIi", username, r->name, r->role, r->phone, r->email,
	    r->dept_id, r->window_id, r->post, pw_hash, (int)r->active, now);

	if (!err)
		*id = sqlite3_last_insert_rowid(st->db);
	return err;
}

int store_staff_update(store *st, int64_t id, const struct staff_rec *r)
{
	int err = run(st, "UPDATE users SET name = ?2, phone = ?3, email = ?4,"
	    " role = ?5, dept_id = ?6, window_id = ?7, post = ?8, active = ?9"
	    " WHERE id = ?1 AND role <> 1", "itttInntI", id, r->name,
	    r->phone, r->email, r->role, r->dept_id, r->window_id, r->post,
	    (int)r->active);

	if (!err && sqlite3_changes(st->db) == 0)
		err = GH_ENOTFOUND;
	return err;
}

int store_user_posts_json(store *st, int64_t user_id, json_t **out)
{
	/* ORDER BY of a compound SELECT names result columns: alias them */
	return rows_json(st, query(st, "SELECT p.id AS id, p.window_id,"
	    " w.no AS window_no, p.name, 'A' AS side FROM window_posts p"
	    " JOIN windows w ON w.id = p.window_id WHERE p.a_user_id = ?1"
	    " UNION ALL SELECT p.id, p.window_id, w.no, p.name, 'B'"
	    " FROM window_posts p JOIN windows w ON w.id = p.window_id"
	    " WHERE p.b_user_id = ?1 ORDER BY side, id", "i", user_id), out);
}

int store_window_posts_json(store *st, int64_t window_id, json_t **out)
{
	sqlite3_stmt *s = query(st, "SELECT id AS window_id, no AS window_no,"
	    " name AS window_name FROM windows WHERE id = ?1", "i", window_id);
	json_t *w = NULL, *posts, *staff;
	int rc = sqlite3_step(s), err;

	if (rc == SQLITE_ROW)
		w = row_json(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? GH_ENOTFOUND :
		    map_rc(st, rc, "window");
	if ((err = rows_json(st, query(st, "SELECT p.id, p.name, p.a_user_id,"
	    " a.name AS a_name, p.b_user_id, b.name AS b_name"
	    " FROM window_posts p JOIN users a ON a.id = p.a_user_id"
	    " LEFT JOIN users b ON b.id = p.b_user_id WHERE p.window_id = ?1"
	    " ORDER BY p.id", "i", window_id), &posts)))
		goto fail;
	json_object_set_new(w, "posts", posts);
	if ((err = rows_json(st, query(st, "SELECT id, username, name, role,"
	    " post FROM users WHERE window_id = ?1 AND active = 1"
	    " AND role <> 1 ORDER BY id", "i", window_id), &staff)))
		goto fail;
	json_object_set_new(w, "staff", staff);
	*out = w;
	return 0;
fail:
	json_decref(w);
	return err;
}

int store_window_posts_replace(store *st, int64_t window_id,
    const struct window_post *posts, size_t n)
{
	int err = run(st, "DELETE FROM window_posts WHERE window_id = ?1", "i",
	    window_id);

	for (size_t i = 0; i < n && !err; i++)
		err = store_window_post_insert(st, window_id, posts[i].name,
		    posts[i].a_user_id, posts[i].b_user_id);
	if (err)
		return err;
	return run(st, "UPDATE users SET post = CASE WHEN EXISTS (SELECT 1 FROM"
	    " window_posts p WHERE p.a_user_id = users.id) THEN 'A' WHEN EXISTS"
	    " (SELECT 1 FROM window_posts p WHERE p.b_user_id = users.id)"
	    " THEN 'B' ELSE '' END WHERE window_id = ?1", "i", window_id);
}

/* ---- users and sessions ------------------------------------------------- */

#define USER_COLS "id, username, name, role, kind, id_number, phone," \
	" coalesce(dept_id, 0), coalesce(window_id, 0), post, pw_hash, active"

static void read_user(sqlite3_stmt *s, struct user_rec *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(s, 0);
	col_text(s, 1, u->username, sizeof u->username);
	col_text(s, 2, u->name, sizeof u->name);
	u->role = sqlite3_column_int(s, 3);
	col_text(s, 4, u->kind, sizeof u->kind);
	col_text(s, 5, u->id_number, sizeof u->id_number);
	col_text(s, 6, u->phone, sizeof u->phone);
	u->dept_id = sqlite3_column_int64(s, 7);
	u->window_id = sqlite3_column_int64(s, 8);
	col_text(s, 9, u->post, sizeof u->post);
	col_text(s, 10, u->pw_hash, sizeof u->pw_hash);
	u->active = sqlite3_column_int(s, 11);
}

static int one_user(store *st, sqlite3_stmt *s, struct user_rec *out)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		read_user(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return GH_ENOTFOUND;
	return map_rc(st, rc, "user");
}

int store_user_insert(store *st, const struct user_rec *u, int64_t now,
    int64_t *id)
{
	int err = run(st, "INSERT INTO users(username, name, role, kind,"
	    " id_number, phone, dept_id, window_id, post, pw_hash, active,"
	    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	    " ?12)", "ttItttnnttIi", u->username, u->name, u->role,
	    u->kind, u->id_number, u->phone, u->dept_id, u->window_id, u->post,
	    u->pw_hash, (int)u->active, now);

	if (!err)
		*id = sqlite3_last_insert_rowid(st->db);
	return err;
}

int store_user_by_username(store *st, const char *username,
    struct user_rec *out)
{
	return one_user(st, query(st, "SELECT " USER_COLS " FROM users"
	    " WHERE username = ?1", "t", username), out);
}

int store_user_by_id(store *st, int64_t id, struct user_rec *out)
{
	return one_user(st, query(st, "SELECT " USER_COLS " FROM users"
	    " WHERE id = ?1", "i", id), out);
}

int store_user_set_hash(store *st, int64_t id, const char *pw_hash)
{
	return run(st, "UPDATE users SET pw_hash = ?2 WHERE id = ?1", "it", id,
	    pw_hash);
}

int store_session_insert(store *st, const unsigned char *token_hash,
    int64_t user_id, const char *csrf, int64_t now, int64_t expires_at)
{
	return run(st, "INSERT INTO sessions(token_hash, user_id, csrf,"
	    " created_at, expires_at, last_seen) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?4)", "bitii", token_hash, STORE_TOKEN_HASH_LEN, user_id, csrf,
	    now, expires_at);
}

int store_session_lookup(store *st, const unsigned char *token_hash,
    int64_t now, int64_t idle_s, struct user_rec *user, char *csrf,
    size_t csrf_cap, int64_t *last_seen)
{
	sqlite3_stmt *s = query(st, "SELECT u.id, u.username, u.name, u.role,"
	    " u.kind, u.id_number, u.phone, coalesce(u.dept_id, 0),"
	    " coalesce(u.window_id, 0), u.post, u.pw_hash, u.active, s.csrf,"
	    " s.last_seen FROM sessions s JOIN users u ON u.id = s.user_id"
	    " WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.active = 1"
	    " AND s.last_seen > ?2 - ?3", "bii", token_hash,
	    STORE_TOKEN_HASH_LEN, now, idle_s);
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW) {
		read_user(s, user);
		col_text(s, 12, csrf, csrf_cap);
		*last_seen = sqlite3_column_int64(s, 13);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return GH_EAUTH;
	return map_rc(st, rc, "session");
}

int store_session_touch(store *st, const unsigned char *token_hash,
    int64_t now)
{
	return run(st, "UPDATE sessions SET last_seen = ?2 WHERE token_hash ="
	    " ?1", "bi", token_hash, STORE_TOKEN_HASH_LEN, now);
}

int store_session_delete(store *st, const unsigned char *token_hash)
{
	return run(st, "DELETE FROM sessions WHERE token_hash = ?1", "b",
	    token_hash, STORE_TOKEN_HASH_LEN);
}

int store_user_sessions_end(store *st, int64_t user_id,
    const unsigned char *keep, int64_t *n)
{
	int err = run(st, "DELETE FROM sessions WHERE user_id = ?1 AND"
	    " (?2 IS NULL OR token_hash <> ?2)", "ib", user_id, keep,
	    keep ? STORE_TOKEN_HASH_LEN : 0);

	if (!err)
		*n = sqlite3_changes(st->db);
	return err;
}

int store_throttle_blocked(store *st, const char *key, int64_t now,
    int64_t *until)
{
	int err = one_int(st, until, "SELECT blocked_until FROM login_throttle"
	    " WHERE key = ?1 AND blocked_until > ?2", "ti", key, now);

	if (err == GH_ENOTFOUND) {
		*until = 0;
		return 0;
	}
	return err;
}

int store_throttle_count(store *st, const char *key, int64_t now,
    int64_t window_s, int64_t *failures)
{
	/* One statement: the count cannot be raced past, whatever runs at
	 * once (and the caller holds the write transaction). */
	sqlite3_stmt *s = query(st, "INSERT INTO login_throttle(key, failures,"
	    " first_at) VALUES (?1, 1, ?2) ON CONFLICT(key) DO UPDATE SET"
	    " failures = CASE WHEN first_at <= ?2 - ?3 THEN 1 ELSE failures + 1"
	    " END, first_at = CASE WHEN first_at <= ?2 - ?3 THEN ?2 ELSE"
	    " first_at END RETURNING failures", "tii", key, now, window_s);
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW) {
		*failures = sqlite3_column_int64(s, 0);
		rc = sqlite3_step(s);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : map_rc(st, rc, "login throttle");
}

int store_throttle_block(store *st, const char *key, int64_t until)
{
	return run(st, "UPDATE login_throttle SET blocked_until = max("
	    "blocked_until, ?2) WHERE key = ?1", "ti", key, until);
}

int store_throttle_clear(store *st, const char *key)
{
	return run(st, "DELETE FROM login_throttle WHERE key = ?1", "t", key);
}

int store_throttle_clear_account(store *st, const char *username)
{
	return run(st, "DELETE FROM login_throttle WHERE key = 'u:' || ?1 OR"
	    " (substr(key, 1, 2) = 'p:' AND substr(key, -length(?1) - 1) ="
	    " '|' || ?1)", "t", username);
}

int store_sessions_purge(store *st, int64_t now, int64_t stale_before,
    int64_t *n)
{
	int err = run(st, "DELETE FROM sessions WHERE expires_at <= ?1", "i",
	    now);

	if (err)
		return err;
	*n = sqlite3_changes(st->db);
	if ((err = run(st, "DELETE FROM login_throttle WHERE first_at <"
	    " ?1 AND blocked_until <= ?2", "ii", stale_before, now)))
		return err;
	*n += sqlite3_changes(st->db);
	return 0;
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
	err = one_int(st, &item_id, "SELECT id FROM items WHERE code = ?1", "t",
	    it->code);
	if (err && err != GH_ENOTFOUND)
		return err;
	*created = err == GH_ENOTFOUND;
	err = run(st, "INSERT INTO items(code, name, type, dept_id, level, basis,"
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
	    " updated_at = excluded.updated_at",
	    "ttIiIttIIItIIIttIIi", it->code, it->name, it->type, dept_id,
	    it->level, it->basis, it->conditions, it->legal_limit_days,
	    it->promised_limit_days, (int)it->instant, it->result_name,
	    (int)it->in_hall, it->online_depth, it->visits,
	    it->complaint_channel, it->consult_phone, it->warn_days,
	    (int)it->retired, now);
	if (err)
		return err;
	if (*created)
		item_id = sqlite3_last_insert_rowid(st->db);
	if ((err = run(st, "DELETE FROM item_materials WHERE item_id = ?1", "i",
	    item_id)) || (err = run(st, "DELETE FROM item_steps WHERE"
	    " item_id = ?1", "i", item_id)) || (err = run(st, "DELETE FROM"
	    " item_fees WHERE item_id = ?1", "i", item_id)))
		return err;
	for (size_t i = 0; i < it->n_materials; i++) {
		const struct item_material *m = &it->materials[i];

		if ((err = run(st, "INSERT INTO item_materials(item_id, idx, name,"
		    " main, required, form, copies, template_name, note) VALUES"
		    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", "iItIIIItt", item_id,
		    (int)i, m->name, (int)m->main, (int)m->required, m->form,
		    m->copies, m->template_name, m->note)))
			return err;
	}
	for (size_t i = 0; i < it->n_steps; i++) {
		const struct item_step *s = &it->steps[i];

		if ((err = run(st, "INSERT INTO item_steps(item_id, idx, name, role,"
		    " limit_days) VALUES (?1, ?2, ?3, ?4, ?5)", "iItII", item_id,
		    (int)i, s->name, s->role, s->limit_days)))
			return err;
	}
	for (size_t i = 0; i < it->n_fees; i++) {
		const struct item_fee *f = &it->fees[i];

		if ((err = run(st, "INSERT INTO item_fees(item_id, idx, name,"
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
static int read_item(store *st, sqlite3_stmt *s, struct item *it,
    int64_t *item_id, int64_t *dept_id)
{
	int64_t id = sqlite3_column_int64(s, 0);
	sqlite3_stmt *c;
	size_t cap;
	int rc;

	memset(it, 0, sizeof *it);
	it->code = col_dup(s, 1);
	it->name = col_dup(s, 2);
	it->type = sqlite3_column_int(s, 3);
	it->dept_code = col_dup(s, 4);
	it->level = sqlite3_column_int(s, 5);
	it->basis = col_dup(s, 6);
	it->conditions = col_dup(s, 7);
	it->legal_limit_days = sqlite3_column_int(s, 8);
	it->promised_limit_days = sqlite3_column_int(s, 9);
	it->instant = sqlite3_column_int(s, 10);
	it->result_name = col_dup(s, 11);
	it->in_hall = sqlite3_column_int(s, 12);
	it->online_depth = sqlite3_column_int(s, 13);
	it->visits = sqlite3_column_int(s, 14);
	it->complaint_channel = col_dup(s, 15);
	it->consult_phone = col_dup(s, 16);
	it->warn_days = sqlite3_column_int(s, 17);
	it->retired = sqlite3_column_int(s, 18);
	if (item_id)
		*item_id = id;
	if (dept_id)
		*dept_id = sqlite3_column_int64(s, 19);

	c = query(st, "SELECT name, main, required, form, copies, template_name,"
	    " note FROM item_materials WHERE item_id = ?1 ORDER BY idx", "i", id);
	cap = 0;
	while ((rc = sqlite3_step(c)) == SQLITE_ROW) {
		struct item_material *m;

		if (it->n_materials == cap) {
			cap = cap ? cap * 2 : 8;
			it->materials = xrealloc(it->materials, cap * sizeof *m);
		}
		m = &it->materials[it->n_materials++];
		m->name = col_dup(c, 0);
		m->main = sqlite3_column_int(c, 1);
		m->required = sqlite3_column_int(c, 2);
		m->form = sqlite3_column_int(c, 3);
		m->copies = sqlite3_column_int(c, 4);
		m->template_name = col_dup(c, 5);
		m->note = col_dup(c, 6);
	}
	sqlite3_reset(c);
	if (rc != SQLITE_DONE)
		return map_rc(st, rc, "materials");

	c = query(st, "SELECT name, role, limit_days FROM item_steps"
	    " WHERE item_id = ?1 ORDER BY idx", "i", id);
	cap = 0;
	while ((rc = sqlite3_step(c)) == SQLITE_ROW) {
		struct item_step *p;

		if (it->n_steps == cap) {
			cap = cap ? cap * 2 : 4;
			it->steps = xrealloc(it->steps, cap * sizeof *p);
		}
		p = &it->steps[it->n_steps++];
		p->name = col_dup(c, 0);
		p->role = sqlite3_column_int(c, 1);
		p->limit_days = sqlite3_column_int(c, 2);
	}
	sqlite3_reset(c);
	if (rc != SQLITE_DONE)
		return map_rc(st, rc, "steps");

	c = query(st, "SELECT name, amount_fen, basis FROM item_fees"
	    " WHERE item_id = ?1 ORDER BY idx", "i", id);
	cap = 0;
	while ((rc = sqlite3_step(c)) == SQLITE_ROW) {
		struct item_fee *f;

		if (it->n_fees == cap) {
			cap = cap ? cap * 2 : 2;
			it->fees = xrealloc(it->fees, cap * sizeof *f);
		}
		f = &it->fees[it->n_fees++];
		f->name = col_dup(c, 0);
		f->amount_fen = sqlite3_column_int64(c, 1);
		f->basis = col_dup(c, 2);
	}
	sqlite3_reset(c);
	return rc == SQLITE_DONE ? 0 : map_rc(st, rc, "fees");
}

static int one_item(store *st, sqlite3_stmt *s, struct item *out,
    int64_t *item_id, int64_t *dept_id)
{
	int rc = sqlite3_step(s);
	int err;

	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? GH_ENOTFOUND : map_rc(st, rc, "item");
	}
	/* read_item reuses other statements, never s itself */
	err = read_item(st, s, out, item_id, dept_id);
	sqlite3_reset(s);
	if (err)
		item_clear(out);
	return err;
}

int store_item_get(store *st, const char *code, struct item *out,
    int64_t *item_id, int64_t *dept_id)
{
	return one_item(st, query(st, "SELECT " ITEM_COLS " FROM items i JOIN"
	    " departments d ON d.id = i.dept_id WHERE i.code = ?1", "t", code),
	    out, item_id, dept_id);
}

int store_item_get_by_id(store *st, int64_t item_id, struct item *out,
    int64_t *dept_id)
{
	return one_item(st, query(st, "SELECT " ITEM_COLS " FROM items i JOIN"
	    " departments d ON d.id = i.dept_id WHERE i.id = ?1", "i", item_id),
	    out, NULL, dept_id);
}

int store_item_set_retired(store *st, const char *code, bool retired,
    int64_t now)
{
	int err = run(st, "UPDATE items SET retired = ?2, updated_at = ?3"
	    " WHERE code = ?1", "tIi", code, (int)retired, now);

	if (!err && sqlite3_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

#define ITEM_FILTER " FROM items i JOIN departments d ON d.id = i.dept_id" \
	" WHERE (?1 IS NULL OR instr(i.name, ?1) > 0 OR instr(i.code, ?1) > 0)" \
	" AND (?2 = 0 OR i.dept_id = ?2) AND (?3 = 0 OR i.type = ?3)" \
	" AND (?4 = 0 OR i.level = ?4) AND (?5 < 0 OR i.instant = ?5)" \
	" AND (?6 < 0 OR i.in_hall = ?6) AND (?7 OR i.retired = 0)"

int store_items_list_json(store *st, const struct item_query *q,
    json_t **out)
{
	int64_t total;
	int err = one_int(st, &total, "SELECT count(*)" ITEM_FILTER, "tiIIIII",
	    q->q, q->dept_id, q->type, q->level, q->instant, q->in_hall,
	    (int)q->include_retired);

	if (err)
		return err;
	return page_json(st, total, query(st, "SELECT i.code, i.name, i.type,"
	    " i.dept_id, d.short_name AS dept_name, d.code AS dept_code, i.level,"
	    " i.legal_limit_days, i.promised_limit_days, i.instant AS instant_flag,"
	    " i.in_hall AS in_hall_flag, i.online_depth, i.visits,"
	    " i.retired AS retired_flag, EXISTS (SELECT 1 FROM item_fees f"
	    " WHERE f.item_id = i.id) AS has_fee_flag" ITEM_FILTER
	    " ORDER BY i.dept_id, i.code LIMIT ?8 OFFSET ?9", "tiIIIIIII", q->q,
	    q->dept_id, q->type, q->level, q->instant, q->in_hall,
	    (int)q->include_retired, q->per_page,
	    page_offset(q->page, q->per_page)), out);
}

int store_items_all(store *st, struct item **out, size_t *n)
{
	sqlite3_stmt *s;
	struct item *v = NULL;
	size_t cnt = 0, cap = 0;
	int64_t *ids = NULL;
	int rc, err = 0;

	/* Collect ids first: read_item uses statements of its own. */
	s = query(st, "SELECT id FROM items ORDER BY dept_id, code", "");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 256;
			ids = xrealloc(ids, cap * sizeof *ids);
		}
		ids[cnt++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(ids);
		return map_rc(st, rc, "items");
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
	int err = one_int(st, total, "SELECT count(*) FROM items WHERE"
	    " retired = 0", "");

	if (!err)
		err = one_int(st, in_hall, "SELECT count(*) FROM items WHERE"
		    " retired = 0 AND in_hall = 1", "");
	return err;
}

int store_items_by_dept_json(store *st, json_t **out)
{
	sqlite3_stmt *s = query(st, "SELECT dept_id, count(*), sum(in_hall)"
	    " FROM items WHERE retired = 0 GROUP BY dept_id", "");
	json_t *o = json_object();
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		char key[24];

		snprintf(key, sizeof key, "%lld",
		    (long long)sqlite3_column_int64(s, 0));
		json_object_set_new(o, key, json_pack("[I,I]",
		    (json_int_t)sqlite3_column_int64(s, 1),
		    (json_int_t)sqlite3_column_int64(s, 2)));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		json_decref(o);
		return map_rc(st, rc, "items by department");
	}
	*out = o;
	return 0;
}

/* ---- calendar ------------------------------------------------------------ */

int store_calendar_entries(store *st, int64_t region_id,
    struct cal_entry **out, size_t *n)
{
	/* Walk up the region tree; the nearest region's entry for a day wins. */
	sqlite3_stmt *s = query(st, "WITH RECURSIVE up(id, depth) AS ("
	    " SELECT ?1, 0 UNION ALL SELECT r.parent_id, up.depth + 1 FROM regions r"
	    " JOIN up ON r.id = up.id WHERE r.parent_id IS NOT NULL)"
	    " SELECT c.day, c.kind, c.name FROM calendar_days c JOIN up"
	    " ON c.region_id = up.id WHERE up.depth = (SELECT min(u2.depth)"
	    " FROM up u2 JOIN calendar_days c2 ON c2.region_id = u2.id"
	    " WHERE c2.day = c.day) ORDER BY c.day", "i", region_id);
	struct cal_entry *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[cnt].day = sqlite3_column_int(s, 0);
		v[cnt].kind = sqlite3_column_int(s, 1);
		v[cnt].name = col_dup(s, 2);
		cnt++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_calendar_entries_free(v, cnt);
		return map_rc(st, rc, "calendar");
	}
	*out = v;
	*n = cnt;
	return 0;
}

void store_calendar_entries_free(struct cal_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)e[i].name);
	free(e);
}

int store_calendar_put(store *st, int64_t region_id, int32_t day, int kind,
    const char *name)
{
	return run(st, "INSERT INTO calendar_days(region_id, day, kind, name)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(region_id, day) DO UPDATE SET"
	    " kind = excluded.kind, name = excluded.name", "iIIt", region_id,
	    (int)day, kind, name);
}

int store_calendar_delete(store *st, int64_t region_id, int32_t day)
{
	int err = run(st, "DELETE FROM calendar_days WHERE region_id = ?1 AND"
	    " day = ?2", "iI", region_id, (int)day);

	if (!err && sqlite3_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

int store_calendar_version(store *st, int64_t *out)
{
	return store_setting_int(st, "calendar_version", 1, out);
}

int store_calendar_bump(store *st)
{
	return run(st, "UPDATE settings SET value = CAST(value AS INTEGER) + 1"
	    " WHERE key = 'calendar_version'", "");
}

int store_root_region(store *st, int64_t *out)
{
	return one_int(st, out, "SELECT id FROM regions WHERE parent_id IS NULL"
	    " ORDER BY id LIMIT 1", "");
}

int store_region_exists(store *st, int64_t region_id)
{
	int64_t id;

	return one_int(st, &id, "SELECT id FROM regions WHERE id = ?1", "i",
	    region_id);
}

/* ---- cases --------------------------------------------------------------- */

#define CASE_COLS "c.id, c.query_code, c.item_id, i.code, c.dept_id," \
	" c.region_id, coalesce(c.applicant_id, 0), c.applicant_name," \
	" c.applicant_kind, c.applicant_id_type, c.applicant_id_no," \
	" c.applicant_phone, c.channel, coalesce(c.window_id, 0)," \
	" coalesce(c.clerk_id, 0), coalesce(c.handler_id, 0), c.state," \
	" c.prev_state, c.outcome, c.decision, c.step_index, c.instant," \
	" c.limit_days, c.legal_limit_days, c.warn_days, c.submitted_at," \
	" c.submitted_day, c.received_day, c.accepted_day, c.deadline_day," \
	" c.finished_day, c.reason, c.result_name, c.version, c.updated_at," \
	" i.name, (SELECT short_name FROM departments WHERE id = c.dept_id)," \
	" coalesce(c.used_days, -1), coalesce(c.on_time, -1)"

static void read_case(sqlite3_stmt *s, struct case_rec *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(s, 0);
	col_text(s, 1, c->query_code, sizeof c->query_code);
	c->item_id = sqlite3_column_int64(s, 2);
	col_text(s, 3, c->item_code, sizeof c->item_code);
	c->dept_id = sqlite3_column_int64(s, 4);
	c->region_id = sqlite3_column_int64(s, 5);
	c->applicant_id = sqlite3_column_int64(s, 6);
	col_text(s, 7, c->applicant_name, sizeof c->applicant_name);
	col_text(s, 8, c->applicant_kind, sizeof c->applicant_kind);
	col_text(s, 9, c->applicant_id_type, sizeof c->applicant_id_type);
	col_text(s, 10, c->applicant_id_no, sizeof c->applicant_id_no);
	col_text(s, 11, c->applicant_phone, sizeof c->applicant_phone);
	col_text(s, 12, c->channel, sizeof c->channel);
	c->window_id = sqlite3_column_int64(s, 13);
	c->clerk_id = sqlite3_column_int64(s, 14);
	c->handler_id = sqlite3_column_int64(s, 15);
	c->state = sqlite3_column_int(s, 16);
	c->prev_state = sqlite3_column_int(s, 17);
	c->outcome = sqlite3_column_int(s, 18);
	c->decision = sqlite3_column_int(s, 19);
	c->step_index = sqlite3_column_int(s, 20);
	c->instant = sqlite3_column_int(s, 21);
	c->limit_days = sqlite3_column_int(s, 22);
	c->legal_limit_days = sqlite3_column_int(s, 23);
	c->warn_days = sqlite3_column_int(s, 24);
	c->submitted_at = sqlite3_column_int64(s, 25);
	c->submitted_day = col_day(s, 26);
	c->received_day = col_day(s, 27);
	c->accepted_day = col_day(s, 28);
	c->deadline_day = col_day(s, 29);
	c->finished_day = col_day(s, 30);
	col_text(s, 31, c->reason, sizeof c->reason);
	col_text(s, 32, c->result_name, sizeof c->result_name);
	c->version = sqlite3_column_int64(s, 33);
	c->updated_at = sqlite3_column_int64(s, 34);
	col_text(s, 35, c->item_name, sizeof c->item_name);
	col_text(s, 36, c->dept_name, sizeof c->dept_name);
	c->used_days = sqlite3_column_int(s, 37);
	c->on_time = sqlite3_column_int(s, 38);
}

static int one_case(store *st, sqlite3_stmt *s, struct case_rec *out)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		read_case(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return GH_ENOTFOUND;
	return map_rc(st, rc, "case");
}

int store_case_insert(store *st, struct case_rec *c)
{
	int err = run(st, "INSERT INTO cases(query_code, item_id, dept_id,"
	    " region_id, applicant_id, applicant_name, applicant_kind,"
	    " applicant_id_type, applicant_id_no, applicant_phone, channel,"
	    " window_id, clerk_id, handler_id, state, prev_state, outcome,"
	    " decision, step_index, instant, limit_days, legal_limit_days,"
	    " warn_days, submitted_at, submitted_day, received_day, accepted_day,"
	    " deadline_day, finished_day, reason, result_name, version, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
	    " ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28,"
	    " ?29, ?30, ?31, 1, ?32)",
	    "tiiinttttttnnnIIIIIIIIIidddddtti", c->query_code, c->item_id,
	    c->dept_id, c->region_id, c->applicant_id, c->applicant_name,
	    c->applicant_kind, c->applicant_id_type, c->applicant_id_no,
	    c->applicant_phone, c->channel, c->window_id, c->clerk_id,
	    c->handler_id, c->state, c->prev_state, c->outcome, c->decision,
	    c->step_index, (int)c->instant, c->limit_days, c->legal_limit_days,
	    c->warn_days, c->submitted_at, c->submitted_day, c->received_day,
	    c->accepted_day, c->deadline_day, c->finished_day, c->reason,
	    c->result_name, c->updated_at);

	if (!err) {
		c->id = sqlite3_last_insert_rowid(st->db);
		c->version = 1;
	}
	return err;
}

int store_case_get(store *st, int64_t id, struct case_rec *out)
{
	return one_case(st, query(st, "SELECT " CASE_COLS " FROM cases c JOIN"
	    " items i ON i.id = c.item_id WHERE c.id = ?1", "i", id), out);
}

int store_case_by_query_code(store *st, const char *code,
    struct case_rec *out)
{
	return one_case(st, query(st, "SELECT " CASE_COLS " FROM cases c JOIN"
	    " items i ON i.id = c.item_id WHERE c.query_code = ?1", "t", code),
	    out);
}

/* Assigning an indexed column rewrites its index entry even to the same
 * value (one more WAL page per index), so a case that is not finishing
 * leaves finished_day, and with it cases_finished, out of the statement:
 * an open case's finished_day is NULL and stays so until it finishes. */
#define CASE_UPDATE_SET "UPDATE cases SET window_id = ?2, clerk_id = ?3," \
	" handler_id = ?4, state = ?5, prev_state = ?6, outcome = ?7," \
	" decision = ?8, step_index = ?9, received_day = ?10," \
	" accepted_day = ?11, deadline_day = ?12, reason = ?14," \
	" result_name = ?15, updated_at = ?16, version = version + 1"
#define CASE_UPDATE_WHERE " WHERE id = ?1 AND version = ?17"

int store_case_update(store *st, struct case_rec *c)
{
	bool finishing = c->finished_day != DAY_NONE;
	/* the same arguments; without finishing, ?13, ?18 and ?19 go unused
	 * and the format stops at ?17 */
	int err = run(st, finishing ? CASE_UPDATE_SET ", finished_day = ?13,"
	    " used_days = nullif(?18, -1), on_time = nullif(?19, -1)"
	    CASE_UPDATE_WHERE : CASE_UPDATE_SET CASE_UPDATE_WHERE,
	    finishing ? "innnIIIIIddddttiiII" : "innnIIIIIddddttii", c->id,
	    c->window_id, c->clerk_id, c->handler_id,
	    c->state, c->prev_state, c->outcome, c->decision, c->step_index,
	    c->received_day, c->accepted_day, c->deadline_day, c->finished_day,
	    c->reason, c->result_name, c->updated_at, c->version, c->used_days,
	    c->on_time);

	if (err)
		return err;
	if (sqlite3_changes(st->db) == 0)
		return GH_ECONFLICT;
	c->version++;
	return 0;
}

int store_case_material_add(store *st, int64_t case_id, const char *name,
    int32_t day)
{
	return run(st, "INSERT INTO case_materials(case_id, name, day) VALUES"
	    " (?1, ?2, ?3) ON CONFLICT(case_id, name) DO UPDATE SET"
	    " day = excluded.day", "itI", case_id, name, (int)day);
}

int store_case_notice_add(store *st, int64_t case_id, int32_t day,
    int64_t actor_id, const char *const *materials, size_t n,
    const char *note)
{
	json_t *arr = json_array();
	char *text;
	int err;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_string(materials[i]));
	text = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	err = run(st, "INSERT INTO case_notices(case_id, day, actor_id,"
	    " materials, note) VALUES (?1, ?2, ?3, ?4, ?5)", "iIntt", case_id,
	    (int)day, actor_id, text, note ? note : "");
	free(text);
	return err;
}

int store_case_first_notice(store *st, int64_t case_id, char ***names,
    size_t *n)
{
	sqlite3_stmt *s = query(st, "SELECT materials FROM case_notices"
	    " WHERE case_id = ?1 ORDER BY id LIMIT 1", "i", case_id);
	int rc = sqlite3_step(s);
	json_t *arr = NULL, *v;
	size_t i, bytes = 0, cnt;
	char **out, *p;

	if (rc == SQLITE_ROW)
		arr = json_loads((const char *)sqlite3_column_text(s, 0), 0, NULL);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return map_rc(st, rc, "notice");
	cnt = arr ? json_array_size(arr) : 0;
	json_array_foreach(arr, i, v)
		bytes += strlen(json_string_value(v)) + 1;
	/* one allocation: the pointer array followed by the strings */
	out = xmalloc((cnt + 1) * sizeof *out + bytes);
	p = (char *)(out + cnt + 1);
	json_array_foreach(arr, i, v) {
		size_t len = strlen(json_string_value(v)) + 1;

		memcpy(p, json_string_value(v), len);
		out[i] = p;
		p += len;
	}
	out[cnt] = NULL;
	json_decref(arr);
	*names = out;
	*n = cnt;
	return 0;
}

int store_case_notice_count(store *st, int64_t case_id, int *out)
{
	int64_t v;
	int err = one_int(st, &v, "SELECT count(*) FROM case_notices WHERE"
	    " case_id = ?1", "i", case_id);

	if (!err)
		*out = (int)v;
	return err;
}

int store_case_suspension_open(store *st, int64_t case_id, int procedure,
    const char *reason, int32_t start_day, int64_t approver_id)
{
	return run(st, "INSERT INTO case_suspensions(case_id, procedure, reason,"
	    " start_day, approver_id) VALUES (?1, ?2, ?3, ?4, ?5)", "iItIn",
	    case_id, procedure, reason, (int)start_day, approver_id);
}

int store_case_suspension_close(store *st, int64_t case_id, int32_t end_day)
{
	int err = run(st, "UPDATE case_suspensions SET end_day = ?2 WHERE"
	    " case_id = ?1 AND end_day IS NULL", "iI", case_id, (int)end_day);

	if (!err && sqlite3_changes(st->db) == 0)
		return GH_ECONFLICT;
	return err;
}

int store_case_suspensions(store *st, int64_t case_id,
    struct clock_suspension **out, size_t *n)
{
	sqlite3_stmt *s = query(st, "SELECT start_day, end_day FROM"
	    " case_suspensions WHERE case_id = ?1 ORDER BY id", "i", case_id);
	struct clock_suspension *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 4;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[cnt].start_day = col_day(s, 0);
		v[cnt].end_day = col_day(s, 1);
		cnt++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(v);
		return map_rc(st, rc, "suspensions");
	}
	*out = v;
	*n = cnt;
	return 0;
}

int store_case_steps_init(store *st, int64_t case_id,
    const struct item_step *steps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int err = run(st, "INSERT INTO case_steps(case_id, idx, name, role,"
		    " limit_days) VALUES (?1, ?2, ?3, ?4, ?5)", "iItII", case_id,
		    (int)i, steps[i].name, steps[i].role, steps[i].limit_days);

		if (err)
			return err;
	}
	return 0;
}

int store_case_step_start(store *st, int64_t case_id, int idx,
    int64_t handler_id, int32_t start_day, int32_t due_day)
{
	return run(st, "UPDATE case_steps SET handler_id = ?3, start_day = ?4,"
	    " due_day = ?5 WHERE case_id = ?1 AND idx = ?2", "iInId", case_id,
	    idx, handler_id, (int)start_day, due_day);
}

int store_case_step_finish(store *st, int64_t case_id, int idx,
    int64_t handler_id, int32_t end_day, const char *opinion,
    const char *result)
{
	return run(st, "UPDATE case_steps SET handler_id = ?3, end_day = ?4,"
	    " opinion = ?5, result = ?6 WHERE case_id = ?1 AND idx = ?2",
	    "iInItt", case_id, idx, handler_id, (int)end_day, opinion, result);
}

int store_case_step_info(store *st, int64_t case_id, int idx, int *role,
    int *limit_days)
{
	sqlite3_stmt *s = query(st, "SELECT role, limit_days FROM case_steps"
	    " WHERE case_id = ?1 AND idx = ?2", "iI", case_id, idx);
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW) {
		*role = sqlite3_column_int(s, 0);
		*limit_days = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return GH_ENOTFOUND;
	return map_rc(st, rc, "step");
}

int store_case_event_add(store *st, const struct case_event *ev)
{
	return run(st, "INSERT INTO case_events(case_id, at, day, actor_id,"
	    " actor_name, role, action, from_state, to_state, note) VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, nullif(?8, -1), nullif(?9, -1), ?10)",
	    "iiIntItIIt", ev->case_id, ev->at, (int)ev->day, ev->actor_id,
	    ev->actor_name, ev->role, ev->action, ev->from_state, ev->to_state,
	    ev->note ? ev->note : "");
}

int store_case_parts_json(store *st, int64_t case_id, bool timeline_only,
    json_t **out)
{
	/* the timeline last: the public view reads it alone */
	static const struct {
		const char *key, *sql;
	} parts[] = {
		{"materials", "SELECT name, day AS received_day FROM"
		    " case_materials WHERE case_id = ?1 ORDER BY day, name"},
		{"notices", "SELECT n.id, n.day AS notice_day, n.materials,"
		    " n.note, u.name AS actor_name FROM case_notices n LEFT JOIN"
		    " users u ON u.id = n.actor_id WHERE n.case_id = ?1 ORDER BY"
		    " n.id"},
		{"suspensions", "SELECT procedure, reason, start_day, end_day,"
		    " u.name AS approver_name FROM case_suspensions s LEFT JOIN"
		    " users u ON u.id = s.approver_id WHERE s.case_id = ?1 ORDER"
		    " BY s.id"},
		{"steps", "SELECT s.idx, s.name, s.role, s.limit_days,"
		    " s.handler_id, u.name AS handler_name, s.start_day, s.due_day,"
		    " s.end_day, s.opinion, s.result FROM case_steps s LEFT JOIN"
		    " users u ON u.id = s.handler_id WHERE s.case_id = ?1 ORDER BY"
		    " s.idx"},
		{"timeline", "SELECT id, at, day AS event_day, actor_id,"
		    " actor_name, role, action, from_state, to_state, note FROM"
		    " case_events WHERE case_id = ?1 ORDER BY id"},
	};
	const size_t n = sizeof parts / sizeof parts[0];
	json_t *o = json_object(), *v;
	int err;

	for (size_t i = timeline_only ? n - 1 : 0; i < n; i++) {
		if ((err = rows_json(st, query(st, parts[i].sql, "i", case_id),
		    &v))) {
			json_decref(o);
			return err;
		}
		json_object_set_new(o, parts[i].key, v);
	}
	*out = o;
	return 0;
}

#define CASE_FILTER " FROM cases c JOIN items i ON i.id = c.item_id" \
	" WHERE (?1 < 0 OR c.state = ?1) AND (?2 = 0 OR c.state NOT IN" \
	" (2, 6, 8)) AND (?3 = 0 OR c.dept_id = ?3) AND (?4 = 0 OR" \
	" c.window_id = ?4) AND (?5 = 0 OR c.applicant_id = ?5) AND (?6 = 0 OR" \
	" c.handler_id = ?6) AND (?7 = 0 OR c.dept_id IN (SELECT dept_id FROM" \
	" window_depts WHERE window_id = ?7))"

int store_cases_list(store *st, const struct case_query *q, int64_t *total,
    struct case_rec **out, size_t *n)
{
	struct case_rec *v;
	size_t cnt = 0;
	int rc, err;

	err = one_int(st, total, "SELECT count(*)" CASE_FILTER, "IIiiiii",
	    q->state, (int)q->open_only, q->dept_id, q->window_id,
	    q->applicant_id, q->handler_id, q->serves_window_id);
	if (err)
		return err;
	sqlite3_stmt *s = query(st, "SELECT " CASE_COLS CASE_FILTER
	    " ORDER BY c.id DESC LIMIT ?8 OFFSET ?9", "IIiiiiiII", q->state,
	    (int)q->open_only, q->dept_id, q->window_id, q->applicant_id,
	    q->handler_id, q->serves_window_id, q->per_page,
	    page_offset(q->page, q->per_page));
	v = xcalloc((size_t)(q->per_page > 0 ? q->per_page : 1), sizeof *v);
	while (cnt < (size_t)q->per_page && (rc = sqlite3_step(s)) == SQLITE_ROW)
		read_case(s, &v[cnt++]);
	sqlite3_reset(s);
	*out = v;
	*n = cnt;
	return 0;
}

int store_cases_open_ids(store *st, int64_t **ids, size_t *n)
{
	sqlite3_stmt *s = query(st, "SELECT id FROM cases WHERE accepted_day IS"
	    " NOT NULL AND finished_day IS NULL ORDER BY id", "");
	int64_t *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 256;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[cnt++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(v);
		return map_rc(st, rc, "open cases");
	}
	*ids = v;
	*n = cnt;
	return 0;
}

int store_cases_count(store *st, int64_t *out)
{
	return one_int(st, out, "SELECT count(*) FROM cases", "");
}

int store_pick_handler(store *st, int64_t dept_id, int role,
    int64_t *user_id)
{
	return one_int(st, user_id, "SELECT u.id FROM users u WHERE"
	    " u.dept_id = ?1 AND u.role = ?2 AND u.active = 1 ORDER BY"
	    " (SELECT count(*) FROM cases c WHERE c.handler_id = u.id AND"
	    " c.state NOT IN (2, 6, 8)), u.id LIMIT 1", "iI", dept_id, role);
}

/* ---- supervision ---------------------------------------------------------- */

int store_watch_rows(store *st, unsigned dims_mask, struct watch_row **out,
    size_t *n)
{
	/* dim IN (...) reads one primary-key range per dimension asked for; a
	 * test on the mask would scan every dimension's rows (bench/board.sh:
	 * 95 k rows scanned for the 22 k of the department board). */
#define DIM_IF(i) (dims_mask >> (i) & 1 ? (i) : -1)
	sqlite3_stmt *s = query(st, "SELECT dim, key, region_id, deadline_day,"
	    " warn_days, paused, n FROM watch_counts WHERE dim IN (?1, ?2, ?3,"
	    " ?4, ?5) AND n > 0", "IIIII", DIM_IF(0), DIM_IF(1), DIM_IF(2),
	    DIM_IF(3), DIM_IF(4));
#undef DIM_IF
	struct watch_row *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 1024;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[cnt].dim = sqlite3_column_int(s, 0);
		v[cnt].key = sqlite3_column_int64(s, 1);
		v[cnt].region_id = sqlite3_column_int64(s, 2);
		v[cnt].deadline_day = sqlite3_column_int(s, 3);
		v[cnt].warn_days = sqlite3_column_int(s, 4);
		v[cnt].paused = sqlite3_column_int(s, 5);
		v[cnt].n = sqlite3_column_int64(s, 6);
		cnt++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(v);
		return map_rc(st, rc, "watch");
	}
	*out = v;
	*n = cnt;
	return 0;
}

int store_watch_names(store *st, int dim, json_t **out)
{
	static const char *const sql[WATCH_DIM_COUNT_] = {
		"SELECT 0, '全部'",
		"SELECT id, short_name FROM departments",
		"SELECT id, no || ' ' || name FROM windows",
		"SELECT id, name FROM users WHERE role <> 1",
		"SELECT id, name FROM regions",
	};
	sqlite3_stmt *s;
	json_t *o;
	int rc;

	if (dim < 0 || dim >= WATCH_DIM_COUNT_)
		return GH_EINVAL;
	s = query(st, sql[dim], "");
	o = json_object();
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		char key[24];

		snprintf(key, sizeof key, "%lld",
		    (long long)sqlite3_column_int64(s, 0));
		json_object_set_new(o, key, json_string(
		    (const char *)sqlite3_column_text(s, 1)));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		json_decref(o);
		return map_rc(st, rc, "names");
	}
	*out = o;
	return 0;
}

/* The yellow and red lists.  The total comes from watch_counts (a few
 * rows per deadline day), the page from the partial index cases_watch in
 * deadline order: neither reads more cases than the page shows.  The two
 * lights are separate statements so that each is a plain range on
 * deadline_day the planner can use (bench/board.sh). */
#define WATCH_TOTAL "SELECT coalesce(sum(n), 0) FROM watch_counts WHERE" \
	" dim = ?1 AND key = ?2 AND paused = 0 AND "
#define WATCH_ROWS "SELECT " CASE_COLS " FROM cases c INDEXED BY" \
	" cases_watch JOIN items i ON i.id = c.item_id WHERE c.accepted_day IS" \
	" NOT NULL AND c.finished_day IS NULL AND c.state NOT IN (3, 7) AND" \
	" (?1 = 0 OR c.dept_id = ?1) AND "
#define WATCH_ORDER " ORDER BY c.deadline_day, c.id LIMIT ?4 OFFSET ?5"

int store_watch_cases(store *st, int light, int32_t red_before,
    const char *cutoffs_json, int64_t dept_id, int page, int per_page,
    int64_t *total, struct case_rec **out, size_t *n)
{
	bool red = light == LIGHT_RED;
	struct case_rec *v;
	size_t cnt = 0;
	sqlite3_stmt *s;
	int rc = SQLITE_DONE, err;

	err = red ? one_int(st, total, WATCH_TOTAL "deadline_day < ?3", "IiI",
	    dept_id ? 1 : 0, dept_id, (int)red_before) :
	    one_int(st, total, WATCH_TOTAL "deadline_day >= ?3 AND deadline_day"
	    " <= json_extract(?4, '$[' || warn_days || ']')", "IiIt",
	    dept_id ? 1 : 0, dept_id, (int)red_before, cutoffs_json);
	if (err)
		return err;
	s = red ? query(st, WATCH_ROWS "c.deadline_day < ?2" WATCH_ORDER,
	    "iItII", dept_id, (int)red_before, cutoffs_json, per_page,
	    page_offset(page, per_page)) :
	    query(st, WATCH_ROWS "c.deadline_day >= ?2 AND c.deadline_day <="
	    " json_extract(?3, '$[#-1]') AND c.deadline_day <= json_extract(?3,"
	    " '$[' || c.warn_days || ']')" WATCH_ORDER, "iItII", dept_id,
	    (int)red_before, cutoffs_json, per_page,
	    page_offset(page, per_page));
	v = xcalloc((size_t)per_page, sizeof *v);
	while (cnt < (size_t)per_page && (rc = sqlite3_step(s)) == SQLITE_ROW)
		read_case(s, &v[cnt++]);
	if (cnt < (size_t)per_page && rc != SQLITE_DONE) {
		sqlite3_reset(s);
		free(v);
		return map_rc(st, rc, "watch cases");
	}
	sqlite3_reset(s);
	*out = v;
	*n = cnt;
	return 0;
}

int store_stats_json(store *st, int32_t from, int32_t to, int dim,
    int32_t red_before, int64_t dept_id, json_t **out)
{
	/* One pass over the cases touched in the period or still open;
	 * outcomes: 1 出证, 2 不予许可, 3 不予受理, 4 撤回, 5 补正超时, 6 转报. */
	return rows_json(st, query(st, "SELECT CASE ?3 WHEN 1 THEN dept_id"
	    " WHEN 2 THEN coalesce(window_id, 0) WHEN 3 THEN coalesce(clerk_id, 0)"
	    " WHEN 4 THEN region_id WHEN 5 THEN (SELECT r.level FROM regions r"
	    "  WHERE r.id = cases.region_id) ELSE 0 END AS key,"
	    " sum(submitted_day BETWEEN ?1 AND ?2) AS received,"
	    " sum(coalesce(accepted_day BETWEEN ?1 AND ?2, 0)) AS accepted,"
	    " sum(outcome IN (3, 5) AND finished_day BETWEEN ?1 AND ?2) AS rejected,"
	    " sum(outcome IN (1, 2, 6) AND finished_day BETWEEN ?1 AND ?2)"
	    "  AS completed,"
	    " sum(outcome IN (1, 2, 6) AND finished_day BETWEEN ?1 AND ?2 AND"
	    "  on_time = 1) AS on_time,"
	    " sum(outcome IN (1, 2, 6) AND finished_day BETWEEN ?1 AND ?2 AND"
	    "  on_time = 0) AS late,"
	    " sum(outcome = 4 AND finished_day BETWEEN ?1 AND ?2) AS withdrawn,"
	    " sum(submitted_day BETWEEN ?1 AND ?2 AND channel = 'online')"
	    "  AS online,"
	    " coalesce(sum(CASE WHEN outcome IN (1, 2, 6) AND finished_day BETWEEN"
	    "  ?1 AND ?2 THEN used_days END), 0) AS used_days,"
	    " coalesce(sum(CASE WHEN outcome IN (1, 2, 6) AND finished_day BETWEEN"
	    "  ?1 AND ?2 THEN limit_days END), 0) AS promised_days,"
	    " coalesce(sum(CASE WHEN outcome IN (1, 2, 6) AND finished_day BETWEEN"
	    "  ?1 AND ?2 THEN legal_limit_days END), 0) AS legal_days,"
	    " sum(finished_day IS NULL AND accepted_day IS NOT NULL AND"
	    "  state NOT IN (3, 7) AND deadline_day < ?4) AS overdue_open"
	    " FROM cases WHERE (submitted_day BETWEEN ?1 AND ?2 OR finished_day"
	    " BETWEEN ?1 AND ?2 OR accepted_day BETWEEN ?1 AND ?2 OR"
	    " finished_day IS NULL) AND (?5 = 0 OR dept_id = ?5)"
	    " GROUP BY 1 ORDER BY 1", "IIIIi", (int)from,
	    (int)to, dim, (int)red_before, dept_id), out);
}

int store_daily_json(store *st, int32_t day, int limit, json_t **depts,
    json_t **cases, int64_t *cases_total)
{
	int err = one_int(st, cases_total, "SELECT count(*) FROM cases WHERE"
	    " submitted_day = ?1 OR finished_day = ?1", "I", (int)day);

	if (err)
		return err;
	err = rows_json(st, query(st, "SELECT d.id, d.short_name AS name,"
	    " sum(c.submitted_day = ?1) AS received, sum(c.finished_day = ?1 AND"
	    " c.outcome IN (1, 2, 6)) AS completed, sum(c.finished_day = ?1 AND"
	    " c.outcome IN (1, 2, 6) AND c.on_time = 1) AS on_time FROM cases c"
	    " JOIN departments d ON d.id = c.dept_id WHERE c.submitted_day = ?1"
	    " OR c.finished_day = ?1 GROUP BY d.id ORDER BY received DESC, d.id",
	    "I", (int)day), depts);

	if (err)
		return err;
	err = rows_json(st, query(st, "SELECT i.name AS item_name, d.short_name"
	    " AS dept_name, c.applicant_name, c.state, c.outcome, c.channel,"
	    " c.submitted_day, c.finished_day, c.submitted_day = ?1 AS"
	    " received_flag, coalesce(c.finished_day = ?1 AND c.outcome IN (1, 2,"
	    " 6), 0) AS completed_flag FROM cases c JOIN items i ON"
	    " i.id = c.item_id JOIN departments d ON d.id = c.dept_id WHERE"
	    " c.submitted_day = ?1 OR c.finished_day = ?1 ORDER BY c.id DESC"
	    " LIMIT ?2", "II", (int)day, limit), cases);
	if (err) {
		json_decref(*depts);
		*depts = NULL;
	}
	return err;
}

/* ---- anomalies, timers, cards, notifications ------------------------------ */

int store_anomaly_config(store *st, struct anomaly_config *cfg)
{
	sqlite3_stmt *s = query(st, "SELECT rule_id, enabled, threshold FROM"
	    " anomaly_rule_settings", "");
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int r = anomaly_rule_from_id((const char *)sqlite3_column_text(s, 0));

		if (r < 0)
			continue;
		cfg->enabled[r] = sqlite3_column_int(s, 1);
		cfg->threshold[r] = sqlite3_column_int(s, 2);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : map_rc(st, rc, "rules");
}

int store_anomaly_rule_set(store *st, const char *rule_id, bool enabled,
    int threshold, int64_t user_id, int64_t now)
{
	return run(st, "INSERT INTO anomaly_rule_settings(rule_id, enabled,"
	    " threshold, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)"
	    " ON CONFLICT(rule_id) DO UPDATE SET enabled = excluded.enabled,"
	    " threshold = excluded.threshold, updated_by = excluded.updated_by,"
	    " updated_at = excluded.updated_at", "tIIni", rule_id, (int)enabled,
	    threshold, user_id, now);
}

int store_anomaly_add(store *st, const struct anomaly_rec *a, bool *created)
{
	int err = run(st, "INSERT OR IGNORE INTO anomalies(rule_id, case_id,"
	    " event_id, dept_id, user_id, day, at, explanation, evidence) VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", "tiiinIitt", a->rule_id,
	    a->case_id, a->event_id, a->dept_id, a->user_id, (int)a->day, a->at,
	    a->explanation, a->evidence);

	if (!err)
		*created = sqlite3_changes(st->db) > 0;
	return err;
}

int store_case_last_event_id(store *st, int64_t case_id, int64_t *out)
{
	return one_int(st, out, "SELECT coalesce(max(id), 0) FROM case_events"
	    " WHERE case_id = ?1", "i", case_id);
}

int store_timer_set(store *st, const char *kind, int64_t case_id,
    int32_t due_day)
{
	return run(st, "INSERT INTO timers(kind, case_id, due_day) VALUES (?1,"
	    " ?2, ?3) ON CONFLICT(kind, case_id) DO UPDATE SET due_day ="
	    " excluded.due_day, done_at = NULL", "tiI", kind, case_id,
	    (int)due_day);
}

int store_timer_done(store *st, const char *kind, int64_t case_id,
    int64_t now)
{
	return run(st, "UPDATE timers SET done_at = ?3 WHERE kind = ?1 AND"
	    " case_id = ?2 AND done_at IS NULL", "tii", kind, case_id, now);
}

/* Collects the first column of every row as int64 ids. */
static int ids_of(store *st, sqlite3_stmt *s, int64_t **ids, size_t *n)
{
	int64_t *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[cnt++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(v);
		return map_rc(st, rc, "ids");
	}
	*ids = v;
	*n = cnt;
	return 0;
}

int store_timers_due(store *st, const char *kind, int32_t today, int limit,
    int64_t **ids, size_t *n)
{
	return ids_of(st, query(st, "SELECT case_id FROM timers WHERE kind = ?1"
	    " AND done_at IS NULL AND due_day <= ?2 ORDER BY due_day LIMIT ?3",
	    "tII", kind, (int)today, limit), ids, n);
}

int store_cases_due_ids(store *st, int32_t last_day, int64_t **ids,
    size_t *n)
{
	return ids_of(st, query(st, "SELECT id FROM cases WHERE accepted_day IS"
	    " NOT NULL AND finished_day IS NULL AND deadline_day <= ?1 ORDER BY"
	    " deadline_day, id", "I", (int)last_day), ids, n);
}

int store_card_add(store *st, int64_t case_id, int kind, int64_t dept_id,
    int64_t user_id, int32_t day, int64_t at, const char *reason,
    bool *created)
{
	int err = run(st, "INSERT OR IGNORE INTO cards(case_id, kind, dept_id,"
	    " user_id, day, at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    "iIinIit", case_id, kind, dept_id, user_id, (int)day, at, reason);

	if (!err)
		*created = sqlite3_changes(st->db) > 0;
	return err;
}

int store_cards_json(store *st, int64_t dept_id, int32_t from, int32_t to,
    json_t **out)
{
	return rows_json(st, query(st, "SELECT k.id, k.case_id, c.query_code,"
	    " CASE k.kind WHEN 2 THEN 'yellow_card' ELSE 'red_card' END AS kind,"
	    " CASE k.kind WHEN 2 THEN '黄牌' ELSE '红牌' END AS kind_label,"
	    " k.dept_id, d.short_name AS dept_name, k.user_id, u.name AS user_name,"
	    " k.day AS issued_day, k.reason FROM cards k JOIN cases c ON"
	    " c.id = k.case_id JOIN departments d ON d.id = k.dept_id LEFT JOIN"
	    " users u ON u.id = k.user_id WHERE (?1 = 0 OR k.dept_id = ?1) AND"
	    " k.day BETWEEN ?2 AND ?3 ORDER BY k.id DESC", "iII", dept_id,
	    (int)from, (int)to), out);
}

int store_notification_add(store *st, int64_t user_id, int64_t case_id,
    const char *kind, const char *text, int64_t at, bool *created)
{
	int err = run(st, "INSERT OR IGNORE INTO notifications(user_id, case_id,"
	    " kind, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5)", "intti",
	    user_id, case_id, kind, text, at);

	if (!err)
		*created = sqlite3_changes(st->db) > 0;
	return err;
}

int store_notifications_json(store *st, int64_t user_id, bool unread_only,
    json_t **out)
{
	return rows_json(st, query(st, "SELECT n.id, n.case_id, c.query_code,"
	    " n.kind, n.text, n.created_at, n.read_at FROM notifications n LEFT"
	    " JOIN cases c ON c.id = n.case_id WHERE n.user_id = ?1 AND (?2 = 0"
	    " OR n.read_at IS NULL) ORDER BY n.id DESC LIMIT 200", "iI", user_id,
	    (int)unread_only), out);
}

int store_notification_read(store *st, int64_t user_id, int64_t id,
    int64_t at)
{
	int err = run(st, "UPDATE notifications SET read_at = coalesce(read_at,"
	    " ?3) WHERE id = ?2 AND user_id = ?1", "iii", user_id, id, at);

	if (!err && sqlite3_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

/* ---- supervision records: notices, sanctions, anomaly review -------------- */

int store_notice_add(store *st, const struct notice_rec *n,
    bool once_per_case, int64_t *id)
{
	char prefix[32], next[32];
	int y, m, d, err;

	day_to_ymd(n->issued_day, &y, &m, &d);
	snprintf(prefix, sizeof prefix, "督〔%04d〕", y);
	snprintf(next, sizeof next, "督〔%04d〕", y + 1);
	/* "督〔2026〕" is 7 characters: the number runs from the 8th to the
	 * character before 号.  The range on no uses its unique index. */
	err = run(st, "INSERT INTO supervision_notices(no, case_id, dept_id,"
	    " rule_id, content, issued_by, issued_at, issued_day, reply_due_day)"
	    " SELECT ?1 || (SELECT coalesce(max(CAST(substr(no, 8, length(no) - 8)"
	    " AS INTEGER)), 0) + 1 FROM supervision_notices WHERE no >= ?1 AND"
	    " no < ?2) || '号', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 WHERE ?11 = 0 OR"
	    " NOT EXISTS (SELECT 1 FROM supervision_notices WHERE case_id = ?3)",
	    "ttnittniIII", prefix, next, n->case_id, n->dept_id,
	    n->rule_id ? n->rule_id : "", n->content, n->issued_by, n->issued_at,
	    (int)n->issued_day, (int)n->reply_due_day, (int)once_per_case);
	if (err)
		return err;
	*id = sqlite3_changes(st->db) > 0 ? sqlite3_last_insert_rowid(st->db) : 0;
	return 0;
}

int store_notice_info(store *st, int64_t id, struct notice_info *out)
{
	sqlite3_stmt *s = query(st, "SELECT id, coalesce(case_id, 0), dept_id,"
	    " state, reply_due_day FROM supervision_notices WHERE id = ?1", "i",
	    id);
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->case_id = sqlite3_column_int64(s, 1);
		out->dept_id = sqlite3_column_int64(s, 2);
		out->state = sqlite3_column_int(s, 3);
		out->reply_due_day = (int32_t)sqlite3_column_int(s, 4);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return GH_ENOTFOUND;
	return map_rc(st, rc, "notice");
}

/* Columns of a notice; ?1 is today (for the overdue flag). */
#define NOTICE_COLS "n.id, n.no, n.case_id, c.query_code, n.dept_id," \
	" d.short_name AS dept_name, n.rule_id, n.content, n.issued_by," \
	" coalesce(ui.name, '系统') AS issued_by_name, n.issued_at, n.issued_day," \
	" n.reply_due_day, n.reply, n.replied_by, ur.name AS replied_by_name," \
	" n.replied_at, n.replied_day, n.close_note, n.closed_by, uc.name AS" \
	" closed_by_name, n.closed_at, n.closed_day, CASE n.state WHEN 0 THEN" \
	" 'awaiting_reply' WHEN 1 THEN 'replied' ELSE 'closed' END AS state," \
	" CASE n.state WHEN 0 THEN '待回复' WHEN 1 THEN '已回复' ELSE '已办结'" \
	" END AS state_label, (n.state = 0 AND n.reply_due_day < ?1) AS" \
	" overdue_flag"
#define NOTICE_FROM " FROM supervision_notices n JOIN departments d ON" \
	" d.id = n.dept_id LEFT JOIN cases c ON c.id = n.case_id LEFT JOIN" \
	" users ui ON ui.id = n.issued_by LEFT JOIN users ur ON" \
	" ur.id = n.replied_by LEFT JOIN users uc ON uc.id = n.closed_by"
#define NOTICE_FILTER " WHERE (?2 < 0 OR n.state = ?2) AND (?3 = 0 OR" \
	" (n.state = 0 AND n.reply_due_day < ?1)) AND (?4 = 0 OR n.dept_id = ?4)"

int store_notice_json(store *st, int64_t id, int32_t today, json_t **out)
{
	sqlite3_stmt *s = query(st, "SELECT " NOTICE_COLS NOTICE_FROM
	    " WHERE n.id = ?2", "Ii", (int)today, id);
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		*out = row_json(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return GH_ENOTFOUND;
	return map_rc(st, rc, "notice");
}

int store_notices_json(store *st, int state, bool overdue_only,
    int64_t dept_id, int32_t today, int page, int per_page, json_t **out)
{
	int64_t total;
	int err = one_int(st, &total, "SELECT count(*) FROM supervision_notices n"
	    NOTICE_FILTER, "IIIi", (int)today, state, (int)overdue_only, dept_id);

	if (err)
		return err;
	return page_json(st, total, query(st, "SELECT " NOTICE_COLS NOTICE_FROM
	    NOTICE_FILTER " ORDER BY n.id DESC LIMIT ?5 OFFSET ?6", "IIIiII",
	    (int)today, state, (int)overdue_only, dept_id, per_page,
	    page_offset(page, per_page)), out);
}

int store_notice_reply(store *st, int64_t id, const char *reply,
    int64_t user_id, int64_t at, int32_t day)
{
	int err = run(st, "UPDATE supervision_notices SET reply = ?2,"
	    " replied_by = ?3, replied_at = ?4, replied_day = ?5, state = 1"
	    " WHERE id = ?1 AND state = 0", "itniI", id, reply, user_id, at,
	    (int)day);

	if (!err && sqlite3_changes(st->db) == 0)
		return GH_ECONFLICT;
	return err;
}

int store_notice_close(store *st, int64_t id, const char *note,
    int64_t user_id, int64_t at, int32_t day)
{
	int err = run(st, "UPDATE supervision_notices SET close_note = ?2,"
	    " closed_by = ?3, closed_at = ?4, closed_day = ?5, state = 2"
	    " WHERE id = ?1 AND state = 1", "itniI", id, note ? note : "",
	    user_id, at, (int)day);

	if (!err && sqlite3_changes(st->db) == 0)
		return GH_ECONFLICT;
	return err;
}

int store_sanction_add(store *st, const struct sanction_rec *s, int64_t *id)
{
	int err = run(st, "INSERT INTO sanctions(kind, target_user_id,"
	    " target_dept_id, case_id, notice_id, reason, evidence, issued_by,"
	    " issued_at, issued_day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	    " ?10)", "InnnnttniI", s->kind, s->user_id, s->dept_id, s->case_id,
	    s->notice_id, s->reason, s->evidence, s->issued_by, s->issued_at,
	    (int)s->issued_day);

	if (!err)
		*id = sqlite3_last_insert_rowid(st->db);
	return err;
}

#define SANCTION_COLS "s.id, s.kind, s.target_user_id AS user_id, tu.name AS" \
	" user_name, s.target_dept_id AS dept_id, td.short_name AS dept_name," \
	" s.case_id, c.query_code, s.notice_id, n.no AS notice_no, s.reason," \
	" s.evidence, s.issued_by, ui.name AS issued_by_name, s.issued_at," \
	" s.issued_day"
#define SANCTION_FROM " FROM sanctions s LEFT JOIN users tu ON" \
	" tu.id = s.target_user_id LEFT JOIN departments td ON" \
	" td.id = s.target_dept_id LEFT JOIN cases c ON c.id = s.case_id" \
	" LEFT JOIN supervision_notices n ON n.id = s.notice_id LEFT JOIN users" \
	" ui ON ui.id = s.issued_by"
#define SANCTION_FILTER " WHERE (?1 = 0 OR s.target_dept_id = ?1 OR" \
	" tu.dept_id = ?1) AND (?2 = 0 OR s.target_user_id = ?2)"

int store_sanction_json(store *st, int64_t id, json_t **out)
{
	sqlite3_stmt *s = query(st, "SELECT " SANCTION_COLS SANCTION_FROM
	    " WHERE s.id = ?1", "i", id);
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		*out = row_json(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return GH_ENOTFOUND;
	return map_rc(st, rc, "sanction");
}

int store_sanctions_json(store *st, int64_t dept_id, int64_t user_id,
    int page, int per_page, json_t **out)
{
	int64_t total;
	int err = one_int(st, &total, "SELECT count(*) FROM sanctions s LEFT JOIN"
	    " users tu ON tu.id = s.target_user_id" SANCTION_FILTER, "ii",
	    dept_id, user_id);

	if (err)
		return err;
	return page_json(st, total, query(st, "SELECT " SANCTION_COLS
	    SANCTION_FROM SANCTION_FILTER " ORDER BY s.id DESC LIMIT ?3 OFFSET ?4",
	    "iiII", dept_id, user_id, per_page, page_offset(page, per_page)), out);
}

#define ANOMALY_COLS "a.id, a.rule_id, a.case_id, c.query_code, a.event_id," \
	" a.dept_id, d.short_name AS dept_name, a.user_id, u.name AS user_name," \
	" a.day AS detected_day, a.at, a.explanation, a.evidence, a.status," \
	" a.review_note, a.reviewed_by, ur.name AS reviewed_by_name," \
	" a.reviewed_at"

#define ANOMALY_FROM " FROM anomalies a JOIN cases c ON c.id = a.case_id" \
	" JOIN departments d ON d.id = a.dept_id LEFT JOIN users u ON" \
	" u.id = a.user_id LEFT JOIN users ur ON ur.id = a.reviewed_by"

int store_anomalies_page_json(store *st, int status, const char *rule_id,
    int64_t dept_id, int page, int per_page, json_t **out)
{
	int64_t total;
	int err = one_int(st, &total, "SELECT count(*) FROM anomalies a WHERE"
	    " (?1 < 0 OR a.status = ?1) AND (?2 IS NULL OR a.rule_id = ?2) AND"
	    " (?3 = 0 OR a.dept_id = ?3)", "Iti", status, rule_id, dept_id);

	if (err)
		return err;
	return page_json(st, total, query(st, "SELECT " ANOMALY_COLS ANOMALY_FROM
	    " WHERE (?1 < 0 OR a.status = ?1) AND (?2 IS NULL OR a.rule_id = ?2)"
	    " AND (?3 = 0 OR a.dept_id = ?3) ORDER BY a.id DESC LIMIT ?4"
	    " OFFSET ?5", "ItiII", status, rule_id, dept_id, per_page,
	    page_offset(page, per_page)), out);
}

int store_anomaly_json(store *st, int64_t id, json_t **out)
{
	sqlite3_stmt *s = query(st, "SELECT " ANOMALY_COLS ANOMALY_FROM
	    " WHERE a.id = ?1", "i", id);
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		*out = row_json(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return GH_ENOTFOUND;
	return map_rc(st, rc, "anomaly");
}

int store_anomaly_review(store *st, int64_t id, int status, const char *note,
    int64_t user_id, int64_t at)
{
	int64_t old;
	int err = one_int(st, &old, "SELECT status FROM anomalies WHERE id = ?1",
	    "i", id);

	if (err)
		return err;
	if (old != 0)
		return GH_ECONFLICT;
	return run(st, "UPDATE anomalies SET status = ?2, review_note = ?3,"
	    " reviewed_by = ?4, reviewed_at = ?5 WHERE id = ?1 AND status = 0",
	    "iItni", id, status, note ? note : "", user_id, at);
}

/* ---- outbox ---------------------------------------------------------------- */

int store_user_contact(store *st, int64_t user_id, char *email,
    size_t email_cap, char *phone, size_t phone_cap)
{
	sqlite3_stmt *s = query(st, "SELECT email, phone FROM users WHERE"
	    " id = ?1 AND active = 1", "i", user_id);
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW) {
		col_text(s, 0, email, email_cap);
		col_text(s, 1, phone, phone_cap);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return GH_ENOTFOUND;
	return map_rc(st, rc, "user contact");
}

int store_outbox_add(store *st, const char *channel, const char *recipient,
    const char *subject, const char *body, int64_t at, int64_t *id)
{
	int err = run(st, "INSERT INTO outbox(channel, recipient, subject, body,"
	    " next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
	    "tttti", channel, recipient, subject, body, at);

	if (!err)
		*id = sqlite3_last_insert_rowid(st->db);
	return err;
}

int store_outbox_claim(store *st, const char *worker, bool email, bool sms,
    int64_t now, int64_t until, int limit, struct outbox_msg **out,
    size_t *n)
{
	struct outbox_msg *v = NULL;
	size_t cnt = 0;
	sqlite3_stmt *s;
	int rc, err;

	err = run(st, "UPDATE outbox SET claimed_by = ?1, claimed_until = ?3"
	    " WHERE id IN (SELECT id FROM outbox WHERE state = 0 AND"
	    " next_attempt_at <= ?2 AND (claimed_until IS NULL OR"
	    " claimed_until <= ?2) AND ((?4 AND channel = 'email') OR"
	    " (?5 AND channel = 'sms')) ORDER BY next_attempt_at, id LIMIT ?6)",
	    "tiiIII", worker, now, until, (int)email, (int)sms, limit);
	if (err)
		return err;
	if (limit > 0)
		v = xcalloc((size_t)limit, sizeof *v);
	s = query(st, "SELECT id, created_at, channel, recipient, subject, body,"
	    " attempts FROM outbox WHERE state = 0 AND next_attempt_at <= ?3 AND"
	    " claimed_by = ?1 ORDER BY next_attempt_at, id LIMIT ?2", "tIi",
	    worker, limit, now);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct outbox_msg *m = &v[cnt++];

		m->id = sqlite3_column_int64(s, 0);
		m->created_at = sqlite3_column_int64(s, 1);
		col_text(s, 2, m->channel, sizeof m->channel);
		m->recipient = col_dup(s, 3);
		m->subject = col_dup(s, 4);
		m->body = col_dup(s, 5);
		m->attempts = sqlite3_column_int(s, 6);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_outbox_free(v, cnt);
		return map_rc(st, rc, "outbox claim");
	}
	*out = v;
	*n = cnt;
	return 0;
}

void store_outbox_free(struct outbox_msg *m, size_t n)
{
	if (!m)
		return;
	for (size_t i = 0; i < n; i++) {
		free(m[i].recipient);
		free(m[i].subject);
		free(m[i].body);
	}
	free(m);
}

int store_outbox_sent(store *st, int64_t id, const char *worker,
    int64_t at)
{
	int err = run(st, "UPDATE outbox SET state = 1, attempts = attempts + 1,"
	    " sent_at = ?3, last_error = '', claimed_by = NULL, claimed_until ="
	    " NULL WHERE id = ?1 AND claimed_by = ?2 AND state = 0", "iti", id,
	    worker, at);

	if (!err && sqlite3_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

int store_outbox_failed(store *st, int64_t id, const char *worker,
    const char *error, int64_t next_at, bool give_up)
{
	int err = run(st, "UPDATE outbox SET attempts = attempts + 1,"
	    " last_error = ?3, next_attempt_at = ?4, state = ?5, claimed_by ="
	    " NULL, claimed_until = NULL WHERE id = ?1 AND claimed_by = ?2 AND"
	    " state = 0", "ittiI", id, worker, error, next_at, give_up ? 2 : 0);

	if (!err && sqlite3_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

int store_outbox_release(store *st, int64_t id, const char *worker)
{
	int err = run(st, "UPDATE outbox SET claimed_by = NULL, claimed_until ="
	    " NULL WHERE id = ?1 AND claimed_by = ?2 AND state = 0", "it", id,
	    worker);

	if (!err && sqlite3_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

int store_outbox_count_due(store *st, bool email, bool sms, int64_t now,
    int limit, int64_t *n)
{
	return one_int(st, n, "SELECT count(*) FROM (SELECT 1 FROM outbox WHERE"
	    " state = 0 AND next_attempt_at <= ?1 AND ((?2 AND channel = 'email')"
	    " OR (?3 AND channel = 'sms')) LIMIT ?4)", "iIII", now, (int)email,
	    (int)sms, limit);
}

int store_outbox_expire(store *st, bool email, bool sms, int64_t cutoff,
    int64_t now, const char *error, int limit, int64_t *n)
{
	/* next_attempt_at < cutoff keeps to the outbox_due index: a message
	 * never tried is due when it was queued */
	int err = run(st, "UPDATE outbox SET state = 2, last_error = ?4,"
	    " claimed_by = NULL, claimed_until = NULL WHERE id IN (SELECT id FROM"
	    " outbox WHERE state = 0 AND next_attempt_at < ?3 AND created_at < ?3"
	    " AND (claimed_until IS NULL OR claimed_until <= ?5) AND ((?1 AND"
	    " channel = 'email') OR (?2 AND channel = 'sms')) LIMIT ?6)",
	    "IIitiI", (int)email, (int)sms, cutoff, error, now, limit);

	if (!err)
		*n = sqlite3_changes(st->db);
	return err;
}

/* ---- separation of duties: pending changes to supervisors (0007) -------- */

int store_staff_request_add(store *st, const struct staff_request *r,
    int64_t *id)
{
	int err = run(st, "INSERT INTO staff_requests(kind, target_id,"
	    " requester_id, change, summary, created_at, expires_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", "tiittii", r->kind,
	    r->target_id, r->requester_id, r->change, r->summary,
	    r->created_at, r->expires_at);

	if (!err)
		*id = sqlite3_last_insert_rowid(st->db);
	return err;
}

/* The API columns of a request: never the change itself (it may hold a
 * password hash). */
#define STAFF_REQUEST_COLS "r.id, r.kind, r.target_id, t.username AS" \
	" target_username, t.name AS target_name, r.requester_id, q.name AS" \
	" requester_name, r.summary, CASE WHEN r.state = 'pending' AND" \
	" r.expires_at <= ?1 THEN 'expired' ELSE r.state END AS state," \
	" r.created_at, r.expires_at, r.decided_by, r.decided_at"
#define STAFF_REQUEST_FROM " FROM staff_requests r JOIN users t" \
	" ON t.id = r.target_id JOIN users q ON q.id = r.requester_id"

int store_staff_requests_json(store *st, int64_t now, json_t **out)
{
	return rows_json(st, query(st, "SELECT " STAFF_REQUEST_COLS
	    STAFF_REQUEST_FROM " ORDER BY r.id DESC LIMIT ?2", "iI", now, 200), out);
}

int store_staff_request_get(store *st, int64_t id, int64_t now,
    struct staff_request *r, json_t **out)
{
	sqlite3_stmt *s = query(st, "SELECT " STAFF_REQUEST_COLS ", r.change"
	    STAFF_REQUEST_FROM " WHERE r.id = ?2", "ii", now, id);
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW) {
		*out = row_json(s);
		json_object_del(*out, "change");
		memset(r, 0, sizeof *r);
		r->id = id;
		r->target_id = sqlite3_column_int64(s, 2);
		r->requester_id = sqlite3_column_int64(s, 5);
		r->expires_at = sqlite3_column_int64(s, 10);
		col_text(s, 1, r->kind_buf, sizeof r->kind_buf);
		col_text(s, 8, r->state_buf, sizeof r->state_buf);
		r->kind = r->kind_buf;
		r->change = col_dup(s, 13);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? GH_ENOTFOUND : map_rc(st, rc,
	    "staff request");
}

int store_staff_request_decide(store *st, int64_t id, bool approved,
    int64_t decided_by, int64_t now)
{
	int err = run(st, "UPDATE staff_requests SET state = ?2,"
	    " decided_by = ?3, decided_at = ?4 WHERE id = ?1 AND"
	    " state = 'pending' AND expires_at > ?4", "itii", id,
	    approved ? "approved" : "rejected", decided_by, now);

	if (!err && sqlite3_changes(st->db) == 0)
		err = GH_ECONFLICT;
	return err;
}
