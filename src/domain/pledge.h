/*
 * pledge.h - the rules of 告知承诺制 (notice and commitment, DOMAIN.md
 * section 7; 国办发〔2020〕42号; issue 11 section 3): which items and which
 * proofs a signed promise may stand for, when the follow-up check (事后
 * 核查) falls due and when it is overdue, and the names of its results.
 *
 * An item takes promises only when the catalogue says so (pledge_allowed)
 * and never when it is high-risk (safety, environment, health, finance):
 * item_validate already refuses the two together, and pledge_item_check
 * names which of the two refuses a promise, so that an item edited into an
 * inconsistent state still refuses.  A promise names each of its proofs
 * once, each a material the catalogue marks pledgeable; it may name a 主件
 * (the proofs a promise replaces usually are).  The check is due the
 * verify_days-th working day after the decision (the decision day does not
 * count, as for every limit in working days) and overdue from the day
 * after.
 *
 * Pure: no I/O.  Reentrant.
 */
#ifndef GH_PLEDGE_H
#define GH_PLEDGE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "domain/item.h"

enum pledge_item_fault {
	PLEDGE_ITEM_OK = 0,
	PLEDGE_ITEM_NOT_ALLOWED, /* the item does not practise 告知承诺制 */
	PLEDGE_ITEM_HIGH_RISK    /* high-risk: never, whatever the flag says */
};

/* Whether item it takes promises: enum pledge_item_fault. */
int pledge_item_check(const struct item *it);

enum pledge_fault {
	PLEDGE_OK = 0,
	PLEDGE_UNKNOWN,          /* not a material of the item */
	PLEDGE_NOT_PLEDGEABLE,   /* a material no promise may replace */
	PLEDGE_DUPLICATE         /* named twice */
};

/* The first fault of names[0..n) against it: returns its enum
 * pledge_fault and sets *idx to the name's index (PLEDGE_OK, *idx
 * untouched, when every name is a pledgeable material).  n == 0 is
 * PLEDGE_OK: that a promise names something is the caller's rule. */
int pledge_check_materials(const struct item *it, const char *const *names,
    size_t n, size_t *idx);

/* Whether material name of it is one a promise may replace. */
bool pledge_material_pledgeable(const struct item *it, const char *name);

/* The follow-up check's due day: verify_days working days after
 * decided_day (verify_days < 1 counts as 1: a check is never due on the
 * day of the decision itself).  GH_EINVAL when it leaves the calendar. */
int pledge_verify_due(const calendar *cal, int32_t decided_day,
    int verify_days, int32_t *due_day);

/* Days (natural) that a pending check is past its due day on today; 0
 * while it is not overdue (up to and on the due day). */
int pledge_verify_overdue_days(int32_t due_day, int32_t today);

/* The states of a follow-up check, as stored (case_verifications.status). */
enum pledge_verify_status {
	PLEDGE_VERIFY_PENDING = 0,  /* 待核查 */
	PLEDGE_VERIFY_TRUE = 1,     /* 核查属实 */
	PLEDGE_VERIFY_FALSE = 2,    /* 承诺不实 (the approval was revoked) */
	PLEDGE_VERIFY_CANCELLED = 3, /* 无需核查: the case ended without the
	                              * result (withdrawn, voided) */
	PLEDGE_VERIFY_COUNT_
};

/* API names ("pending", "verified_true", "verified_false", "cancelled")
 * and Chinese labels; NULL outside the enum.  from_name: -1 when
 * unknown. */
const char *pledge_verify_status_name(int status);
const char *pledge_verify_status_label(int status);
int pledge_verify_status_from_name(const char *name);

#endif
