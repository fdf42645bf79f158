/*
 * case_clock.h - a case's working-day clock: its accepted day, limit and
 * suspensions run through domain/clock with the calendar of its region.
 * Reads only; used by the engine, the watch, the sweep, the views and the
 * deadline moves of a calendar change.
 */
#ifndef GH_SERVICE_CASE_CLOCK_H
#define GH_SERVICE_CASE_CLOCK_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "domain/clock.h"
#include "store/store.h"

/* Computes the clock of c with cal on today; false when the case has no
 * clock yet (not accepted) or its suspensions cannot be read.  *susp is
 * the caller's to free (also when false). */
bool case_clock(store *st, const calendar *cal, const struct case_rec *c,
    int32_t today, struct clock_input *in, struct clock_suspension **susp,
    struct clock_result *res);

/* The API name of a light: "none", "green", "yellow" or "red". */
const char *case_light_name(int light);

#endif
