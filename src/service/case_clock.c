/*
 * case_clock.c - a case's working-day clock; see case_clock.h (moved here
 * from api/cases.c).
 */
#include "service/case_clock.h"

#include <stdlib.h>
#include <string.h>

#include "domain/day.h"

bool case_clock(store *st, const calendar *cal, const struct case_rec *c,
    int32_t today, struct clock_input *in, struct clock_suspension **susp,
    struct clock_result *res)
{
	size_t n = 0;

	*susp = NULL;
	if (c->accepted_day == DAY_NONE)
		return false;
	if (store_case_suspensions(st, c->id, susp, &n))
		return false;
	memset(in, 0, sizeof *in);
	in->start_day = c->accepted_day;
	in->limit_days = c->limit_days;
	in->susp = *susp;
	in->n_susp = n;
	in->end_day = c->finished_day;
	in->today = today;
	in->warn_days = c->warn_days;
	{
		struct case_extension pending;

		if (store_case_extension_state(st, c->id, &pending,
		    &in->extension_days, &in->extension_day)) {
			free(*susp);
			*susp = NULL;
			return false;
		}
	}
	return clock_compute(cal, in, res) == 0;
}

const char *case_light_name(int light)
{
	static const char *names[] = {"none", "green", "yellow", "red"};

	return names[light & 3];
}
