/*
 * store_org.c - organisation: regions, departments, halls, windows and their A/B posts, staff, and the pending changes to supervisors (separation of duties).
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

/* ---- organisation ------------------------------------------------------- */

int store_region_insert(store *st, const struct region_rec *r, int64_t *id)
{
	int err = sql_int(st, id, "INSERT INTO regions(parent_id, code, name, level)"
	    " VALUES (?1, ?2, ?3, ?4) RETURNING id", "nttI", r->parent_id, r->code, r->name,
	    r->level);

	return err;
}

int store_dept_insert(store *st, const struct dept_rec *d, int64_t *id)
{
	int err = sql_int(st, id, "INSERT INTO departments(region_id, code, name,"
	    " short_name) VALUES (?1, ?2, ?3, ?4) RETURNING id", "ittt", d->region_id,
	    d->code, d->name, d->short_name);

	return err;
}

int store_dept_by_code(store *st, const char *code, int64_t *id)
{
	return sql_int(st, id, "SELECT id FROM departments WHERE code = ?1",
	    "t", code);
}

int store_dept_region(store *st, int64_t dept_id, int64_t *region_id)
{
	return sql_int(st, region_id, "SELECT region_id FROM departments"
	    " WHERE id = ?1", "i", dept_id);
}

int store_dept_name(store *st, int64_t dept_id, char *buf, size_t size)
{
	db_stmt *s = sql_query(st, "SELECT short_name FROM departments WHERE"
	    " id = ?1", "i", dept_id);
	int rc = db_step(s);

	if (rc == DB_ROW)
		sql_text(s, 0, buf, size);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	return rc == DB_DONE ? GH_ENOTFOUND : sql_rc(rc);
}

int store_hall_insert(store *st, int64_t region_id, const char *name,
    const char *address, const char *hours, int64_t *id)
{
	int err = sql_int(st, id, "INSERT INTO halls(region_id, name, address, hours)"
	    " VALUES (?1, ?2, ?3, ?4) RETURNING id", "ittt", region_id, name, address, hours);

	return err;
}

int store_window_insert(store *st, int64_t hall_id, const char *no,
    const char *name, int type, int64_t *id)
{
	int err = sql_int(st, id, "INSERT INTO windows(hall_id, no, name, type)"
	    " VALUES (?1, ?2, ?3, ?4) RETURNING id", "ittI", hall_id, no, name, type);

	return err;
}

int store_window_add_dept(store *st, int64_t window_id, int64_t dept_id)
{
	return sql_run(st, "INSERT INTO window_depts(window_id, dept_id)"
	    " VALUES (?1, ?2) ON CONFLICT DO NOTHING", "ii", window_id, dept_id);
}

int store_window_post_insert(store *st, int64_t window_id, const char *name,
    int64_t a_user_id, int64_t b_user_id)
{
	return sql_run(st, "INSERT INTO window_posts(window_id, name, a_user_id,"
	    " b_user_id) VALUES (?1, ?2, ?3, ?4)", "itin", window_id, name,
	    a_user_id, b_user_id);
}

int store_window_serves(store *st, int64_t window_id, int64_t dept_id,
    bool *out)
{
	int64_t n;
	int err = sql_int(st, &n, "SELECT count(*) FROM window_depts"
	    " WHERE window_id = ?1 AND dept_id = ?2", "ii", window_id, dept_id);

	if (!err)
		*out = n > 0;
	return err;
}

int store_regions_json(store *st, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT id, parent_id, code, name, level,"
	    " CASE level WHEN 1 THEN '市' WHEN 2 THEN '县' WHEN 3 THEN '乡镇(街道)'"
	    " ELSE '村(社区)' END AS level_label FROM regions ORDER BY id", ""),
	    out);
}

int store_departments_json(store *st, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT d.id, d.code, d.name, d.short_name,"
	    " d.region_id, r.name AS region_name, (SELECT count(*) FROM items i"
	    " WHERE i.dept_id = d.id AND i.retired = 0) AS items FROM departments d"
	    " JOIN regions r ON r.id = d.region_id ORDER BY d.id", ""), out);
}

int store_windows_json(store *st, json_t **out)
{
	json_t *arr, *w;
	size_t i;
	int err = sql_rows_json(st, sql_query(st, "SELECT w.id, w.no, w.name, w.type,"
	    " CASE w.type WHEN 1 THEN '独立窗口' WHEN 2 THEN '综合窗口'"
	    " WHEN 3 THEN '银行窗口' ELSE '预约窗口' END AS type_label,"
	    " h.name AS hall FROM windows w JOIN halls h ON h.id = w.hall_id"
	    " ORDER BY w.no", ""), &arr);

	if (err)
		return err;
	json_array_foreach(arr, i, w) {
		json_int_t id = json_integer_value(json_object_get(w, "id"));
		json_t *depts, *posts;

		if ((err = sql_rows_json(st, sql_query(st, "SELECT d.id, d.short_name,"
		    " d.name FROM window_depts wd JOIN departments d ON"
		    " d.id = wd.dept_id WHERE wd.window_id = ?1 ORDER BY d.id",
		    "i", (int64_t)id), &depts)))
			goto fail;
		json_object_set_new(w, "departments", depts);
		if ((err = sql_rows_json(st, sql_query(st, "SELECT p.id, p.name,"
		    " p.a_user_id, a.name AS a_name, p.b_user_id, b.name AS b_name"
		    " FROM window_posts p JOIN users a ON a.id = p.a_user_id"
		    " LEFT JOIN users b ON b.id = p.b_user_id WHERE p.window_id = ?1"
		    " ORDER BY p.id", "i", (int64_t)id), &posts)))
			goto fail;
		json_object_set_new(w, "posts", posts);
	}
	*out = arr;
	return 0;
fail:
	json_decref(arr);
	return err;
}

