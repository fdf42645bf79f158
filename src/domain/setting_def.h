/*
 * setting_def.h - the centre's settings an administrator may change over
 * the API, with their type, limits and Chinese label: one table, so that
 * the admin page, the validation and the documentation agree.  Settings
 * not in the table (the audit key's id, the calendar's version) are
 * govhall's own and never written through the API.
 *
 * Pure: no I/O.  Reentrant.
 */
#ifndef GH_SETTING_DEF_H
#define GH_SETTING_DEF_H
#include <stddef.h>
#include <stdint.h>

enum setting_type {
	SETTING_TEXT,     /* UTF-8, 0..max characters (min..max) */
	SETTING_INT,      /* an integer in min..max */
	SETTING_BOOL,     /* "0" or "1" */
	SETTING_CHOICE,   /* one of choices ("a|b") */
	SETTING_URL,      /* "" or http(s)://... up to max bytes */
	SETTING_SECRET,   /* as TEXT, never shown back: only whether it is set */
};

struct setting_def {
	const char *key;
	int type;             /* enum setting_type */
	const char *label;
	const char *group;    /* 中心, 办事人, 通知, 实名核验, 电子监察, 开放接口 */
	int64_t min, max;
	const char *choices;
	const char *dflt;     /* what govhall uses while it is not set */
};

extern const struct setting_def setting_defs[];
extern const size_t setting_def_count;

/* The definition of key, NULL when key may not be changed over the API. */
const struct setting_def *setting_find(const char *key);

/* 0 when value is valid for d, else GH_EUNPROCESSABLE with a Chinese
 * reason in why (cap bytes). */
int setting_check(const struct setting_def *d, const char *value, char *why,
    size_t cap);

#endif
