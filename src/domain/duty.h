/*
 * duty.h - separation of duties: who may change which staff account, who
 * approves, and who may reveal an applicant's full ID number and phone.
 * The duty matrix of docs/security.md ("Separation of duties") is this
 * module.  Pure, constant rules; reentrant.
 */
#ifndef GH_DUTY_H
#define GH_DUTY_H
#include <stdbool.h>
#include <stdint.h>

/* What a change to a staff account does. */
enum duty_action {
	DUTY_CREATE,      /* a new account */
	DUTY_CONTACT,     /* name, phone, e-mail */
	DUTY_PLACE,       /* role, department, window, post */
	DUTY_PASSWORD,    /* a password reset */
	DUTY_ACTIVE       /* deactivation or reactivation */
};

enum duty_verdict {
	DUTY_DENY = 0,    /* refused (403) and the attempt audited */
	DUTY_ALLOW,       /* done at once */
	DUTY_SECOND       /* a pending request a second supervisor approves */
};

/* May actor_role do action to an account whose role is role_before (0 for
 * a new account) and becomes role_after?  Administrators manage every
 * account but supervisors'; supervisors manage supervisors' only, with a
 * second supervisor's approval for resets, role changes and
 * (de)activation. */
enum duty_verdict duty_staff_change(int actor_role, int role_before,
    int role_after, enum duty_action action);

/* May approver (with approver_role) decide a pending request made by
 * requester_id about target_id?  Only a supervisor who is neither. */
bool duty_may_approve(int approver_role, int64_t approver_id,
    int64_t requester_id, int64_t target_id);

/* The parts of a case that decide who handles it. */
struct duty_case {
	int64_t dept_id, clerk_id, handler_id, applicant_id;
};

/* The parts of a user that decide whether they handle a case. */
struct duty_user {
	int role;
	int64_t id, dept_id;
};

/* May u see the case's applicant data in full?  Applicants their own
 * case; the clerk who accepted it, its current handler, and the chief
 * and reviewers of its department after an audited reveal (see
 * duty_may_reveal).  Never administrators or supervisors. */
bool duty_may_reveal(const struct duty_user *u, const struct duty_case *c);
/* True when u is the case's own applicant (sees it in every answer). */
bool duty_is_owner(const struct duty_user *u, const struct duty_case *c);

#endif
