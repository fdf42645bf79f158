/*
 * clock.c - the time limit of one case in working days (see clock.h).
 *
 * Definitions this file settles beyond clock.h:
 * - The measuring day m is end_day for a finished case, today otherwise.
 *   remaining = calendar_count_workdays(m, deadline), which is the working
 *   days in (m, deadline] and minus those in (deadline, m] once m is past.
 * - While paused, the open suspension is measured to m as if the case
 *   resumed that day, so the deadline moves later day by day and remaining
 *   holds still (apart from the day the suspension starts, which the
 *   one-day minimum counts as suspended in full).  No "remaining frozen at
 *   the suspension start" is stored anywhere: the same formula answers
 *   every day.  An open suspension that starts after m costs one day.
 * - elapsed = limit - remaining, floored at 0, which equals the working
 *   days in (start, m] less the suspended days; so elapsed + remaining ==
 *   limit whenever elapsed is not floored.
 * - elapsed_permille divides by max(limit, 1).
 * - Suspended days are the working days of the union of the suspensions'
 *   spans (see union_days), each rounded up to one working day when it
 *   holds none; an explanation note gives each suspension the days it adds
 *   beyond those listed before it.
 * - More than one open suspension, a closed one that ends before it starts,
 *   or end_day before start_day is GH_EINVAL.
 *
 * Owns nothing; pure and reentrant.
 */
#include "domain/clock.h"

#include <limits.h>

#include "domain/day.h"
#include "util/gh_err.h"

int clock_suspension_days(const calendar *cal, int32_t start_day,
    int32_t end_day)
{
	int n;

	if (end_day == DAY_NONE || end_day < start_day)
		end_day = start_day;
	/* Working days d with start_day <= d < end_day. */
	n = calendar_count_workdays(cal, start_day - 1, end_day - 1);
	return n < 1 ? 1 : n;
}

/* The day a suspension is measured to: its end, or for an open one the
 * measuring day of the clock. */
static int32_t susp_end(const struct clock_input *in,
    const struct clock_suspension *s)
{
	if (s->end_day != DAY_NONE)
		return s->end_day;
	return in->end_day != DAY_NONE ? in->end_day : in->today;
}

#define NO_SKIP ((size_t)-1)

static int check_input(const struct clock_input *in);

/* The half-open span of days [*a, *b) whose working days one suspension
 * covers: [start, end) when that holds a working day, otherwise (begun and
 * ended the same day, or only days off) the first working day on or after
 * the start, which the round-up to whole days counts. */
static int susp_span(const calendar *cal, const struct clock_input *in,
    const struct clock_suspension *s, int32_t *a, int32_t *b)
{
	int32_t e = susp_end(in, s), first;

	if (e < s->start_day)
		e = s->start_day;
	if (calendar_count_workdays(cal, s->start_day - 1, e - 1) > 0) {
		*a = s->start_day;
		*b = e;
		return 0;
	}
	if (calendar_add_workdays(cal, s->start_day - 1, 1, &first))
		return GH_EINVAL;
	*a = first;
	*b = first + 1;
	return 0;
}

/* Working days in the union of the spans of the first k suspensions but
 * the one at skip (NO_SKIP: none): each
 * working day counts once however many suspensions touch it (DOMAIN.md
 * section 4), so five same-day 挂起/恢复 cycles cost one day, not five. */
static int union_days(const calendar *cal, const struct clock_input *in,
    size_t k, size_t skip, int64_t *out)
{
	int32_t lo[CLOCK_MAX_SUSPENSIONS], hi[CLOCK_MAX_SUSPENSIONS];
	int64_t total = 0;
	size_t n = 0;

	if (k > CLOCK_MAX_SUSPENSIONS)
		return GH_EINVAL;
	for (size_t i = 0; i < k; i++) {
		int32_t a, b;
		size_t j;

		if (i == skip)
			continue;
		if (susp_span(cal, in, &in->susp[i], &a, &b))
			return GH_EINVAL;
		/* insertion by start day */
		for (j = n; j > 0 && lo[j - 1] > a; j--) {
			lo[j] = lo[j - 1];
			hi[j] = hi[j - 1];
		}
		lo[j] = a;
		hi[j] = b;
		n++;
	}
	for (size_t i = 0; i < n;) {
		int32_t a = lo[i], b = hi[i];

		for (i++; i < n && lo[i] <= b; i++)
			if (hi[i] > b)
				b = hi[i];
		total += calendar_count_workdays(cal, a - 1, b - 1);
	}
	*out = total;
	return 0;
}

