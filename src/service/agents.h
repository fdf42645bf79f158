/*
 * agents.h - 全程代办 (issue 11 section 4): the centre's agents (代办员, role
 * agent) assigned to a case on the applicant's recorded authorisation, by
 * the window or by the applicant; the case's agent in its JSON; the
 * agents' statistics.  What the agent then does for the applicant
 * (supplements, uploads, withdraws on request, prints, collects the
 * result) goes through the case engine and the materials and documents
 * services, whose data scope lets an agent see only the cases it carries
 * (case_view.c, case_scope).
 *
 * Each write is one transaction with its timeline event and audit record;
 * a refusal writes nothing.
 */
#ifndef GH_SERVICE_AGENTS_H
#define GH_SERVICE_AGENTS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "service/service.h"
#include "store/store.h"

/* GET /agents: the active agents an assignment may name, least loaded
 * first: {data: [{id, name, open_cases}]}. */
int agents_list(store *st, const struct svc_actor *who, json_t **out,
    struct svc_err *e);

/* POST /cases/{id}/agent: assigns agent_id to case id on authorisation
 * (the applicant's 授权委托书).  422 field authorisation / agent_id, 403 for
 * who may not assign or the case outside who's scope, 404 for a case who
 * may not see, 409 for a case that has an active agent, has ended or is a
 * joint case's sub-case; *view is the case as who sees it. */
int case_agent_assign(store *st, const struct svc_actor *who, int64_t id,
    int64_t agent_id, const char *authorisation, json_t **view,
    struct svc_err *e);
/* DELETE /cases/{id}/agent: ends the active assignment (kept in the
 * history); 409 when there is none. */
int case_agent_end(store *st, const struct svc_actor *who, int64_t id,
    json_t **view, struct svc_err *e);

/* Whether agent_id carries case c now (its joint case's agent carries a
 * sub-case too). */
bool agents_carries(store *st, int64_t agent_id, const struct case_rec *c);

/* Adds the case's "agent" ({id, name, authorisation, assigned_day} or
 * null) and "collected_day" to o for a logged-in viewer, and with history
 * set "agents_history" for staff other than agents. */
void agents_case_view(store *st, const struct case_rec *c,
    const struct svc_actor *viewer, bool history, json_t *o);

/* GET /stats/agents: per agent the cases assigned in [from, to], open
 * now, completed in the period and completed on time; a chief sees the
 * cases of their department. */
int agents_stats_json(store *st, const struct svc_actor *who, int32_t from,
    int32_t to, json_t **out, struct svc_err *e);

#endif
