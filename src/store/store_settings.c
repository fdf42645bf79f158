/*
 * store_settings.c - settings: key/value settings of the centre.
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

/* ---- settings ------------------------------------------------------------ */

int store_setting_get(store *st, const char *key, char *out, size_t cap)
{
	db_stmt *s = sql_query(st, "SELECT value FROM settings WHERE key = ?1",
	    "t", key);
	int rc = db_step(s);

	if (rc == DB_ROW)
		sql_text(s, 0, out, cap);
	db_reset(s);
	if (rc == DB_DONE)
		return GH_ENOTFOUND;
	return sql_rc(rc);
}

int store_setting_int(store *st, const char *key, int64_t dflt, int64_t *out)
{
	char buf[32], *end;
	int err = store_setting_get(st, key, buf, sizeof buf);
	long long v;

	if (err == GH_ENOTFOUND) {
		*out = dflt;
		return 0;
	}
	if (err)
		return err;
	v = strtoll(buf, &end, 10);
	*out = (*end || end == buf) ? dflt : v;
	return 0;
}

int store_setting_set(store *st, const char *key, const char *value)
{
	return sql_run(st, "INSERT INTO settings(key, value) VALUES (?1, ?2)"
	    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	    "tt", key, value);
}
