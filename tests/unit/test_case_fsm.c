/*
 * test_case_fsm.c - unit tests of src/domain/case_fsm.c and role.c: every
 * (action, state) pair against an expected table written independently of
 * the implementation, the roles of every action, each effect, the name
 * tables, and the one-time notice rules.  Single-threaded test binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/calendar.h"
#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/role.h"
#include "util/gh_err.h"

#define D(y, m, d) day_from_ymd(y, m, d)
#define BIT(s) (1u << (s))

#define R_CC (ROLE_CLERK | ROLE_CHIEF)
#define R_CCR (ROLE_CLERK | ROLE_CHIEF | ROLE_REVIEWER)
#define R_RC (ROLE_REVIEWER | ROLE_CHIEF)
#define R_ACC (ROLE_APPLICANT | ROLE_CLERK | ROLE_CHIEF)
/* 全程代办: the agent supplements and withdraws for the applicant */
#define R_ACCA (R_ACC | ROLE_AGENT)
#define ALL_ROLES (ROLE_ANY_USER | ROLE_SYSTEM)

/* The expected table: from which states each action is allowed, and by
 * whom; pledged_from names the further states from which it is allowed
 * only for a case accepted on a 告知承诺 (case_ctx.pledged). */
static const struct {
	int action;
	unsigned from; /* BIT(state) set */
	int roles;
	unsigned pledged_from;
} expected[CA_COUNT_] = {
	/* the system acts for the lead window on sub-cases (并联审批) */
	{CA_ACCEPT, BIT(CS_SUBMITTED), R_CC | ROLE_SYSTEM, 0},
	{CA_REJECT, BIT(CS_SUBMITTED) | BIT(CS_AWAITING_MATERIALS),
	    R_CC | ROLE_SYSTEM, 0},
	{CA_REQUEST_MATERIALS,
	    BIT(CS_SUBMITTED) | BIT(CS_ACCEPTED) | BIT(CS_UNDER_REVIEW), R_CCR,
	    0},
	{CA_SUPPLEMENT, BIT(CS_AWAITING_MATERIALS), R_ACCA, 0},
	{CA_START_REVIEW, BIT(CS_ACCEPTED), R_CCR | ROLE_SYSTEM, 0},
	/* a 告知承诺 case is decided at once from accepted */
	{CA_APPROVE, BIT(CS_UNDER_REVIEW), R_RC, BIT(CS_ACCEPTED)},
	{CA_DENY, BIT(CS_UNDER_REVIEW), R_RC, 0},
	{CA_COMPLETE, BIT(CS_DECIDED), R_CCR | ROLE_SYSTEM, 0},
	{CA_SUSPEND, BIT(CS_ACCEPTED) | BIT(CS_UNDER_REVIEW), R_RC, 0},
	{CA_RESUME, BIT(CS_SUSPENDED), R_RC, 0},
	{CA_WITHDRAW,
	    BIT(CS_SUBMITTED) | BIT(CS_AWAITING_MATERIALS) | BIT(CS_ACCEPTED) |
	    BIT(CS_UNDER_REVIEW) | BIT(CS_SUSPENDED) | BIT(CS_DECIDED),
	    R_ACCA | ROLE_SYSTEM, 0},
	{CA_FORWARD, BIT(CS_UNDER_REVIEW), R_RC, 0},
	{CA_VOID,
	    BIT(CS_SUBMITTED) | BIT(CS_AWAITING_MATERIALS) | BIT(CS_ACCEPTED) |
	    BIT(CS_UNDER_REVIEW) | BIT(CS_SUSPENDED) | BIT(CS_DECIDED),
	    ROLE_ADMIN | ROLE_SYSTEM, 0},
	{CA_EXPIRE_CORRECTION, BIT(CS_AWAITING_MATERIALS), ROLE_SYSTEM, 0},
	/* 延长 (许可法 art. 42): asked while the case runs, decided by the
	 * chief also while it waits */
	{CA_REQUEST_EXTENSION, BIT(CS_ACCEPTED) | BIT(CS_UNDER_REVIEW), R_RC, 0},
	{CA_APPROVE_EXTENSION, BIT(CS_ACCEPTED) | BIT(CS_UNDER_REVIEW) |
	    BIT(CS_SUSPENDED) | BIT(CS_AWAITING_MATERIALS), ROLE_CHIEF, 0},
	{CA_DENY_EXTENSION, BIT(CS_ACCEPTED) | BIT(CS_UNDER_REVIEW) |
	    BIT(CS_SUSPENDED) | BIT(CS_AWAITING_MATERIALS), ROLE_CHIEF, 0},
	/* 容缺受理 at the window; 终止办理 by the system's timer only */
	{CA_ACCEPT_WITH_COMMITMENT, BIT(CS_SUBMITTED), R_CC, 0},
	{CA_TERMINATE, BIT(CS_ACCEPTED) | BIT(CS_UNDER_REVIEW) |
	    BIT(CS_SUSPENDED) | BIT(CS_AWAITING_MATERIALS) | BIT(CS_DECIDED),
	    ROLE_SYSTEM, 0},
	/* 并联审批 */
	{CA_DEEM_CONSENT, BIT(CS_UNDER_REVIEW), ROLE_SYSTEM, 0},
	{CA_JOINT_PAUSE, BIT(CS_ACCEPTED) | BIT(CS_UNDER_REVIEW), ROLE_SYSTEM, 0},
	{CA_JOINT_RESUME, BIT(CS_AWAITING_MATERIALS), ROLE_SYSTEM, 0},
	{CA_JOINT_CONCLUDE, BIT(CS_UNDER_REVIEW), ROLE_SYSTEM, 0},
	/* 告知承诺: accepted at the window; its 事后核查 (true, or false:
	 * 撤销许可) after the approval, also once completed */
	{CA_ACCEPT_WITH_PLEDGE, BIT(CS_SUBMITTED), R_CC, 0},
	{CA_VERIFY_PLEDGE, 0, R_RC, BIT(CS_DECIDED) | BIT(CS_COMPLETED)},
	{CA_REVOKE, 0, R_RC, BIT(CS_DECIDED) | BIT(CS_COMPLETED)},
	/* 领取结果: the agent or the window, on a completed case only */
	{CA_COLLECT, BIT(CS_COMPLETED), ROLE_AGENT | R_CC, 0},
};

