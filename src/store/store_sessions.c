/*
 * store_sessions.c - users, sessions and login throttling.
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

/* ---- users and sessions ------------------------------------------------- */

#define USER_COLS "id, username, name, role, kind, id_number, phone," \
	" coalesce(dept_id, 0), coalesce(window_id, 0), post, pw_hash, active," \
	" real_name, legal_person"

static void read_user(db_stmt *s, struct user_rec *u)
{
	memset(u, 0, sizeof *u);
	u->id = db_col_int64(s, 0);
	sql_text(s, 1, u->username, sizeof u->username);
	sql_text(s, 2, u->name, sizeof u->name);
	u->role = db_col_int(s, 3);
	sql_text(s, 4, u->kind, sizeof u->kind);
	sql_text(s, 5, u->id_number, sizeof u->id_number);
	sql_text(s, 6, u->phone, sizeof u->phone);
	u->dept_id = db_col_int64(s, 7);
	u->window_id = db_col_int64(s, 8);
	sql_text(s, 9, u->post, sizeof u->post);
	sql_text(s, 10, u->pw_hash, sizeof u->pw_hash);
	u->active = db_col_int(s, 11);
	u->real_name = db_col_int(s, 12);
	sql_text(s, 13, u->legal_person, sizeof u->legal_person);
}