int clock_suspension_added_days(const calendar *cal,
    const struct clock_input *in, size_t i, int *out)
{
	int64_t with, without;
	int rc;

	if (!cal || !in || !out || i >= in->n_susp)
		return GH_EINVAL;
	if ((rc = check_input(in)))
		return rc;
	if (union_days(cal, in, in->n_susp, NO_SKIP, &with) ||
	    union_days(cal, in, in->n_susp, i, &without))
		return GH_EINVAL;
	*out = (int)(with - without);
	return 0;
}

static int check_input(const struct clock_input *in)
{
	int open = 0;

	if (in->limit_days < 0 || in->warn_days < 0 || in->extension_days < 0 ||
	    in->extension_days > INT_MAX - in->limit_days ||
	    !calendar_in_range(in->start_day) || !calendar_in_range(in->today))
		return GH_EINVAL;
	if (in->end_day != DAY_NONE &&
	    (!calendar_in_range(in->end_day) || in->end_day < in->start_day))
		return GH_EINVAL;
	if (in->n_susp && !in->susp)
		return GH_EINVAL;
	if (in->n_susp > CLOCK_MAX_SUSPENSIONS)
		return GH_EINVAL;
	for (size_t i = 0; i < in->n_susp; i++) {
		const struct clock_suspension *s = &in->susp[i];

		if (!calendar_in_range(s->start_day))
			return GH_EINVAL;
		if (s->end_day == DAY_NONE) {
			if (++open > 1)
				return GH_EINVAL;
		} else if (!calendar_in_range(s->end_day) ||
		    s->end_day < s->start_day) {
			return GH_EINVAL;
		}
	}
	return 0;
}

int clock_compute(const calendar *cal, const struct clock_input *in,
    struct clock_result *out)
{
	struct clock_result r = {0};
	int64_t susp_days = 0, total, elapsed;
	int limit;
	int32_t m;
	int rc;

	if (!cal || !in || !out)
		return GH_EINVAL;
	rc = check_input(in);
	if (rc)
		return rc;

	for (size_t i = 0; i < in->n_susp; i++)
		if (in->susp[i].end_day == DAY_NONE)
			r.paused = true;
	if (union_days(cal, in, in->n_susp, NO_SKIP, &susp_days))
		return GH_EINVAL;
	limit = in->limit_days + in->extension_days;
	total = (int64_t)limit + susp_days;
	if (total > INT_MAX)
		return GH_EINVAL;
	rc = calendar_add_workdays(cal, in->start_day, in->limit_days,
	    &r.base_deadline);
	if (rc)
		return rc;
	rc = calendar_add_workdays(cal, in->start_day, (int)total, &r.deadline);
	if (rc)
		return rc;
	r.suspended_days = (int)susp_days;

	r.finished = in->end_day != DAY_NONE;
	if (r.finished)
		r.paused = false;
	m = r.finished ? in->end_day : in->today;
	r.remaining_days = calendar_count_workdays(cal, m, r.deadline);
	r.extension_days = in->extension_days;
	elapsed = (int64_t)limit - r.remaining_days;
	r.elapsed_days = elapsed < 0 ? 0 : (int)elapsed;
	r.elapsed_permille = (int)((int64_t)r.elapsed_days * 1000 /
	    (limit > 0 ? limit : 1));

	if (r.finished) {
		r.on_time = in->end_day <= r.deadline;
		r.light = LIGHT_NONE;
	} else if (r.remaining_days < 0) {
		r.light = LIGHT_RED;
	} else if (r.remaining_days <= in->warn_days) {
		r.light = LIGHT_YELLOW;
	} else {
		r.light = LIGHT_GREEN;
	}
	*out = r;
	return 0;
}

