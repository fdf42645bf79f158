/*
 * case_fsm.c - the life cycle of a case as a transition table (see
 * case_fsm.h), the name tables of states, actions, outcomes and special
 * procedures, and the rules of the one-time notice.
 *
 * The table fsm_rows[] is the whole policy: one row per allowed (action,
 * from-state, condition) with the roles that may take it and its effect.
 * case_fsm_apply() only looks rows up; it holds no rule of its own except
 * three resolutions of a row against the case:
 * - F_STOP_IF_ACCEPTED / F_RESUME_IF_ACCEPTED become stop_clock /
 *   resume_clock only when ctx->accepted (a clock that never started can
 *   neither stop nor resume);
 * - TO_PREV becomes ctx->prev_state, which must be submitted, accepted or
 *   under_review (the only states that remember_prev leaves from);
 *   anything else means the stored case is inconsistent: GH_ECONFLICT;
 * - an action that stops the clock while it is paused (from suspended, or
 *   from awaiting_materials after acceptance) also sets resume_clock, so
 *   that a finished case never keeps an open suspension.
 *
 * Constant tables only; reentrant.
 */
#include "domain/case_fsm.h"

#include <string.h>

#include "domain/role.h"
#include "util/gh_err.h"

enum fsm_cond {
	C_ANY = 0,
	C_INSTANT,      /* ctx->instant */
	C_NOT_INSTANT,  /* !ctx->instant */
	C_NOT_ACCEPTED, /* !ctx->accepted */
	C_MORE_STEPS,   /* step_index + 1 < step_count */
	C_LAST_STEP,    /* !C_MORE_STEPS */
	C_APPROVED,     /* decision == CD_APPROVE */
	C_NOT_APPROVED, /* decision != CD_APPROVE */
	C_PLEDGED,      /* ctx->pledged */
	C_PLEDGE_GRANTED /* ctx->pledged and decision == CD_APPROVE */
};

enum fsm_flag {
	F_START = 1u << 0,
	F_PAUSE = 1u << 1,
	F_RESUME = 1u << 2,
	F_RESUME_IF_ACCEPTED = 1u << 3,
	F_STOP = 1u << 4,
	F_STOP_IF_ACCEPTED = 1u << 5,
	F_ADVANCE = 1u << 6,
	F_ENTER_REVIEW = 1u << 7,
	F_REMEMBER = 1u << 8,
	F_REASON = 1u << 9,
	F_MATERIALS = 1u << 10,
	F_PROCEDURE = 1u << 11,
	F_AT_ONCE = 1u << 12
};

#define TO_PREV (-1)

struct fsm_row {
	int action;
	int from;
	int cond;    /* enum fsm_cond */
	int roles;   /* enum role bits */
	int to;      /* enum case_state or TO_PREV */
	int outcome; /* enum case_outcome */
	int decision;
	unsigned flags;
};

#define R_CC (ROLE_CLERK | ROLE_CHIEF)
#define R_CCR (ROLE_CLERK | ROLE_CHIEF | ROLE_REVIEWER)
#define R_RC (ROLE_REVIEWER | ROLE_CHIEF)
#define R_ACC (ROLE_APPLICANT | ROLE_CLERK | ROLE_CHIEF)
/* 全程代办: the agent (代办员) supplements and withdraws for the applicant;
 * withdrawing, it is staff and records the applicant's request. */
#define R_ACCA (R_ACC | ROLE_AGENT)
/* The system acts for the lead window on a joint case's sub-cases (并联
 * 审批): it accepts, starts, rejects, completes, withdraws and voids them
 * with their joint case. */
#define SYS ROLE_SYSTEM