/* A plausible case in state s: accepted once past the window, except
 * while awaiting materials before acceptance. */
static struct case_ctx ctx_in(int s)
{
	struct case_ctx c = {
		.state = s,
		.prev_state = CS_ACCEPTED,
		.instant = false,
		.accepted = s != CS_SUBMITTED && s != CS_AWAITING_MATERIALS,
		.step_index = 0,
		.step_count = 1,
		.decision = s == CS_DECIDED || s == CS_COMPLETED ? CD_APPROVE :
		    CD_NONE,
	};

	return c;
}

static int lowest_bit(int mask)
{
	return mask & -mask;
}

static void test_case_fsm_every_action_state_pair(void **state)
{
	(void)state;
	for (int a = 0; a < CA_COUNT_; a++) {
		assert_int_equal(expected[a].action, a);
		for (int s = 0; s < CS_COUNT_; s++) {
			unsigned any = expected[a].from | expected[a].pledged_from;

			if (case_fsm_allowed(a, s) != (bool)(any & BIT(s)))
				fail_msg("%s from %s: allowed() should be %d",
				    case_action_name(a), case_state_name(s),
				    (int)(bool)(any & BIT(s)));
			/* the same case, once as an ordinary one and once accepted
			 * on a 告知承诺 */
			for (int p = 0; p < 2; p++) {
				struct case_ctx c = ctx_in(s);
				struct case_effect e;
				bool want = (expected[a].from | (p ?
				    expected[a].pledged_from : 0)) & BIT(s);
				int role = lowest_bit(expected[a].roles);
				int rc;

				c.pledged = p;
				rc = case_fsm_apply(&c, a, role, &e);
				if (rc != (want ? 0 : GH_ECONFLICT))
					fail_msg("%s from %s by %s (pledged %d): rc %d",
					    case_action_name(a), case_state_name(s),
					    role_name(role), p, rc);
				/* Every role may be asked; forbidden ones come
				 * first. */
				for (int r = ROLE_APPLICANT; r <= ROLE_AGENT; r <<= 1) {
					int want_rc = !(expected[a].roles & r) ?
					    GH_EFORBIDDEN : want ? 0 : GH_ECONFLICT;

					rc = case_fsm_apply(&c, a, r, &e);
					if (rc != want_rc)
						fail_msg("%s from %s by %s (pledged %d): rc %d "
						    "want %d", case_action_name(a),
						    case_state_name(s), role_name(r), p, rc,
						    want_rc);
				}
			}
		}
	}
}

static void test_case_fsm_roles_per_action(void **state)
{
	(void)state;
	for (int a = 0; a < CA_COUNT_; a++)
		if (case_fsm_roles(a) != expected[a].roles)
			fail_msg("%s: roles %x", case_action_name(a),
			    (unsigned)case_fsm_roles(a));
	assert_int_equal(case_fsm_roles(-1), 0);
	assert_int_equal(case_fsm_roles(CA_COUNT_), 0);
}

static void test_case_fsm_role_checked_before_state(void **state)
{
	struct case_ctx c = ctx_in(CS_COMPLETED);
	struct case_effect e;

	(void)state;
	/* Wrong role and wrong state: forbidden wins. */
	assert_int_equal(case_fsm_apply(&c, CA_APPROVE, ROLE_CLERK, &e),
	    GH_EFORBIDDEN);
	assert_int_equal(case_fsm_apply(&c, CA_ACCEPT, ROLE_APPLICANT, &e),
	    GH_EFORBIDDEN);
	assert_int_equal(case_fsm_apply(&c, CA_VOID, ROLE_SUPERVISOR, &e),
	    GH_EFORBIDDEN);
	assert_int_equal(case_fsm_apply(&c, CA_VOID, 0, &e), GH_EFORBIDDEN);
	/* Right role, wrong state. */
	assert_int_equal(case_fsm_apply(&c, CA_VOID, ROLE_ADMIN, &e),
	    GH_ECONFLICT);
	/* A mask with one allowed role is enough. */
	c = ctx_in(CS_UNDER_REVIEW);
	assert_int_equal(case_fsm_apply(&c, CA_APPROVE,
	    ROLE_APPLICANT | ROLE_REVIEWER, &e), 0);
	assert_int_equal(case_fsm_apply(&c, CA_APPROVE, ALL_ROLES, &e), 0);
	/* Out-of-enum arguments are a programming error. */
	assert_int_equal(case_fsm_apply(&c, -1, ALL_ROLES, &e), GH_EINVAL);
	assert_int_equal(case_fsm_apply(&c, CA_COUNT_, ALL_ROLES, &e), GH_EINVAL);
	c.state = CS_COUNT_;
	assert_int_equal(case_fsm_apply(&c, CA_VOID, ALL_ROLES, &e), GH_EINVAL);
	assert_int_equal(case_fsm_apply(NULL, CA_VOID, ALL_ROLES, &e), GH_EINVAL);
}

/* Effect flags in one mask for compact tables. */
enum {
	X_START = 1 << 0, X_PAUSE = 1 << 1, X_RESUME = 1 << 2,
	X_STOP = 1 << 3, X_ADVANCE = 1 << 4, X_ENTER = 1 << 5,
	X_REMEMBER = 1 << 6, X_REASON = 1 << 7, X_MATERIALS = 1 << 8,
	X_PROCEDURE = 1 << 9, X_AT_ONCE = 1 << 10
};

