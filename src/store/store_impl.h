/*
 * store_impl.h - what the store's modules share, below store.h: the store
 * handle and the query helpers over the driver layer (db.h).  Only
 * src/store/store_*.c include it.
 *
 * Each module holds one aggregate's data code (store_cases.c, ...), with
 * every query written once in SQL both engines accept.  Binding formats:
 * i = int64_t, I = int, n = int64_t bound as NULL when 0, d = int32_t day
 * bound as NULL when DAY_NONE, t = const char * (NULL binds NULL), b = blob
 * (const void *, int len).  The _d variants take a struct db_sql, for the
 * few statements whose spelling differs between the engines.
 */
#ifndef GH_STORE_IMPL_H
#define GH_STORE_IMPL_H
#include <jansson.h>

#include "store/db.h"
#include "store/store.h"

/* Audit records appended in the current write transaction: their chain
 * is computed and written at commit (store_audit.c), under the chain's
 * lock, so that writers of several servers keep one chain. */
struct audit_pending;

struct store {
	db *db;
	struct audit_pending *audit;    /* NULL when none is pending */
	bool case_turn;     /* holds the case writers' lock (store_cases.c) */
};

/* Advisory lock keys (db_xact_lock), one per serialised section. */
enum {
	LOCK_AUDIT_CHAIN = 0x67680001,
	LOCK_MIGRATE = 0x67680002,
	LOCK_NOTICE_NO = 0x67680003,
	LOCK_SWEEP = 0x67680004,
	LOCK_CASE_WRITE = 0x67680005,
	LOCK_LICENCE_NO = 0x67680006,
	LOCK_DOCUMENT_NO = 0x67680007,
};

/* 0 for DB_ROW / DB_DONE, else the error itself. */
static inline int sql_rc(int rc)
{
	return rc < 0 ? rc : 0;
}

db_stmt *sql_query(store *st, const char *sql, const char *fmt, ...);
db_stmt *sql_query_d(store *st, const struct db_sql *sql, const char *fmt,
    ...);
/* Runs a statement that returns no rows. */
int sql_run(store *st, const char *sql, const char *fmt, ...);
int sql_run_d(store *st, const struct db_sql *sql, const char *fmt, ...);
/* Runs a statement returning one integer; GH_ENOTFOUND when no row. */
int sql_int(store *st, int64_t *out, const char *sql, const char *fmt, ...);
int sql_int_d(store *st, int64_t *out, const struct db_sql *sql,
    const char *fmt, ...);

void sql_text(db_stmt *s, int i, char *out, size_t cap);
char *sql_dup(db_stmt *s, int i);
int32_t sql_day(db_stmt *s, int i);
/* A JSON object from the current row: column names as keys; integers,
 * reals, text and NULL as themselves.  Columns named *_day hold day
 * numbers and come out as ISO dates; *_flag columns as booleans. */
json_t *sql_row_json(db_stmt *s);
/* Steps s to the end, collecting every row as sql_row_json. */
int sql_rows_json(store *st, db_stmt *s, json_t **out);
/* {"total": total, "data": rows} */
int sql_page_json(store *st, int64_t total, db_stmt *s, json_t **out);
int sql_page_offset(int page, int per_page);
/* Steps s to the end, collecting its first column as ids (*ids to
 * free()). */
int sql_ids(db_stmt *s, int64_t **ids, size_t *n);

/* The columns of a case record (cases c JOIN items i), in the order
 * case_read_row reads them (store_cases.c). */
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
	" coalesce(c.used_days, -1), coalesce(c.on_time, -1), c.priority," \
	" c.priority_reason," \
	" c.joint_kind, coalesce(c.parent_id, 0), coalesce(c.matter_id, 0)," \
	" (SELECT m.name FROM matters m WHERE m.id = c.matter_id AND" \
	" c.joint_kind = 1)"
void case_read_row(db_stmt *s, struct case_rec *c);

/* store_audit.c: drops the records of a transaction that rolled back;
 * writes them (chained) before its commit. */
void audit_pending_drop(store *st);
int audit_pending_flush(store *st);

#endif
