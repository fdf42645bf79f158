/*
 * anomalies.c - recording anomaly hits and reading the rule settings; see
 * anomalies.h (moved here from api/watch.c).
 */
#include "service/anomalies.h"

#include <stdbool.h>
#include <stdlib.h>

#include "domain/case_fsm.h"
#include "domain/role.h"
#include "service/service.h"

int anomaly_load_config(store *st, struct anomaly_config *cfg)
{
	anomaly_config_default(cfg);
	return store_anomaly_config(st, cfg);
}

int case_review_steps(store *st, int64_t case_id)
{
	int role, limit, n = 0;

	for (int i = 0; !store_case_step_info(st, case_id, i, &role, &limit); i++)
		n += role != ROLE_CLERK;
	return n;
}

/* Rules about an action look at its actor; rules about the case at the
 * case.  Event-level hits are keyed by the timeline event, so each action
 * is judged once; case-level hits once per case. */
static bool rule_is_event_level(int rule)
{
	return rule == AR_NOT_HANDLER || rule == AR_WINDOW_NOT_AUTHORISED ||
	    rule == AR_OFF_HOURS_ACCEPT || rule == AR_REJECT_NO_REASON;
}

int anomaly_record_hits(store *st, const struct case_rec *c,
    const struct anomaly_hit *hits, size_t n, int64_t event_id,
    int64_t actor_id, int action, int32_t today, int64_t now,
    size_t *created)
{
	for (size_t i = 0; i < n; i++) {
		json_t *ev = json_pack("{s:s,s:s,s:o,s:o}", "query_code",
		    c->query_code, "state", case_state_name(c->state), "deadline",
		    json_day(c->deadline_day), "action", action >= 0 ?
		    json_string(case_action_name(action)) : json_null());
		char *evidence = json_dumps(ev, JSON_COMPACT);
		bool event_level = rule_is_event_level(hits[i].rule);
		struct anomaly_rec a = {
			.rule_id = anomaly_rules[hits[i].rule].id,
			.case_id = c->id, .event_id = event_level ? event_id : 0,
			.dept_id = c->dept_id,
			.user_id = event_level ? actor_id : c->handler_id,
			.day = today, .at = now,
			.explanation = hits[i].explanation, .evidence = evidence,
		};
		bool made = false;
		int err = store_anomaly_add(st, &a, &made);

		free(evidence);
		json_decref(ev);
		if (err)
			return err;
		if (made && created)
			(*created)++;
	}
	return 0;
}