static int one_user(store *st, db_stmt *s, struct user_rec *out)
{
	int rc = db_step(s);

	(void)st;
	if (rc == DB_ROW)
		read_user(s, out);
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_user_insert(store *st, const struct user_rec *u, int64_t now,
    int64_t *id)
{
	int err = sql_int(st, id, "INSERT INTO users(username, name, role, kind,"
	    " id_number, phone, dept_id, window_id, post, pw_hash, active,"
	    " created_at, real_name, legal_person) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id",
	    "ttItttnnttIiIt", u->username, u->name, u->role, u->kind,
	    u->id_number, u->phone, u->dept_id, u->window_id, u->post,
	    u->pw_hash, (int)u->active, now, (int)u->real_name,
	    u->legal_person);

	return err;
}

int store_user_by_username(store *st, const char *username,
    struct user_rec *out)
{
	return one_user(st, sql_query(st, "SELECT " USER_COLS " FROM users"
	    " WHERE username = ?1", "t", username), out);
}

int store_user_by_id(store *st, int64_t id, struct user_rec *out)
{
	return one_user(st, sql_query(st, "SELECT " USER_COLS " FROM users"
	    " WHERE id = ?1", "i", id), out);
}

int store_user_by_login(store *st, const char *login, struct user_rec *out)
{
	int err = store_user_by_username(st, login, out);

	if (err != GH_ENOTFOUND)
		return err;
	err = one_user(st, sql_query(st, "SELECT " USER_COLS " FROM users"
	    " WHERE role = 1 AND id_number = ?1 AND id_number <> ''", "t", login),
	    out);
	if (err != GH_ENOTFOUND)
		return err;
	return one_user(st, sql_query(st, "SELECT " USER_COLS " FROM users"
	    " WHERE role = 1 AND kind = 'person' AND phone = ?1 AND phone <> ''",
	    "t", login), out);
}

int store_applicant_taken(store *st, const char *id_number, const char *phone,
    bool *id_taken, bool *phone_taken)
{
	int64_t n = 0;
	int err = 0;

	if (id_number && !(err = sql_int(st, &n, "SELECT count(*) FROM users"
	    " WHERE role = 1 AND id_number = ?1", "t", id_number)))
		*id_taken = n > 0;
	if (!err && phone && !(err = sql_int(st, &n, "SELECT count(*) FROM users"
	    " WHERE role = 1 AND kind = 'person' AND phone = ?1", "t", phone)))
		*phone_taken = n > 0;
	return err;
}

int store_user_set_real_name(store *st, int64_t id, const char *by,
    int64_t now)
{
	return sql_run(st, "UPDATE users SET real_name = 1, real_name_at = ?2,"
	    " real_name_by = ?3 WHERE id = ?1", "iit", id, now, by);
}

int store_user_set_phone(store *st, int64_t id, const char *phone)
{
	return sql_run(st, "UPDATE users SET phone = ?2 WHERE id = ?1", "it", id,
	    phone);
}

int store_user_set_hash(store *st, int64_t id, const char *pw_hash)
{
	return sql_run(st, "UPDATE users SET pw_hash = ?2 WHERE id = ?1", "it", id,
	    pw_hash);
}

int store_session_insert(store *st, const unsigned char *token_hash,
    int64_t user_id, const char *csrf, int64_t now, int64_t expires_at)
{
	return sql_run(st, "INSERT INTO sessions(token_hash, user_id, csrf,"
	    " created_at, expires_at, last_seen) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?4)", "bitii", token_hash, STORE_TOKEN_HASH_LEN, user_id, csrf,
	    now, expires_at);
}

int store_session_lookup(store *st, const unsigned char *token_hash,
    int64_t now, int64_t idle_s, struct user_rec *user, char *csrf,
    size_t csrf_cap, int64_t *last_seen)
{
	db_stmt *s = sql_query(st, "SELECT u.id, u.username, u.name, u.role,"
	    " u.kind, u.id_number, u.phone, coalesce(u.dept_id, 0),"
	    " coalesce(u.window_id, 0), u.post, u.pw_hash, u.active,"
	    " u.real_name, u.legal_person, s.csrf,"
	    " s.last_seen FROM sessions s JOIN users u ON u.id = s.user_id"
	    " WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.active = 1"
	    " AND s.last_seen > ?2 - ?3", "bii", token_hash,
	    STORE_TOKEN_HASH_LEN, now, idle_s);
	int rc = db_step(s);

	if (rc == DB_ROW) {
		read_user(s, user);
		sql_text(s, 14, csrf, csrf_cap);
		*last_seen = db_col_int64(s, 15);
	}
	db_reset(s);
	if (rc == DB_DONE)
		return GH_EAUTH;
	return sql_rc(rc);
}

int store_session_touch(store *st, const unsigned char *token_hash,
    int64_t now)
{
	return sql_run(st, "UPDATE sessions SET last_seen = ?2 WHERE token_hash ="
	    " ?1", "bi", token_hash, STORE_TOKEN_HASH_LEN, now);
}

int store_session_delete(store *st, const unsigned char *token_hash)
{
	return sql_run(st, "DELETE FROM sessions WHERE token_hash = ?1", "b",
	    token_hash, STORE_TOKEN_HASH_LEN);
}

int store_user_sessions_end(store *st, int64_t user_id,
    const unsigned char *keep, int64_t *n)
{
	int err = sql_run(st, "DELETE FROM sessions WHERE user_id = ?1 AND"
	    " (?2 IS NULL OR token_hash <> ?2)", "ib", user_id, keep,
	    keep ? STORE_TOKEN_HASH_LEN : 0);

	if (!err)
		*n = db_changes(st->db);
	return err;
}

int store_throttle_blocked(store *st, const char *key, int64_t now,
    int64_t *until)
{
	int err = sql_int(st, until, "SELECT blocked_until FROM login_throttle"
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
	db_stmt *s = sql_query(st, "INSERT INTO login_throttle(key, failures,"
	    " first_at) VALUES (?1, 1, ?2) ON CONFLICT(key) DO UPDATE SET"
	    " failures = CASE WHEN login_throttle.first_at <= ?2 - ?3 THEN 1"
	    " ELSE login_throttle.failures + 1 END, first_at = CASE WHEN"
	    " login_throttle.first_at <= ?2 - ?3 THEN ?2 ELSE"
	    " login_throttle.first_at END RETURNING failures", "tii", key, now,
	    window_s);
	int rc = db_step(s);

	if (rc == DB_ROW) {
		*failures = db_col_int64(s, 0);
		rc = db_step(s);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : sql_rc(rc);
}

int store_throttle_block(store *st, const char *key, int64_t until)
{
	return sql_run(st, "UPDATE login_throttle SET blocked_until = CASE"
	    " WHEN blocked_until > ?2 THEN blocked_until ELSE ?2 END WHERE"
	    " key = ?1", "ti", key, until);
}

int store_throttle_clear(store *st, const char *key)
{
	return sql_run(st, "DELETE FROM login_throttle WHERE key = ?1", "t", key);
}

int store_throttle_clear_account(store *st, const char *username)
{
	return sql_run(st, "DELETE FROM login_throttle WHERE key = 'u:' || ?1 OR"
	    " (substr(key, 1, 2) = 'p:' AND substr(key, length(key) - length(?1))"
	    " = '|' || ?1)", "t", username);
}

int store_sessions_purge(store *st, int64_t now, int64_t stale_before,
    int64_t *n)
{
	int err = sql_run(st, "DELETE FROM sessions WHERE expires_at <= ?1", "i",
	    now);

	if (err)
		return err;
	*n = db_changes(st->db);
	if ((err = sql_run(st, "DELETE FROM login_throttle WHERE first_at <"
	    " ?1 AND blocked_until <= ?2", "ii", stale_before, now)))
		return err;
	*n += db_changes(st->db);
	return 0;
}
