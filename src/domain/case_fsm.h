/*
 * case_fsm.h - the life cycle of a case (办件) as a transition table.
 *
 * The table (case_fsm.c) is data: one row per (action, from-state) pair that
 * is allowed, with the roles that may take it and what it does to the
 * clock.  Everything not in the table is forbidden.  The rules of the
 * one-time notice (一次性告知) live here too.
 *
 * Pure: no I/O.  Reentrant.
 */
#ifndef GH_CASE_FSM_H
#define GH_CASE_FSM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"

enum case_state {
	CS_SUBMITTED = 0,      /* 申报: waiting at the window */
	CS_ACCEPTED,           /* 受理 */
	CS_REJECTED,           /* 不予受理 (or 补正超时驳回): terminal */
	CS_AWAITING_MATERIALS, /* 补正: waiting for the applicant */
	CS_UNDER_REVIEW,       /* 审查: in the item's review steps */
	CS_DECIDED,            /* 决定: approved or denied, result not issued */
	CS_COMPLETED,          /* 办结: terminal */
	CS_SUSPENDED,          /* 挂起: special procedure, clock stopped */
	CS_WITHDRAWN,          /* 撤回: terminal */
	CS_COUNT_
};

enum case_action {
	CA_ACCEPT = 0,
	CA_REJECT,
	CA_REQUEST_MATERIALS,
	CA_SUPPLEMENT,
	CA_START_REVIEW,
	CA_APPROVE,
	CA_DENY,
	CA_COMPLETE,
	CA_SUSPEND,
	CA_RESUME,
	CA_WITHDRAW,
	CA_FORWARD,           /* 转报: sent to a higher level, own clock ends */
	CA_VOID,              /* 作废 by an administrator */
	CA_EXPIRE_CORRECTION, /* 补正超时: system timer only */
	CA_REQUEST_EXTENSION, /* 申请延长审批期限 (许可法 art. 42) */
	CA_APPROVE_EXTENSION, /* the department's chief approves it */
	CA_DENY_EXTENSION,    /* ... or refuses it */
	CA_ACCEPT_WITH_COMMITMENT, /* 容缺受理: accept while deferrable 辅件
	                            * are missing, on a signed commitment */
	CA_TERMINATE,         /* 终止办理: a 容缺 commitment missed (system) */
	/* 并联审批 (issue 11): the system's moves of joint and sub-cases */
	CA_DEEM_CONSENT,      /* 超时默认同意: a co-department's silence */
	CA_JOINT_PAUSE,       /* a sub-case waits with its joint case (补正) */
	CA_JOINT_RESUME,      /* ... and goes on when the joint case does */
	CA_JOINT_CONCLUDE,    /* the joint case decided: every sub-case is */
	CA_ACCEPT_WITH_PLEDGE, /* 告知承诺受理: accept on a signed promise
	                        * that replaces named proofs */
	CA_VERIFY_PLEDGE,     /* 事后核查: the promise was found true */
	CA_REVOKE,            /* 撤销许可: ... found false (verify_pledge
	                       * with result false) */
	/* 全程代办 (issue 11 section 4) */
	CA_COLLECT,           /* 领取结果: the result collected (by the
	                       * agent, or at the window); the case stays
	                       * completed, an event only, once (the engine) */
	CA_COUNT_
};

enum case_outcome {
	CO_NONE = 0,
	CO_ISSUED,            /* 出证办结 (准予许可, result issued) */
	CO_DENIED,            /* 不予许可 */
	CO_NOT_ACCEPTED,      /* 不予受理 */
	CO_WITHDRAWN,         /* 撤回 */
	CO_CORRECTION_TIMEOUT,/* 补正超时驳回 */
	CO_FORWARDED,         /* 转报办结 */
	CO_VOIDED,            /* 作废办结 */
	CO_TERMINATED,        /* 终止办理 (异常终止: a broken commitment) */
	CO_REVOKED,           /* 撤销许可: a 告知承诺 found false afterwards */
	CO_COUNT_
};

enum case_decision { CD_NONE = 0, CD_APPROVE = 1, CD_DENY = 2 };

/* Special procedures whose time does not count (许可法 art. 45). */
enum case_procedure {
	CP_NONE = 0,
	CP_HEARING,        /* 听证 */
	CP_TENDER,         /* 招标 */
	CP_AUCTION,        /* 拍卖 */
	CP_INSPECTION,     /* 检验 */
	CP_TESTING,        /* 检测 */
	CP_QUARANTINE,     /* 检疫 */
	CP_APPRAISAL,      /* 鉴定 */
	CP_EXPERT_REVIEW,  /* 专家评审 */
	CP_SITE_CHECK,     /* 实地核查 */
	CP_PUBLICITY,      /* 公示 */
	CP_CORRECTION,     /* 补正 after acceptance (not a suspend argument) */
	CP_COUNT_
};

