/*
 * complaint.h - the rules of 效能投诉 (efficiency complaints, issue 12 part
 * 1; shared/DOMAIN.md section 6, GB/T 36113 and seed 002's steps 接待, 受理,
 * 登记, 呈批, 办理, 报结, 归档): the states and actions of a complaint as a
 * transition table, who may take each action, the time limit of every
 * step on the working-day clock with its light, the categories, channels
 * and the complainant's verdicts with their Chinese labels.
 *
 * The steps and their limits (working days, the day a step began not
 * counted, as domain/clock.h counts):
 *   受理   received   -> accepted | rejected  complaint_accept_days (5)
 *                                              from the day received
 *   登记   accepted   -> registered           complaint_register_days
 *   呈批   registered -> submitted            complaint_submit_days
 *   批办   submitted  -> handling (assign)    complaint_assign_days
 *   办理   handling, no findings yet          complaint_handle_days (15)
 *                                              from acceptance (from the
 *                                              reopening after 重办), plus
 *                                              the one extension (<= 7)
 *   报结   handling with findings -> reported  complaint_report_days
 *                                              from the findings
 *   归档   reported   -> archived             complaint_archive_days
 *                                              from the closing report
 * Each step's light: none once the complaint is closed; red from the
 * first working day after its due day; yellow when at most warn_days
 * working days are left; green otherwise.
 *
 * Pure: no I/O.  Reentrant.
 */
#ifndef GH_COMPLAINT_H
#define GH_COMPLAINT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/calendar.h"

enum complaint_state {
	CMS_RECEIVED = 0, /* 接待: received, acceptance not decided */
	CMS_ACCEPTED,     /* 受理 */
	CMS_REJECTED,     /* 不予受理: terminal */
	CMS_REGISTERED,   /* 登记: category and what it is about recorded */
	CMS_SUBMITTED,    /* 呈批: with the leader, who assigns it */
	CMS_HANDLING,     /* 办理: with the handling unit */
	CMS_REPORTED,     /* 报结: the closing report, the complainant told */
	CMS_ARCHIVED,     /* 归档: terminal */
	CMS_COUNT_
};

enum complaint_action {
	CMA_ACCEPT = 0,   /* 受理 by the desk; from reported: the complainant
	                   * accepts the result */
	CMA_REJECT,       /* 不予受理, with a reason */
	CMA_REGISTER,     /* 登记: category, unit, window, person, case */
	CMA_SUBMIT,       /* 呈批 to a leader (another supervisor) */
	CMA_ASSIGN,       /* 批办: the leader names the handling unit */
	CMA_HANDLE,       /* 办理: the handling unit's findings */
	CMA_EXTEND,       /* the one extension of the handling limit */
	CMA_REPORT,       /* 报结: valid, substantiated, measures, result */
	CMA_REOPEN,       /* 重办: the complainant, once, from reported */
	CMA_VISIT,        /* 回访: the desk records the return visit */
	CMA_ARCHIVE,      /* 归档 */
	CMA_DISCLOSE,     /* the complainant agrees to show who they are */
	CMA_SANCTION,     /* a sanction from a substantiated complaint */
	CMA_COUNT_
};

/* The steps whose limits and lights the board shows. */
enum complaint_step {
	CMP_STEP_NONE = 0, /* closed: rejected or archived */
	CMP_STEP_ACCEPT,   /* 受理 */
	CMP_STEP_REGISTER, /* 登记 */
	CMP_STEP_SUBMIT,   /* 呈批 */
	CMP_STEP_ASSIGN,   /* 批办 */
	CMP_STEP_HANDLE,   /* 办理 */
	CMP_STEP_REPORT,   /* 报结 */
	CMP_STEP_ARCHIVE,  /* 归档 */
	CMP_STEP_COUNT_
};

enum complaint_category {
	CMC_NONE = 0,
	CMC_ATTITUDE,   /* 服务态度 */
	CMC_EFFICIENCY, /* 办事效率 */
	CMC_FEES,       /* 违规收费 */
	CMC_DISCIPLINE, /* 工作纪律 */
	CMC_CORRUPTION, /* 廉政问题线索 */
	CMC_OTHER,      /* 其他 */
	CMC_COUNT_
};

enum complaint_channel {
	CMH_WEB = 0,  /* 网上投诉 */
	CMH_PHONE,    /* 投诉电话 */
	CMH_LETTER,   /* 投诉信箱 */
	CMH_EMAIL,    /* 电子邮件 */
	CMH_SMS,      /* 短信 */
	CMH_DESK,     /* 现场投诉 (the hall's complaint desk) */
	CMH_COUNT_
};

/* What the table needs to know about a complaint. */
struct complaint_ctx {
	int state;            /* enum complaint_state */
	bool handled;         /* findings recorded since the last assignment
	                       * or reopening */
	bool extended;        /* the one extension was used */
	int reopen_count;     /* times reopened (at most once) */
	bool result_answered; /* the complainant accepted the result */
	bool visited;         /* a return visit was recorded */
	bool substantiated;   /* the closing report found it substantiated */
	bool disclosed;       /* consent to show the identity was given */
	bool answer_time_passed; /* complaint_answer_days working days
	                          * have passed since the closing report
	                          * without the complainant's answer
	                          * (complaint_answer_passed) */
};