static const struct fsm_row fsm_rows[] = {
	/* 受理: an instant case (即办件) is completed at the window. */
	{CA_ACCEPT, CS_SUBMITTED, C_NOT_INSTANT, R_CC | SYS, CS_ACCEPTED,
	    CO_NONE, CD_NONE, F_START},
	{CA_ACCEPT, CS_SUBMITTED, C_INSTANT, R_CC | SYS, CS_COMPLETED, CO_ISSUED,
	    CD_APPROVE, F_START | F_STOP},
	/* 容缺受理: a 承诺件 only (an instant case would issue its result
	 * without the material); what is missing and until when is the
	 * engine's check against the catalogue. */
	{CA_ACCEPT_WITH_COMMITMENT, CS_SUBMITTED, C_NOT_INSTANT, R_CC,
	    CS_ACCEPTED, CO_NONE, CD_NONE, F_START},
	/* 告知承诺受理: the signed promise stands for the proofs it names (the
	 * engine checks them against the catalogue); an instant case is
	 * completed at the window as by accept. */
	{CA_ACCEPT_WITH_PLEDGE, CS_SUBMITTED, C_NOT_INSTANT, R_CC, CS_ACCEPTED,
	    CO_NONE, CD_NONE, F_START},
	{CA_ACCEPT_WITH_PLEDGE, CS_SUBMITTED, C_INSTANT, R_CC, CS_COMPLETED,
	    CO_ISSUED, CD_APPROVE, F_START | F_STOP},

	/* 不予受理: only before acceptance. */
	{CA_REJECT, CS_SUBMITTED, C_ANY, R_CC | SYS, CS_REJECTED,
	    CO_NOT_ACCEPTED, CD_NONE, F_REASON},
	{CA_REJECT, CS_AWAITING_MATERIALS, C_NOT_ACCEPTED, R_CC | SYS, CS_REJECTED,
	    CO_NOT_ACCEPTED, CD_NONE, F_REASON},

	/* 一次性告知补正: after acceptance the wait stops the clock. */
	{CA_REQUEST_MATERIALS, CS_SUBMITTED, C_ANY, R_CCR,
	    CS_AWAITING_MATERIALS, CO_NONE, CD_NONE, F_REMEMBER | F_MATERIALS},
	{CA_REQUEST_MATERIALS, CS_ACCEPTED, C_ANY, R_CCR,
	    CS_AWAITING_MATERIALS, CO_NONE, CD_NONE,
	    F_REMEMBER | F_PAUSE | F_MATERIALS},
	{CA_REQUEST_MATERIALS, CS_UNDER_REVIEW, C_ANY, R_CCR,
	    CS_AWAITING_MATERIALS, CO_NONE, CD_NONE,
	    F_REMEMBER | F_PAUSE | F_MATERIALS},

	/* 补正材料 */
	{CA_SUPPLEMENT, CS_AWAITING_MATERIALS, C_ANY, R_ACCA, TO_PREV, CO_NONE,
	    CD_NONE, F_RESUME_IF_ACCEPTED | F_MATERIALS},

	/* 审查 */
	{CA_START_REVIEW, CS_ACCEPTED, C_ANY, R_CCR | SYS, CS_UNDER_REVIEW,
	    CO_NONE, CD_NONE, F_ENTER_REVIEW},
	{CA_APPROVE, CS_UNDER_REVIEW, C_MORE_STEPS, R_RC, CS_UNDER_REVIEW,
	    CO_NONE, CD_NONE, F_ADVANCE},
	{CA_APPROVE, CS_UNDER_REVIEW, C_LAST_STEP, R_RC, CS_DECIDED, CO_NONE,
	    CD_APPROVE, 0},
	/* 不予许可 is decided where approval is: at the last review step (the
	 * step of the deciding role, 批准), never by an earlier one alone. */
	{CA_DENY, CS_UNDER_REVIEW, C_LAST_STEP, R_RC, CS_DECIDED, CO_NONE,
	    CD_DENY, F_REASON},
	/* 告知承诺制: a case accepted on the applicant's promise may be
	 * decided at once (当场决定, 国办发〔2020〕42号): one approve from
	 * accepted does every review step and decides; the engine lets only
	 * the holder of the deciding step's role (or the chief) take it.
	 * The clock runs on to the completion as for any decision. */
	{CA_APPROVE, CS_ACCEPTED, C_PLEDGED, R_RC, CS_DECIDED, CO_NONE,
	    CD_APPROVE, F_AT_ONCE},

	/* 办结 */
	{CA_COMPLETE, CS_DECIDED, C_APPROVED, R_CCR | SYS, CS_COMPLETED,
	    CO_ISSUED, CD_NONE, F_STOP},
	{CA_COMPLETE, CS_DECIDED, C_NOT_APPROVED, R_CCR | SYS, CS_COMPLETED,
	    CO_DENIED, CD_NONE, F_STOP},

	/* 特别程序 (许可法 art. 45) */
	{CA_SUSPEND, CS_ACCEPTED, C_ANY, R_RC, CS_SUSPENDED, CO_NONE, CD_NONE,
	    F_REMEMBER | F_PAUSE | F_PROCEDURE | F_REASON},
	{CA_SUSPEND, CS_UNDER_REVIEW, C_ANY, R_RC, CS_SUSPENDED, CO_NONE,
	    CD_NONE, F_REMEMBER | F_PAUSE | F_PROCEDURE | F_REASON},
	{CA_RESUME, CS_SUSPENDED, C_ANY, R_RC, TO_PREV, CO_NONE, CD_NONE,
	    F_RESUME},

	/* 撤回: the clerk acts on the applicant's written request. */
	{CA_WITHDRAW, CS_SUBMITTED, C_ANY, R_ACCA | SYS, CS_WITHDRAWN,
	    CO_WITHDRAWN, CD_NONE, F_STOP_IF_ACCEPTED},
	{CA_WITHDRAW, CS_AWAITING_MATERIALS, C_ANY, R_ACCA | SYS, CS_WITHDRAWN,
	    CO_WITHDRAWN, CD_NONE, F_STOP_IF_ACCEPTED},
	{CA_WITHDRAW, CS_ACCEPTED, C_ANY, R_ACCA | SYS, CS_WITHDRAWN, CO_WITHDRAWN,
	    CD_NONE, F_STOP_IF_ACCEPTED},
	{CA_WITHDRAW, CS_UNDER_REVIEW, C_ANY, R_ACCA | SYS, CS_WITHDRAWN,
	    CO_WITHDRAWN, CD_NONE, F_STOP_IF_ACCEPTED},
	{CA_WITHDRAW, CS_SUSPENDED, C_ANY, R_ACCA | SYS, CS_WITHDRAWN, CO_WITHDRAWN,
	    CD_NONE, F_STOP_IF_ACCEPTED},
	{CA_WITHDRAW, CS_DECIDED, C_ANY, R_ACCA | SYS, CS_WITHDRAWN, CO_WITHDRAWN,
	    CD_NONE, F_STOP_IF_ACCEPTED},

	/* 转报: the case's own clock ends and is not extended. */
	{CA_FORWARD, CS_UNDER_REVIEW, C_ANY, R_RC, CS_COMPLETED, CO_FORWARDED,
	    CD_NONE, F_STOP | F_REASON},

	/* 作废: from any state that is not terminal. */
	{CA_VOID, CS_SUBMITTED, C_ANY, ROLE_ADMIN | SYS, CS_COMPLETED, CO_VOIDED,
	    CD_NONE, F_STOP_IF_ACCEPTED | F_REASON},
	{CA_VOID, CS_ACCEPTED, C_ANY, ROLE_ADMIN | SYS, CS_COMPLETED, CO_VOIDED,
	    CD_NONE, F_STOP_IF_ACCEPTED | F_REASON},
	{CA_VOID, CS_AWAITING_MATERIALS, C_ANY, ROLE_ADMIN | SYS, CS_COMPLETED,
	    CO_VOIDED, CD_NONE, F_STOP_IF_ACCEPTED | F_REASON},
	{CA_VOID, CS_UNDER_REVIEW, C_ANY, ROLE_ADMIN | SYS, CS_COMPLETED, CO_VOIDED,
	    CD_NONE, F_STOP_IF_ACCEPTED | F_REASON},
	{CA_VOID, CS_DECIDED, C_ANY, ROLE_ADMIN | SYS, CS_COMPLETED, CO_VOIDED,
	    CD_NONE, F_STOP_IF_ACCEPTED | F_REASON},
	{CA_VOID, CS_SUSPENDED, C_ANY, ROLE_ADMIN | SYS, CS_COMPLETED, CO_VOIDED,
	    CD_NONE, F_STOP_IF_ACCEPTED | F_REASON},

	/* 补正超时驳回: the system's timer. */
	{CA_EXPIRE_CORRECTION, CS_AWAITING_MATERIALS, C_ANY, ROLE_SYSTEM,
	    CS_REJECTED, CO_CORRECTION_TIMEOUT, CD_NONE, F_STOP_IF_ACCEPTED},

	/* 终止办理: the system's timer ends a case whose 容缺 material did not
	 * come by its deadline (DOMAIN.md section 7), from every running
	 * state after acceptance. */
	{CA_TERMINATE, CS_ACCEPTED, C_ANY, ROLE_SYSTEM, CS_COMPLETED,
	    CO_TERMINATED, CD_NONE, F_STOP | F_REASON},
	{CA_TERMINATE, CS_UNDER_REVIEW, C_ANY, ROLE_SYSTEM, CS_COMPLETED,
	    CO_TERMINATED, CD_NONE, F_STOP | F_REASON},
	{CA_TERMINATE, CS_SUSPENDED, C_ANY, ROLE_SYSTEM, CS_COMPLETED,
	    CO_TERMINATED, CD_NONE, F_STOP | F_REASON},
	{CA_TERMINATE, CS_AWAITING_MATERIALS, C_ANY, ROLE_SYSTEM, CS_COMPLETED,
	    CO_TERMINATED, CD_NONE, F_STOP_IF_ACCEPTED | F_REASON},
	{CA_TERMINATE, CS_DECIDED, C_ANY, ROLE_SYSTEM, CS_COMPLETED,
	    CO_TERMINATED, CD_NONE, F_STOP | F_REASON},

	/* 事后核查 of a 告知承诺 (DOMAIN.md section 7), after the approval
	 * was decided, also once the result was issued: true keeps the state
	 * (and outcome); false revokes the approval (撤销许可): a decided
	 * case completes revoked, a completed one stays completed with its
	 * outcome revoked, its clock and finish as they were.  These are the
	 * only actions on a terminal case, and neither leaves its state.
	 * That a check is pending is the engine's test. */
	{CA_VERIFY_PLEDGE, CS_DECIDED, C_PLEDGE_GRANTED, R_RC, CS_DECIDED,
	    CO_NONE, CD_NONE, 0},
	{CA_VERIFY_PLEDGE, CS_COMPLETED, C_PLEDGE_GRANTED, R_RC, CS_COMPLETED,
	    CO_NONE, CD_NONE, 0},
	{CA_REVOKE, CS_DECIDED, C_PLEDGE_GRANTED, R_RC, CS_COMPLETED,
	    CO_REVOKED, CD_NONE, F_STOP | F_REASON},
	{CA_REVOKE, CS_COMPLETED, C_PLEDGE_GRANTED, R_RC, CS_COMPLETED,
	    CO_REVOKED, CD_NONE, F_REASON},

	/* 延长审批期限 (许可法 art. 42): asked for while the case runs, decided
	 * by the department's chief (also while the case waits); the state
	 * stays.  One request at a time and one approval per case are the
	 * engine's checks (they need the case's history). */
	{CA_REQUEST_EXTENSION, CS_ACCEPTED, C_ANY, R_RC, CS_ACCEPTED, CO_NONE,
	    CD_NONE, F_REASON},
	{CA_REQUEST_EXTENSION, CS_UNDER_REVIEW, C_ANY, R_RC, CS_UNDER_REVIEW,
	    CO_NONE, CD_NONE, F_REASON},
	{CA_APPROVE_EXTENSION, CS_ACCEPTED, C_ANY, ROLE_CHIEF, CS_ACCEPTED,
	    CO_NONE, CD_NONE, 0},
	{CA_APPROVE_EXTENSION, CS_UNDER_REVIEW, C_ANY, ROLE_CHIEF,
	    CS_UNDER_REVIEW, CO_NONE, CD_NONE, 0},
	{CA_APPROVE_EXTENSION, CS_SUSPENDED, C_ANY, ROLE_CHIEF, CS_SUSPENDED,
	    CO_NONE, CD_NONE, 0},
	{CA_APPROVE_EXTENSION, CS_AWAITING_MATERIALS, C_ANY, ROLE_CHIEF,
	    CS_AWAITING_MATERIALS, CO_NONE, CD_NONE, 0},
	{CA_DENY_EXTENSION, CS_ACCEPTED, C_ANY, ROLE_CHIEF, CS_ACCEPTED,
	    CO_NONE, CD_NONE, F_REASON},
	{CA_DENY_EXTENSION, CS_UNDER_REVIEW, C_ANY, ROLE_CHIEF, CS_UNDER_REVIEW,
	    CO_NONE, CD_NONE, F_REASON},
	{CA_DENY_EXTENSION, CS_SUSPENDED, C_ANY, ROLE_CHIEF, CS_SUSPENDED,
	    CO_NONE, CD_NONE, F_REASON},
	{CA_DENY_EXTENSION, CS_AWAITING_MATERIALS, C_ANY, ROLE_CHIEF,
	    CS_AWAITING_MATERIALS, CO_NONE, CD_NONE, F_REASON},

	/* 并联审批: a co-department that does not decide within its limit is
	 * taken as agreeing (超时默认同意, the sweep); a sub-case waits while
	 * its joint case waits for the one combined 补正 and goes on with it;
	 * the joint case is decided when every sub-case is. */
	{CA_DEEM_CONSENT, CS_UNDER_REVIEW, C_ANY, SYS, CS_DECIDED, CO_NONE,
	    CD_APPROVE, 0},
	{CA_JOINT_PAUSE, CS_ACCEPTED, C_ANY, SYS, CS_AWAITING_MATERIALS,
	    CO_NONE, CD_NONE, F_REMEMBER | F_PAUSE},
	{CA_JOINT_PAUSE, CS_UNDER_REVIEW, C_ANY, SYS, CS_AWAITING_MATERIALS,
	    CO_NONE, CD_NONE, F_REMEMBER | F_PAUSE},
	{CA_JOINT_RESUME, CS_AWAITING_MATERIALS, C_ANY, SYS, TO_PREV, CO_NONE,
	    CD_NONE, F_RESUME_IF_ACCEPTED},
	{CA_JOINT_CONCLUDE, CS_UNDER_REVIEW, C_ANY, SYS, CS_DECIDED, CO_NONE,
	    CD_NONE, 0},

	/* 领取结果 (全程代办): the agent collects the result for the applicant,
	 * or the window hands it over; the completed case stays completed
	 * (the only row from a terminal state, which nothing leaves). */
	{CA_COLLECT, CS_COMPLETED, C_ANY, ROLE_AGENT | R_CC, CS_COMPLETED,
	    CO_NONE, CD_NONE, 0},
};

