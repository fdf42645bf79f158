/*
 * case_engine.h - the case engine: every rule of a case's life cycle,
 * used by the HTTP handlers, the sweep's timers and the demo.
 *
 * Two levels:
 *  - case_engine_submit and case_engine_act run inside the caller's write
 *    transaction and write the case, its timeline event, the audit record
 *    and the watch (service/watch.h); on refusal they write nothing and
 *    fill a struct svc_err.  They take today and now explicitly (the demo
 *    replays days in the past).
 *  - case_submit, case_act and case_reveal are the entry points of one
 *    request: they open the write transaction, load the case and check
 *    the actor's data scope, call the engine, commit, and give back the
 *    case object the API answers (service/case_view.h).  They read the
 *    date and time from the actor.
 *
 * Data scope: an applicant sees only their own cases (others answer 404,
 * so their existence is not revealed); a clerk the cases of the
 * departments their window serves; a chief representative those of their
 * department and window; a reviewer those of their department;
 * administrators and supervisors all (supervisors read only, by the
 * route table).
 *
 * Thread-safety: none of its own; each caller brings its store.
 */
#ifndef GH_SERVICE_CASE_ENGINE_H
#define GH_SERVICE_CASE_ENGINE_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "service/service.h"
#include "store/store.h"

/* The engine's historical name of a refusal, still spelled so by src/demo
 * (TODO #9: the demo moves to data files). */
#define case_refusal svc_err

struct case_submission {
	const char *item_code;
	/* or a joint matter (并联审批): one application for its items, with
	 * one form and one set of materials (service/joint.h) */
	const char *matter_code;
	const char **materials;
	size_t n_materials;
	const char *note;
	const char *name, *id_number, *phone, *kind, *id_type;
	/* an applicant filing for a company account they act for (经办人):
	 * the company is the case's applicant, the person its agent */
	int64_t company_id;
	const json_t *form;  /* {"<key>": value} of the item's form, or NULL */
};

struct case_action_args {
	int action;          /* enum case_action */
	const char *reason, *note;
	const char *procedure; /* API name or Chinese label */
	const char *applicant_request; /* withdraw by staff: how and when the
	                                * applicant asked (申请人的撤回申请) */
	const char **materials;
	size_t n_materials;
	/* who holds the review step this action starts (start_review, or an
	 * approval that moves on to the next step); 0: the department's rule,
	 * its least-loaded holder of the step's role */
	int64_t next_handler_id;
	/* suspend (挂起): who approved the special procedure, an active
	 * reviewer or chief of the case's department other than the actor,
	 * and how many working days it is expected to take (1..365) */
	int64_t approver_id;
	int64_t expected_days;
	/* request_extension: working days asked for (1..10); approve_extension
	 * may repeat them, no other action takes them */
	int64_t days;
	/* joint_conclude (the system): the joint case's decision */
	int joint_decision;
	/* accept_with_commitment (容缺受理): the deferrable 辅件 still missing
	 * and the last day to bring them (0 when not given); no other
	 * action takes them */
	const char **missing;
	size_t n_missing;
	int32_t supplement_by;
	/* accept_with_pledge (告知承诺受理): the pledgeable proofs the
	 * applicant's signed promise stands for; no other action takes them */
	const char **pledged;
	size_t n_pledged;
	/* verify_pledge (事后核查): what the check found, enum pledge_result;
	 * false revokes the approval (the engine takes it as revoke); no other
	 * action takes it */
	int pledge_result;
};

enum pledge_result {
	PLEDGE_RESULT_NONE = 0,
	PLEDGE_RESULT_TRUE,  /* 承诺属实 */
	PLEDGE_RESULT_FALSE  /* 承诺不实 */
};


/* ---- inside the caller's transaction ------------------------------------ */

int case_engine_submit(store *st, const struct case_actor *who,
    const struct case_submission *sub, int32_t today, int64_t now,
    struct case_rec *c, struct svc_err *r);
int case_engine_act(store *st, const calendar *cal,
    const struct case_actor *who, struct case_rec *c,
    const struct case_action_args *a, int32_t today, int64_t now,
    struct svc_err *r);
/* Inserts c (store_case_insert) under a fresh query code. */
int case_engine_insert(store *st, struct case_rec *c);
/* case_engine_submit for an item already resolved (it, its id and
 * department): the joint case of a matter is submitted under its lead
 * item with the matter's union item (service/joint.c). */
int case_engine_submit_as(store *st, const struct case_actor *who,
    const struct case_submission *sub, const struct item *it,
    int64_t item_id, int64_t dept_id, int32_t today, int64_t now,
    struct case_rec *c, struct svc_err *r);

/* ---- one request each ----------------------------------------------------- */

/* Registers sub for who (an applicant online, staff at the window) and
 * gives back the stored case as the API shows it (*view, owned). */
int case_submit(store *st, const struct svc_actor *who,
    const struct case_submission *sub, json_t **view, struct svc_err *e);
/* Applies a to case id within who's data scope; *view as above. */
int case_act(store *st, const struct svc_actor *who, int64_t id,
    const struct case_action_args *a, json_t **view, struct svc_err *e);
/* The applicant's full ID number and phone for staff who handle case id
 * (duty_may_reveal), with a "case.reveal" audit record of who, when, why
 * and from where committed before the answer (*out).  Anyone else gets
 * GH_EFORBIDDEN after their attempt is audited as "case.reveal.denied". */
int case_reveal(store *st, const struct svc_actor *who, int64_t id,
    const char *reason, json_t **out, struct svc_err *e);

#endif
