/*
 * store_calendar.c - the working-day calendar of each region.
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

/* ---- calendar ------------------------------------------------------------ */

int store_calendar_entries(store *st, int64_t region_id,
    struct cal_entry **out, size_t *n)
{
	/* Walk up the region tree; the nearest region's entry for a day wins. */
	db_stmt *s = sql_query(st, "WITH RECURSIVE up(id, depth) AS ("
	    " SELECT ?1, 0 UNION ALL SELECT r.parent_id, up.depth + 1 FROM regions r"
	    " JOIN up ON r.id = up.id WHERE r.parent_id IS NOT NULL)"
	    " SELECT c.day, c.kind, c.name FROM calendar_days c JOIN up"
	    " ON c.region_id = up.id WHERE up.depth = (SELECT min(u2.depth)"
	    " FROM up u2 JOIN calendar_days c2 ON c2.region_id = u2.id"
	    " WHERE c2.day = c.day) ORDER BY c.day", "i", region_id);
	struct cal_entry *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	while ((rc = db_step(s)) == DB_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[cnt].day = db_col_int(s, 0);
		v[cnt].kind = db_col_int(s, 1);
		v[cnt].name = sql_dup(s, 2);
		cnt++;
	}
	db_reset(s);
	if (rc != DB_DONE) {
		store_calendar_entries_free(v, cnt);
		return sql_rc(rc);
	}
	*out = v;
	*n = cnt;
	return 0;
}

void store_calendar_entries_free(struct cal_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)e[i].name);
	free(e);
}

int store_calendar_put(store *st, int64_t region_id, int32_t day, int kind,
    const char *name)
{
	return sql_run(st, "INSERT INTO calendar_days(region_id, day, kind, name)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(region_id, day) DO UPDATE SET"
	    " kind = excluded.kind, name = excluded.name", "iIIt", region_id,
	    (int)day, kind, name);
}

int store_calendar_delete(store *st, int64_t region_id, int32_t day)
{
	int err = sql_run(st, "DELETE FROM calendar_days WHERE region_id = ?1 AND"
	    " day = ?2", "iI", region_id, (int)day);

	if (!err && db_changes(st->db) == 0)
		return GH_ENOTFOUND;
	return err;
}

int store_calendar_version(store *st, int64_t *out)
{
	return store_setting_int(st, "calendar_version", 1, out);
}

int store_calendar_bump(store *st)
{
	return sql_run(st, "UPDATE settings SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
	    " WHERE key = 'calendar_version'", "");
}

int store_root_region(store *st, int64_t *out)
{
	return sql_int(st, out, "SELECT id FROM regions WHERE parent_id IS NULL"
	    " ORDER BY id LIMIT 1", "");
}

int store_region_exists(store *st, int64_t region_id)
{
	int64_t id;

	return sql_int(st, &id, "SELECT id FROM regions WHERE id = ?1", "i",
	    region_id);
}