int store_staff_json(store *st, int page, int per_page, json_t **out)
{
	int64_t total;
	int err = sql_int(st, &total, "SELECT count(*) FROM users WHERE role <> ?1",
	    "I", 1);

	if (err)
		return err;
	return sql_page_json(st, total, sql_query(st, "SELECT u.id, u.username, u.name,"
	    " u.role, u.dept_id, d.short_name AS dept_name, u.window_id,"
	    " w.no AS window_no, u.post, u.phone, u.active AS active_flag"
	    " FROM users u LEFT JOIN departments d ON d.id = u.dept_id"
	    " LEFT JOIN windows w ON w.id = u.window_id WHERE u.role <> 1"
	    " ORDER BY u.id LIMIT ?1 OFFSET ?2", "II", per_page,
	    sql_page_offset(page, per_page)), out);
}

/* ---- organisation administration ---------------------------------------- */

/* role 1 is ROLE_APPLICANT: applicants are users but not staff. */
int store_staff_get_json(store *st, int64_t id, json_t **out)
{
	db_stmt *s = sql_query(st, "SELECT u.id, u.username, u.name, u.role,"
	    " u.dept_id, d.short_name AS dept_name, u.window_id,"
	    " w.no AS window_no, u.post, u.phone, u.email,"
	    " u.active AS active_flag FROM users u LEFT JOIN departments d"
	    " ON d.id = u.dept_id LEFT JOIN windows w ON w.id = u.window_id"
	    " WHERE u.id = ?1 AND u.role <> 1", "i", id);
	int rc = db_step(s);

	if (rc == DB_ROW)
		*out = sql_row_json(s);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	return rc == DB_DONE ? GH_ENOTFOUND : sql_rc(rc);
}

int store_window_no(store *st, int64_t window_id, char *buf, size_t size)
{
	db_stmt *s = sql_query(st, "SELECT no FROM windows WHERE id = ?1", "i",
	    window_id);
	int rc = db_step(s);

	if (rc == DB_ROW)
		sql_text(s, 0, buf, size);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	return rc == DB_DONE ? GH_ENOTFOUND : sql_rc(rc);
}

int store_staff_insert(store *st, const char *username, const char *pw_hash,
    const struct staff_rec *r, int64_t now, int64_t *id)
{
	int err = sql_int(st, id, "INSERT INTO users(username, name, role, phone,"
	    " email, dept_id, window_id, post, pw_hash, active, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
	    "ttIttnnttIi", username, r->name, r->role, r->phone, r->email,
	    r->dept_id, r->window_id, r->post, pw_hash, (int)r->active, now);

	return err;
}

int store_staff_update(store *st, int64_t id, const struct staff_rec *r)
{
	int err = sql_run(st, "UPDATE users SET name = ?2, phone = ?3, email = ?4,"
	    " role = ?5, dept_id = ?6, window_id = ?7, post = ?8, active = ?9"
	    " WHERE id = ?1 AND role <> 1", "itttInntI", id, r->name,
	    r->phone, r->email, r->role, r->dept_id, r->window_id, r->post,
	    (int)r->active);

	if (!err && db_changes(st->db) == 0)
		err = GH_ENOTFOUND;
	return err;
}

int store_user_posts_json(store *st, int64_t user_id, json_t **out)
{
	/* ORDER BY of a compound SELECT names result columns: alias them */
	return sql_rows_json(st, sql_query(st, "SELECT p.id AS id, p.window_id,"
	    " w.no AS window_no, p.name, 'A' AS side FROM window_posts p"
	    " JOIN windows w ON w.id = p.window_id WHERE p.a_user_id = ?1"
	    " UNION ALL SELECT p.id, p.window_id, w.no, p.name, 'B'"
	    " FROM window_posts p JOIN windows w ON w.id = p.window_id"
	    " WHERE p.b_user_id = ?1 ORDER BY side, id", "i", user_id), out);
}