static int flags_of(const struct case_effect *e)
{
	return (e->start_clock ? X_START : 0) | (e->pause_clock ? X_PAUSE : 0) |
	    (e->resume_clock ? X_RESUME : 0) | (e->stop_clock ? X_STOP : 0) |
	    (e->advance_step ? X_ADVANCE : 0) | (e->enter_review ? X_ENTER : 0) |
	    (e->remember_prev ? X_REMEMBER : 0) |
	    (e->needs_reason ? X_REASON : 0) |
	    (e->needs_materials ? X_MATERIALS : 0) |
	    (e->needs_procedure ? X_PROCEDURE : 0) |
	    (e->decide_at_once ? X_AT_ONCE : 0);
}

struct effect_case {
	const char *what;
	struct case_ctx ctx; /* state, prev, instant, accepted, step, steps, dec */
	int action;
	int to, outcome, decision, flags;
};

static const struct effect_case effect_cases[] = {
	{"accept a 承诺件",
	    {CS_SUBMITTED, 0, false, false, 0, 2, 0, false}, CA_ACCEPT,
	    CS_ACCEPTED, CO_NONE, CD_NONE, X_START},
	{"accept a 即办件",
	    {CS_SUBMITTED, 0, true, false, 0, 0, 0, false}, CA_ACCEPT,
	    CS_COMPLETED, CO_ISSUED, CD_APPROVE, X_START | X_STOP},
	{"reject at the window",
	    {CS_SUBMITTED, 0, false, false, 0, 1, 0, false},
	    CA_REJECT, CS_REJECTED, CO_NOT_ACCEPTED, CD_NONE, X_REASON},
	{"reject while awaiting materials",
	    {CS_AWAITING_MATERIALS, CS_SUBMITTED, false, false, 0, 1, 0, false},
	    CA_REJECT, CS_REJECTED, CO_NOT_ACCEPTED, CD_NONE, X_REASON},
	{"notice before acceptance",
	    {CS_SUBMITTED, 0, false, false, 0, 1, 0, false},
	    CA_REQUEST_MATERIALS, CS_AWAITING_MATERIALS, CO_NONE, CD_NONE,
	    X_REMEMBER | X_MATERIALS},
	{"notice after acceptance",
	    {CS_ACCEPTED, 0, false, true, 0, 1, 0, false},
	    CA_REQUEST_MATERIALS, CS_AWAITING_MATERIALS, CO_NONE, CD_NONE,
	    X_REMEMBER | X_PAUSE | X_MATERIALS},
	{"notice during review",
	    {CS_UNDER_REVIEW, 0, false, true, 0, 1, 0, false},
	    CA_REQUEST_MATERIALS, CS_AWAITING_MATERIALS, CO_NONE, CD_NONE,
	    X_REMEMBER | X_PAUSE | X_MATERIALS},
	{"supplement before acceptance",
	    {CS_AWAITING_MATERIALS, CS_SUBMITTED, false, false, 0, 1, 0, false},
	    CA_SUPPLEMENT, CS_SUBMITTED, CO_NONE, CD_NONE, X_MATERIALS},
	{"supplement during review",
	    {CS_AWAITING_MATERIALS, CS_UNDER_REVIEW, false, true, 1, 2, 0, false},
	    
	    CA_SUPPLEMENT, CS_UNDER_REVIEW, CO_NONE, CD_NONE,
	    X_RESUME | X_MATERIALS},
	{"supplement after acceptance",
	    {CS_AWAITING_MATERIALS, CS_ACCEPTED, false, true, 0, 1, 0, false},
	    CA_SUPPLEMENT, CS_ACCEPTED, CO_NONE, CD_NONE, X_RESUME | X_MATERIALS},
	{"start review",
	    {CS_ACCEPTED, 0, false, true, 0, 3, 0, false}, CA_START_REVIEW,
	    CS_UNDER_REVIEW, CO_NONE, CD_NONE, X_ENTER},
	{"approve step 1 of 3",
	    {CS_UNDER_REVIEW, 0, false, true, 0, 3, 0, false},
	    CA_APPROVE, CS_UNDER_REVIEW, CO_NONE, CD_NONE, X_ADVANCE},
	{"approve step 2 of 3",
	    {CS_UNDER_REVIEW, 0, false, true, 1, 3, 0, false},
	    CA_APPROVE, CS_UNDER_REVIEW, CO_NONE, CD_NONE, X_ADVANCE},
	{"approve step 3 of 3",
	    {CS_UNDER_REVIEW, 0, false, true, 2, 3, 0, false},
	    CA_APPROVE, CS_DECIDED, CO_NONE, CD_APPROVE, 0},
	{"approve the only step",
	    {CS_UNDER_REVIEW, 0, false, true, 0, 1, 0, false},
	    CA_APPROVE, CS_DECIDED, CO_NONE, CD_APPROVE, 0},
	{"approve with no steps",
	    {CS_UNDER_REVIEW, 0, false, true, 0, 0, 0, false},
	    CA_APPROVE, CS_DECIDED, CO_NONE, CD_APPROVE, 0},
	{"deny at the last step",
	    {CS_UNDER_REVIEW, 0, false, true, 2, 3, 0, false},
	    CA_DENY, CS_DECIDED, CO_NONE, CD_DENY, X_REASON},
	{"deny at the only step",
	    {CS_UNDER_REVIEW, 0, false, true, 0, 1, 0, false},
	    CA_DENY, CS_DECIDED, CO_NONE, CD_DENY, X_REASON},
	{"deny with no steps",
	    {CS_UNDER_REVIEW, 0, false, true, 0, 0, 0, false},
	    CA_DENY, CS_DECIDED, CO_NONE, CD_DENY, X_REASON},
	{"complete an approval",
	    {CS_DECIDED, 0, false, true, 0, 1, CD_APPROVE, false},
	    CA_COMPLETE, CS_COMPLETED, CO_ISSUED, CD_NONE, X_STOP},
	{"complete a denial",
	    {CS_DECIDED, 0, false, true, 0, 1, CD_DENY, false},
	    CA_COMPLETE, CS_COMPLETED, CO_DENIED, CD_NONE, X_STOP},
	{"suspend after acceptance",
	    {CS_ACCEPTED, 0, false, true, 0, 1, 0, false},
	    CA_SUSPEND, CS_SUSPENDED, CO_NONE, CD_NONE,
	    X_REMEMBER | X_PAUSE | X_PROCEDURE | X_REASON},
	{"suspend during review",
	    {CS_UNDER_REVIEW, 0, false, true, 0, 1, 0, false},
	    CA_SUSPEND, CS_SUSPENDED, CO_NONE, CD_NONE,
	    X_REMEMBER | X_PAUSE | X_PROCEDURE | X_REASON},
	{"resume to review",
	    {CS_SUSPENDED, CS_UNDER_REVIEW, false, true, 0, 1, 0, false},
	    CA_RESUME, CS_UNDER_REVIEW, CO_NONE, CD_NONE, X_RESUME},
	{"resume to accepted",
	    {CS_SUSPENDED, CS_ACCEPTED, false, true, 0, 1, 0, false},
	    CA_RESUME, CS_ACCEPTED, CO_NONE, CD_NONE, X_RESUME},
	{"withdraw at the window",
	    {CS_SUBMITTED, 0, false, false, 0, 1, 0, false},
	    CA_WITHDRAW, CS_WITHDRAWN, CO_WITHDRAWN, CD_NONE, 0},
	{"withdraw awaiting, not accepted",
	    {CS_AWAITING_MATERIALS, CS_SUBMITTED, false, false, 0, 1, 0, false},
	    CA_WITHDRAW, CS_WITHDRAWN, CO_WITHDRAWN, CD_NONE, 0},
	{"withdraw awaiting, accepted",
	    {CS_AWAITING_MATERIALS, CS_ACCEPTED, false, true, 0, 1, 0, false},
	    CA_WITHDRAW, CS_WITHDRAWN, CO_WITHDRAWN, CD_NONE, X_STOP | X_RESUME},
	{"withdraw during review",
	    {CS_UNDER_REVIEW, 0, false, true, 0, 1, 0, false},
	    CA_WITHDRAW, CS_WITHDRAWN, CO_WITHDRAWN, CD_NONE, X_STOP},
	{"withdraw while suspended",
	    {CS_SUSPENDED, CS_UNDER_REVIEW, false, true, 0, 1, 0, false},
	    CA_WITHDRAW,
	    CS_WITHDRAWN, CO_WITHDRAWN, CD_NONE, X_STOP | X_RESUME},
	{"withdraw after decision",
	    {CS_DECIDED, 0, false, true, 0, 1, CD_DENY, false},
	    CA_WITHDRAW, CS_WITHDRAWN, CO_WITHDRAWN, CD_NONE, X_STOP},
	{"forward",
	    {CS_UNDER_REVIEW, 0, false, true, 0, 1, 0, false}, CA_FORWARD,
	    CS_COMPLETED, CO_FORWARDED, CD_NONE, X_STOP | X_REASON},
	{"void at the window",
	    {CS_SUBMITTED, 0, false, false, 0, 1, 0, false}, CA_VOID,
	    CS_COMPLETED, CO_VOIDED, CD_NONE, X_REASON},
	{"void after decision",
	    {CS_DECIDED, 0, false, true, 0, 1, CD_APPROVE, false},
	    CA_VOID, CS_COMPLETED, CO_VOIDED, CD_NONE, X_STOP | X_REASON},
	{"void while suspended",
	    {CS_SUSPENDED, CS_ACCEPTED, false, true, 0, 1, 0, false}, CA_VOID,
	    CS_COMPLETED, CO_VOIDED, CD_NONE, X_STOP | X_RESUME | X_REASON},
	{"correction timeout before acceptance",
	    {CS_AWAITING_MATERIALS, CS_SUBMITTED, false, false, 0, 1, 0, false},
	    CA_EXPIRE_CORRECTION, CS_REJECTED, CO_CORRECTION_TIMEOUT, CD_NONE, 0},
	{"correction timeout after acceptance",
	    {CS_AWAITING_MATERIALS, CS_ACCEPTED, false, true, 0, 1, 0, false},
	    CA_EXPIRE_CORRECTION, CS_REJECTED, CO_CORRECTION_TIMEOUT, CD_NONE,
	    X_STOP | X_RESUME},
	{"accept a 承诺件 on a 告知承诺",
	    {CS_SUBMITTED, 0, false, false, 0, 2, 0, false},
	    CA_ACCEPT_WITH_PLEDGE, CS_ACCEPTED, CO_NONE, CD_NONE, X_START},
	{"accept a 即办件 on a 告知承诺",
	    {CS_SUBMITTED, 0, true, false, 0, 0, 0, false},
	    CA_ACCEPT_WITH_PLEDGE, CS_COMPLETED, CO_ISSUED, CD_APPROVE,
	    X_START | X_STOP},
	{"decide a 告知承诺 case at once, two steps",
	    {CS_ACCEPTED, 0, false, true, 0, 2, 0, true}, CA_APPROVE,
	    CS_DECIDED, CO_NONE, CD_APPROVE, X_AT_ONCE},
	{"decide a 告知承诺 case at once, one step",
	    {CS_ACCEPTED, 0, false, true, 0, 1, 0, true}, CA_APPROVE,
	    CS_DECIDED, CO_NONE, CD_APPROVE, X_AT_ONCE},
	{"a 告知承诺 case under review approves step by step",
	    {CS_UNDER_REVIEW, 0, false, true, 0, 2, 0, true}, CA_APPROVE,
	    CS_UNDER_REVIEW, CO_NONE, CD_NONE, X_ADVANCE},
	{"verify a promise before the result",
	    {CS_DECIDED, 0, false, true, 1, 2, CD_APPROVE, true},
	    CA_VERIFY_PLEDGE, CS_DECIDED, CO_NONE, CD_NONE, 0},
	{"verify a promise after the result",
	    {CS_COMPLETED, 0, false, true, 1, 2, CD_APPROVE, true},
	    CA_VERIFY_PLEDGE, CS_COMPLETED, CO_NONE, CD_NONE, 0},
	{"revoke before the result",
	    {CS_DECIDED, 0, false, true, 1, 2, CD_APPROVE, true}, CA_REVOKE,
	    CS_COMPLETED, CO_REVOKED, CD_NONE, X_STOP | X_REASON},
	{"revoke after the result: the clock stopped at completion",
	    {CS_COMPLETED, 0, false, true, 1, 2, CD_APPROVE, true}, CA_REVOKE,
	    CS_COMPLETED, CO_REVOKED, CD_NONE, X_REASON},
};

