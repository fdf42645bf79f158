/*
 * calendar_change.h - changes of the working-day calendar and what they do
 * to open cases.
 *
 * A change puts and deletes entries of one region, bumps the calendar
 * version (so every server reloads), recomputes the deadline of every
 * open case whose deadline the change moved, each move recorded on the
 * case's timeline ("deadline_moved"), and audits the change
 * ("calendar.change") - all in one transaction.
 */
#ifndef GH_SERVICE_CALENDAR_CHANGE_H
#define GH_SERVICE_CALENDAR_CHANGE_H
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "service/service.h"
#include "store/store.h"

/* "holiday" or "workday"; and back from the API or Chinese names (-1 for
 * an unknown name). */
const char *calendar_kind_name(int kind);
int calendar_kind_from_name(const char *s);

/* Inside the caller's transaction (the CLI's import, the demo). */
int calendar_apply(store *st, int64_t region_id, const struct cal_entry *put,
    size_t n_put, const int32_t *del, size_t n_del, int64_t now, int32_t today,
    int64_t actor_id, const char *actor_name, int role, size_t *moved);
/* One request: calendar_apply by who in its own transaction; on failure
 * nothing is written and the calendar cache is cleared. */
int calendar_change(store *st, const struct svc_actor *who, int64_t region_id,
    const struct cal_entry *put, size_t n_put, const int32_t *del,
    size_t n_del, size_t *moved, struct svc_err *e);

/* Reads "date,kind,name" CSV into *out (store_calendar_entries_free);
 * GH_EUNPROCESSABLE with the line and field in why. */
int calendar_parse_csv(const char *buf, size_t len, struct cal_entry **out,
    size_t *n, char *why, size_t why_cap);

/* Before a change, cases_deadlines_before records each open case's
 * deadline under the old calendar (DAY_NONE when it has no clock); after
 * it, cases_recompute_deadlines writes the deadline of every case whose
 * deadline the change moved and records the move on its timeline.  Both
 * run in the caller's transaction; *moved counts the moved cases. */
struct case_deadlines {
	int64_t *ids;
	int32_t *deadline;
	size_t n;
};
int cases_deadlines_before(store *st, int32_t today,
    struct case_deadlines *out);
int cases_recompute_deadlines(store *st, const struct case_deadlines *old,
    int64_t now, int32_t today, int64_t actor_id, const char *actor_name,
    int role, size_t *moved);
void case_deadlines_clear(struct case_deadlines *d);

#endif