#define N_ROWS (sizeof(fsm_rows) / sizeof(fsm_rows[0]))

static bool cond_holds(int cond, const struct case_ctx *ctx)
{
	bool more = ctx->step_index + 1 < ctx->step_count;

	switch (cond) {
	case C_ANY:
		return true;
	case C_INSTANT:
		return ctx->instant;
	case C_NOT_INSTANT:
		return !ctx->instant;
	case C_NOT_ACCEPTED:
		return !ctx->accepted;
	case C_MORE_STEPS:
		return more;
	case C_LAST_STEP:
		return !more;
	case C_APPROVED:
		return ctx->decision == CD_APPROVE;
	case C_NOT_APPROVED:
		return ctx->decision != CD_APPROVE;
	case C_PLEDGED:
		return ctx->pledged;
	case C_PLEDGE_GRANTED:
		return ctx->pledged && ctx->decision == CD_APPROVE;
	default:
		return false;
	}
}

bool case_fsm_allowed(int action, int state)
{
	for (size_t i = 0; i < N_ROWS; i++)
		if (fsm_rows[i].action == action && fsm_rows[i].from == state)
			return true;
	return false;
}

int case_fsm_roles(int action)
{
	int roles = 0;

	for (size_t i = 0; i < N_ROWS; i++)
		if (fsm_rows[i].action == action)
			roles |= fsm_rows[i].roles;
	return roles;
}

