/*
 * day.h - civil dates as integer day numbers.
 *
 * Inside govhall a date is an int32_t counting days since 1970-01-01
 * (proleptic Gregorian); ISO "YYYY-MM-DD" text appears only at the edges.
 * Pure functions, no I/O, reentrant.
 */
#ifndef GH_DAY_H
#define GH_DAY_H
#include <stdbool.h>
#include <stdint.h>

#define DAY_NONE INT32_MIN /* "no date" in structs and columns */

/* Day number of a civil date; month 1..12, mday 1..31 (not validated). */
int32_t day_from_ymd(int year, int month, int mday);
void day_to_ymd(int32_t day, int *year, int *month, int *mday);

/* Parses exactly "YYYY-MM-DD" (a real date, years 1900..2199): 0 and *out,
 * or GH_EINVAL with *out untouched. */
int day_parse_iso(const char *s, int32_t *out);

/* Writes "YYYY-MM-DD" and a NUL into out (11 bytes). */
void day_format_iso(int32_t day, char out[11]);

/* 1 = Monday ... 7 = Sunday (ISO 8601). */
int day_weekday(int32_t day);
bool day_is_weekend(int32_t day);

#endif