/* What the FSM needs to know about a case. */
struct case_ctx {
	int state;        /* enum case_state */
	int prev_state;   /* state to return to after supplement / resume */
	bool instant;     /* 即办件: accept completes at the window */
	bool accepted;    /* acceptance happened (the clock runs) */
	int step_index;   /* current review step, 0-based */
	int step_count;   /* review steps of the item (>= 1 when reviewed) */
	int decision;     /* enum case_decision */
	bool pledged;     /* accepted on a 告知承诺 (case_pledges) */
};

/* The effect of an allowed action. */
struct case_effect {
	int to_state;
	int outcome;          /* enum case_outcome, CO_NONE unless terminal */
	int decision;         /* decision to record, CD_NONE to keep */
	bool start_clock;     /* set acceptance day = today (or deemed day) */
	bool pause_clock;     /* open a suspension */
	bool resume_clock;    /* close the open suspension */
	bool stop_clock;      /* the case finished today */
	bool advance_step;    /* move to the next review step */
	bool enter_review;    /* step_index = 0, first step opens */
	bool remember_prev;   /* store the from-state as prev_state */
	bool needs_reason;    /* the action must carry a non-empty reason */
	bool needs_materials; /* ... a non-empty materials list */
	bool needs_procedure; /* ... a special procedure */
	bool needs_request;   /* ... the applicant's request (a staff member
	                       * withdrawing a case on the applicant's behalf) */
	bool decide_at_once;  /* 告知承诺制: the review steps are done by this
	                       * action, which decides (当场决定) */
};

/* Checks and applies one action.  Roles are checked before the state:
 * GH_EFORBIDDEN when none of role_mask's roles may ever take the action,
 * GH_ECONFLICT when the action is not allowed from ctx->state; on success
 * fills *out. */
int case_fsm_apply(const struct case_ctx *ctx, int action, int role_mask,
    struct case_effect *out);

/* Whether (action, state) is in the table at all (for tests and docs). */
bool case_fsm_allowed(int action, int state);
/* The roles that may take action (union over its rows). */
int case_fsm_roles(int action);

bool case_state_is_terminal(int state);
/* Stable API names ("under_review") and Chinese labels ("审查中"); the
 * from_name functions return -1 for an unknown name. */
const char *case_state_name(int state);
const char *case_state_label(int state);
int case_state_from_name(const char *name);
const char *case_action_name(int action);
const char *case_action_label(int action);
int case_action_from_name(const char *name);
const char *case_outcome_name(int outcome);
const char *case_outcome_label(int outcome);
const char *case_procedure_name(int proc);
const char *case_procedure_label(int proc);
/* Accepts the API name ("hearing") or the Chinese label ("听证"). */
int case_procedure_from_name(const char *name);

/* The one-time notice (一次性告知, 许可法 art. 32).
 *
 * The notice must come within CASE_NOTICE_WORKDAYS working days after the
 * day the materials were received.  case_notice_deadline gives that last
 * day; past it a request for materials is refused (GH_ECONFLICT) and the
 * case counts as accepted from received_day (case_deemed_accept_day).
 */
#define CASE_NOTICE_WORKDAYS 5

/* A suspension's expected duration (expected_days) is 1 to this many
 * working days. */
#define CASE_SUSPEND_EXPECTED_MAX 365

/* An extension of the limit (延长, 许可法 art. 42) is 1 to this many
 * working days, approved once per case. */
#define CASE_EXTENSION_MAX_DAYS 10
int case_notice_deadline(const calendar *cal, int32_t received_day,
    int32_t *out);
/* The acceptance day to record when a clerk accepts on day today: today,
 * or received_day when the notice period had already run out. */
int32_t case_deemed_accept_day(const calendar *cal, int32_t received_day,
    int32_t today);

/* A later notice may only name materials the first notice named: returns
 * the index in asked[] of the first material not in first[], or -1 when
 * every asked material was in the first notice.  Names compare exactly
 * after trimming ASCII and ideographic (U+3000) spaces. */
int case_notice_first_new(const char *const *first, size_t n_first,
    const char *const *asked, size_t n_asked);

#endif
