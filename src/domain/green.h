/*
 * green.h - 绿色通道 (the green channel, issue 11 section 6): which cases
 * are handled first and with a shorter promised limit.
 *
 * Two ways into the channel, as county centres run it for 重点项目:
 *  - an item the centre puts in the channel (item_green): every case of it
 *    gets the item's green limit, 1 to the item's promised limit working
 *    days;
 *  - an applicant on the list of key projects (key_applicants, matched by
 *    the applicant's ID number or 统一社会信用代码): while its entry is
 *    active and not past its last valid day, each of its cases gets a share
 *    of the item's promised limit (limit_ratio_pct, rounded up, at least 1
 *    working day), or the item's limits when it has no share of its own.
 * A case that qualifies both ways takes the shorter limit and the key
 * applicant's priority.  A limit never grows: it is at most the item's
 * promised limit (an item whose promised limit was lowered below its green
 * limit keeps the promised one), and an instant item (即办件, 0 days)
 * stays at 0.
 *
 * The decision is taken once, at submission, and kept with the case
 * (cases.priority, cases.priority_reason): a list changed later does not
 * change the cases already filed.
 *
 * Pure: no I/O, no clock (the caller passes the day).  Reentrant.
 */
#ifndef GH_GREEN_H
#define GH_GREEN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* cases.priority; a higher level comes first in worklists. */
enum case_priority {
	PRIORITY_NORMAL = 0,
	PRIORITY_GREEN_ITEM = 1,      /* 绿色通道事项 */
	PRIORITY_KEY_APPLICANT = 2    /* 重点项目申请人 */
};

/* Lengths of the texts an administrator enters, in characters. */
#define GREEN_BASIS_MAX 100       /* 依据 / 认定依据 */
#define GREEN_PROJECT_MAX 60      /* 重点项目名称 */
#define GREEN_NAME_MAX 100        /* the key applicant's name */
/* Bytes of a decision's reason, NUL included: enough for the longest
 * texts above (3 bytes a character) with the sentence around them. */
#define GREEN_REASON_MAX 1200

/* An item in the channel. */
struct green_item {
	int limit_days;              /* working days, >= 1 */
	const char *basis;           /* why (a document of the centre) */
};

/* A key project's applicant, as listed. */
struct green_key {
	const char *project;         /* 重点项目名称 */
	const char *basis;           /* 认定依据 */
	int limit_ratio_pct;         /* 1..100; 0: no shorter limit of its own */
	int32_t valid_until;         /* last valid day; DAY_NONE: no end */
	bool active;                 /* false once removed from the list */
};

struct green_decision {
	int priority;                /* enum case_priority */
	int limit_days;              /* the case's promised limit */
	char reason[GREEN_REASON_MAX]; /* "" for a normal case */
};

/* Whether key (NULL: none) counts on day. */
bool green_key_valid_on(const struct green_key *key, int32_t day);

/* pct percent of promised_days working days, rounded up, at least 1 and at
 * most promised_days (0 stays 0).  pct outside 1..100 gives promised_days. */
int green_ratio_days(int promised_days, int pct);

/* The priority, reason and limit of a case of an item with promised_days
 * (>= 0), its green setting item (NULL: none) and the applicant's entry key
 * (NULL: none; an inactive or expired one counts as none), submitted on
 * today.  0, or GH_EINVAL for a negative promised_days or a green limit
 * below 1 (out untouched). */
int green_decide(int promised_days, const struct green_item *item,
    const struct green_key *key, int32_t today, struct green_decision *out);

/* "normal" | "green_item" | "key_applicant" and their Chinese labels;
 * NULL / "" for another value. */
const char *green_priority_name(int priority);
const char *green_priority_label(int priority);

/* ---- checks of what an administrator enters ----------------------------- *
 * Each returns 0 or GH_EINVAL with a Chinese reason in why (cap bytes,
 * NUL-terminated when cap > 0). */

/* A green limit of an item with promised_days: 1..promised_days. */
int green_check_item_limit(int promised_days, int64_t limit_days, char *why,
    size_t cap);
/* A share of the promised limit: 1..100 percent. */
int green_check_ratio(int64_t pct, char *why, size_t cap);
/* A last valid day (DAY_NONE: none) entered on today: not in the past. */
int green_check_valid_until(int32_t valid_until, int32_t today, char *why,
    size_t cap);
/* The key applicant's number: an 18-character resident ID number (a
 * person, *is_person true) or unified social credit code (a company). */
int green_check_id_number(const char *s, int32_t today, bool *is_person,
    char *why, size_t cap);
/* A text of 1..max_chars characters of valid UTF-8 that is not only
 * white space; what names the field for the reason (e.g. "认定依据"). */
int green_check_text(const char *s, size_t max_chars, const char *what,
    char *why, size_t cap);

#endif
