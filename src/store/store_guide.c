/*
 * store_guide.c - the 办事指南's attachments and common questions of an
 * item, and where it is served (schema 0011).  Every query is written once
 * for both engines (store_impl.h).
 */
#include "store/store_impl.h"

#include <string.h>

#include "util/gh_err.h"

int store_item_file_put(store *st, int64_t item_id, const char *material,
    const char *kind, const char *sha256, const char *name, const char *type,
    int64_t size, int64_t by, int64_t now, int64_t *id)
{
	int err = sql_run(st, "DELETE FROM item_files WHERE item_id = ?1 AND"
	    " material = ?2 AND kind = ?3", "itt", item_id, material, kind);

	if (err)
		return err;
	return sql_int(st, id, "INSERT INTO item_files(item_id, material, kind,"
	    " sha256, name, type, size, uploaded_by, uploaded_at) VALUES (?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id", "itttttini", item_id,
	    material, kind, sha256, name, type, size, by, now);
}

int store_item_file_get(store *st, int64_t item_id, int64_t id,
    char *sha256, char *name, size_t name_cap, char *type, size_t type_cap)
{
	db_stmt *s = sql_query(st, "SELECT sha256, name, type FROM item_files"
	    " WHERE id = ?1 AND item_id = ?2", "ii", id, item_id);
	int rc = db_step(s);

	if (rc == DB_ROW) {
		sql_text(s, 0, sha256, STORE_SHA256_HEX);
		sql_text(s, 1, name, name_cap);
		sql_text(s, 2, type, type_cap);
	}
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_item_file_delete(store *st, int64_t item_id, int64_t id)
{
	int64_t n;
	int err = sql_int(st, &n, "SELECT count(*) FROM item_files WHERE id = ?1"
	    " AND item_id = ?2", "ii", id, item_id);

	if (err)
		return err;
	if (!n)
		return GH_ENOTFOUND;
	return sql_run(st, "DELETE FROM item_files WHERE id = ?1", "i", id);
}

int store_item_faq_replace(store *st, int64_t item_id,
    const char *const *questions, const char *const *answers, size_t n)
{
	int err = sql_run(st, "DELETE FROM item_faq WHERE item_id = ?1", "i",
	    item_id);

	for (size_t i = 0; i < n && !err; i++)
		err = sql_run(st, "INSERT INTO item_faq(item_id, idx, question,"
		    " answer) VALUES (?1, ?2, ?3, ?4)", "iItt", item_id, (int)i,
		    questions[i], answers[i]);
	return err;
}

int store_item_guide_json(store *st, int64_t item_id, int64_t dept_id,
    json_t **out)
{
	json_t *files = NULL, *faq = NULL, *windows = NULL;
	int err;

	if ((err = sql_rows_json(st, sql_query(st, "SELECT id, material, kind,"
	    " name, type, size FROM item_files WHERE item_id = ?1 ORDER BY"
	    " material, kind", "i", item_id), &files)) ||
	    (err = sql_rows_json(st, sql_query(st, "SELECT question, answer FROM"
	    " item_faq WHERE item_id = ?1 ORDER BY idx", "i", item_id), &faq)) ||
	    (err = sql_rows_json(st, sql_query(st, "SELECT w.no, w.name, h.name AS"
	    " hall_name, h.address, h.hours FROM window_depts wd JOIN windows w ON"
	    " w.id = wd.window_id JOIN halls h ON h.id = w.hall_id WHERE"
	    " wd.dept_id = ?1 ORDER BY h.id, w.no", "i", dept_id), &windows))) {
		json_decref(files);
		json_decref(faq);
		json_decref(windows);
		return err;
	}
	*out = json_pack("{s:o,s:o,s:o}", "files", files, "faq", faq, "windows",
	    windows);
	return 0;
}
