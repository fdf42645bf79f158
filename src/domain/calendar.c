/*
 * calendar.c - the working-day calendar of one region (see calendar.h).
 *
 * Owns, per calendar, three arrays over the index range CAL_FIRST_DAY ..
 * CAL_LAST_DAY (about 36,900 days, some 400 KiB in all), the deduplicated
 * entries in day order and one buffer holding copies of their names:
 * - cum[i]      working days in [CAL_FIRST_DAY, CAL_FIRST_DAY + i];
 * - by_rank[r]  the day of the (r + 1)-th working day of the range;
 * - entry_at[i] index into entries[] of the entry for that day, or -1.
 * With W(d) = working days in [CAL_FIRST_DAY, d] (0 before the range, the
 * total after it), count(a, b) = W(b) - W(a) and the n-th working day after
 * d is by_rank[W(d) + n - 1]: both O(1).
 *
 * Invariant: a built calendar is never modified, so any number of threads
 * may query it without locking.
 */
#include "domain/calendar.h"

#include <stdlib.h>
#include <string.h>

#include "domain/day.h"
#include "util/gh_err.h"
#include "util/xalloc.h"

/* day_from_ymd(2000, 1, 1) and day_from_ymd(2100, 12, 31); test_calendar
 * checks both. */
const int32_t CAL_FIRST_DAY = 10957;
const int32_t CAL_LAST_DAY = 47846;
#define CAL_SPAN ((size_t)(47846 - 10957 + 1))

struct calendar {
	int32_t *cum;
	int32_t *by_rank;
	int32_t *entry_at;
	int32_t n_work;
	struct cal_entry *entries;
	size_t n_entries;
	char *names;
};

bool calendar_in_range(int32_t day)
{
	return day >= CAL_FIRST_DAY && day <= CAL_LAST_DAY;
}

int calendar_new(const struct cal_entry *entries, size_t n, calendar **out)
{
	calendar *cal;
	size_t names_len = 0, k = 0, pos = 0;
	int32_t rank = 0;

	if (!out || (n && !entries))
		return GH_EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (!calendar_in_range(entries[i].day) ||
		    (entries[i].kind != CAL_HOLIDAY &&
		     entries[i].kind != CAL_WORKDAY))
			return GH_EINVAL;
	}

	cal = xcalloc(1, sizeof(*cal));
	cal->cum = xmalloc(CAL_SPAN * sizeof(*cal->cum));
	cal->by_rank = xmalloc(CAL_SPAN * sizeof(*cal->by_rank));
	cal->entry_at = xmalloc(CAL_SPAN * sizeof(*cal->entry_at));
	for (size_t i = 0; i < CAL_SPAN; i++)
		cal->entry_at[i] = -1;

	/* Walking the input in order lets a later duplicate replace an
	 * earlier one; walking the days afterwards sorts what is left. */
	for (size_t i = 0; i < n; i++)
		cal->entry_at[entries[i].day - CAL_FIRST_DAY] = (int32_t)i;
	for (size_t i = 0; i < CAL_SPAN; i++) {
		if (cal->entry_at[i] < 0)
			continue;
		k++;
		if (entries[cal->entry_at[i]].name)
			names_len += strlen(entries[cal->entry_at[i]].name) + 1;
	}
	cal->entries = xcalloc(k, sizeof(*cal->entries));
	cal->names = xmalloc(names_len);
	cal->n_entries = 0;
	for (size_t i = 0; i < CAL_SPAN; i++) {
		const struct cal_entry *src;
		struct cal_entry *dst;

		if (cal->entry_at[i] < 0)
			continue;
		src = &entries[cal->entry_at[i]];
		dst = &cal->entries[cal->n_entries];
		dst->day = src->day;
		dst->kind = src->kind;
		dst->name = NULL;
		if (src->name) {
			size_t len = strlen(src->name) + 1;

			memcpy(cal->names + pos, src->name, len);
			dst->name = cal->names + pos;
			pos += len;
		}
		cal->entry_at[i] = (int32_t)cal->n_entries++;
	}

	for (size_t i = 0; i < CAL_SPAN; i++) {
		int32_t day = CAL_FIRST_DAY + (int32_t)i;
		bool work = !day_is_weekend(day);

		if (cal->entry_at[i] >= 0)
			work = cal->entries[cal->entry_at[i]].kind == CAL_WORKDAY;
		if (work)
			cal->by_rank[rank++] = day;
		cal->cum[i] = rank;
	}
	cal->n_work = rank;
	*out = cal;
	return 0;
}

void calendar_free(calendar *cal)
{
	if (!cal)
		return;
	free(cal->cum);
	free(cal->by_rank);
	free(cal->entry_at);
	free(cal->entries);
	free(cal->names);
	free(cal);
}

/* Working days in [CAL_FIRST_DAY, day], with day clamped to the range. */
static int32_t workdays_through(const calendar *cal, int32_t day)
{
	if (day < CAL_FIRST_DAY)
		return 0;
	if (day > CAL_LAST_DAY)
		return cal->n_work;
	return cal->cum[day - CAL_FIRST_DAY];
}

bool calendar_is_workday(const calendar *cal, int32_t day)
{
	if (!calendar_in_range(day))
		return false;
	return workdays_through(cal, day) != workdays_through(cal, day - 1);
}

const struct cal_entry *calendar_entry(const calendar *cal, int32_t day)
{
	int32_t k;

	if (!calendar_in_range(day))
		return NULL;
	k = cal->entry_at[day - CAL_FIRST_DAY];
	return k < 0 ? NULL : &cal->entries[k];
}

/* from must lie in the range as well as the answer: a day outside it has
 * no rank to count from.  A negative n is GH_EINVAL. */
int calendar_add_workdays(const calendar *cal, int32_t from, int n,
    int32_t *out)
{
	int64_t target;

	if (!calendar_in_range(from) || n < 0)
		return GH_EINVAL;
	if (n == 0) {
		*out = from;
		return 0;
	}
	target = (int64_t)workdays_through(cal, from) + n;
	if (target > cal->n_work)
		return GH_EINVAL;
	*out = cal->by_rank[target - 1];
	return 0;
}

int calendar_count_workdays(const calendar *cal, int32_t a, int32_t b)
{
	return (int)(workdays_through(cal, b) - workdays_through(cal, a));
}

size_t calendar_entries_between(const calendar *cal, int32_t a, int32_t b,
    const struct cal_entry **out, size_t cap)
{
	size_t lo = 0, hi = cal->n_entries, total = 0;

	/* Lower bound of a in the sorted entries. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cal->entries[mid].day < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < cal->n_entries && cal->entries[i].day <= b;
	     i++) {
		if (total < cap)
			out[total] = &cal->entries[i];
		total++;
	}
	return total;
}
