/*
 * joint.h - 并联审批 (joint approval, issue 11 section 1; DOMAIN.md section
 * 7): the matters of the catalogue and the joint cases that apply for
 * them.
 *
 * A matter (domain/matter.h) combines items of several departments.  Its
 * joint case is one application, with the union of the items' forms and
 * materials (一表制, 一套材料), filed at the lead department's window under
 * the matter's lead item (its first item of the lead department) and
 * timed by the matter's own limit.  Every item has a sub-case, created
 * with the joint case: when the lead window accepts, each sub-case whose
 * prerequisites are met is accepted and its review started at once (同步
 * 审查); the others start when their prerequisites are approved, and are
 * not accepted when one is refused.  A co-department's request for
 * materials is recorded as a need for the lead, who sends one combined
 * notice on the joint case: the joint case and every running sub-case
 * then pause once, and go on together when the applicant supplements.
 * The sweep takes a co-department's silence past its limit as consent
 * when the matter says so (超时默认同意, in the timeline).  When every
 * sub-case has its decision the joint case is decided; the lead window
 * completes it, and with it every decided sub-case, with one result
 * notice.  Withdrawing, refusing or voiding the joint case does the same
 * to its open sub-cases.
 *
 * Everything runs in the caller's write transaction (the engine's), and
 * the other cases move through the case engine as the system, so each
 * move has its timeline event, audit record and clock.
 *
 * Thread-safety: none of its own.
 */
#ifndef GH_SERVICE_JOINT_H
#define GH_SERVICE_JOINT_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "domain/matter.h"
#include "service/case_engine.h"
#include "service/service.h"
#include "store/store.h"

/* A matter with its items resolved. */
struct joint_matter {
	struct matter m;
	int64_t id, lead_dept_id;
	struct item *items;       /* m.n_items, in the matter's order */
	int64_t *item_ids, *dept_ids;
	size_t lead_idx;          /* the first item of the lead department */
	struct item as_item;      /* the joint case's item: the matter's name
	                           * and limits, the union materials and form,
	                           * no review steps */
};

/* By code (matter_id 0) or by id.  GH_ENOTFOUND when unknown. */
int joint_matter_load(store *st, const char *code, int64_t matter_id,
    struct joint_matter *jm);
void joint_matter_clear(struct joint_matter *jm);

/* The API's matters: the list, one matter in full (items, lead and
 * co-departments, prerequisites, the one form and material list, the
 * critical path and the sum of the items' limits), and the administrator's
 * write (validated, audited; *out the stored matter). */
int joint_matters_json(store *st, bool retired, json_t **out,
    struct svc_err *e);
int joint_matter_json(store *st, const char *code, json_t **out,
    struct svc_err *e);
int joint_matter_put(store *st, const struct svc_actor *who,
    const struct matter *m, json_t **out, struct svc_err *e);
/* Working days used by finished joint cases against the sum of their
 * items' own limits, per matter, for the statistics. */
int joint_stats_json(store *st, int32_t from, int32_t to, json_t **out,
    struct svc_err *e);

/* ---- the engine's hooks (inside its transaction) ------------------------ */

int joint_submit(store *st, const struct case_actor *who,
    const struct case_submission *sub, int32_t today, int64_t now,
    struct case_rec *c, struct svc_err *r);
/* The union item of c's matter into *it (item_clear it). */
int joint_case_item(store *st, const struct case_rec *c, struct item *it);
/* Before the engine takes action a on joint or sub-case c: what the lead
 * window alone may do, what the sub-cases leave to the lead, and a
 * co-department's request for materials recorded as a need (*done: the
 * action is complete, c unchanged). */
int joint_before_action(store *st, const struct case_actor *who,
    struct case_rec *c, const struct case_action_args *a, int32_t today,
    int64_t now, bool *done, struct svc_err *r);
/* After the engine stored action on c: moves the other cases of its
 * joint case, then reloads *c. */
int joint_after_action(store *st, struct case_rec *c, int action,
    const struct case_action_args *a, int32_t today, int64_t now,
    struct svc_err *r);
/* The materials the co-departments asked for and the lead has not sent:
 * appended to (*names, *n) unless there already (strings owned by
 * *pool, free both with free()). */
int joint_need_names(store *st, int64_t joint_id, const char ***names,
    size_t *n, char **pool);

/* Adds to the case object o of a joint case (matter, sub_cases, the
 * department holding it up, the needs) or of a sub-case (its joint
 * case). */
int joint_view(store *st, const struct case_rec *c, int32_t today,
    const struct svc_actor *viewer, json_t *o);
/* The department holding joint case c up: its running sub-case with the
 * least working days left, {case_id, dept_id, dept_name, item_name,
 * remaining_working_days}, or JSON null (also for any other case). */
json_t *joint_holding_json(store *st, const struct case_rec *c,
    int32_t today);
/* Whether who, outside c's own scope, may read joint case c because a
 * sub-case is their department's. */
bool joint_may_read(store *st, const struct svc_actor *who,
    const struct case_rec *c);

/* The sweep's pass: 超时默认同意 of co-departments past their limits. */
int joint_sweep(store *st, int32_t today, int64_t now, size_t *deemed);

#endif