/* The effect of an allowed action. */
struct complaint_effect {
	int to_state;
	bool needs_reason;   /* a non-empty reason (reject, extend, reopen) */
	bool start_handling; /* the handling limit starts today (assign,
	                      * reopen), findings cleared */
	bool sets_handled;   /* findings recorded */
	bool closes;         /* the complaint is closed (rejected, archived) */
};

/* Checks one action.  Roles before state, as case_fsm_apply:
 * GH_EFORBIDDEN when none of role_mask's roles may take the action from
 * any state, or from this state when it has a row for it;
 * GH_ECONFLICT when the action has no row for ctx->state or a rule of the
 * complaint forbids it now (findings missing before 报结, a second
 * extension or reopening, archiving a result still waiting for the
 * complainant, a sanction on a complaint not substantiated, consent
 * given twice); fills *out on success.  The complainant acts as
 * ROLE_APPLICANT (the owner, or whoever holds the query code and the
 * contact phone). */
int complaint_fsm_apply(const struct complaint_ctx *ctx, int action,
    int role_mask, struct complaint_effect *out);
/* Whether (action, state) has a row at all (for tests and docs). */
bool complaint_fsm_allowed(int action, int state);
/* The roles that may take action from state (0 without a row). */
int complaint_fsm_roles(int action, int state);

/* Stable API names and Chinese labels; from_name gives -1 for an unknown
 * name. */
const char *complaint_state_name(int state);
const char *complaint_state_label(int state);
int complaint_state_from_name(const char *s);
const char *complaint_action_name(int action);
const char *complaint_action_label(int action);
int complaint_action_from_name(const char *s);
const char *complaint_step_name(int step);
const char *complaint_step_label(int step);
const char *complaint_category_name(int c);
const char *complaint_category_label(int c);
int complaint_category_from_name(const char *s); /* CMC_NONE: unknown */
const char *complaint_channel_name(int c);
const char *complaint_channel_label(int c);
int complaint_channel_from_name(const char *s);
/* Whether channel c is entered by the desk (not filed by the public). */
bool complaint_channel_staff_entered(int c);

/* ---- time limits ---------------------------------------------------------- */

/* The limits in working days, from the settings. */
struct complaint_limits {
	int accept_days;     /* complaint_accept_days, 5 */
	int register_days;   /* complaint_register_days */
	int submit_days;     /* complaint_submit_days */
	int assign_days;     /* complaint_assign_days */
	int handle_days;     /* complaint_handle_days, 15 */
	int extend_max_days; /* complaint_extend_max_days, 7 */
	int report_days;     /* complaint_report_days */
	int archive_days;    /* complaint_archive_days */
	int warn_days;       /* warn_days: yellow threshold */
};

/* The days a complaint's steps began (DAY_NONE when not yet). */
struct complaint_days {
	int32_t received_day;
	int32_t accepted_day;
	int32_t registered_day;
	int32_t submitted_day;
	int32_t handling_day;   /* the limit of 办理 counts from here: the
	                         * acceptance, or the reopening after 重办 */
	int32_t handled_day;    /* the findings */
	int32_t reported_day;
	int extension_days;     /* approved extension, 0 when none */
};

struct complaint_clock {
	int step;           /* enum complaint_step now */
	int32_t due_day;    /* the step's due day, DAY_NONE when closed */
	int remaining_days; /* working days in (today, due]; negative once
	                     * past it */
	int light;          /* enum light (domain/clock.h) */
	int32_t handle_due_day; /* the 办理 limit (acceptance or reopening +
	                         * handle_days + extension), DAY_NONE before
	                         * acceptance */
};

/* The step a complaint in state (handled: findings recorded) is at. */
int complaint_step_of(int state, bool handled);
/* The clock of a complaint in state on today.  GH_EINVAL when a day it
 * needs is missing or the calendar's range is left. */
int complaint_clock_compute(const calendar *cal,
    const struct complaint_limits *lim, int state, bool handled,
    const struct complaint_days *d, int32_t today,
    struct complaint_clock *out);
/* Whether answer_days working days have passed from reported_day by
 * today (the desk may then archive without the complainant's answer). */
bool complaint_answer_passed(const calendar *cal, int32_t reported_day,
    int answer_days, int32_t today);
/* Whether an extension of days (1..extend_max_days) is within the rule. */
bool complaint_extension_days_ok(const struct complaint_limits *lim, int days);
/* Whether a complaint reported on reported_day was settled on time: its
 * closing report on or before the 办理 limit handle_due_day. */
bool complaint_settled_on_time(int32_t reported_day, int32_t handle_due_day);

/* The complaint's 好差评 levels (GB/T 39046 order): 1 = 非常满意 ... 5 =
 * 非常不满意; NULL outside 1..5. */
const char *complaint_rating_label(int level);

#endif
