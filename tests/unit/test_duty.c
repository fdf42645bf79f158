/*
 * test_duty.c - unit tests of src/domain/duty.c: the duty matrix of staff
 * accounts (every role x every action x supervisor or not), who approves
 * a pending request, and who may reveal a case's applicant data.
 * Single-threaded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/duty.h"
#include "domain/role.h"

#define A ROLE_ADMIN
#define S ROLE_SUPERVISOR
#define C ROLE_CLERK
#define CH ROLE_CHIEF
#define R ROLE_REVIEWER

struct change_case {
	int actor, before, after;
	enum duty_action action;
	enum duty_verdict want;
};

static void test_duty_staff_change_matrix(void **state)
{
	static const struct change_case t[] = {
		/* administrators: everyone but supervisors */
		{A, 0, C, DUTY_CREATE, DUTY_ALLOW},
		{A, 0, A, DUTY_CREATE, DUTY_ALLOW},
		{A, 0, S, DUTY_CREATE, DUTY_DENY},
		{A, C, C, DUTY_CONTACT, DUTY_ALLOW},
		{A, S, S, DUTY_CONTACT, DUTY_DENY},
		{A, C, CH, DUTY_PLACE, DUTY_ALLOW},
		{A, C, S, DUTY_PLACE, DUTY_DENY},
		{A, A, S, DUTY_PLACE, DUTY_DENY},
		{A, S, A, DUTY_PLACE, DUTY_DENY},
		{A, R, R, DUTY_PASSWORD, DUTY_ALLOW},
		{A, S, S, DUTY_PASSWORD, DUTY_DENY},
		{A, C, C, DUTY_ACTIVE, DUTY_ALLOW},
		{A, S, S, DUTY_ACTIVE, DUTY_DENY},
		/* supervisors: supervisors only, two people for the rest */
		{S, 0, S, DUTY_CREATE, DUTY_ALLOW},
		{S, 0, C, DUTY_CREATE, DUTY_DENY},
		{S, 0, A, DUTY_CREATE, DUTY_DENY},
		{S, S, S, DUTY_CONTACT, DUTY_ALLOW},
		{S, C, C, DUTY_CONTACT, DUTY_DENY},
		{S, A, A, DUTY_CONTACT, DUTY_DENY},
		{S, S, S, DUTY_PASSWORD, DUTY_SECOND},
		{S, C, C, DUTY_PASSWORD, DUTY_DENY},
		{S, S, S, DUTY_ACTIVE, DUTY_SECOND},
		{S, A, A, DUTY_ACTIVE, DUTY_DENY},
		{S, S, R, DUTY_PLACE, DUTY_SECOND},
		{S, R, S, DUTY_PLACE, DUTY_SECOND},
		{S, C, R, DUTY_PLACE, DUTY_DENY},
		/* nobody else manages accounts */
		{C, 0, C, DUTY_CREATE, DUTY_DENY},
		{CH, C, C, DUTY_PASSWORD, DUTY_DENY},
		{R, S, S, DUTY_CONTACT, DUTY_DENY},
		{ROLE_APPLICANT, 0, C, DUTY_CREATE, DUTY_DENY},
		{ROLE_SYSTEM, S, S, DUTY_PASSWORD, DUTY_DENY},
		/* boundaries: not staff, or a create of an existing account */
		{A, 0, ROLE_APPLICANT, DUTY_CREATE, DUTY_DENY},
		{A, 0, 0, DUTY_CREATE, DUTY_DENY},
		{A, C, C, DUTY_CREATE, DUTY_DENY},
		{S, 0, S | A, DUTY_CREATE, DUTY_DENY},
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		enum duty_verdict v = duty_staff_change(t[i].actor, t[i].before,
		    t[i].after, t[i].action);

		if (v != t[i].want)
			fail_msg("row %zu: verdict %d, want %d", i, v, t[i].want);
	}
}

static void test_duty_second_supervisor_approves(void **state)
{
	(void)state;
	assert_true(duty_may_approve(S, 3, 2, 5));
	assert_false(duty_may_approve(S, 2, 2, 5));   /* own request */
	assert_false(duty_may_approve(S, 5, 2, 5));   /* own account */
	assert_false(duty_may_approve(A, 3, 2, 5));   /* not a supervisor */
	assert_false(duty_may_approve(CH, 3, 2, 5));
	assert_false(duty_may_approve(S, 0, 2, 5));   /* nobody */
}

struct reveal_case {
	struct duty_user u;
	bool want;
};

static void test_duty_reveal_only_for_who_handles(void **state)
{
	const struct duty_case c = {.dept_id = 3, .clerk_id = 10,
		.handler_id = 11, .applicant_id = 20};
	static const struct reveal_case t[] = {
		{{ROLE_APPLICANT, 20, 0}, true},    /* their own */
		{{ROLE_APPLICANT, 21, 0}, false},
		{{C, 10, 0}, true},                 /* accepted it */
		{{C, 12, 3}, false},                /* same window, not theirs */
		{{R, 11, 3}, true},                 /* current handler */
		{{R, 13, 3}, true},                 /* reviewer of the dept */
		{{R, 13, 4}, false},
		{{CH, 14, 3}, true},
		{{CH, 14, 4}, false},
		{{A, 1, 0}, false},
		{{S, 2, 0}, false},
		{{ROLE_SYSTEM, 0, 0}, false},
		{{R, 0, 0}, false},                 /* no id: nobody */
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (duty_may_reveal(&t[i].u, &c) != t[i].want)
			fail_msg("row %zu: reveal %d", i, !t[i].want);
	assert_false(duty_may_reveal(NULL, &c));
	assert_true(duty_is_owner(&t[0].u, &c));
	assert_false(duty_is_owner(&t[2].u, &c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duty_staff_change_matrix),
		cmocka_unit_test(test_duty_second_supervisor_approves),
		cmocka_unit_test(test_duty_reveal_only_for_who_handles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