static void test_case_fsm_effects_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(effect_cases) / sizeof(effect_cases[0]);
	     i++) {
		const struct effect_case *c = &effect_cases[i];
		struct case_effect e;
		int rc = case_fsm_apply(&c->ctx, c->action, ALL_ROLES, &e);

		if (rc != 0)
			fail_msg("%s: rc %d", c->what, rc);
		if (e.to_state != c->to || e.outcome != c->outcome ||
		    e.decision != c->decision || flags_of(&e) != c->flags)
			fail_msg("%s: to %s outcome %s decision %d flags %x", c->what,
			    case_state_name(e.to_state), case_outcome_name(e.outcome),
			    e.decision, (unsigned)flags_of(&e));
		/* Terminal targets carry an outcome, others none; a check
		 * found true on a completed case keeps the outcome it has. */
		if (c->action != CA_VERIFY_PLEDGE)
			assert_int_equal(case_state_is_terminal(e.to_state),
			    e.outcome != CO_NONE);
	}
}

static void test_case_fsm_conditions_refuse_with_conflict(void **state)
{
	struct case_effect e, sentinel;
	struct case_ctx c;

	(void)state;
	memset(&sentinel, 0x5A, sizeof(sentinel));
	/* 不予受理 is no longer possible once the case was accepted. */
	c = (struct case_ctx){CS_AWAITING_MATERIALS, CS_ACCEPTED, false, true, 0,
	    1, 0, false};
	e = sentinel;
	assert_int_equal(case_fsm_apply(&c, CA_REJECT, ROLE_CLERK, &e),
	    GH_ECONFLICT);
	assert_memory_equal(&e, &sentinel, sizeof(e));
	/* A stored prev_state that cannot be returned to. */
	c.prev_state = CS_DECIDED;
	assert_int_equal(case_fsm_apply(&c, CA_SUPPLEMENT, ROLE_APPLICANT, &e),
	    GH_ECONFLICT);
	c = (struct case_ctx){CS_SUSPENDED, CS_COMPLETED, false, true, 0, 1, 0, false};
	assert_int_equal(case_fsm_apply(&c, CA_RESUME, ROLE_CHIEF, &e),
	    GH_ECONFLICT);
	c.prev_state = CS_SUSPENDED;
	assert_int_equal(case_fsm_apply(&c, CA_RESUME, ROLE_CHIEF, &e),
	    GH_ECONFLICT);
	/* Deciding at once is for a case accepted on a 告知承诺 only. */
	c = (struct case_ctx){CS_ACCEPTED, 0, false, true, 0, 2, 0, false};
	e = sentinel;
	assert_int_equal(case_fsm_apply(&c, CA_APPROVE, ROLE_CHIEF, &e),
	    GH_ECONFLICT);
	assert_memory_equal(&e, &sentinel, sizeof(e));
	c.pledged = true;
	assert_int_equal(case_fsm_apply(&c, CA_APPROVE, ROLE_CHIEF, &e), 0);
	assert_true(e.decide_at_once);
	/* ... and never denies at once: a denial comes from the review. */
	assert_int_equal(case_fsm_apply(&c, CA_DENY, ROLE_CHIEF, &e),
	    GH_ECONFLICT);
	/* A 事后核查 checks a granted approval, not a denial, nor an
	 * ordinary case's. */
	c = (struct case_ctx){CS_COMPLETED, 0, false, true, 1, 2, CD_DENY, true};
	assert_int_equal(case_fsm_apply(&c, CA_VERIFY_PLEDGE, ROLE_CHIEF, &e),
	    GH_ECONFLICT);
	assert_int_equal(case_fsm_apply(&c, CA_REVOKE, ROLE_CHIEF, &e),
	    GH_ECONFLICT);
	c = (struct case_ctx){CS_DECIDED, 0, false, true, 1, 2, CD_APPROVE,
	    false};
	assert_int_equal(case_fsm_apply(&c, CA_VERIFY_PLEDGE, ROLE_REVIEWER, &e),
	    GH_ECONFLICT);
	/* the window neither checks nor revokes */
	c.pledged = true;
	assert_int_equal(case_fsm_apply(&c, CA_REVOKE, ROLE_CLERK, &e),
	    GH_EFORBIDDEN);
}

