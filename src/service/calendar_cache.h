/*
 * calendar_cache.h - working-day calendars checked out of a process cache,
 * shared by the handlers and the services.
 *
 * The cache is keyed by region and validated against the database's
 * calendar version on every checkout, so a change made through another
 * server is seen at once.  A checked-out calendar stays valid until it is
 * released, even when the cache drops it meanwhile.
 *
 * Thread-safety: the cache is locked; any thread may check out and
 * release with its own store.
 */
#ifndef GH_SERVICE_CALENDAR_CACHE_H
#define GH_SERVICE_CALENDAR_CACHE_H
#include <stdint.h>

#include "domain/calendar.h"
#include "store/store.h"

struct cal_ref;
const calendar *cal_ref_get(const struct cal_ref *ref);
/* Checks out the calendar of region_id: 0 and *out, or a store error. */
int calendar_load(store *st, int64_t region_id, struct cal_ref **out);
/* NULL does nothing. */
void cal_ref_release(struct cal_ref *ref);
/* Drops every cached calendar (after a change in this process). */
void calendar_cache_clear(void);

#endif
