/*
 * store_documents.c - the notices and receipts issued for a case as PDF
 * (schema 0012, table case_documents): one row per kind of a case, whose
 * number is allocated at the first print and never changes; each later
 * print (补打) adds one to prints.  Every query is written once for both
 * engines (store_impl.h).
 *
 * Numbers are unique across servers: the next number of a prefix is
 * allocated under an advisory lock held to the end of the caller's write
 * transaction (on SQLite the write lock itself serialises), and the
 * UNIQUE constraint on number stands behind it.
 */
#include "store/store_impl.h"

#include <stdio.h>
#include <string.h>

#include "domain/case_fsm.h"
#include "domain/day.h"
#include "util/gh_err.h"

#define DOC_COLS "id, case_id, kind, number, issued_at, issued_day," \
	" coalesce(actor_id, 0), prints, last_printed_at"

static void doc_read_row(db_stmt *s, struct case_doc_rec *d)
{
	memset(d, 0, sizeof *d);
	d->id = db_col_int64(s, 0);
	d->case_id = db_col_int64(s, 1);
	sql_text(s, 2, d->kind, sizeof d->kind);
	sql_text(s, 3, d->number, sizeof d->number);
	d->issued_at = db_col_int64(s, 4);
	d->issued_day = sql_day(s, 5);
	d->actor_id = db_col_int64(s, 6);
	d->prints = (int)db_col_int64(s, 7);
	d->last_printed_at = db_col_int64(s, 8);
}

int store_case_doc_get(store *st, int64_t case_id, const char *kind,
    struct case_doc_rec *out)
{
	db_stmt *s = sql_query(st, "SELECT " DOC_COLS " FROM case_documents"
	    " WHERE case_id = ?1 AND kind = ?2", "it", case_id, kind);
	int rc = db_step(s);

	if (rc == DB_ROW)
		doc_read_row(s, out);
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

/* The first print of d: numbered "〔<year>〕<prefix>字第NNNNNN号". */
static int doc_issue(store *st, struct case_doc_rec *d, const char *prefix)
{
	char head[40];
	int y, m, dd;
	int64_t n;
	int err;

	day_to_ymd(d->issued_day, &y, &m, &dd);
	snprintf(head, sizeof head, "〔%d〕%s字第", y, prefix);
	if ((err = sql_int(st, &n, "SELECT count(*) FROM case_documents WHERE"
	    " substr(number, 1, length(?1)) = ?1", "t", head)))
		return err;
	if (snprintf(d->number, sizeof d->number, "%s%06lld号", head,
	    (long long)n + 1) >= (int)sizeof d->number)
		return GH_EINVAL;
	d->prints = 1;
	d->last_printed_at = d->issued_at;
	return sql_int(st, &d->id, "INSERT INTO case_documents(case_id, kind,"
	    " number, issued_at, issued_day, actor_id, prints, last_printed_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?4) RETURNING id", "ittidn",
	    d->case_id, d->kind, d->number, d->issued_at, d->issued_day,
	    d->actor_id);
}

int store_case_doc_print(store *st, struct case_doc_rec *d,
    const char *prefix, bool *first)
{
	struct case_doc_rec old;
	int64_t prints;
	int err;

	/* one print at a time across servers: two first prints of one
	 * document must not both allocate a number */
	if ((err = db_xact_lock(st->db, LOCK_DOCUMENT_NO)))
		return err;
	err = store_case_doc_get(st, d->case_id, d->kind, &old);
	if (err == GH_ENOTFOUND) {
		*first = true;
		return doc_issue(st, d, prefix);
	}
	if (err)
		return err;
	if ((err = sql_int(st, &prints, "UPDATE case_documents SET prints ="
	    " prints + 1, last_printed_at = ?2 WHERE id = ?1 RETURNING prints",
	    "ii", old.id, d->issued_at)))
		return err;
	old.prints = (int)prints;
	old.last_printed_at = d->issued_at;
	*d = old;
	*first = false;
	return 0;
}

int store_case_docs_json(store *st, int64_t case_id, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT kind, number, issued_at,"
	    " issued_day, prints, last_printed_at FROM case_documents WHERE"
	    " case_id = ?1 ORDER BY id", "i", case_id), out);
}

int store_case_doc_issuer(store *st, const struct case_rec *c, char *buf,
    size_t cap)
{
	db_stmt *s = sql_query(st, "SELECT coalesce((SELECT name FROM windows"
	    " WHERE id = ?1), (SELECT name FROM departments WHERE id = ?2), '')",
	    "ni", c->window_id, c->dept_id);
	int rc = db_step(s);

	if (rc == DB_ROW)
		sql_text(s, 0, buf, cap);
	db_reset(s);
	return sql_rc(rc);
}

int store_case_decided_day(store *st, int64_t case_id, int32_t *out)
{
	db_stmt *s = sql_query(st, "SELECT max(day) FROM case_events WHERE"
	    " case_id = ?1 AND to_state = ?2", "iI", case_id, (int)CS_DECIDED);
	int rc = db_step(s);

	*out = rc == DB_ROW ? sql_day(s, 0) : DAY_NONE;
	db_reset(s);
	return sql_rc(rc);
}
