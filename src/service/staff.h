/*
 * staff.h - the centre's changes to its organisation: staff accounts
 * (someone joins, moves to another window or department, changes role,
 * leaves, forgets a password), the requests a second supervisor approves,
 * and the A/B posts of each window (the A岗 holds the post; the B岗 covers
 * while the holder is away).  Moved here from api/org_admin.c, whose
 * handlers now read the request, call one function here and answer.
 *
 * Invariants kept here, beyond the schema's:
 * - clerks, chiefs and reviewers belong to a department; administrators
 *   and supervisors to none; only clerks and chiefs have a window, and it
 *   serves their department (window_depts); only someone with a window
 *   holds an A or B post.  These are checked whenever a person's role,
 *   department, window or post changes (older accounts, like the demo's
 *   clerk without a department, keep working until then);
 * - whoever holds a post of a window (A or B) is active staff of that
 *   window, and users.post says what the posts make them (A before B, see
 *   store_window_posts_replace).  A holder therefore cannot leave the
 *   window, be deactivated or change post letter here: the window's posts
 *   change first (409 says which post);
 * - an administrator cannot deactivate or demote themselves, so the centre
 *   always keeps an administrator who can log in;
 * - a deactivated account keeps no session, nor does one whose password
 *   was reset (except the session of an administrator resetting their own);
 * - the separation of duties (domain/duty.h): a change the rules deny is
 *   refused with 403 and its attempt audited ("staff.denied", in its own
 *   transaction); a change to a supervisor's account that needs a second
 *   supervisor is filed as a request (202) and applied when approved.
 *
 * Every change is one transaction with its audit record (before and after;
 * never a password or its hash), opened and committed here.  A refused
 * request writes nothing but the audit of a denied attempt: the checks
 * come before the first write, and every failure rolls back.  The objects
 * given back are the ones the API answers (staff phones masked).
 *
 * Thread-safety: none of its own; each caller brings its store.
 */
#ifndef GH_SERVICE_STAFF_H
#define GH_SERVICE_STAFF_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/duty.h"
#include "service/service.h"
#include "store/store.h"

/* The refusal of a phone that is neither digits nor the masked form of
 * the stored number sent back unchanged. */
#define STAFF_PHONE_MSG "电话应为不超过20位的数字,可含“-”或“+”"

/* ---- staff ------------------------------------------------------------- */

/* Staff member id in its API form (with the e-mail address, phone
 * masked); 404 for an unknown id or an applicant. */
int staff_view(store *st, int64_t id, json_t **out, struct svc_err *e);

/* Refuses a change the duty rules deny: commits one "staff.denied" audit
 * record of the attempt (by who on account target, action a, the roles
 * before and after; attempt, stolen, is the request as sent or NULL) in
 * its own transaction, after rolling back any transaction st has open,
 * and fails with 403 and the message for who's role.  Always returns a
 * negative gh_err. */
int staff_deny(store *st, const struct svc_actor *who, const char *target,
    enum duty_action a, int role_before, int role_after, json_t *attempt,
    struct svc_err *e);

/* A new, active staff account s named username with password (its
 * strength checked by the caller).  403 (audited) unless who may create
 * the role, 422 naming the field of a wrong place, 409 for a username
 * taken; *out is 201's object. */
int staff_create(store *st, const struct svc_actor *who, const char *username,
    const char *password, const struct staff_rec *s, json_t **out,
    struct svc_err *e);

/* The fields of a staff change (PATCH /staff/{id}); each has_ flag tells
 * whether the request names the field (name, phone, email and post:
 * non-NULL when named). */
struct staff_change {
	const char *username;   /* only to check that it is not changed */
	const char *name, *phone, *email, *post;
	int role;
	int64_t dept_id, window_id;
	bool active;
	bool has_role, has_dept, has_window, has_active;
};

/* Applies change c to staff member id (null dept_id or window_id: c's
 * value 0).  body is the request as sent, for the audit of a denied
 * attempt (not taken).  Deactivating ends the person's sessions.
 * *status is 200 with the staff member as now stored (or unchanged when
 * c changes nothing), or 202 with the request a second supervisor must
 * approve. */
int staff_update(store *st, const struct svc_actor *who, int64_t id,
    const struct staff_change *c, json_t *body, json_t **out, int *status,
    struct svc_err *e);

/* The account whose password who means to reset, into *u: 404 for an
 * unknown id, 403 (audited) when the duty rules deny who the reset.
 * Called before the new password is read, so that a denied attempt is
 * audited whatever the request holds. */
int staff_password_target(store *st, const struct svc_actor *who, int64_t id,
    struct user_rec *u, struct svc_err *e);
/* Sets password (its strength checked by the caller) on account u (as
 * staff_password_target gave it), ends its sessions but keep_token_hash's
 * (the session of an administrator resetting their own; NULL for none)
 * and clears a login lock on it.  *status is 200 with {id, username,
 * sessions_ended}, or 202 with the request a second supervisor must
 * approve (a supervisor's account). */
int staff_password_reset(store *st, const struct svc_actor *who,
    const struct user_rec *u, const char *password,
    const unsigned char *keep_token_hash, json_t **out, int *status,
    struct svc_err *e);

/* ---- requests a second supervisor decides -------------------------------- */

/* Request id approved (the change applied in the same transaction) or
 * rejected by who, a supervisor who neither made the request nor is its
 * target (403, audited, otherwise); 404 unknown, 409 once decided or
 * expired, or when the account changed since.  *out is 200's object. */
int staff_request_decide(store *st, const struct svc_actor *who, int64_t id,
    bool approve, json_t **out, struct svc_err *e);

/* ---- A/B posts ----------------------------------------------------------- */

/* The posts of window id and the staff who may hold them; 404 for an
 * unknown window. */
int window_posts_view(store *st, int64_t id, json_t **out, struct svc_err *e);
/* Replaces the n posts of window id (names distinct, A and B different
 * people, checked by the caller); each holder must be active staff of the
 * window (422 naming posts[i].a_user_id or .b_user_id).  The holders'
 * users.post follows.  *out is the posts as window_posts_view gives them. */
int window_posts_put(store *st, const struct svc_actor *who, int64_t id,
    const struct window_post *posts, size_t n, json_t **out,
    struct svc_err *e);

#endif
