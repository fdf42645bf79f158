/*
 * deferral.c - the rules of 容缺受理; see deferral.h.
 *
 * Owns nothing; pure and reentrant.
 */
#include "domain/deferral.h"

#include <string.h>

#include "util/gh_err.h"

int deferral_check_materials(const struct item *it, const char *const *names,
    size_t n, size_t *idx)
{
	for (size_t i = 0; i < n; i++) {
		const struct item_material *m = NULL;
		int fault = DEFER_OK;

		for (size_t j = 0; j < it->n_materials && !m; j++)
			if (names[i] && !strcmp(it->materials[j].name, names[i]))
				m = &it->materials[j];
		for (size_t j = 0; j < i && fault == DEFER_OK; j++)
			if (names[i] && names[j] && !strcmp(names[i], names[j]))
				fault = DEFER_DUPLICATE;
		if (!m)
			fault = DEFER_UNKNOWN;
		else if (fault == DEFER_OK && m->main)
			fault = DEFER_MAIN;
		else if (fault == DEFER_OK && !m->deferrable)
			fault = DEFER_NOT_DEFERRABLE;
		if (fault != DEFER_OK) {
			*idx = i;
			return fault;
		}
	}
	return DEFER_OK;
}

int deferral_last_day(const calendar *cal, int32_t accept_day,
    int promised_days, int32_t *out)
{
	return calendar_add_workdays(cal, accept_day, promised_days > 0 ?
	    promised_days : 0, out);
}

int deferral_check_day(const calendar *cal, int32_t accept_day,
    int promised_days, int32_t supplement_by, int32_t *last)
{
	int32_t l;
	int err = deferral_last_day(cal, accept_day, promised_days, &l);

	if (err)
		return err;
	*last = l;
	return supplement_by > accept_day && supplement_by <= l ? 0 : GH_EUNPROCESSABLE;
}

bool deferral_remind_due(const calendar *cal, int32_t today,
    int32_t supplement_by, int remind_days)
{
	return today <= supplement_by &&
	    calendar_count_workdays(cal, today, supplement_by) <= remind_days;
}

bool deferral_missed(int32_t today, int32_t supplement_by)
{
	return today > supplement_by;
}
