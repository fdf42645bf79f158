/*
 * calendar.h - the working-day calendar of one region.
 *
 * A calendar is built from the official schedule (a list of dates marked
 * holiday = a weekday off, or workday = a weekend day worked, 调休) over the
 * default rule that Monday to Friday are working days.  Building it
 * precomputes a day index over CAL_FIRST_DAY..CAL_LAST_DAY (2000-01-01 to
 * 2100-12-31): for each day the number of working days up to and including
 * it, and for each working-day rank the day that holds it, so that every
 * query below is O(1).
 *
 * Pure: no I/O.  A built calendar is immutable and may be shared by threads.
 */
#ifndef GH_CALENDAR_H
#define GH_CALENDAR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cal_kind {
	CAL_HOLIDAY = 1, /* a weekday that is not worked (法定节假日) */
	CAL_WORKDAY = 2  /* a weekend day that is worked (调休上班) */
};

struct cal_entry {
	int32_t day;
	int kind;         /* enum cal_kind */
	const char *name; /* "春节", "国庆节调休上班"; copied by calendar_new */
};

typedef struct calendar calendar;

/* First and last day the index covers (inclusive). */
extern const int32_t CAL_FIRST_DAY, CAL_LAST_DAY;

/* Builds a calendar.  Entries outside the range, or with a kind other than
 * the two above, make it fail with GH_EINVAL; a duplicate day keeps the last
 * entry.  *out is a new calendar owned by the caller. */
int calendar_new(const struct cal_entry *entries, size_t n, calendar **out);
void calendar_free(calendar *cal);

bool calendar_in_range(int32_t day);

/* Whether day is a working day; false outside the range. */
bool calendar_is_workday(const calendar *cal, int32_t day);

/* The entry for day, or NULL when the day follows the weekday rule. */
const struct cal_entry *calendar_entry(const calendar *cal, int32_t day);

/* The n-th working day after from (from itself never counts; n >= 1).
 * n == 0 gives from.  GH_EINVAL when the answer leaves the range. */
int calendar_add_workdays(const calendar *cal, int32_t from, int n, int32_t *out);

/* Number of working days d with a < d <= b; negative of that when b < a
 * (so count(a, b) == -count(b, a)).  Days outside the range are clamped. */
int calendar_count_workdays(const calendar *cal, int32_t a, int32_t b);

/* Entries whose day lies in [a, b], in day order, at most cap of them
 * written to out; returns how many exist in total. */
size_t calendar_entries_between(const calendar *cal, int32_t a, int32_t b,
    const struct cal_entry **out, size_t cap);

#endif
