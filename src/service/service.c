/*
 * service.c - the small helpers every service shares: filling a struct
 * svc_err and writing dates into JSON.  See service.h.
 */
#include "service/service.h"

#include <stdarg.h>
#include <stdio.h>

#include "domain/day.h"
#include "util/gh_err.h"

struct case_actor case_actor_of(const struct svc_actor *who)
{
	return (struct case_actor){who->id, who->name, who->role, who->dept_id,
		who->window_id};
}

int svc_fail(struct svc_err *e, int err, json_t *extra, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
	} else {
		snprintf(e->msg, sizeof e->msg, "%s", gh_err_info(err)->message);
	}
	json_decref(e->extra);
	e->extra = extra;
	e->err = err;
	return err;
}

int svc_check(struct svc_err *e, int err)
{
	return err ? svc_fail(e, err, NULL, NULL) : 0;
}

void svc_err_clear(struct svc_err *e)
{
	json_decref(e->extra);
	e->extra = NULL;
}

json_t *json_day(int32_t day)
{
	char iso[11];

	if (day == DAY_NONE)
		return json_null();
	day_format_iso(day, iso);
	return json_string(iso);
}