int store_window_posts_json(store *st, int64_t window_id, json_t **out)
{
	db_stmt *s = sql_query(st, "SELECT id AS window_id, no AS window_no,"
	    " name AS window_name FROM windows WHERE id = ?1", "i", window_id);
	json_t *w = NULL, *posts, *staff;
	int rc = db_step(s), err;

	if (rc == DB_ROW)
		w = sql_row_json(s);
	db_reset(s);
	if (rc != DB_ROW)
		return rc == DB_DONE ? GH_ENOTFOUND :
		    sql_rc(rc);
	if ((err = sql_rows_json(st, sql_query(st, "SELECT p.id, p.name, p.a_user_id,"
	    " a.name AS a_name, p.b_user_id, b.name AS b_name"
	    " FROM window_posts p JOIN users a ON a.id = p.a_user_id"
	    " LEFT JOIN users b ON b.id = p.b_user_id WHERE p.window_id = ?1"
	    " ORDER BY p.id", "i", window_id), &posts)))
		goto fail;
	json_object_set_new(w, "posts", posts);
	if ((err = sql_rows_json(st, sql_query(st, "SELECT id, username, name, role,"
	    " post FROM users WHERE window_id = ?1 AND active = 1"
	    " AND role <> 1 ORDER BY id", "i", window_id), &staff)))
		goto fail;
	json_object_set_new(w, "staff", staff);
	*out = w;
	return 0;
fail:
	json_decref(w);
	return err;
}

int store_window_posts_replace(store *st, int64_t window_id,
    const struct window_post *posts, size_t n)
{
	int err = sql_run(st, "DELETE FROM window_posts WHERE window_id = ?1", "i",
	    window_id);

	for (size_t i = 0; i < n && !err; i++)
		err = store_window_post_insert(st, window_id, posts[i].name,
		    posts[i].a_user_id, posts[i].b_user_id);
	if (err)
		return err;
	return sql_run(st, "UPDATE users SET post = CASE WHEN EXISTS (SELECT 1 FROM"
	    " window_posts p WHERE p.a_user_id = users.id) THEN 'A' WHEN EXISTS"
	    " (SELECT 1 FROM window_posts p WHERE p.b_user_id = users.id)"
	    " THEN 'B' ELSE '' END WHERE window_id = ?1", "i", window_id);
}

/* ---- separation of duties: pending changes to supervisors (0007) -------- */

int store_staff_request_add(store *st, const struct staff_request *r,
    int64_t *id)
{
	int err = sql_int(st, id, "INSERT INTO staff_requests(kind, target_id,"
	    " requester_id, change, summary, created_at, expires_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id", "tiittii", r->kind,
	    r->target_id, r->requester_id, r->change, r->summary,
	    r->created_at, r->expires_at);

	return err;
}

/* The API columns of a request: never the change itself (it may hold a
 * password hash). */
#define STAFF_REQUEST_COLS "r.id, r.kind, r.target_id, t.username AS" \
	" target_username, t.name AS target_name, r.requester_id, q.name AS" \
	" requester_name, r.summary, CASE WHEN r.state = 'pending' AND" \
	" r.expires_at <= ?1 THEN 'expired' ELSE r.state END AS state," \
	" r.created_at, r.expires_at, r.decided_by, r.decided_at"
#define STAFF_REQUEST_FROM " FROM staff_requests r JOIN users t" \
	" ON t.id = r.target_id JOIN users q ON q.id = r.requester_id"

int store_staff_requests_json(store *st, int64_t now, json_t **out)
{
	return sql_rows_json(st, sql_query(st, "SELECT " STAFF_REQUEST_COLS
	    STAFF_REQUEST_FROM " ORDER BY r.id DESC LIMIT ?2", "iI", now, 200), out);
}

int store_staff_request_get(store *st, int64_t id, int64_t now,
    struct staff_request *r, json_t **out)
{
	db_stmt *s = sql_query(st, "SELECT " STAFF_REQUEST_COLS ", r.change"
	    STAFF_REQUEST_FROM " WHERE r.id = ?2", "ii", now, id);
	int rc = db_step(s);

	if (rc == DB_ROW) {
		*out = sql_row_json(s);
		json_object_del(*out, "change");
		memset(r, 0, sizeof *r);
		r->id = id;
		r->target_id = db_col_int64(s, 2);
		r->requester_id = db_col_int64(s, 5);
		r->expires_at = db_col_int64(s, 10);
		sql_text(s, 1, r->kind_buf, sizeof r->kind_buf);
		sql_text(s, 8, r->state_buf, sizeof r->state_buf);
		r->kind = r->kind_buf;
		r->change = sql_dup(s, 13);
	}
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	return rc == DB_DONE ? GH_ENOTFOUND : sql_rc(rc);
}

int store_staff_request_decide(store *st, int64_t id, bool approved,
    int64_t decided_by, int64_t now)
{
	int err = sql_run(st, "UPDATE staff_requests SET state = ?2,"
	    " decided_by = ?3, decided_at = ?4 WHERE id = ?1 AND"
	    " state = 'pending' AND expires_at > ?4", "itii", id,
	    approved ? "approved" : "rejected", decided_by, now);

	if (!err && db_changes(st->db) == 0)
		err = GH_ECONFLICT;
	return err;
}
