/*
 * duty.c - separation of duties (see duty.h).
 *
 * The rules, as one reads them in the duty matrix:
 * - an administrator may do anything to an account that is not and does
 *   not become a supervisor's; nothing to a supervisor's (create, contact,
 *   role, reset, deactivation), so that the supervised cannot take over
 *   supervision;
 * - a supervisor may do nothing to other staff's accounts (that is the
 *   administrator's duty) and may create supervisors and change their
 *   contact details at once; a reset, a role change to or from supervisor
 *   and a (de)activation become a request a second supervisor approves;
 * - every other role: nothing.
 * Owns nothing; pure and reentrant.
 */
#include "domain/duty.h"

#include "domain/role.h"

enum duty_verdict duty_staff_change(int actor_role, int role_before,
    int role_after, enum duty_action action)
{
	bool touches = role_before == ROLE_SUPERVISOR ||
	    role_after == ROLE_SUPERVISOR;

	if (role_after == 0 || (role_after & ~ROLE_ANY_STAFF))
		return DUTY_DENY;
	if (action == DUTY_CREATE && role_before != 0)
		return DUTY_DENY;
	switch (actor_role) {
	case ROLE_ADMIN:
		return touches ? DUTY_DENY : DUTY_ALLOW;
	case ROLE_SUPERVISOR:
		if (!touches)
			return DUTY_DENY;
		if (action == DUTY_CREATE)
			return role_after == ROLE_SUPERVISOR ? DUTY_ALLOW :
			    DUTY_DENY;
		if (action == DUTY_CONTACT)
			return role_before == ROLE_SUPERVISOR ? DUTY_ALLOW :
			    DUTY_DENY;
		return DUTY_SECOND;
	default:
		return DUTY_DENY;
	}
}

bool duty_may_approve(int approver_role, int64_t approver_id,
    int64_t requester_id, int64_t target_id)
{
	return approver_role == ROLE_SUPERVISOR && approver_id > 0 &&
	    approver_id != requester_id && approver_id != target_id;
}

bool duty_is_owner(const struct duty_user *u, const struct duty_case *c)
{
	return u && c && u->role == ROLE_APPLICANT && u->id > 0 &&
	    c->applicant_id == u->id;
}

bool duty_may_reveal(const struct duty_user *u, const struct duty_case *c)
{
	if (!u || !c || u->id <= 0)
		return false;
	switch (u->role) {
	case ROLE_APPLICANT:
		return duty_is_owner(u, c);
	case ROLE_CLERK:
		return c->clerk_id == u->id || c->handler_id == u->id;
	case ROLE_CHIEF:
	case ROLE_REVIEWER:
		return c->handler_id == u->id || c->clerk_id == u->id ||
		    (u->dept_id > 0 && u->dept_id == c->dept_id);
	default:
		return false;
	}
}
