/*
 * supervision.h - electronic efficiency supervision (电子效能监察): the
 * escalation of a late case and the anomaly rules, as pure functions over
 * plain facts.
 *
 * Escalation (shared/DOMAIN.md section 5: 预警 → 黄牌 → 红牌 → 督办单).  No
 * national rule says when each step comes; govhall's own, configurable:
 *   预警 warning      the yellow light: remaining <= the warning threshold
 *   黄牌 yellow card  from the first working day past the deadline
 *   红牌 red card     overdue by red_card_after_days working days or more
 *   督办单 notice     overdue by notice_after_days working days or more
 * A paused case (special procedure, 补正) does not escalate while paused.
 *
 * Anomaly rules (异常): each has a stable id ("A01"), a Chinese name, a
 * plain explanation built from the evidence, a default on/off and a
 * threshold.  The rule set is data (anomaly_rules[]); supervisors switch
 * rules on and off and tune thresholds through struct anomaly_config, and
 * later capabilities (fees, complaints, attendance) append their own rules
 * with ids of their own ranges (F.., C.., K..).  govhall's rules are its
 * own: no national definition of "completed too early" or "体外循环"
 * exists.
 *
 * Pure: no I/O.  Reentrant.
 */
#ifndef GH_SUPERVISION_H
#define GH_SUPERVISION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/clock.h"

enum escalation {
	ESC_NONE = 0,
	ESC_WARNING,     /* 预警 */
	ESC_YELLOW_CARD, /* 黄牌 */
	ESC_RED_CARD,    /* 红牌 */
	ESC_NOTICE,      /* 督办单 */
	ESC_COUNT_
};

struct escalation_policy {
	int red_card_after_days;  /* overdue working days; default 3 */
	int notice_after_days;    /* overdue working days; default 5 */
};

#define ESCALATION_POLICY_DEFAULT {3, 5}

/* The escalation level of an open case from its clock.  A finished or
 * paused case is ESC_NONE. */
int supervision_escalation(const struct clock_result *res,
    const struct escalation_policy *p);
const char *escalation_name(int level);  /* "yellow_card" */
const char *escalation_label(int level); /* "黄牌" */

/* The light of one review step: due_day is the step's deadline, end_day
 * when it finished (DAY_NONE while open).  Same rule as the case light:
 * yellow when at most warn_days working days remain, red from the first
 * working day past due_day; LIGHT_NONE for a finished step or no due day. */
int supervision_step_light(const calendar *cal, int32_t due_day,
    int32_t end_day, int32_t today, int warn_days);

enum anomaly_rule {
	AR_OVERDUE = 0,          /* A01 超时未办结 */
	AR_LONG_SUSPENSION,      /* A02 挂起超过允许天数 */
	AR_SUSPENSION_NO_TYPE,   /* A03 挂起未注明特别程序 */
	AR_REPEATED_CORRECTION,  /* A04 多次要求补正 */
	AR_SAME_DAY_COMPLETION,  /* A05 需审查事项受理当日办结(体外循环/两头受理) */
	AR_NOT_HANDLER,          /* A06 非经办人办理 */
	AR_WINDOW_NOT_AUTHORISED,/* A07 窗口无权受理该单位事项 */
	AR_OFF_HOURS_ACCEPT,     /* A08 非工作时间受理 */
	AR_REJECT_NO_REASON,     /* A09 不予受理/不予许可未说明理由 */
	AR_WITHDRAW_LATE,        /* A10 撤回临期或超期办件 */
	AR_REPEATED_SUSPENSION,  /* A11 多次挂起 */
	AR_DEFERRAL_OVERDUE,     /* A12 容缺材料逾期未补 */
	AR_PLEDGE_CHECK_OVERDUE, /* A13 告知承诺事后核查逾期 */
	AR_COUNT_
};

struct anomaly_rule_def {
	int rule;
	const char *id;          /* "A01": stable, stored with each anomaly */
	const char *name;        /* 超时未办结 */
	const char *description; /* what it watches, for the rule list */
	bool default_enabled;
	int default_threshold;   /* meaning given by threshold_unit */
	const char *threshold_unit; /* "个工作日", "次", "" */
};

extern const struct anomaly_rule_def anomaly_rules[AR_COUNT_];

struct anomaly_config {
	bool enabled[AR_COUNT_];
	int threshold[AR_COUNT_];
	int office_open_min;   /* minutes after midnight, default 8:30 = 510 */
	int office_close_min;  /* default 17:30 = 1050 */
};

/* The defaults of anomaly_rules[] and office hours 08:30-17:30. */
void anomaly_config_default(struct anomaly_config *cfg);
/* "A03" -> AR_SUSPENSION_NO_TYPE; -1 when unknown. */
int anomaly_rule_from_id(const char *id);

/* What the rules look at: a snapshot of the case, and (for rules about an
 * action) the action that was just taken.  Unknown facts stay 0/false. */
struct anomaly_facts {
	/* the case */
	bool open;                 /* not in a terminal state */
	bool accepted;
	int light;                 /* enum light of the case clock */
	int remaining_days;
	int32_t accepted_day, finished_day; /* DAY_NONE when unset */
	int outcome;               /* enum case_outcome */
	bool instant;              /* 即办件: finishing at acceptance is the rule */
	int review_steps;          /* item steps after acceptance */
	int notice_count;          /* one-time notices sent */
	int suspended_days;        /* working days suspended so far */
	bool suspension_without_procedure; /* a suspension of no special kind */
	int suspension_count;      /* special-procedure suspensions (not 补正) */
	int deferral_overdue_days; /* 容缺: days past the earliest missed
	                              supplement day of an owed material, 0
	                              when none is owed past its day */
	const char *deferral_material; /* that material, may be NULL */
	bool pledged;              /* accepted on a 告知承诺: deciding at once
	                              is the rule, not an anomaly (A05) */
	int pledge_check_overdue_days; /* 告知承诺: days a pending 事后核查
	                              is past its due day, 0 when not */
	int32_t pledge_check_due_day; /* that due day (DAY_NONE: none) */
	/* the action just taken (action < 0: a periodic sweep) */
	int action;                /* enum case_action */
	bool actor_is_handler;     /* the actor held the case or its step */
	bool takes_over;           /* the action is the ordinary hand-over: the
	                              actor took the case up as the holder of the
	                              step it opened (开始审查 by the reviewer
	                              after the clerk's acceptance) */
	bool actor_may_handle;     /* their window or dept covers the case */
	int action_minute;         /* local minutes after midnight */
	bool action_on_workday;
	const char *reason;        /* the action's reason, may be NULL */
	/* the case's clock just before the action (withdrawal ends it) */
	int light_before;          /* enum light, LIGHT_NONE without a clock */
	int remaining_before;
};

struct anomaly_hit {
	int rule;                 /* enum anomaly_rule */
	char explanation[320];    /* Chinese sentence with the evidence */
};

/* Writes the hits of the enabled rules (at most cap); returns how many
 * rules fired. */
size_t anomaly_evaluate(const struct anomaly_config *cfg,
    const struct anomaly_facts *f, struct anomaly_hit *out, size_t cap);

#endif
