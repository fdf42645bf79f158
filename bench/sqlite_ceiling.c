/*
 * sqlite_ceiling.c - the raw SQLite write ceiling of this disk: one
 * transaction per fsync, in a tight C loop, with nothing else around it.
 *
 * Usage: sqlite_ceiling DB_PATH [SECONDS]
 *
 * Opens (creating) DB_PATH with the pragmas govhall's store uses
 * (journal_mode=WAL, synchronous=FULL, foreign_keys=ON, temp_store=MEMORY,
 * busy_timeout 5000), then for SECONDS (default 5) repeats
 *     BEGIN IMMEDIATE; INSERT one row; UPDATE that row; COMMIT
 * with prepared statements.  Under WAL with synchronous=FULL every COMMIT
 * ends with an fsync of the WAL file, so the rate printed is how many
 * durable write transactions per second this disk allows one writer that
 * does no other work.  A server that commits each request on its own can
 * approach this figure but never pass it; only group commit (several
 * requests' changes made durable by one fsync) can.
 *
 * Prints one line of key=value pairs for bench/run.sh:
 *     sqlite_ceiling txns=N seconds=S tps=R p50_ms=A p99_ms=B
 * Exits 1 on any SQLite error.  Single-threaded; owns DB_PATH and its
 * -wal/-shm files, which the caller removes.
 */
#define _POSIX_C_SOURCE 200809L

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Latency samples kept; at ~1 ms a transaction, enough for a minute. */
#define MAX_SAMPLES 200000

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The q-quantile (0..1) of n sorted samples; 0 when there are none. */
static double quantile(const double *v, size_t n, double q)
{
	size_t i;

	if (!n)
		return 0;
	i = (size_t)(q * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

static int exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "sqlite_ceiling: %s: %s\n", sql,
		    msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Runs stmt to completion and resets it; -1 on error. */
static int step(sqlite3 *db, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "sqlite_ceiling: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *begin = NULL, *ins = NULL, *upd = NULL, *commit = NULL;
	double *lat = NULL, seconds = 5, t0, t1, t;
	size_t n = 0;
	long long txns = 0;
	int rc = 1;
	char *end;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: sqlite_ceiling DB_PATH [SECONDS]\n");
		return 2;
	}
	if (argc == 3) {
		seconds = strtod(argv[2], &end);
		if (*end || seconds <= 0 || seconds > 600) {
			fprintf(stderr, "sqlite_ceiling: bad SECONDS %s\n", argv[2]);
			return 2;
		}
	}
	lat = malloc(MAX_SAMPLES * sizeof *lat);
	if (!lat) {
		fprintf(stderr, "sqlite_ceiling: out of memory\n");
		return 1;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		fprintf(stderr, "sqlite_ceiling: cannot open %s\n", argv[1]);
		goto out;
	}
	sqlite3_busy_timeout(db, 5000);
	/* The same pragmas as src/store/db_sqlite.c sq_open(). */
	if (exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	    " PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;") ||
	    exec(db, "CREATE TABLE IF NOT EXISTS bench_case ("
	    " id INTEGER PRIMARY KEY, state INTEGER NOT NULL,"
	    " note TEXT NOT NULL, updated_at INTEGER NOT NULL)"))
		goto out;
	if (sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO bench_case (state, note,"
	    " updated_at) VALUES (1, ?1, ?2)", -1, &ins, NULL) ||
	    sqlite3_prepare_v2(db, "UPDATE bench_case SET state = state + 1,"
	    " updated_at = ?1 WHERE id = ?2", -1, &upd, NULL) ||
	    sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL)) {
		fprintf(stderr, "sqlite_ceiling: %s\n", sqlite3_errmsg(db));
		goto out;
	}

	t0 = now_s();
	t1 = t0;
	while (t1 - t0 < seconds) {
		sqlite3_int64 id;

		if (step(db, begin))
			goto out;
		sqlite3_bind_text(ins, 1, "受理", -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, (sqlite3_int64)txns);
		if (step(db, ins))
			goto out;
		id = sqlite3_last_insert_rowid(db);
		sqlite3_bind_int64(upd, 1, (sqlite3_int64)txns);
		sqlite3_bind_int64(upd, 2, id);
		if (step(db, upd) || step(db, commit))
			goto out;
		t = now_s();
		if (n < MAX_SAMPLES)
			lat[n++] = (t - t1) * 1000.0;
		t1 = t;
		txns++;
	}
	qsort(lat, n, sizeof *lat, cmp_double);
	printf("sqlite_ceiling txns=%lld seconds=%.2f tps=%.1f p50_ms=%.2f"
	    " p99_ms=%.2f\n", txns, t1 - t0, (double)txns / (t1 - t0),
	    quantile(lat, n, 0.50), quantile(lat, n, 0.99));
	rc = 0;
out:
	sqlite3_finalize(begin);
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	sqlite3_finalize(commit);
	sqlite3_close(db);
	free(lat);
	return rc;
}
