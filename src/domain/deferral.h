/*
 * deferral.h - the rules of 容缺受理 (acceptance on a commitment, DOMAIN.md
 * section 7; issue 11): which missing materials a commitment may name,
 * the latest day it may promise them for, when the applicant is reminded
 * and when the promise is broken.
 *
 * A commitment names only the item's deferrable 辅件 (never a 主件), each
 * once; its supplement day comes after the acceptance day and no later
 * than the case's own deadline (the acceptance day plus the item's
 * promised limit in working days: "the supplement deadline may not exceed
 * the item's promised limit").  The reminder is due once at most
 * remind_days working days remain; the promise is broken from the first
 * day after the supplement day.
 *
 * Pure: no I/O.  Reentrant.
 */
#ifndef GH_DEFERRAL_H
#define GH_DEFERRAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "domain/item.h"

enum deferral_fault {
	DEFER_OK = 0,
	DEFER_UNKNOWN,        /* not a material of the item */
	DEFER_MAIN,           /* a 主件: never deferred */
	DEFER_NOT_DEFERRABLE, /* a 辅件 the catalogue does not let defer */
	DEFER_DUPLICATE       /* named twice */
};

/* The first fault of names[0..n) against it: returns its enum
 * deferral_fault and sets *idx to the name's index (DEFER_OK, *idx
 * untouched, when all are deferrable).  n == 0 is DEFER_OK. */
int deferral_check_materials(const struct item *it, const char *const *names,
    size_t n, size_t *idx);

/* The latest supplement day a commitment may name for a case accepted on
 * accept_day with a promised limit of promised_days working days.
 * GH_EINVAL when it leaves the calendar. */
int deferral_last_day(const calendar *cal, int32_t accept_day,
    int promised_days, int32_t *out);

/* 0 when supplement_by lies in (accept_day, last day]; GH_EUNPROCESSABLE when
 * it does not (*last gets the last day when it is known), GH_EINVAL when the
 * last day leaves the calendar. */
int deferral_check_day(const calendar *cal, int32_t accept_day,
    int promised_days, int32_t supplement_by, int32_t *last);

/* Whether the reminder is due on today: the day has not passed and at most
 * remind_days working days remain until supplement_by. */
bool deferral_remind_due(const calendar *cal, int32_t today,
    int32_t supplement_by, int remind_days);

/* Whether the promise is broken on today (the supplement day is past). */
bool deferral_missed(int32_t today, int32_t supplement_by);

#endif
