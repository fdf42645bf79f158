/*
 * pledge.c - the rules of 告知承诺制; see pledge.h.
 *
 * Owns nothing; pure and reentrant.
 */
#include "domain/pledge.h"

#include <string.h>


int pledge_item_check(const struct item *it)
{
	if (it->high_risk)
		return PLEDGE_ITEM_HIGH_RISK;
	return it->pledge_allowed ? PLEDGE_ITEM_OK : PLEDGE_ITEM_NOT_ALLOWED;
}

static const struct item_material *material_of(const struct item *it,
    const char *name)
{
	for (size_t j = 0; name && j < it->n_materials; j++)
		if (!strcmp(it->materials[j].name, name))
			return &it->materials[j];
	return NULL;
}

bool pledge_material_pledgeable(const struct item *it, const char *name)
{
	const struct item_material *m = material_of(it, name);

	return m && m->pledgeable;
}

int pledge_check_materials(const struct item *it, const char *const *names,
    size_t n, size_t *idx)
{
	for (size_t i = 0; i < n; i++) {
		const struct item_material *m = material_of(it, names[i]);
		int fault = PLEDGE_OK;

		for (size_t j = 0; j < i && fault == PLEDGE_OK; j++)
			if (names[i] && names[j] && !strcmp(names[i], names[j]))
				fault = PLEDGE_DUPLICATE;
		if (!m)
			fault = PLEDGE_UNKNOWN;
		else if (fault == PLEDGE_OK && !m->pledgeable)
			fault = PLEDGE_NOT_PLEDGEABLE;
		if (fault != PLEDGE_OK) {
			*idx = i;
			return fault;
		}
	}
	return PLEDGE_OK;
}

int pledge_verify_due(const calendar *cal, int32_t decided_day,
    int verify_days, int32_t *due_day)
{
	return calendar_add_workdays(cal, decided_day, verify_days > 0 ?
	    verify_days : 1, due_day);
}

int pledge_verify_overdue_days(int32_t due_day, int32_t today)
{
	return today > due_day ? (int)(today - due_day) : 0;
}

static const struct {
	const char *name, *label;
} statuses[PLEDGE_VERIFY_COUNT_] = {
	[PLEDGE_VERIFY_PENDING] = {"pending", "待核查"},
	[PLEDGE_VERIFY_TRUE] = {"verified_true", "核查属实"},
	[PLEDGE_VERIFY_FALSE] = {"verified_false", "承诺不实"},
	[PLEDGE_VERIFY_CANCELLED] = {"cancelled", "无需核查"},
};

const char *pledge_verify_status_name(int status)
{
	return status >= 0 && status < PLEDGE_VERIFY_COUNT_ ?
	    statuses[status].name : NULL;
}

const char *pledge_verify_status_label(int status)
{
	return status >= 0 && status < PLEDGE_VERIFY_COUNT_ ?
	    statuses[status].label : NULL;
}

int pledge_verify_status_from_name(const char *name)
{
	for (int i = 0; name && i < PLEDGE_VERIFY_COUNT_; i++)
		if (!strcmp(statuses[i].name, name))
			return i;
	return -1;
}