/* GH_EINVAL for an action or state outside its enum (a programming error,
 * not a client's), before the role and state checks of case_fsm.h. */
int case_fsm_apply(const struct case_ctx *ctx, int action, int role_mask,
    struct case_effect *out)
{
	const struct fsm_row *row = NULL;
	struct case_effect e = {0};
	bool paused;

	if (!ctx || !out || action < 0 || action >= CA_COUNT_ ||
	    ctx->state < 0 || ctx->state >= CS_COUNT_)
		return GH_EINVAL;
	if (!(role_mask & case_fsm_roles(action)))
		return GH_EFORBIDDEN;
	for (size_t i = 0; i < N_ROWS && !row; i++) {
		const struct fsm_row *r = &fsm_rows[i];

		if (r->action == action && r->from == ctx->state &&
		    cond_holds(r->cond, ctx))
			row = r;
	}
	if (!row)
		return GH_ECONFLICT;
	if (!(role_mask & row->roles))
		return GH_EFORBIDDEN;

	e.to_state = row->to;
	if (row->to == TO_PREV) {
		if (ctx->prev_state != CS_SUBMITTED &&
		    ctx->prev_state != CS_ACCEPTED &&
		    ctx->prev_state != CS_UNDER_REVIEW)
			return GH_ECONFLICT;
		e.to_state = ctx->prev_state;
	}
	e.outcome = row->outcome;
	e.decision = row->decision;
	e.start_clock = row->flags & F_START;
	e.pause_clock = row->flags & F_PAUSE;
	e.resume_clock = (row->flags & F_RESUME) ||
	    ((row->flags & F_RESUME_IF_ACCEPTED) && ctx->accepted);
	e.stop_clock = (row->flags & F_STOP) ||
	    ((row->flags & F_STOP_IF_ACCEPTED) && ctx->accepted);
	e.advance_step = row->flags & F_ADVANCE;
	e.enter_review = row->flags & F_ENTER_REVIEW;
	e.remember_prev = row->flags & F_REMEMBER;
	e.needs_reason = row->flags & F_REASON;
	e.needs_materials = row->flags & F_MATERIALS;
	e.needs_procedure = row->flags & F_PROCEDURE;
	e.decide_at_once = row->flags & F_AT_ONCE;
	/* 撤回 is the applicant's act: staff withdraw only on the applicant's
	 * request, which they must record with their reason (a clerk must not
	 * make an overdue case disappear quietly). */
	if (action == CA_WITHDRAW && !(role_mask & ROLE_APPLICANT)) {
		e.needs_reason = true;
		e.needs_request = true;
	}

