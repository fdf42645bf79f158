/*
 * case_view.h - the case objects of the API, and who may see a case.
 *
 * A viewer is the actor reading (NULL for the public): only the applicant
 * sees their own ID number and phone in full; staff see a mask everywhere
 * and the full values only through case_reveal (audited); the public
 * sees the applicant's name masked and no staff names or notes.
 *
 * The reads run in the caller's snapshot (the server opens one for every
 * GET); case_view_json also runs right after a service's commit.
 */
#ifndef GH_SERVICE_CASE_VIEW_H
#define GH_SERVICE_CASE_VIEW_H
#include <jansson.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "domain/clock.h"
#include "domain/duty.h"
#include "service/service.h"
#include "store/store.h"

/* 0 when who may see c; GH_ENOTFOUND for another applicant's case (its
 * existence is not revealed), GH_EFORBIDDEN for staff outside their
 * window or department. */
int case_scope(store *st, const struct svc_actor *who,
    const struct case_rec *c);
/* Loads case id for who: "办件N不存在" (404), or the scope's refusal. */
int case_load(store *st, const struct svc_actor *who, int64_t id,
    struct case_rec *c, struct svc_err *e);

/* The duty module's view of a case and of an actor. */
struct duty_case case_duty_case(const struct case_rec *c);
struct duty_user case_duty_user(const struct svc_actor *who);

/* The list form of a case (no parts, no clock explanation). */
json_t *case_summary_json(store *st, const calendar *cal,
    const struct case_rec *c, int32_t today, const struct svc_actor *viewer);
/* Everything a case page shows: the case, its clock explained, materials,
 * notices, suspensions, steps and timeline. */
/* The case's form values for a view: ID numbers and phones masked unless
 * full is set (the audited reveal); "type" as its API name.  [] on a store
 * error, which the caller's other reads report. */
json_t *case_form_view(store *st, int64_t case_id, bool full);

int case_view_json(store *st, const struct case_rec *c, int32_t today,
    const struct svc_actor *viewer, json_t **out, struct svc_err *e);

/* GET /cases/{id}: case id as who sees it. */
int case_get_view(store *st, const struct svc_actor *who, int64_t id,
    json_t **out, struct svc_err *e);
/* GET /cases: one page of q (the caller has narrowed q to who's scope)
 * as {total, page, per_page, data}. */
int cases_list_view(store *st, const struct svc_actor *who,
    const struct case_query *q, json_t **out, struct svc_err *e);
/* GET /progress/{code}: the public view of the case with query_code. */
int case_progress_view(store *st, const char *query_code, int32_t today,
    json_t **out, struct svc_err *e);

/* The clock's explanation, one sentence per step (holidays, 调休,
 * weekends, suspensions, the deadline). */
json_t *clock_explain_json(const calendar *cal, const struct clock_input *in,
    const struct clock_result *res);

#endif