struct note_sink {
	struct clock_note *out;
	size_t cap;
	size_t n;
};

static void emit(struct note_sink *k, int kind, int32_t day, int32_t end_day,
    int days, const char *name)
{
	if (k->n < k->cap) {
		struct clock_note *c = &k->out[k->n];

		c->kind = kind;
		c->day = day;
		c->end_day = end_day;
		c->days = days;
		c->name = name;
	}
	k->n++;
}

/* A suspension's note carries the days it added beyond the suspensions
 * before it (in input order), so that the notes sum to suspended_days. */
static void emit_susp(struct note_sink *k, const calendar *cal,
    const struct clock_input *in, size_t i)
{
	const struct clock_suspension *s = &in->susp[i];
	int64_t with = 0, without = 0;

	if (union_days(cal, in, i + 1, NO_SKIP, &with) ||
	    union_days(cal, in, i, NO_SKIP, &without))
		with = without = 0;
	emit(k, CLOCK_NOTE_SUSPENSION, s->start_day, s->end_day,
	    (int)(with - without), NULL);
}

/*
 * Order: START; then, day by day through (start, deadline], the calendar
 * entry of the day (HOLIDAY or MAKEUP) followed by the suspensions that
 * start that day (in input order); then one WEEKENDS note (day = deadline)
 * when any ordinary weekend day was skipped; DEADLINE last.  Suspensions
 * that start on or before the acceptance day come right after START and
 * those that start after the deadline right before DEADLINE, so that every
 * suspension is listed.  An open suspension has end_day DAY_NONE and the
 * days it costs so far.  A weekend day that carries a calendar entry is
 * reported through that entry and is not counted in WEEKENDS.  The walk is
 * linear in the length of the span, which is a few hundred days at most
 * for real limits.
 */
size_t clock_explain(const calendar *cal, const struct clock_input *in,
    const struct clock_result *res, struct clock_note *out, size_t cap)
{
	struct note_sink k = {out, out ? cap : 0, 0};
	int weekends = 0;

	emit(&k, CLOCK_NOTE_START, in->start_day, DAY_NONE, in->limit_days,
	    NULL);
	/* the extension is listed on its day, or right after START (approved
	 * on the acceptance day) or before DEADLINE (after it) */
	bool ext = in->extension_days > 0;

	if (ext && in->extension_day <= in->start_day) {
		emit(&k, CLOCK_NOTE_EXTENSION, in->extension_day, DAY_NONE,
		    in->extension_days, NULL);
		ext = false;
	}
	for (size_t i = 0; i < in->n_susp; i++)
		if (in->susp[i].start_day <= in->start_day)
			emit_susp(&k, cal, in, i);
	for (int32_t d = in->start_day + 1; d <= res->deadline; d++) {
		if (ext && in->extension_day == d) {
			emit(&k, CLOCK_NOTE_EXTENSION, d, DAY_NONE,
			    in->extension_days, NULL);
			ext = false;
		}
		const struct cal_entry *e = calendar_entry(cal, d);

		if (e)
			emit(&k, e->kind == CAL_HOLIDAY ? CLOCK_NOTE_HOLIDAY :
			    CLOCK_NOTE_MAKEUP, d, DAY_NONE, 0, e->name);
		else if (day_is_weekend(d))
			weekends++;
		for (size_t i = 0; i < in->n_susp; i++)
			if (in->susp[i].start_day == d)
				emit_susp(&k, cal, in, i);
	}
	for (size_t i = 0; i < in->n_susp; i++)
		if (in->susp[i].start_day > res->deadline &&
		    in->susp[i].start_day > in->start_day)
			emit_susp(&k, cal, in, i);
	if (ext)
		emit(&k, CLOCK_NOTE_EXTENSION, in->extension_day, DAY_NONE,
		    in->extension_days, NULL);
	if (weekends > 0)
		emit(&k, CLOCK_NOTE_WEEKENDS, res->deadline, DAY_NONE, weekends,
		    NULL);
	emit(&k, CLOCK_NOTE_DEADLINE, res->deadline, DAY_NONE, 0, NULL);
	return k.n;
}