	paused = ctx->state == CS_SUSPENDED ||
	    (ctx->state == CS_AWAITING_MATERIALS && ctx->accepted);
	if (e.stop_clock && paused)
		e.resume_clock = true;
	*out = e;
	return 0;
}

bool case_state_is_terminal(int state)
{
	return state == CS_REJECTED || state == CS_COMPLETED ||
	    state == CS_WITHDRAWN;
}

struct name_label {
	const char *name;
	const char *label;
};

static const struct name_label state_names[CS_COUNT_] = {
	[CS_SUBMITTED] = {"submitted", "已申报"},
	[CS_ACCEPTED] = {"accepted", "已受理"},
	[CS_REJECTED] = {"rejected", "不予受理"},
	[CS_AWAITING_MATERIALS] = {"awaiting_materials", "待补正"},
	[CS_UNDER_REVIEW] = {"under_review", "审查中"},
	[CS_DECIDED] = {"decided", "已决定"},
	[CS_COMPLETED] = {"completed", "已办结"},
	[CS_SUSPENDED] = {"suspended", "已挂起"},
	[CS_WITHDRAWN] = {"withdrawn", "已撤回"},
};

static const struct name_label action_names[CA_COUNT_] = {
	[CA_ACCEPT] = {"accept", "受理"},
	[CA_REJECT] = {"reject", "不予受理"},
	[CA_REQUEST_MATERIALS] = {"request_materials", "一次性告知补正"},
	[CA_SUPPLEMENT] = {"supplement", "补正材料"},
	[CA_START_REVIEW] = {"start_review", "开始审查"},
	[CA_APPROVE] = {"approve", "审核通过"},
	[CA_DENY] = {"deny", "不予许可"},
	[CA_COMPLETE] = {"complete", "办结"},
	[CA_SUSPEND] = {"suspend", "挂起"},
	[CA_RESUME] = {"resume", "恢复"},
	[CA_WITHDRAW] = {"withdraw", "撤回"},
	[CA_FORWARD] = {"forward", "转报"},
	[CA_VOID] = {"void", "作废"},
	[CA_EXPIRE_CORRECTION] = {"expire_correction", "补正超时驳回"},
	[CA_REQUEST_EXTENSION] = {"request_extension", "申请延长审批期限"},
	[CA_APPROVE_EXTENSION] = {"approve_extension", "批准延长审批期限"},
	[CA_DENY_EXTENSION] = {"deny_extension", "不予批准延长"},
	[CA_ACCEPT_WITH_COMMITMENT] = {"accept_with_commitment", "容缺受理"},
	[CA_TERMINATE] = {"terminate", "终止办理"},
	[CA_DEEM_CONSENT] = {"deem_consent", "超时默认同意"},
	[CA_JOINT_PAUSE] = {"joint_pause", "随主办件暂停(补正)"},
	[CA_JOINT_RESUME] = {"joint_resume", "随主办件恢复"},
	[CA_JOINT_CONCLUDE] = {"joint_conclude", "并联审批汇总决定"},
	[CA_ACCEPT_WITH_PLEDGE] = {"accept_with_pledge", "告知承诺受理"},
	[CA_VERIFY_PLEDGE] = {"verify_pledge", "告知承诺事后核查"},
	[CA_REVOKE] = {"revoke", "撤销许可"},
	[CA_COLLECT] = {"collect", "领取结果"},
};

