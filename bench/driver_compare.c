/*
 * driver_compare.c - govhall's thin driver layer (src/store/db.h) against
 * libzdb (Debian's libzdb-dev 3.1), on the same engine in one run: the
 * evaluation issue 9 asks for before choosing.
 *
 *   driver_compare SQLITE_FILE | POSTGRES_URI   ZDB_URL   [N]
 *
 * (ZDB_URL is libzdb's spelling of the same database: sqlite:///path or
 * postgresql://host:port/db?user=u.)  Workloads, each N times:
 *   read   a point SELECT by id: ours (statement prepared once per
 *          connection, cached by its SQL's address) - libzdb keeping its
 *          PreparedStatement - libzdb preparing per call (what a store
 *          without its own cache does; libzdb frees statements with the
 *          connection's clear());
 *   write  BEGIN; 10 INSERTs; COMMIT, N / 10 times;
 *   error  a unique violation: what the caller learns (ours: GH_ECONFLICT
 *          from the SQLSTATE / SQLite code; libzdb: an SQLException with a
 *          message, no code) and what it costs.
 * Prints microseconds per operation and the ratio libzdb / ours.
 */
#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zdb.h>

#include "store/db.h"
#include "util/gh_err.h"
#include "util/log.h"

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "driver_compare: %s\n", what);
	exit(1);
}

static void setup(db *d, int rows)
{
	bool pg = db_engine(d) == DB_PG;
	db_stmt *s;

	if (db_exec(d, "DROP TABLE IF EXISTS bench_t") ||
	    db_exec(d, pg ? "CREATE TABLE bench_t (id BIGINT PRIMARY KEY,"
	    " code TEXT UNIQUE, name TEXT)" : "CREATE TABLE bench_t (id"
	    " INTEGER PRIMARY KEY, code TEXT UNIQUE, name TEXT)"))
		die("cannot create the table");
	if (db_begin_write(d))
		die("begin");
	for (int i = 1; i <= rows; i++) {
		char code[32];

		snprintf(code, sizeof code, "450323-BENCH-%06d", i);
		s = db_prep(d, "INSERT INTO bench_t(id, code, name) VALUES"
		    " (?1, ?2, '食品经营许可(新办)')");
		db_bind_int64(s, 1, i);
		db_bind_text(s, 2, code);
		if (db_step(s) < 0)
			die("insert");
		db_reset(s);
	}
	if (db_commit(d))
		die("commit");
}

