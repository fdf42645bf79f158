/*
 * idcode.h - checks of Chinese identity codes: the resident ID number
 * (居民身份证号, GB 11643-1999), the unified social credit code (统一社会信用
 * 代码, GB 32100-2015) and mobile phone numbers.
 *
 * Every check takes a NUL-terminated string and returns 0 when it is valid
 * or GH_EINVAL when not; on GH_EINVAL a Chinese reason for the user is
 * written into why (cap bytes, always NUL-terminated when cap > 0; why may
 * be NULL when cap is 0).  The checks never normalise: a lower-case "x"
 * check character or a space is refused, so a value that passes is stored
 * exactly as the canonical code.
 *
 * Pure: no I/O, no clock (the caller passes today where it matters).
 * Reentrant.
 */
#ifndef GH_IDCODE_H
#define GH_IDCODE_H
#include <stddef.h>
#include <stdint.h>

/* An 18-character resident ID number: 17 digits (6 digits of region, the
 * birth date YYYYMMDD, a 3-digit sequence) and the ISO 7064 MOD 11-2 check
 * character (0-9 or X).  The birth date must be a real date from 1900-01-01
 * on.  The region digits are not checked against a list. */
int idcode_check_person(const char *s, char *why, size_t cap);
/* As idcode_check_person and, in addition, refuses a birth date after
 * today (a day number, see domain/day.h). */
int idcode_check_person_on(const char *s, int32_t today, char *why,
    size_t cap);

/* An 18-character unified social credit code over the alphabet
 * 0-9 A-H J-N P-R T U W-Y (no I O S V Z): registration authority, entity
 * type, 6 digits of region, the 9-character organisation code, and the
 * MOD 31 check character of GB 32100. */
int idcode_check_credit(const char *s, char *why, size_t cap);

/* The check character of the first 17 digits of an ID number (ISO 7064
 * MOD 11-2: '0'-'9' or 'X'); d17 holds at least 17 digits. */
char idcode_person_check_char(const char *d17);
/* The GB 32100 check character of the first 17 characters of a credit
 * code; '\0' when one of them is outside the code's alphabet. */
char idcode_credit_check_char(const char *s17);

/* An 11-digit mainland mobile number 1[3-9]xxxxxxxxx (no +86, no spaces). */
int idcode_check_mobile(const char *s, char *why, size_t cap);

#endif
