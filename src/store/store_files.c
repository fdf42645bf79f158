/*
 * store_files.c - material files (stored once by SHA-256), the clerk's
 * check of each material, the applicant's library of accepted materials
 * and issued licences (schema 0010).  Every query is written once for
 * both engines (store_impl.h).
 */
#include "store/store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/day.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

/* ---- blobs ---------------------------------------------------------------- */

int store_blob_put(store *st, const char *sha256, const char *type,
    const void *data, size_t size, int64_t now)
{
	return sql_run(st, "INSERT INTO blobs(sha256, size, type, data,"
	    " created_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(sha256) DO"
	    " NOTHING", "titbi", sha256, (int64_t)size, type, data, (int)size,
	    now);
}

int store_blob_get(store *st, const char *sha256, void **data, size_t *size)
{
	db_stmt *s = sql_query(st, "SELECT data FROM blobs WHERE sha256 = ?1",
	    "t", sha256);
	int rc = db_step(s);

	if (rc == DB_ROW) {
		*size = db_col_bytes(s, 0);
		*data = xmalloc(*size ? *size : 1);
		if (*size)
			memcpy(*data, db_col_blob(s, 0), *size);
	}
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

/* ---- case files ----------------------------------------------------------- */

#define FILE_COLS "id, case_id, material, sha256, name, type, size, source," \
	" coalesce(uploaded_by, 0), uploaded_at, coalesce(library_id, 0)"

static void read_file(db_stmt *s, struct case_file_rec *f)
{
	memset(f, 0, sizeof *f);
	f->id = db_col_int64(s, 0);
	f->case_id = db_col_int64(s, 1);
	sql_text(s, 2, f->material, sizeof f->material);
	sql_text(s, 3, f->sha256, sizeof f->sha256);
	sql_text(s, 4, f->name, sizeof f->name);
	sql_text(s, 5, f->type, sizeof f->type);
	f->size = db_col_int64(s, 6);
	sql_text(s, 7, f->source, sizeof f->source);
	f->uploaded_by = db_col_int64(s, 8);
	f->uploaded_at = db_col_int64(s, 9);
	f->library_id = db_col_int64(s, 10);
}

int store_case_file_add(store *st, struct case_file_rec *f)
{
	return sql_int(st, &f->id, "INSERT INTO case_files(case_id, material,"
	    " sha256, name, type, size, source, uploaded_by, uploaded_at,"
	    " library_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
	    " RETURNING id", "ittttitnin", f->case_id, f->material, f->sha256,
	    f->name, f->type, f->size, f->source, f->uploaded_by, f->uploaded_at,
	    f->library_id);
}

int store_case_file_get(store *st, int64_t id, struct case_file_rec *out)
{
	db_stmt *s = sql_query(st, "SELECT " FILE_COLS " FROM case_files WHERE"
	    " id = ?1 AND removed_at IS NULL", "i", id);
	int rc = db_step(s);

	if (rc == DB_ROW)
		read_file(s, out);
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_case_file_remove(store *st, int64_t id, int64_t now)
{
	return sql_run(st, "UPDATE case_files SET removed_at = ?2 WHERE id = ?1",
	    "ii", id, now);
}

int store_case_files_usage(store *st, int64_t case_id, const char *material,
    int64_t *case_bytes, int64_t *material_files)
{
	int err = sql_int(st, case_bytes, "SELECT coalesce(sum(size), 0) FROM"
	    " case_files WHERE case_id = ?1 AND removed_at IS NULL", "i", case_id);

	if (err)
		return err;
	return sql_int(st, material_files, "SELECT count(*) FROM case_files WHERE"
	    " case_id = ?1 AND material = ?2 AND removed_at IS NULL", "it",
	    case_id, material);
}

int store_case_files_json(store *st, int64_t case_id, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT f.id, f.material, f.name,"
	    " f.type, f.size, f.sha256, f.source, f.uploaded_at, u.name AS"
	    " uploaded_by_name, f.library_id FROM case_files f LEFT JOIN users u"
	    " ON u.id = f.uploaded_by WHERE f.case_id = ?1 AND f.removed_at IS"
	    " NULL ORDER BY f.material, f.id", "i", case_id), out);
}

/* ---- the check of each material ------------------------------------------- */

