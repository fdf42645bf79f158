/*
 * pledges.h - 告知承诺制 in the case engine (issue 11 section 3; DOMAIN.md
 * section 7): the checks and writes of accept_with_pledge, of the 事后核查
 * (verify_pledge, and revoke when the promise was false), and the list of
 * pending checks for staff.
 *
 * The window accepts an item that practises 告知承诺制 (never a high-risk
 * one) on the applicant's signed 告知承诺书: the pledged proofs, each a
 * pledgeable material of the item, need not be received; every other
 * required 主件 must be in (materials_accept_check).  An applicant on the
 * centre's credit record (容缺 broken or a false promise) is refused.
 * When the approval is decided (at once, or by the review), a check is
 * scheduled pledge_verify_days working days later (setting, default 20).
 * A reviewer or chief of the case's department records its result: true
 * keeps the case as it is; false revokes the approval (撤销许可), the
 * licence issued at completion, and puts the applicant on the credit
 * record (kind 2, 虚假承诺).  A case that ends without its result
 * (withdrawn, voided) needs no check: it is cancelled.  The sweep flags a
 * check past its day (A13, service/sweep.c).
 *
 * Every function runs inside the caller's transaction (the engine's or a
 * read snapshot) and writes nothing when it refuses.  Thread-safety: none
 * of its own.
 */
#ifndef GH_SERVICE_PLEDGES_H
#define GH_SERVICE_PLEDGES_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "domain/item.h"
#include "service/case_engine.h"
#include "service/service.h"
#include "store/store.h"

/* 422 (field pledged or result) when an action other than
 * accept_with_pledge names proofs, or one other than verify_pledge and
 * revoke a result. */
int pledge_args_check(const struct case_action_args *a, struct svc_err *r);

/* accept_with_pledge of case c for item it: 409 when the item takes no
 * promise (a high-risk item says so) or the applicant is on the credit
 * record; 422 (field pledged, material) for an empty list, a name that is
 * not a pledgeable material of the item, a duplicate, or a proof already
 * received in order. */
int pledge_accept_check(store *st, const struct case_rec *c,
    const struct item *it, const struct case_action_args *a,
    struct svc_err *r);

/* verify_pledge / revoke of case c by who: 403 outside the reviewers and
 * chief of the case's department, 409 without a pending check, 422 (field
 * result) without a result. */
int pledge_verify_check(store *st, const struct case_actor *who,
    const struct case_rec *c, const struct case_action_args *a,
    struct svc_err *r);

/* Records the proofs of a->pledged for case c, accepted on today by
 * actor_id, with the form the catalogue asks of each. */
int pledge_record(store *st, const struct case_rec *c, const struct item *it,
    const struct case_action_args *a, int32_t today, int64_t actor_id);

/* Schedules the 事后核查 of case c, whose approval decided_by decided on
 * today; *due_day gets its day. */
int pledge_schedule_check(store *st, const calendar *cal,
    const struct case_rec *c, int64_t decided_by, int32_t today,
    int32_t *due_day);

/* The check found the promise true (note may be NULL) ... */
int pledge_verified(store *st, const struct case_rec *c,
    const struct case_actor *who, const char *note, int32_t today);
/* ... or false: the check closes, the licence of case c (if any) is
 * revoked (licence_no, cap bytes, gets its number, "" when none) and the
 * applicant goes on the credit record as kind 2. */
int pledge_revoke(store *st, const struct case_rec *c,
    const struct case_actor *who, const char *reason, int32_t today,
    int64_t now, char *licence_no, size_t cap);
/* Case c ended without its result: its pending check, if any, is moot. */
int pledge_cancel(store *st, const struct case_rec *c);

/* GET /verifications: the pending checks of filter (VERIFY_LIST_*) for
 * who: reviewers and chiefs see their department's, supervisors and
 * administrators every department's (or dept_id's when not 0); 403 for
 * a staff member outside a department.  Each row gets state and status
 * names, overdue_days and an overdue flag as of who->today. */
int pledge_verifications_view(store *st, const struct svc_actor *who,
    int filter, int64_t dept_id, int page, int per_page, json_t **out,
    struct svc_err *e);

#endif