/* 不予许可 is taken at the step that decides approvals (the last review
 * step), not by an earlier step alone; 通过 at an earlier step advances. */
static void test_case_fsm_deny_only_at_the_deciding_step(void **state)
{
	static const struct {
		int step_index, step_count, role, want;
	} rows[] = {
		{0, 2, ROLE_REVIEWER, GH_ECONFLICT}, /* 审核 of 审核, 批准 */
		{0, 2, ROLE_CHIEF, GH_ECONFLICT},
		{1, 2, ROLE_CHIEF, 0},               /* 批准 */
		{1, 2, ROLE_REVIEWER, 0},            /* role checked by the engine */
		{0, 3, ROLE_REVIEWER, GH_ECONFLICT},
		{1, 3, ROLE_REVIEWER, GH_ECONFLICT},
		{2, 3, ROLE_CHIEF, 0},
		{0, 1, ROLE_REVIEWER, 0},            /* one step decides */
		{0, 0, ROLE_REVIEWER, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct case_ctx c = {CS_UNDER_REVIEW, 0, false, true,
		    rows[i].step_index, rows[i].step_count, 0, false};
		struct case_effect e;
		int rc = case_fsm_apply(&c, CA_DENY, rows[i].role, &e);

		if (rc != rows[i].want)
			fail_msg("row %zu: deny at step %d of %d: rc %d, want %d", i,
			    rows[i].step_index, rows[i].step_count, rc, rows[i].want);
		if (!rc && (e.decision != CD_DENY || e.to_state != CS_DECIDED))
			fail_msg("row %zu: not decided as a denial", i);
	}
}

static void test_case_fsm_terminal_states(void **state)
{
	(void)state;
	for (int s = 0; s < CS_COUNT_; s++) {
		bool want = s == CS_REJECTED || s == CS_COMPLETED ||
		    s == CS_WITHDRAWN;

		assert_int_equal(case_state_is_terminal(s), want);
		/* Nothing leaves a terminal state: the only actions on one
		 * are the 事后核查 of a 告知承诺 approval and collecting the
		 * result (领取结果), which keep it. */
		for (int a = 0; a < CA_COUNT_ && want; a++) {
			struct case_ctx c = ctx_in(s);
			struct case_effect e;
			bool check = s == CS_COMPLETED &&
			    (a == CA_VERIFY_PLEDGE || a == CA_REVOKE);

			assert_int_equal(case_fsm_allowed(a, s), check ||
			    (a == CA_COLLECT && s == CS_COMPLETED));
			c.pledged = true;
			if (check) {
				assert_int_equal(case_fsm_apply(&c, a, ROLE_CHIEF, &e), 0);
				assert_int_equal(e.to_state, s);
				assert_false(e.stop_clock);
				assert_false(e.start_clock);
			}
		}
	}
	{
		struct case_ctx c = ctx_in(CS_COMPLETED);
		struct case_effect e;

		assert_int_equal(case_fsm_apply(&c, CA_COLLECT, ROLE_AGENT, &e), 0);
		assert_int_equal(e.to_state, CS_COMPLETED);
		assert_int_equal(e.outcome, CO_NONE);
		assert_false(e.stop_clock || e.start_clock || e.pause_clock ||
		    e.resume_clock || e.needs_reason || e.needs_request);
	}
}

struct nl {
	int value;
	const char *name, *label;
};

static void check_names(const struct nl *t, size_t n, int count,
    const char *(*name)(int), const char *(*label)(int),
    int (*from_name)(const char *))
{
	assert_int_equal(n, (size_t)count);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(name(t[i].value), t[i].name);
		assert_string_equal(label(t[i].value), t[i].label);
		if (from_name)
			assert_int_equal(from_name(t[i].name), t[i].value);
	}
	assert_null(name(-1));
	assert_null(name(count));
	assert_null(label(count));
	if (from_name) {
		assert_int_equal(from_name("bogus"), -1);
		assert_int_equal(from_name(""), -1);
		assert_int_equal(from_name(NULL), -1);
	}
}

