/*
 * clock.h - the time limit of one case, in working days.
 *
 * Rules (shared/DOMAIN.md section 4):
 * - The day of acceptance does not count: a limit of N working days ends at
 *   the end of the N-th working day after start_day.
 * - A suspension (special procedure, or waiting for 补正 after acceptance)
 *   stops the clock.  A suspension from day s to day e (e = the day the case
 *   resumed) costs max(1, working days d with s <= d < e): time is rounded up
 *   to whole days, so a suspension begun and ended the same day still pushes
 *   the deadline back by one working day.  An open suspension (e == DAY_NONE)
 *   is measured to today as if the case resumed today.
 *   Each working day counts once however many suspensions touch it: the
 *   suspended days are those of the union of the suspensions (a same-day
 *   suspension covering its own day, or the next working day when it falls
 *   on a day off), not the sum of each one rounded up, so five same-day
 *   挂起/恢复 cycles push the deadline by one working day.
 * - An approved extension (延长, 许可法 art. 42) of E working days makes
 *   the limit N + E: the deadline, remaining days and elapsed share count
 *   against it.
 * - deadline = (N + E + suspended working days)-th working day after
 *   start.
 * - remaining = working days in (today, deadline]; once today is past the
 *   deadline it is minus the working days in (deadline, today].
 * - light: red from the first working day after the deadline (remaining < 0);
 *   yellow when remaining <= warn_days; green otherwise.  A finished case
 *   has no light (LIGHT_NONE).
 * - A case that finished (end_day set) finished on time when end_day <=
 *   deadline.
 *
 * Pure: no I/O.  Reentrant.
 */
#ifndef GH_CLOCK_H
#define GH_CLOCK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"

enum light { LIGHT_NONE = 0, LIGHT_GREEN = 1, LIGHT_YELLOW = 2, LIGHT_RED = 3 };

struct clock_suspension {
	int32_t start_day;
	int32_t end_day; /* DAY_NONE while still suspended */
};

struct clock_input {
	int32_t start_day; /* acceptance day (not counted) */
	int limit_days;    /* working days, >= 0 */
	const struct clock_suspension *susp;
	size_t n_susp;
	int32_t end_day;   /* day the case finished, or DAY_NONE */
	int32_t today;
	int warn_days;     /* yellow threshold, >= 0 */
	/* 延长审批期限 (许可法 art. 42): approved working days added to the
	 * limit, >= 0, and the day the extension was approved (DAY_NONE or
	 * any day when extension_days is 0) */
	int extension_days;
	int32_t extension_day;
};

struct clock_result {
	int32_t base_deadline;  /* start + limit, no suspensions or extension */
	int32_t deadline;       /* with suspensions and the extension */
	int suspended_days;     /* working days added by suspensions */
	int elapsed_days;       /* working days used, suspensions excluded,
	                           measured to end_day when finished */
	int remaining_days;     /* see above; measured to end_day if finished */
	int extension_days;     /* in->extension_days */
	int elapsed_permille;   /* elapsed / (limit + extension) * 1000 (0 when
	                           that is 0
	                           and nothing elapsed, 1000+ when over) */
	bool paused;            /* an open suspension */
	bool finished;          /* end_day set */
	bool on_time;           /* finished && end_day <= deadline */
	int light;              /* enum light */
};

/* At most this many suspensions per case (more is GH_EINVAL; the anomaly
 * rule on repeated suspensions fires long before). */
#define CLOCK_MAX_SUSPENSIONS 64

/* Computes the clock.  GH_EINVAL when a day is outside the calendar range
 * or a suspension ends before it starts; *out is written only on success. */
int clock_compute(const calendar *cal, const struct clock_input *in,
    struct clock_result *out);

/* Working days one suspension costs alone, by the rule above. */
int clock_suspension_days(const calendar *cal, int32_t start_day,
    int32_t end_day);

/* The working days suspension i adds to the clock beyond all the others
 * (what the deadline moved by when it ended): 0 when the others already
 * cover its days.  GH_EINVAL as clock_compute, or i out of range. */
int clock_suspension_added_days(const calendar *cal,
    const struct clock_input *in, size_t i, int *out);

/* The explanation of a deadline, for "how was this computed?". */
enum clock_note_kind {
	CLOCK_NOTE_START = 1,   /* day = acceptance day, days = limit */
	CLOCK_NOTE_HOLIDAY,     /* day, name: a weekday off crossed */
	CLOCK_NOTE_MAKEUP,      /* day, name: a weekend day worked crossed */
	CLOCK_NOTE_WEEKENDS,    /* days = ordinary weekend days skipped */
	CLOCK_NOTE_SUSPENSION,  /* day = start, end_day, days added */
	CLOCK_NOTE_DEADLINE,    /* day = deadline */
	CLOCK_NOTE_EXTENSION    /* day = approval day, days = extension */
};

struct clock_note {
	int kind;
	int32_t day;
	int32_t end_day;
	int days;
	const char *name; /* points into the calendar; NULL if none */
};

/* Writes the notes in day order (START first, DEADLINE last) for the span
 * (start_day, deadline]; at most cap written; returns the total count. */
size_t clock_explain(const calendar *cal, const struct clock_input *in,
    const struct clock_result *res, struct clock_note *out, size_t cap);

#endif