static const struct name_label outcome_names[CO_COUNT_] = {
	[CO_NONE] = {"none", "无"},
	[CO_ISSUED] = {"issued", "出证办结"},
	[CO_DENIED] = {"denied", "不予许可"},
	[CO_NOT_ACCEPTED] = {"not_accepted", "不予受理"},
	[CO_WITHDRAWN] = {"withdrawn", "撤回"},
	[CO_CORRECTION_TIMEOUT] = {"correction_timeout", "补正超时驳回"},
	[CO_FORWARDED] = {"forwarded", "转报办结"},
	[CO_VOIDED] = {"voided", "作废办结"},
	[CO_TERMINATED] = {"terminated", "终止办理"},
	[CO_REVOKED] = {"revoked", "撤销许可"},
};

static const struct name_label procedure_names[CP_COUNT_] = {
	[CP_NONE] = {"none", "无"},
	[CP_HEARING] = {"hearing", "听证"},
	[CP_TENDER] = {"tender", "招标"},
	[CP_AUCTION] = {"auction", "拍卖"},
	[CP_INSPECTION] = {"inspection", "检验"},
	[CP_TESTING] = {"testing", "检测"},
	[CP_QUARANTINE] = {"quarantine", "检疫"},
	[CP_APPRAISAL] = {"appraisal", "鉴定"},
	[CP_EXPERT_REVIEW] = {"expert_review", "专家评审"},
	[CP_SITE_CHECK] = {"site_check", "实地核查"},
	[CP_PUBLICITY] = {"publicity", "公示"},
	[CP_CORRECTION] = {"correction", "补正"},
};

