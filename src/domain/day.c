/*
 * day.c - civil dates as integer day numbers (see day.h).
 *
 * The conversions are Howard Hinnant's days_from_civil and civil_from_days
 * ("chrono-Compatible Low-Level Date Algorithms"), exact for the whole
 * proleptic Gregorian calendar.  Intermediate values are 64-bit so that
 * extreme inputs (DAY_NONE, INT32_MAX) cannot overflow.
 *
 * Owns nothing; pure and reentrant.
 */
#include "domain/day.h"

#include <string.h>

#include "util/gh_err.h"

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int32_t day_from_ymd(int year, int month, int mday)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t mp = month > 2 ? month - 3 : month + 9;
	int64_t doy = (153 * mp + 2) / 5 + mday - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t)(era * 146097 + doe - 719468);
}

void day_to_ymd(int32_t day, int *year, int *month, int *mday)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);

	*year = (int)y;
	*month = (int)m;
	*mday = (int)d;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Reads n ASCII digits; -1 if any is not a digit. */
static int read_digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int day_parse_iso(const char *s, int32_t *out)
{
	int y, m, d;

	/* strnlen keeps a long string from being scanned to its end. */
	if (!s || strnlen(s, 11) != 10 || s[4] != '-' || s[7] != '-')
		return GH_EINVAL;
	y = read_digits(s, 4);
	m = read_digits(s + 5, 2);
	d = read_digits(s + 8, 2);
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 ||
	    d > month_days(y, m))
		return GH_EINVAL;
	*out = day_from_ymd(y, m, d);
	return 0;
}

static void put_digits(char *p, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Years outside 0..9999 cannot be written in 10 characters; they come out
 * as "0000-00-00" so that a bad day never overruns out. */
void day_format_iso(int32_t day, char out[11])
{
	int y, m, d;

	day_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = m = d = 0;
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
}

int day_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (ISO 4). */
	int64_t r = ((int64_t)day + 3) % 7;

	if (r < 0)
		r += 7;
	return (int)r + 1;
}

bool day_is_weekend(int32_t day)
{
	return day_weekday(day) >= 6;
}
