/*
 * calendar_fixture.h - the official 2025 National Day schedule (DOMAIN.md
 * section 4: off 10/1-10/8, work Sun 9/28 and Sat 10/11) as a calendar,
 * and ISO dates as day numbers, for the unit tests of rules that count
 * working days across it (test_deferral, test_pledge).  Include after
 * <cmocka.h>.
 */
#ifndef GH_TEST_CALENDAR_FIXTURE_H
#define GH_TEST_CALENDAR_FIXTURE_H
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "domain/day.h"

static inline int32_t d(const char *iso)
{
	int32_t v;

	assert_int_equal(day_parse_iso(iso, &v), 0);
	return v;
}

static inline calendar *national_day(void)
{
	const char *off[] = {"2025-10-01", "2025-10-02", "2025-10-03",
		"2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07",
		"2025-10-08"};
	struct cal_entry e[10];
	calendar *cal;
	size_t n = 0;

	for (size_t i = 0; i < 8; i++)
		e[n++] = (struct cal_entry){.day = d(off[i]), .kind = CAL_HOLIDAY};
	e[n++] = (struct cal_entry){.day = d("2025-09-28"), .kind = CAL_WORKDAY};
	e[n++] = (struct cal_entry){.day = d("2025-10-11"), .kind = CAL_WORKDAY};
	assert_int_equal(calendar_new(e, n, &cal), 0);
	return cal;
}

#endif