int main(int argc, char **argv)
{
	const char *target, *url_s;
	int n = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 20000, rows = 5000;
	double t0, ours_read, zdb_kept, zdb_prep, ours_write, zdb_write;
	double ours_err, zdb_err;
	int64_t sum = 0, zsum = 0;
	char zmsg[200] = "";
	int our_code = 0;
	URL_T url;
	ConnectionPool_T pool;
	Connection_T con;
	db *d;

	if (argc < 3)
		die("usage: driver_compare TARGET ZDB_URL [N]");
	target = argv[1];
	url_s = argv[2];
	log_set_level(LOG_ERROR + 1);
	if (db_open(target, &d))
		die("cannot open the target");
	setup(d, rows);

	/* ---- read: ours -------------------------------------------------- */
	srand(7);
	t0 = now_s();
	for (int i = 0; i < n; i++) {
		db_stmt *s = db_prep(d, "SELECT id, code, name FROM bench_t"
		    " WHERE id = ?1");

		db_bind_int64(s, 1, 1 + rand() % rows);
		if (db_step(s) != DB_ROW)
			die("read");
		sum += db_col_int64(s, 0) + (int64_t)strlen(db_col_text(s, 1));
		db_reset(s);
	}
	ours_read = (now_s() - t0) / n * 1e6;

	/* ---- libzdb ------------------------------------------------------ */
	url = URL_new(url_s);
	if (!url)
		die("bad libzdb URL");
	pool = ConnectionPool_new(url);
	ConnectionPool_setInitialConnections(pool, 1);
	ConnectionPool_setMaxConnections(pool, 2);
	ConnectionPool_start(pool);
	con = ConnectionPool_getConnection(pool);
	if (!con)
		die("libzdb: no connection");
	TRY {
		PreparedStatement_T p = Connection_prepareStatement(con,
		    "SELECT id, code, name FROM bench_t WHERE id = ?");

		srand(7);
		t0 = now_s();
		for (int i = 0; i < n; i++) {
			ResultSet_T r;

			PreparedStatement_setLLong(p, 1, 1 + rand() % rows);
			r = PreparedStatement_executeQuery(p);
			if (!ResultSet_next(r))
				die("zdb read");
			zsum += ResultSet_getLLong(r, 1) +
			    (int64_t)strlen(ResultSet_getString(r, 2));
		}
		zdb_kept = (now_s() - t0) / n * 1e6;
		srand(7);
		t0 = now_s();
		for (int i = 0; i < n; i++) {
			PreparedStatement_T q = Connection_prepareStatement(con,
			    "SELECT id, code, name FROM bench_t WHERE id = ?");
			ResultSet_T r;

			PreparedStatement_setLLong(q, 1, 1 + rand() % rows);
			r = PreparedStatement_executeQuery(q);
			if (!ResultSet_next(r))
				die("zdb read");
			zsum += ResultSet_getLLong(r, 1);
			if (i % 100 == 99)
				Connection_clear(con); /* or statements pile up */
		}
		zdb_prep = (now_s() - t0) / n * 1e6;
	} CATCH(SQLException) {
		die(Exception_frame.message);
	} END_TRY;

	/* ---- write ------------------------------------------------------- */
	t0 = now_s();
	for (int b = 0; b < n / 10; b++) {
		if (db_begin_write(d))
			die("begin");
		for (int k = 0; k < 10; k++) {
			db_stmt *s = db_prep(d, "INSERT INTO bench_t(id, code, name)"
			    " VALUES (?1, NULL, 'x')");

			db_bind_int64(s, 1, 1000000 + b * 10 + k);
			if (db_step(s) < 0)
				die("write");
			db_reset(s);
		}
		if (db_commit(d))
			die("commit");
	}
	ours_write = (now_s() - t0) / (n / 10) * 1e6;
	TRY {
		PreparedStatement_T p = Connection_prepareStatement(con,
		    "INSERT INTO bench_t(id, code, name) VALUES (?, NULL, 'x')");

		t0 = now_s();
		for (int b = 0; b < n / 10; b++) {
			Connection_beginTransaction(con);
			for (int k = 0; k < 10; k++) {
				PreparedStatement_setLLong(p, 1,
				    5000000 + b * 10 + k);
				PreparedStatement_execute(p);
			}
			Connection_commit(con);
		}
		zdb_write = (now_s() - t0) / (n / 10) * 1e6;
	} CATCH(SQLException) {
		die(Exception_frame.message);
	} END_TRY;

	/* ---- error: a unique violation ----------------------------------- */
	t0 = now_s();
	for (int i = 0; i < 200; i++) {
		db_stmt *s = db_prep(d, "INSERT INTO bench_t(id, code, name)"
		    " VALUES (?1, '450323-BENCH-000001', 'dup')");

		db_bind_int64(s, 1, 9000000 + i);
		our_code = db_step(s);
		db_reset(s);
	}
	ours_err = (now_s() - t0) / 200 * 1e6;
	t0 = now_s();
	for (int i = 0; i < 200; i++) {
		TRY {
			PreparedStatement_T p = Connection_prepareStatement(con,
			    "INSERT INTO bench_t(id, code, name) VALUES (?,"
			    " '450323-BENCH-000001', 'dup')");

			PreparedStatement_setLLong(p, 1, 9500000 + i);
			PreparedStatement_execute(p);
		} CATCH(SQLException) {
			snprintf(zmsg, sizeof zmsg, "%s", Exception_frame.message);
		} END_TRY;
		Connection_clear(con);
	}
	zdb_err = (now_s() - t0) / 200 * 1e6;

	ConnectionPool_returnConnection(pool, con);
	ConnectionPool_stop(pool);
	ConnectionPool_free(&pool);
	URL_free(&url);
	db_exec(d, "DROP TABLE bench_t");
	db_close(d);

	printf("engine %s, %d reads, %d writes in %d transactions\n",
	    db_target_is_pg(target) ? "PostgreSQL" : "SQLite", n, n, n / 10);
	printf("%-44s %10s %10s %8s\n", "workload (microseconds per op)",
	    "govhall", "libzdb", "ratio");
	printf("%-44s %10.2f %10.2f %8.2f\n", "point read, statement kept",
	    ours_read, zdb_kept, zdb_kept / ours_read);
	printf("%-44s %10.2f %10.2f %8.2f\n", "point read, libzdb prepares per call",
	    ours_read, zdb_prep, zdb_prep / ours_read);
	printf("%-44s %10.2f %10.2f %8.2f\n", "transaction of 10 inserts",
	    ours_write, zdb_write, zdb_write / ours_write);
	printf("%-44s %10.2f %10.2f %8.2f\n", "unique violation",
	    ours_err, zdb_err, zdb_err / ours_err);
	printf("unique violation: govhall returns %d (%s); libzdb raises"
	    " SQLException \"%.120s\"\n", our_code,
	    our_code == GH_ECONFLICT ? "GH_ECONFLICT, 409" : "?", zmsg);
	printf("(checksums %lld %lld)\n", (long long)sum, (long long)zsum);
	return 0;
}