int store_case_material_check(store *st, int64_t case_id, const char *name,
    int result, const char *reason, int64_t by, int64_t at,
    int32_t valid_until)
{
	int err = sql_run(st, "UPDATE case_materials SET check_result = ?3,"
	    " check_reason = ?4, checked_by = ?5, checked_at = ?6, valid_until ="
	    " ?7 WHERE case_id = ?1 AND name = ?2", "itItnid", case_id, name,
	    result, reason, by, at, valid_until);

	if (!err && db_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

int store_case_material_reset(store *st, int64_t case_id, const char *name)
{
	return sql_run(st, "UPDATE case_materials SET check_result = 0,"
	    " check_reason = '', checked_by = NULL, checked_at = NULL WHERE"
	    " case_id = ?1 AND name = ?2", "it", case_id, name);
}

int store_case_material_reused(store *st, int64_t case_id, const char *name,
    int64_t from_case_id, int64_t licence_id, int32_t valid_until)
{
	return sql_run(st, "UPDATE case_materials SET reused_from = ?3,"
	    " licence_id = ?4, valid_until = ?5 WHERE case_id = ?1 AND name = ?2",
	    "itnnd", case_id, name, from_case_id, licence_id, valid_until);
}

int store_case_material_states(store *st, int64_t case_id,
    struct material_state **out, size_t *n)
{
	db_stmt *s = sql_query(st, "SELECT m.name, m.check_result,"
	    " m.check_reason, coalesce(m.valid_until, -2147483647),"
	    " coalesce(m.reused_from, 0), coalesce(m.licence_id, 0), (SELECT"
	    " count(*) FROM case_files f WHERE f.case_id = m.case_id AND"
	    " f.material = m.name AND f.removed_at IS NULL) FROM case_materials m"
	    " WHERE m.case_id = ?1 ORDER BY m.name", "i", case_id);
	struct material_state *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		struct material_state *m;
		int32_t until;

		if (cnt == cap) {
			cap = cap ? cap * 2 : 8;
			v = xrealloc(v, cap * sizeof *v);
		}
		m = &v[cnt++];
		memset(m, 0, sizeof *m);
		sql_text(s, 0, m->name, sizeof m->name);
		m->check_result = db_col_int(s, 1);
		sql_text(s, 2, m->reason, sizeof m->reason);
		until = (int32_t)db_col_int64(s, 3);
		m->valid_until = until == -2147483647 ? DAY_NONE : until;
		m->reused_from = db_col_int64(s, 4);
		m->licence_id = db_col_int64(s, 5);
		m->n_files = db_col_int(s, 6);
	}
	db_reset(s);
	if (rc != DB_DONE) {
		free(v);
		return sql_rc(rc);
	}
	*out = v;
	*n = cnt;
	return 0;
}

/* ---- the applicant's library ---------------------------------------------- */

int store_library_add(store *st, int64_t owner_id, const char *name,
    int64_t from_case_id, int32_t valid_until, int64_t now, int64_t *id)
{
	int err = sql_int(st, id, "INSERT INTO library_materials(owner_id, name,"
	    " from_case_id, valid_until, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"
	    " ON CONFLICT(from_case_id, name) DO NOTHING RETURNING id", "itidi",
	    owner_id, name, from_case_id, valid_until, now);

	return err == GH_ENOTFOUND ? GH_ECONFLICT : err;
}

int store_library_files_from_case(store *st, int64_t library_id,
    int64_t case_id, const char *material)
{
	return sql_run(st, "INSERT INTO library_files(library_id, idx, sha256,"
	    " name, type, size) SELECT ?1, row_number() OVER (ORDER BY id),"
	    " sha256, name, type, size FROM case_files WHERE case_id = ?2 AND"
	    " material = ?3 AND removed_at IS NULL", "iit", library_id, case_id,
	    material);
}

int store_library_get(store *st, int64_t id, struct library_rec *out)
{
	db_stmt *s = sql_query(st, "SELECT id, owner_id, name, from_case_id,"
	    " coalesce(valid_until, -2147483647) FROM library_materials WHERE"
	    " id = ?1", "i", id);
	int rc = db_step(s);

	if (rc == DB_ROW) {
		int32_t until = (int32_t)db_col_int64(s, 4);

		memset(out, 0, sizeof *out);
		out->id = db_col_int64(s, 0);
		out->owner_id = db_col_int64(s, 1);
		sql_text(s, 2, out->name, sizeof out->name);
		out->from_case_id = db_col_int64(s, 3);
		out->valid_until = until == -2147483647 ? DAY_NONE : until;
	}
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_library_files_to_case(store *st, int64_t library_id,
    int64_t case_id, const char *material, int64_t by, int64_t now)
{
	return sql_run(st, "INSERT INTO case_files(case_id, material, sha256,"
	    " name, type, size, source, uploaded_by, uploaded_at, library_id)"
	    " SELECT ?2, ?3, sha256, name, type, size, 'library', ?4, ?5, ?1 FROM"
	    " library_files WHERE library_id = ?1 ORDER BY idx", "iitni",
	    library_id, case_id, material, by, now);
}

int store_library_json(store *st, int64_t owner_id, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT l.id, l.name,"
	    " l.from_case_id, c.query_code AS from_query_code, l.valid_until AS"
	    " valid_until_day, l.created_at, (SELECT count(*) FROM library_files"
	    " f WHERE f.library_id = l.id) AS files FROM library_materials l"
	    " JOIN cases c ON c.id = l.from_case_id WHERE l.owner_id = ?1 ORDER"
	    " BY l.name, l.id DESC", "i", owner_id), out);
}