static void test_case_names_and_labels(void **state)
{
	static const struct nl states[] = {
		{CS_SUBMITTED, "submitted", "已申报"},
		{CS_ACCEPTED, "accepted", "已受理"},
		{CS_REJECTED, "rejected", "不予受理"},
		{CS_AWAITING_MATERIALS, "awaiting_materials", "待补正"},
		{CS_UNDER_REVIEW, "under_review", "审查中"},
		{CS_DECIDED, "decided", "已决定"},
		{CS_COMPLETED, "completed", "已办结"},
		{CS_SUSPENDED, "suspended", "已挂起"},
		{CS_WITHDRAWN, "withdrawn", "已撤回"},
	};
	static const struct nl actions[] = {
		{CA_ACCEPT, "accept", "受理"},
		{CA_REJECT, "reject", "不予受理"},
		{CA_REQUEST_MATERIALS, "request_materials", "一次性告知补正"},
		{CA_SUPPLEMENT, "supplement", "补正材料"},
		{CA_START_REVIEW, "start_review", "开始审查"},
		{CA_APPROVE, "approve", "审核通过"},
		{CA_DENY, "deny", "不予许可"},
		{CA_COMPLETE, "complete", "办结"},
		{CA_SUSPEND, "suspend", "挂起"},
		{CA_RESUME, "resume", "恢复"},
		{CA_WITHDRAW, "withdraw", "撤回"},
		{CA_FORWARD, "forward", "转报"},
		{CA_VOID, "void", "作废"},
		{CA_EXPIRE_CORRECTION, "expire_correction", "补正超时驳回"},
		{CA_REQUEST_EXTENSION, "request_extension", "申请延长审批期限"},
		{CA_APPROVE_EXTENSION, "approve_extension", "批准延长审批期限"},
		{CA_DENY_EXTENSION, "deny_extension", "不予批准延长"},
		{CA_ACCEPT_WITH_COMMITMENT, "accept_with_commitment", "容缺受理"},
		{CA_TERMINATE, "terminate", "终止办理"},
		{CA_DEEM_CONSENT, "deem_consent", "超时默认同意"},
		{CA_JOINT_PAUSE, "joint_pause", "随主办件暂停(补正)"},
		{CA_JOINT_RESUME, "joint_resume", "随主办件恢复"},
		{CA_JOINT_CONCLUDE, "joint_conclude", "并联审批汇总决定"},
		{CA_ACCEPT_WITH_PLEDGE, "accept_with_pledge", "告知承诺受理"},
		{CA_VERIFY_PLEDGE, "verify_pledge", "告知承诺事后核查"},
		{CA_REVOKE, "revoke", "撤销许可"},
		{CA_COLLECT, "collect", "领取结果"},
	};
	static const struct nl outcomes[] = {
		{CO_NONE, "none", "无"},
		{CO_ISSUED, "issued", "出证办结"},
		{CO_DENIED, "denied", "不予许可"},
		{CO_NOT_ACCEPTED, "not_accepted", "不予受理"},
		{CO_WITHDRAWN, "withdrawn", "撤回"},
		{CO_CORRECTION_TIMEOUT, "correction_timeout", "补正超时驳回"},
		{CO_FORWARDED, "forwarded", "转报办结"},
		{CO_VOIDED, "voided", "作废办结"},
		{CO_TERMINATED, "terminated", "终止办理"},
		{CO_REVOKED, "revoked", "撤销许可"},
	};

	(void)state;
	check_names(states, sizeof(states) / sizeof(states[0]), CS_COUNT_,
	    case_state_name, case_state_label, case_state_from_name);
	check_names(actions, sizeof(actions) / sizeof(actions[0]), CA_COUNT_,
	    case_action_name, case_action_label, case_action_from_name);
	check_names(outcomes, sizeof(outcomes) / sizeof(outcomes[0]), CO_COUNT_,
	    case_outcome_name, case_outcome_label, NULL);
	/* Names are API names, not labels. */
	assert_int_equal(case_state_from_name("已受理"), -1);
	assert_int_equal(case_action_from_name("Accept"), -1);
}