/* All name and label lookups return NULL for a value outside the enum. */
static const char *pick(const struct name_label *t, int n, int v, bool label)
{
	if (v < 0 || v >= n)
		return NULL;
	return label ? t[v].label : t[v].name;
}

static int find(const struct name_label *t, int n, const char *s, bool label)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(t[i].name, s) == 0 ||
		    (label && strcmp(t[i].label, s) == 0))
			return i;
	return -1;
}

const char *case_state_name(int state)
{
	return pick(state_names, CS_COUNT_, state, false);
}

const char *case_state_label(int state)
{
	return pick(state_names, CS_COUNT_, state, true);
}

int case_state_from_name(const char *name)
{
	return find(state_names, CS_COUNT_, name, false);
}

const char *case_action_name(int action)
{
	return pick(action_names, CA_COUNT_, action, false);
}

const char *case_action_label(int action)
{
	return pick(action_names, CA_COUNT_, action, true);
}

int case_action_from_name(const char *name)
{
	return find(action_names, CA_COUNT_, name, false);
}

const char *case_outcome_name(int outcome)
{
	return pick(outcome_names, CO_COUNT_, outcome, false);
}

const char *case_outcome_label(int outcome)
{
	return pick(outcome_names, CO_COUNT_, outcome, true);
}

const char *case_procedure_name(int proc)
{
	return pick(procedure_names, CP_COUNT_, proc, false);
}

