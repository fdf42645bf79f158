/*
 * idcode.c - resident ID numbers, unified social credit codes and mobile
 * numbers (see idcode.h).
 *
 * The check characters:
 * - GB 11643 / ISO 7064 MOD 11-2: weight of position i (1-based, left to
 *   right over 17 digits) is 2^(18-i) mod 11; the check character is
 *   "10X98765432"[sum mod 11].
 * - GB 32100: each of the first 17 characters has its index in the 31-
 *   character alphabet as value, weight of position i is 3^(i-1) mod 31;
 *   the check value is 31 - (sum mod 31), with 31 written as 0.
 *
 * Owns nothing; pure and reentrant.
 */
#include "domain/idcode.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/day.h"
#include "util/gh_err.h"

#define IDCODE_LEN 18

static const char credit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Writes the reason and returns GH_EINVAL, so checks read "return fail()". */
static int fail(char *why, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (why && cap > 0) {
		va_start(ap, fmt);
		(void)vsnprintf(why, cap, fmt, ap);
		va_end(ap);
	}
	return GH_EINVAL;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

char idcode_person_check_char(const char *d17)
{
	static const char check_chars[] = "10X98765432";
	int sum = 0, weight = 1;

	/* Weights 2^(17-i) mod 11 for i = 16 .. 0, computed from the right. */
	for (size_t i = IDCODE_LEN - 1; i-- > 0;) {
		weight = weight * 2 % 11;
		sum += (d17[i] - '0') * weight;
	}
	return check_chars[sum % 11];
}

/* Checks a person's ID number and returns its birth day in *birth. */
static int check_person(const char *s, int32_t *birth, char *why,
    size_t cap)
{
	size_t len;
	int year;
	char iso[11];

	if (!s || !*s)
		return fail(why, cap, "身份证号不能为空");
	len = strlen(s);
	if (len != IDCODE_LEN)
		return fail(why, cap, "身份证号应为 18 位（现为 %zu 位）", len);
	for (size_t i = 0; i < IDCODE_LEN - 1; i++)
		if (!is_digit(s[i]))
			return fail(why, cap, "身份证号前 17 位应为数字");
	if (s[17] == 'x')
		return fail(why, cap, "身份证号末位校验码应为数字或大写 X");
	if (!is_digit(s[17]) && s[17] != 'X')
		return fail(why, cap, "身份证号末位校验码应为数字或大写 X");
	year = two(s + 6) * 100 + two(s + 8);
	/* day_parse_iso knows the month lengths and leap years. */
	memcpy(iso, s + 6, 4);
	iso[4] = '-';
	memcpy(iso + 5, s + 10, 2);
	iso[7] = '-';
	memcpy(iso + 8, s + 12, 2);
	iso[10] = '\0';
	if (year < 1900 || day_parse_iso(iso, birth) != 0)
		return fail(why, cap, "身份证号中的出生日期 %.8s 不是有效日期",
		    s + 6);
	if (idcode_person_check_char(s) != s[17])
		return fail(why, cap, "身份证号校验码不正确，请核对");
	return 0;
}

int idcode_check_person(const char *s, char *why, size_t cap)
{
	int32_t birth;

	return check_person(s, &birth, why, cap);
}

int idcode_check_person_on(const char *s, int32_t today, char *why,
    size_t cap)
{
	int32_t birth;
	int rc = check_person(s, &birth, why, cap);

	if (rc)
		return rc;
	if (birth > today)
		return fail(why, cap, "身份证号中的出生日期 %.8s 晚于今天",
		    s + 6);
	return 0;
}

static int credit_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(credit_alphabet, c);
	return p ? (int)(p - credit_alphabet) : -1;
}

char idcode_credit_check_char(const char *s17)
{
	int sum = 0, weight = 1, v;

	for (size_t i = 0; i < IDCODE_LEN - 1; i++) {
		if ((v = credit_value(s17[i])) < 0)
			return '\0';
		sum += v * weight;
		weight = weight * 3 % 31;
	}
	return credit_alphabet[(31 - sum % 31) % 31];
}

int idcode_check_credit(const char *s, char *why, size_t cap)
{
	size_t len;

	if (!s || !*s)
		return fail(why, cap, "统一社会信用代码不能为空");
	len = strlen(s);
	if (len != IDCODE_LEN)
		return fail(why, cap, "统一社会信用代码应为 18 位（现为 %zu 位）",
		    len);
	for (size_t i = 0; i < IDCODE_LEN; i++)
		if (credit_value(s[i]) < 0)
			return fail(why, cap,
			    "统一社会信用代码第 %zu 位字符无效（只能是数字和除 I、O、S、V、Z 以外的大写字母）",
			    i + 1);
	for (size_t i = 2; i < 8; i++)
		if (!is_digit(s[i]))
			return fail(why, cap,
			    "统一社会信用代码第 3 至 8 位应为行政区划代码数字");
	if (idcode_credit_check_char(s) != s[17])
		return fail(why, cap, "统一社会信用代码校验码不正确，请核对");
	return 0;
}

int idcode_check_mobile(const char *s, char *why, size_t cap)
{
	size_t len;

	if (!s || !*s)
		return fail(why, cap, "手机号码不能为空");
	len = strlen(s);
	for (size_t i = 0; i < len; i++)
		if (!is_digit(s[i]))
			return fail(why, cap, "手机号码只能包含数字");
	if (len != 11)
		return fail(why, cap, "手机号码应为 11 位数字");
	if (s[0] != '1' || s[1] < '3')
		return fail(why, cap, "手机号码应以 13 至 19 开头");
	return 0;
}
