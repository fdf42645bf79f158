/*
 * store_accounts.c - what applicant accounts add to users (schema 0009):
 * one-time SMS codes and the persons who act for a company (经办人).
 * Every query is written once for both engines (store_impl.h).
 */
#include "store/store_impl.h"

#include <string.h>

#include "util/gh_err.h"

/* ---- SMS codes ------------------------------------------------------------ */

int store_sms_code_add(store *st, const char *phone, const char *purpose,
    const unsigned char *hash, const char *addr, int64_t now,
    int64_t expires_at)
{
	return sql_run(st, "INSERT INTO sms_codes(phone, purpose, code_hash, addr,"
	    " created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", "ttbtii",
	    phone, purpose, hash, STORE_SMS_HASH_LEN, addr, now, expires_at);
}

int store_sms_code_counts(store *st, const char *phone, int64_t phone_since,
    const char *addr, int64_t addr_since, int64_t *n_phone, int64_t *n_addr,
    int64_t *last_at)
{
	int err;

	if ((err = sql_int(st, n_phone, "SELECT count(*) FROM sms_codes WHERE"
	    " phone = ?1 AND created_at >= ?2", "ti", phone, phone_since)) ||
	    (err = sql_int(st, n_addr, "SELECT count(*) FROM sms_codes WHERE"
	    " addr = ?1 AND created_at >= ?2", "ti", addr, addr_since)) ||
	    (err = sql_int(st, last_at, "SELECT coalesce(max(created_at), 0) FROM"
	    " sms_codes WHERE phone = ?1", "t", phone)))
		return err;
	return 0;
}

int store_sms_code_latest(store *st, const char *phone, const char *purpose,
    struct sms_code_rec *out)
{
	db_stmt *s = sql_query(st, "SELECT id, code_hash, created_at, expires_at,"
	    " attempts, used_at IS NOT NULL FROM sms_codes WHERE phone = ?1 AND"
	    " purpose = ?2 ORDER BY id DESC LIMIT 1", "tt", phone, purpose);
	int rc = db_step(s);

	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->id = db_col_int64(s, 0);
		if (db_col_bytes(s, 1) == STORE_SMS_HASH_LEN)
			memcpy(out->hash, db_col_blob(s, 1), STORE_SMS_HASH_LEN);
		out->created_at = db_col_int64(s, 2);
		out->expires_at = db_col_int64(s, 3);
		out->attempts = db_col_int(s, 4);
		out->used = db_col_int(s, 5);
	}
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_sms_code_failed(store *st, int64_t id)
{
	return sql_run(st, "UPDATE sms_codes SET attempts = attempts + 1 WHERE"
	    " id = ?1", "i", id);
}

int store_sms_code_use(store *st, int64_t id, int64_t now)
{
	return sql_run(st, "UPDATE sms_codes SET used_at = ?2 WHERE id = ?1",
	    "ii", id, now);
}

int store_sms_codes_purge(store *st, int64_t cutoff, int64_t *n)
{
	int err = sql_int(st, n, "SELECT count(*) FROM sms_codes WHERE"
	    " expires_at < ?1", "i", cutoff);

	if (err || !*n)
		return err;
	return sql_run(st, "DELETE FROM sms_codes WHERE expires_at < ?1", "i",
	    cutoff);
}

/* ---- 经办人 ---------------------------------------------------------------- */

int store_agent_add(store *st, int64_t company_id, int64_t user_id,
    int64_t granted_by, int64_t now)
{
	return sql_run(st, "INSERT INTO company_agents(company_id, user_id,"
	    " granted_by, granted_at) VALUES (?1, ?2, ?3, ?4)", "iini", company_id,
	    user_id, granted_by, now);
}

int store_agent_remove(store *st, int64_t company_id, int64_t user_id)
{
	int64_t n;
	int err = sql_int(st, &n, "SELECT count(*) FROM company_agents WHERE"
	    " company_id = ?1 AND user_id = ?2", "ii", company_id, user_id);

	if (err)
		return err;
	if (!n)
		return GH_ENOTFOUND;
	return sql_run(st, "DELETE FROM company_agents WHERE company_id = ?1 AND"
	    " user_id = ?2", "ii", company_id, user_id);
}

int store_agent_acts_for(store *st, int64_t user_id, int64_t company_id,
    bool *yes)
{
	int64_t n;
	int err = sql_int(st, &n, "SELECT count(*) FROM company_agents a JOIN"
	    " users u ON u.id = a.user_id WHERE a.company_id = ?1 AND a.user_id ="
	    " ?2 AND u.active = 1", "ii", company_id, user_id);

	if (!err)
		*yes = n > 0;
	return err;
}

int store_agents_json(store *st, int64_t company_id, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT u.id, u.name, u.id_number,"
	    " u.phone, a.granted_at FROM company_agents a JOIN users u ON u.id ="
	    " a.user_id WHERE a.company_id = ?1 ORDER BY a.granted_at, u.id", "i",
	    company_id), out);
}

int store_agent_companies_json(store *st, int64_t user_id, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT u.id, u.name,"
	    " u.id_number AS credit_code, u.legal_person FROM company_agents a"
	    " JOIN users u ON u.id = a.company_id WHERE a.user_id = ?1 AND"
	    " u.active = 1 ORDER BY u.name, u.id", "i", user_id), out);
}

int store_case_set_agent(store *st, int64_t case_id, int64_t agent_id)
{
	return sql_run(st, "UPDATE cases SET agent_id = ?2 WHERE id = ?1", "in",
	    case_id, agent_id);
}

int store_case_agent(store *st, int64_t case_id, int64_t *agent_id)
{
	return sql_int(st, agent_id, "SELECT coalesce(agent_id, 0) FROM cases"
	    " WHERE id = ?1", "i", case_id);
}