static void test_case_procedure_names_accept_name_or_label(void **state)
{
	static const struct nl procs[] = {
		{CP_NONE, "none", "无"},
		{CP_HEARING, "hearing", "听证"},
		{CP_TENDER, "tender", "招标"},
		{CP_AUCTION, "auction", "拍卖"},
		{CP_INSPECTION, "inspection", "检验"},
		{CP_TESTING, "testing", "检测"},
		{CP_QUARANTINE, "quarantine", "检疫"},
		{CP_APPRAISAL, "appraisal", "鉴定"},
		{CP_EXPERT_REVIEW, "expert_review", "专家评审"},
		{CP_SITE_CHECK, "site_check", "实地核查"},
		{CP_PUBLICITY, "publicity", "公示"},
		{CP_CORRECTION, "correction", "补正"},
	};

	(void)state;
	check_names(procs, sizeof(procs) / sizeof(procs[0]), CP_COUNT_,
	    case_procedure_name, case_procedure_label, NULL);
	for (size_t i = 1; i < sizeof(procs) / sizeof(procs[0]); i++) {
		assert_int_equal(case_procedure_from_name(procs[i].name),
		    procs[i].value);
		assert_int_equal(case_procedure_from_name(procs[i].label),
		    procs[i].value);
	}
	/* "none" names no procedure. */
	assert_int_equal(case_procedure_from_name("none"), -1);
	assert_int_equal(case_procedure_from_name("无"), -1);
	assert_int_equal(case_procedure_from_name("Hearing"), -1);
	assert_int_equal(case_procedure_from_name(""), -1);
	assert_int_equal(case_procedure_from_name(NULL), -1);
}