/* ---- licences -------------------------------------------------------------- */

int store_licence_add(store *st, struct licence_rec *l, const char *prefix)
{
	int64_t n;
	int err;

	/* numbers are allocated one writer at a time: the next of a prefix
	 * is one more than those issued */
	if ((err = db_xact_lock(st->db, LOCK_LICENCE_NO)) ||
	    (err = sql_int(st, &n, "SELECT count(*) FROM licences WHERE"
	    " substr(number, 1, length(?1)) = ?1", "t", prefix)))
		return err;
	snprintf(l->number, sizeof l->number, "%s%06lld", prefix,
	    (long long)n + 1);
	return sql_int(st, &l->id, "INSERT INTO licences(case_id, holder_id,"
	    " holder_name, holder_id_no, name, number, dept_id, valid_from,"
	    " valid_to, issued_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	    " ?10) RETURNING id", "inttttiIdi", l->case_id, l->holder_id,
	    l->holder_name, l->holder_id_no, l->name, l->number, l->dept_id,
	    (int)l->valid_from, l->valid_to, l->issued_at);
}

int store_licence_get(store *st, int64_t id, struct licence_rec *out)
{
	db_stmt *s = sql_query(st, "SELECT id, case_id, coalesce(holder_id, 0),"
	    " holder_name, holder_id_no, name, number, dept_id, valid_from,"
	    " coalesce(valid_to, -2147483647), issued_at, revoked_day FROM"
	    " licences WHERE id = ?1", "i", id);
	int rc = db_step(s);

	if (rc == DB_ROW) {
		int32_t to = (int32_t)db_col_int64(s, 9);

		memset(out, 0, sizeof *out);
		out->id = db_col_int64(s, 0);
		out->case_id = db_col_int64(s, 1);
		out->holder_id = db_col_int64(s, 2);
		sql_text(s, 3, out->holder_name, sizeof out->holder_name);
		sql_text(s, 4, out->holder_id_no, sizeof out->holder_id_no);
		sql_text(s, 5, out->name, sizeof out->name);
		sql_text(s, 6, out->number, sizeof out->number);
		out->dept_id = db_col_int64(s, 7);
		out->valid_from = (int32_t)db_col_int64(s, 8);
		out->valid_to = to == -2147483647 ? DAY_NONE : to;
		out->issued_at = db_col_int64(s, 10);
		out->revoked_day = sql_day(s, 11);
	}
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_licences_json(store *st, int64_t holder_id, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT l.id, l.name, l.number,"
	    " l.holder_name, d.name AS dept_name, l.valid_from AS valid_from_day,"
	    " l.valid_to AS valid_to_day, l.case_id, c.query_code, l.issued_at,"
	    " l.revoked_day, l.revoked_note FROM licences l JOIN departments d"
	    " ON d.id = l.dept_id JOIN cases c ON c.id = l.case_id WHERE"
	    " l.holder_id = ?1 ORDER BY l.id DESC", "i",
	    holder_id), out);
}
