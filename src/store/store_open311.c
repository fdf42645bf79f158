/*
 * store_open311.c - Open311 GeoReport v2 (schema 0022): the clients with
 * their hashed API keys, and what a request filed through one adds to its
 * complaint.  Every query is written once for both engines
 * (store_impl.h).  Who may file and what a request must hold is
 * service/open311.c's and domain/open311.c's rule.
 */
#include "store/store_impl.h"

#include <stdio.h>
#include <string.h>

#include "util/gh_err.h"

int store_open311_client_add(store *st, const char *name, const char *contact,
    const unsigned char *key_hash, const char *key_prefix, int64_t by,
    int64_t now, int64_t *id)
{
	int err = sql_run(st, "INSERT INTO open311_clients(name, contact,"
	    " key_hash, key_prefix, created_by, created_at) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6)", "ttbtii", name, contact ? contact : "", key_hash,
	    STORE_OPEN311_KEY_HASH_LEN, key_prefix, by, now);

	if (err)
		return err;
	return sql_int(st, id, "SELECT id FROM open311_clients WHERE key_hash ="
	    " ?1", "b", key_hash, STORE_OPEN311_KEY_HASH_LEN);
}

static int client_row(db_stmt *s, struct open311_client_rec *out)
{
	int rc = db_step(s);

	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->id = db_col_int64(s, 0);
		sql_text(s, 1, out->name, sizeof out->name);
		out->revoked_at = db_col_null(s, 2) ? 0 : db_col_int64(s, 2);
	}
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_open311_client_by_hash(store *st, const unsigned char *key_hash,
    struct open311_client_rec *out)
{
	return client_row(sql_query(st, "SELECT id, name, revoked_at FROM"
	    " open311_clients WHERE key_hash = ?1", "b", key_hash,
	    STORE_OPEN311_KEY_HASH_LEN), out);
}

int store_open311_client_get(store *st, int64_t id,
    struct open311_client_rec *out)
{
	return client_row(sql_query(st, "SELECT id, name, revoked_at FROM"
	    " open311_clients WHERE id = ?1", "i", id), out);
}

int store_open311_client_revoke(store *st, int64_t id, int64_t by,
    int64_t now)
{
	int err = sql_run(st, "UPDATE open311_clients SET revoked_by = ?2,"
	    " revoked_at = ?3 WHERE id = ?1 AND revoked_at IS NULL", "iii", id,
	    by, now);

	if (!err && db_changes(st->db) == 0)
		return GH_ECONFLICT;
	return err;
}

int store_open311_client_touch(store *st, int64_t id, int64_t now)
{
	return sql_run(st, "UPDATE open311_clients SET last_used_at = ?2 WHERE"
	    " id = ?1", "ii", id, now);
}

int store_open311_clients_json(store *st, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT c.id, c.name, c.contact,"
	    " c.key_prefix, coalesce(b.name, '') AS created_by_name,"
	    " c.created_at, coalesce(r.name, '') AS revoked_by_name,"
	    " c.revoked_at, c.last_used_at, (SELECT count(*) FROM"
	    " open311_requests q WHERE q.client_id = c.id) AS requests FROM"
	    " open311_clients c LEFT JOIN users b ON b.id = c.created_by LEFT"
	    " JOIN users r ON r.id = c.revoked_by ORDER BY c.id DESC", ""), out);
}

int store_open311_request_add(store *st, const struct open311_request_rec *r)
{
	return sql_run(st, "INSERT INTO open311_requests(complaint_id, client_id,"
	    " service_code, lat, lon, address_string, address_id, device_id,"
	    " account_id, media_url, attributes, requested_at) VALUES (?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", "iittttttttti",
	    r->complaint_id, r->client_id, r->service_code, r->lat, r->lon,
	    r->address_string, r->address_id, r->device_id, r->account_id,
	    r->media_url, r->attributes, r->requested_at);
}

int store_open311_requests_since(store *st, int64_t client_id, int64_t since,
    int64_t *n)
{
	return sql_int(st, n, "SELECT count(*) FROM open311_requests WHERE"
	    " client_id = ?1 AND requested_at >= ?2", "ii", client_id, since);
}

#define REQ_COLS "r.complaint_id, r.client_id, r.service_code, r.lat, r.lon," \
	" r.address_string, r.address_id, r.media_url, r.requested_at," \
	" c.state, c.content FROM open311_requests r JOIN complaints c ON" \
	" c.id = r.complaint_id"

int store_open311_requests_json(store *st, int64_t from, int64_t to,
    const int64_t *ids, size_t n_ids, int max, json_t **out)
{
	json_t *all, *one;
	int err;

	if (!ids)
		return sql_rows_json(st, sql_query(st, "SELECT " REQ_COLS " WHERE"
		    " r.requested_at >= ?1 AND r.requested_at <= ?2 ORDER BY"
		    " r.requested_at DESC, r.complaint_id DESC LIMIT ?3", "iiI", from,
		    to, max), out);
	all = json_array();
	for (size_t i = 0; i < n_ids && json_array_size(all) < (size_t)max; i++) {
		if ((err = sql_rows_json(st, sql_query(st, "SELECT " REQ_COLS
		    " WHERE r.complaint_id = ?1", "i", ids[i]), &one))) {
			json_decref(all);
			return err;
		}
		json_array_extend(all, one);
		json_decref(one);
	}
	*out = all;
	return 0;
}