static void test_role_names_and_labels(void **state)
{
	static const struct nl roles[] = {
		{ROLE_APPLICANT, "applicant", "办事人"},
		{ROLE_CLERK, "clerk", "窗口人员"},
		{ROLE_CHIEF, "chief", "首席代表"},
		{ROLE_REVIEWER, "reviewer", "审批人员"},
		{ROLE_ADMIN, "admin", "中心管理员"},
		{ROLE_SUPERVISOR, "supervisor", "效能监察"},
		{ROLE_SYSTEM, "system", "系统"},
		{ROLE_AGENT, "agent", "代办员"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		assert_int_equal(role_from_name(roles[i].name), roles[i].value);
		assert_string_equal(role_name(roles[i].value), roles[i].name);
		assert_string_equal(role_label(roles[i].value), roles[i].label);
	}
	assert_int_equal(role_from_name("root"), 0);
	assert_int_equal(role_from_name("窗口人员"), 0);
	assert_int_equal(role_from_name(NULL), 0);
	assert_null(role_name(0));
	assert_null(role_name(ROLE_CLERK | ROLE_CHIEF));
	assert_null(role_name(1 << 8));
	assert_null(role_label(ROLE_CLERK | ROLE_CHIEF));
}

/* The official 2025 Spring Festival and 国庆节 entries. */
static const struct cal_entry cal_2025[] = {
	{20114, CAL_WORKDAY, "春节调休上班"}, /* 2025-01-26 */
	{20116, CAL_HOLIDAY, "春节"},         /* 2025-01-28 */
	{20117, CAL_HOLIDAY, "春节"},
	{20118, CAL_HOLIDAY, "春节"},
	{20119, CAL_HOLIDAY, "春节"},
	{20122, CAL_HOLIDAY, "春节"},         /* 2025-02-03 */
	{20123, CAL_HOLIDAY, "春节"},
	{20127, CAL_WORKDAY, "春节调休上班"}, /* 2025-02-08 */
	{20359, CAL_WORKDAY, "国庆节调休上班"}, /* 2025-09-28 */
	{20362, CAL_HOLIDAY, "国庆节"},       /* 2025-10-01 */
	{20363, CAL_HOLIDAY, "国庆节"},
	{20364, CAL_HOLIDAY, "国庆节"},
	{20367, CAL_HOLIDAY, "中秋"},         /* 2025-10-06 */
	{20368, CAL_HOLIDAY, "国庆节"},
	{20369, CAL_HOLIDAY, "国庆节"},
	{20372, CAL_WORKDAY, "国庆节调休上班"}, /* 2025-10-11 */
};

static void test_case_notice_deadline_five_workdays_across_holiday(
    void **state)
{
	calendar *cal = NULL;
	int32_t out = 77;

	(void)state;
	assert_int_equal(D(2025, 1, 26), 20114);
	assert_int_equal(D(2025, 10, 11), 20372);
	assert_int_equal(calendar_new(cal_2025,
	    sizeof(cal_2025) / sizeof(cal_2025[0]), &cal), 0);
	assert_int_equal(CASE_NOTICE_WORKDAYS, 5);
	/* Fri 1/24: Sun 1/26, Mon 1/27, then 2/5, 2/6, 2/7. */
	assert_int_equal(case_notice_deadline(cal, D(2025, 1, 24), &out), 0);
	assert_int_equal(out, D(2025, 2, 7));
	/* Fri 9/26: Sun 9/28, 9/29, 9/30, then 10/9, 10/10. */
	assert_int_equal(case_notice_deadline(cal, D(2025, 9, 26), &out), 0);
	assert_int_equal(out, D(2025, 10, 10));
	/* A plain week: Mon 3/3 -> Mon 3/10. */
	assert_int_equal(case_notice_deadline(cal, D(2025, 3, 3), &out), 0);
	assert_int_equal(out, D(2025, 3, 10));
	out = 77;
	assert_int_equal(case_notice_deadline(cal, CAL_LAST_DAY, &out),
	    GH_EINVAL);
	assert_int_equal(out, 77);

	/* Deemed acceptance: in time up to the last day, received_day after. */
	assert_int_equal(case_deemed_accept_day(cal, D(2025, 1, 24),
	    D(2025, 1, 24)), D(2025, 1, 24));
	assert_int_equal(case_deemed_accept_day(cal, D(2025, 1, 24),
	    D(2025, 2, 5)), D(2025, 2, 5));
	assert_int_equal(case_deemed_accept_day(cal, D(2025, 1, 24),
	    D(2025, 2, 7)), D(2025, 2, 7));
	assert_int_equal(case_deemed_accept_day(cal, D(2025, 1, 24),
	    D(2025, 2, 8)), D(2025, 1, 24));
	assert_int_equal(case_deemed_accept_day(cal, D(2025, 1, 24),
	    D(2025, 3, 1)), D(2025, 1, 24));
	calendar_free(cal);
}

struct subset_case {
	const char *what;
	const char *const *first;
	size_t n_first;
	const char *const *asked;
	size_t n_asked;
	int want;
};

static void test_case_notice_later_notice_is_subset_of_first(void **state)
{
	static const char *const first[] = {"身份证", "营业执照", "  章程 "};
	static const char *const same[] = {"营业执照", "身份证"};
	static const char *const spaced[] = {"\xE3\x80\x80身份证\xE3\x80\x80",
	    " 营业执照\t", "章程"};
	static const char *const new_one[] = {"身份证", "授权委托书", "章程"};
	static const char *const near[] = {"身份证复印件"};
	static const char *const inner[] = {"营业 执照"};
	static const char *const empty_name[] = {"　"};
	const struct subset_case cases[] = {
		{"same materials", first, 3, same, 2, -1},
		{"spaces trimmed", first, 3, spaced, 3, -1},
		{"a new material", first, 3, new_one, 3, 1},
		{"no prefix match", first, 3, near, 1, 0},
		{"inner space kept", first, 3, inner, 1, 0},
		{"blank name is new", first, 3, empty_name, 1, 0},
		{"nothing asked", first, 3, NULL, 0, -1},
		{"no first notice", NULL, 0, same, 2, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = case_notice_first_new(cases[i].first, cases[i].n_first,
		    cases[i].asked, cases[i].n_asked);

		if (got != cases[i].want)
			fail_msg("%s: %d, want %d", cases[i].what, got, cases[i].want);
	}
}

static void test_case_staff_withdrawal_needs_reason_and_request(void **state)
{
	struct case_ctx ctx = {.state = CS_ACCEPTED, .accepted = true,
	    .step_count = 1};
	struct case_effect e;

	(void)state;
	assert_int_equal(case_fsm_apply(&ctx, CA_WITHDRAW, ROLE_APPLICANT, &e),
	    0);
	assert_false(e.needs_reason);
	assert_false(e.needs_request);
	assert_int_equal(case_fsm_apply(&ctx, CA_WITHDRAW, ROLE_CLERK, &e), 0);
	assert_true(e.needs_reason);
	assert_true(e.needs_request);
	assert_int_equal(case_fsm_apply(&ctx, CA_WITHDRAW, ROLE_CHIEF, &e), 0);
	assert_true(e.needs_request);
	/* 全程代办: the agent withdraws only on the applicant's request */
	assert_int_equal(case_fsm_apply(&ctx, CA_WITHDRAW, ROLE_AGENT, &e), 0);
	assert_true(e.needs_reason);
	assert_true(e.needs_request);
	assert_int_equal(case_fsm_apply(&ctx, CA_ACCEPT - 0, ROLE_CLERK, &e) ==
	    0 && e.needs_request, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_fsm_every_action_state_pair),
		cmocka_unit_test(test_case_fsm_roles_per_action),
		cmocka_unit_test(test_case_fsm_role_checked_before_state),
		cmocka_unit_test(test_case_fsm_effects_table),
		cmocka_unit_test(test_case_fsm_conditions_refuse_with_conflict),
		cmocka_unit_test(test_case_fsm_deny_only_at_the_deciding_step),
		cmocka_unit_test(test_case_fsm_terminal_states),
		cmocka_unit_test(test_case_names_and_labels),
		cmocka_unit_test(test_case_procedure_names_accept_name_or_label),
		cmocka_unit_test(test_role_names_and_labels),
		cmocka_unit_test(test_case_staff_withdrawal_needs_reason_and_request),
		cmocka_unit_test(
		    test_case_notice_deadline_five_workdays_across_holiday),
		cmocka_unit_test(test_case_notice_later_notice_is_subset_of_first),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
