/*
 * store_outbox.c - the outbox: e-mail and SMS messages, claimed once by one worker.
 * Every query is written once for both engines (store_impl.h).
 */
#include "store/store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/day.h"
#include "util/gh_err.h"
#include "util/log.h"
#include "util/xalloc.h"

/* ---- outbox ---------------------------------------------------------------- */

int store_user_contact(store *st, int64_t user_id, char *email,
    size_t email_cap, char *phone, size_t phone_cap)
{
	db_stmt *s = sql_query(st, "SELECT email, phone FROM users WHERE"
	    " id = ?1 AND active = 1", "i", user_id);
	int rc = db_step(s);

	if (rc == DB_ROW) {
		sql_text(s, 0, email, email_cap);
		sql_text(s, 1, phone, phone_cap);
	}
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_outbox_add(store *st, const char *channel, const char *recipient,
    const char *subject, const char *body, int64_t at, int64_t *id)
{
	int err = sql_int(st, id, "INSERT INTO outbox(channel, recipient, subject, body,"
	    " next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id",
	    "tttti", channel, recipient, subject, body, at);

	return err;
}

/* The claim.  On PostgreSQL the messages are picked and locked once, in a
 * CTE that skips rows another claimer holds (SKIP LOCKED): the form that
 * claims each message for one worker only (in a plain "id IN (SELECT ...
 * LIMIT n FOR UPDATE SKIP LOCKED)" the planner may run the subquery again
 * and claim more than n, measured here: all 142 due messages for a batch
 * of 4).  SQLite's single writer needs neither. */
#define CLAIM_DUE " state = 0 AND next_attempt_at <= ?2 AND (claimed_until" \
	" IS NULL OR claimed_until <= ?2) AND ((?4 <> 0 AND channel ="   \
	" 'email') OR (?5 <> 0 AND channel = 'sms'))"
static const struct db_sql claim_sql = {
	"UPDATE outbox SET claimed_by = ?1, claimed_until = ?3 WHERE id IN"
	" (SELECT id FROM outbox WHERE" CLAIM_DUE " ORDER BY next_attempt_at,"
	" id LIMIT ?6)",
	"WITH c AS (SELECT id FROM outbox WHERE" CLAIM_DUE " ORDER BY"
	" next_attempt_at, id LIMIT ?6 FOR UPDATE SKIP LOCKED) UPDATE outbox"
	" SET claimed_by = ?1, claimed_until = ?3 FROM c WHERE outbox.id = c.id",
};

/* The due messages claimed by worker, at most limit. */
static int claimed_by(store *st, const char *worker, int64_t now, int limit,
    struct outbox_msg **out, size_t *n)
{
	struct outbox_msg *v = NULL;
	size_t cnt = 0;
	db_stmt *s;
	int rc = DB_DONE;

	if (limit > 0)
		v = xcalloc((size_t)limit, sizeof *v);
	s = sql_query(st, "SELECT id, created_at, channel, recipient, subject, body,"
	    " attempts FROM outbox WHERE state = 0 AND next_attempt_at <= ?3 AND"
	    " claimed_by = ?1 ORDER BY next_attempt_at, id LIMIT ?2", "tIi",
	    worker, limit, now);
	while (cnt < (size_t)limit && (rc = db_step(s)) == DB_ROW) {
		struct outbox_msg *m = &v[cnt++];

		m->id = db_col_int64(s, 0);
		m->created_at = db_col_int64(s, 1);
		sql_text(s, 2, m->channel, sizeof m->channel);
		m->recipient = sql_dup(s, 3);
		m->subject = sql_dup(s, 4);
		m->body = sql_dup(s, 5);
		m->attempts = db_col_int(s, 6);
	}
	if (cnt == (size_t)limit)
		rc = DB_DONE;
	db_reset(s);
	if (rc != DB_DONE) {
		store_outbox_free(v, cnt);
		return sql_rc(rc);
	}
	*out = v;
	*n = cnt;
	return 0;
}

int store_outbox_claim(store *st, const char *worker, bool email, bool sms,
    int64_t now, int64_t until, int limit, struct outbox_msg **out,
    size_t *n)
{
	int err = sql_run_d(st, &claim_sql, "tiiIII", worker, now, until,
	    (int)email, (int)sms, limit);

	if (err)
		return err;
	return claimed_by(st, worker, now, limit, out, n);
}

int store_outbox_claim_id(store *st, const char *worker, int64_t id,
    int64_t now, int64_t until, struct outbox_msg **out, size_t *n)
{
	int err = sql_run(st, "UPDATE outbox SET claimed_by = ?1, claimed_until ="
	    " ?3 WHERE id = ?4 AND state = 0 AND next_attempt_at <= ?2 AND"
	    " (claimed_until IS NULL OR claimed_until <= ?2)", "tiii", worker, now,
	    until, id);

	if (err)
		return err;
	return claimed_by(st, worker, now, 1, out, n);
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
	int err = sql_run(st, "UPDATE outbox SET state = 1, attempts = attempts + 1,"
	    " sent_at = ?3, last_error = '', claimed_by = NULL, claimed_until ="
	    " NULL WHERE id = ?1 AND claimed_by = ?2 AND state = 0", "iti", id,
	    worker, at);

	if (!err && db_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

int store_outbox_failed(store *st, int64_t id, const char *worker,
    const char *error, int64_t next_at, bool give_up)
{
	int err = sql_run(st, "UPDATE outbox SET attempts = attempts + 1,"
	    " last_error = ?3, next_attempt_at = ?4, state = ?5, claimed_by ="
	    " NULL, claimed_until = NULL WHERE id = ?1 AND claimed_by = ?2 AND"
	    " state = 0", "ittiI", id, worker, error, next_at, give_up ? 2 : 0);

	if (!err && db_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

int store_outbox_release(store *st, int64_t id, const char *worker)
{
	int err = sql_run(st, "UPDATE outbox SET claimed_by = NULL, claimed_until ="
	    " NULL WHERE id = ?1 AND claimed_by = ?2 AND state = 0", "it", id,
	    worker);

	if (!err && db_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

int store_outbox_count_due(store *st, bool email, bool sms, int64_t now,
    int limit, int64_t *n)
{
	return sql_int(st, n, "SELECT count(*) FROM (SELECT 1 FROM outbox WHERE"
	    " state = 0 AND next_attempt_at <= ?1 AND ((?2 <> 0 AND channel = 'email')"
	    " OR (?3 <> 0 AND channel = 'sms')) LIMIT ?4) AS due", "iIII", now, (int)email,
	    (int)sms, limit);
}

int store_outbox_expire(store *st, bool email, bool sms, int64_t cutoff,
    int64_t now, const char *error, int limit, int64_t *n)
{
	/* next_attempt_at < cutoff keeps to the outbox_due index: a message
	 * never tried is due when it was queued */
	int err = sql_run(st, "UPDATE outbox SET state = 2, last_error = ?4,"
	    " claimed_by = NULL, claimed_until = NULL WHERE id IN (SELECT id FROM"
	    " outbox WHERE state = 0 AND next_attempt_at < ?3 AND created_at < ?3"
	    " AND (claimed_until IS NULL OR claimed_until <= ?5) AND ((?1 <> 0 AND"
	    " channel = 'email') OR (?2 <> 0 AND channel = 'sms')) LIMIT ?6)",
	    "IIitiI", (int)email, (int)sms, cutoff, error, now, limit);

	if (!err)
		*n = db_changes(st->db);
	return err;
}
