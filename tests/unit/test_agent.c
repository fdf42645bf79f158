/*
 * test_agent.c - unit tests of src/domain/agent.c (全程代办): the recorded
 * authorisation's form at its boundaries (4 and 500 characters, counted
 * as characters, not bytes, after trimming ASCII and ideographic spaces),
 * who may assign an agent, and which cases can take one.
 * Single-threaded test binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/agent.h"
#include "domain/case_fsm.h"
#include "domain/role.h"

/* s repeated n times into buf (cap bytes). */
static const char *rep(char *buf, size_t cap, const char *s, int n)
{
	size_t off = 0, len = strlen(s);

	for (int i = 0; i < n && off + len < cap; i++, off += len)
		memcpy(buf + off, s, len);
	buf[off] = '\0';
	return buf;
}

static void test_agent_auth_boundaries(void **state)
{
	static char buf[4096];
	static const struct {
		const char *what;
		const char *unit;
		int n;
		enum agent_auth_verdict want;
	} rows[] = {
		{"three Chinese characters", "委", 3, AGENT_AUTH_SHORT},
		{"four Chinese characters", "委", 4, AGENT_AUTH_OK},
		{"500 Chinese characters", "委", 500, AGENT_AUTH_OK},
		{"501 Chinese characters", "委", 501, AGENT_AUTH_LONG},
		{"three ASCII letters", "a", 3, AGENT_AUTH_SHORT},
		{"500 ASCII letters", "a", 500, AGENT_AUTH_OK},
		{"501 ASCII letters", "a", 501, AGENT_AUTH_LONG},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const char *s = rep(buf, sizeof buf, rows[i].unit, rows[i].n);

		if (agent_auth_check(s, strlen(s)) != rows[i].want)
			fail_msg("%s: %d", rows[i].what,
			    (int)agent_auth_check(s, strlen(s)));
	}
}

static void test_agent_auth_trims_and_refuses(void **state)
{
	static const struct {
		const char *s;
		enum agent_auth_verdict want;
	} rows[] = {
		{"", AGENT_AUTH_MISSING},
		{"   \t\n", AGENT_AUTH_MISSING},
		{"\xe3\x80\x80\xe3\x80\x80", AGENT_AUTH_MISSING},     /* U+3000 */
		/* spaces round three characters do not make four */
		{"  委托书  ", AGENT_AUTH_SHORT},
		{"\xe3\x80\x80委托书\xe3\x80\x80", AGENT_AUTH_SHORT},
		{"  委托书号  ", AGENT_AUTH_OK},
		{"王小明授权\n代办补正与领证", AGENT_AUTH_OK},
		{"委托\x01书号", AGENT_AUTH_INVALID},
		{"委托书\xff号", AGENT_AUTH_INVALID},
	};

	(void)state;
	assert_int_equal(agent_auth_check(NULL, 0), AGENT_AUTH_MISSING);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (agent_auth_check(rows[i].s, strlen(rows[i].s)) != rows[i].want)
			fail_msg("row %zu: %d", i, (int)agent_auth_check(rows[i].s,
			    strlen(rows[i].s)));
}

static void test_agent_who_assigns(void **state)
{
	(void)state;
	for (int r = ROLE_APPLICANT; r <= ROLE_AGENT; r <<= 1)
		assert_int_equal(agent_may_assign(r), r == ROLE_APPLICANT ||
		    r == ROLE_CLERK || r == ROLE_CHIEF);
	assert_false(agent_may_assign(0));
	assert_false(agent_may_assign(ROLE_CLERK | ROLE_REVIEWER));
}

static void test_agent_which_cases(void **state)
{
	(void)state;
	for (int s = 0; s < CS_COUNT_; s++)
		assert_int_equal(agent_case_open_to_agent(s), s != CS_REJECTED &&
		    s != CS_WITHDRAWN);
	assert_false(agent_case_open_to_agent(-1));
	assert_false(agent_case_open_to_agent(CS_COUNT_));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agent_auth_boundaries),
		cmocka_unit_test(test_agent_auth_trims_and_refuses),
		cmocka_unit_test(test_agent_who_assigns),
		cmocka_unit_test(test_agent_which_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
