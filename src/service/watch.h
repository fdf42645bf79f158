/*
 * watch.h - the live watch of electronic supervision inside every case
 * transaction: after an action it evaluates the anomaly rules on the
 * action and on the case, records each hit once, and keeps the 补正
 * timer (set by a request for materials, done by the supplement or the
 * end of the case).  The periodic side is service/sweep.h.
 */
#ifndef GH_SERVICE_WATCH_H
#define GH_SERVICE_WATCH_H
#include <stdint.h>

#include "domain/calendar.h"
#include "service/service.h"
#include "store/store.h"

#define TIMER_CORRECTION "correction_timeout"

/* Runs in the case engine's transaction after action (enum case_action)
 * took case before to c; reason is the action's reason or NULL. */
int watch_after_action(store *st, const calendar *cal,
    const struct case_actor *who, const struct case_rec *before,
    const struct case_rec *c, int action, const char *reason, int32_t today,
    int64_t now);

#endif