const char *case_procedure_label(int proc)
{
	return pick(procedure_names, CP_COUNT_, proc, true);
}

/* Only real procedures are found: "none" / "无" give -1, so a caller that
 * checks for -1 cannot let an empty procedure through.  "correction" is
 * found (CP_CORRECTION); whether a suspend may name it is the API's rule. */
int case_procedure_from_name(const char *name)
{
	int p = find(procedure_names, CP_COUNT_, name, true);

	return p == CP_NONE ? -1 : p;
}

int case_notice_deadline(const calendar *cal, int32_t received_day,
    int32_t *out)
{
	if (!cal || !out)
		return GH_EINVAL;
	return calendar_add_workdays(cal, received_day, CASE_NOTICE_WORKDAYS,
	    out);
}

/* On the last day of the notice period the clerk is still in time; from
 * the next day on the case counts as accepted from received_day.  A
 * received_day outside the calendar has no deadline: today is kept. */
int32_t case_deemed_accept_day(const calendar *cal, int32_t received_day,
    int32_t today)
{
	int32_t last;

	if (case_notice_deadline(cal, received_day, &last))
		return today;
	return today > last ? received_day : today;
}

static bool is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	    c == '\r';
}

/* Trims ASCII white space and U+3000 (E3 80 80) from both ends of s;
 * *len receives the trimmed length.  NULL is the empty string.  Bytes E3
 * 80 80 at the end of a string are always one whole U+3000, since 80 can
 * never start a sequence. */
static const char *trim(const char *s, size_t *len)
{
	static const char ideo[] = "\xE3\x80\x80";
	size_t b = 0, e;

	if (!s) {
		*len = 0;
		return "";
	}
	e = strlen(s);
	for (;;) {
		if (b < e && is_ascii_space(s[b]))
			b++;
		else if (e - b >= 3 && memcmp(s + b, ideo, 3) == 0)
			b += 3;
		else
			break;
	}
	for (;;) {
		if (e > b && is_ascii_space(s[e - 1]))
			e--;
		else if (e - b >= 3 && memcmp(s + e - 3, ideo, 3) == 0)
			e -= 3;
		else
			break;
	}
	*len = e - b;
	return s + b;
}

int case_notice_first_new(const char *const *first, size_t n_first,
    const char *const *asked, size_t n_asked)
{
	for (size_t i = 0; i < n_asked; i++) {
		size_t alen;
		const char *a = trim(asked[i], &alen);
		bool found = false;

		for (size_t j = 0; j < n_first && !found; j++) {
			size_t flen;
			const char *f = trim(first[j], &flen);

			found = flen == alen && memcmp(f, a, alen) == 0;
		}
		if (!found)
			return (int)i;
	}
	return -1;
}
