/*
 * supervision.c - escalation, step lights and the anomaly rules (see
 * supervision.h).  The rule table below is the whole rule set: a rule is
 * one row plus one case in anomaly_check.
 *
 * Owns nothing; pure and reentrant.
 */
#include "domain/supervision.h"

#include <stdio.h>
#include <string.h>

#include "domain/case_fsm.h"
#include "domain/day.h"

int supervision_escalation(const struct clock_result *res,
    const struct escalation_policy *p)
{
	int overdue;

	if (res->finished || res->paused)
		return ESC_NONE;
	if (res->light == LIGHT_YELLOW)
		return ESC_WARNING;
	if (res->light != LIGHT_RED)
		return ESC_NONE;
	overdue = -res->remaining_days;  /* working days past the deadline */
	if (overdue >= p->notice_after_days)
		return ESC_NOTICE;
	if (overdue >= p->red_card_after_days)
		return ESC_RED_CARD;
	return ESC_YELLOW_CARD;
}

const char *escalation_name(int level)
{
	static const char *names[ESC_COUNT_] = {"none", "warning", "yellow_card",
		"red_card", "notice"};

	return level >= 0 && level < ESC_COUNT_ ? names[level] : NULL;
}

const char *escalation_label(int level)
{
	static const char *labels[ESC_COUNT_] = {"无", "预警", "黄牌", "红牌",
		"督办单"};

	return level >= 0 && level < ESC_COUNT_ ? labels[level] : NULL;
}

int supervision_step_light(const calendar *cal, int32_t due_day,
    int32_t end_day, int32_t today, int warn_days)
{
	int remaining;

	if (end_day != DAY_NONE || due_day == DAY_NONE)
		return LIGHT_NONE;
	remaining = calendar_count_workdays(cal, today, due_day);
	if (remaining < 0)
		return LIGHT_RED;
	return remaining <= warn_days ? LIGHT_YELLOW : LIGHT_GREEN;
}

const struct anomaly_rule_def anomaly_rules[AR_COUNT_] = {
	{AR_OVERDUE, "A01", "超时未办结",
	    "在办件超过承诺时限仍未办结(自期限后第一个工作日起)", true, 0,
	    "个工作日(超期达到该值才提示,0为一超期即提示)"},
	{AR_LONG_SUSPENSION, "A02", "挂起时间过长",
	    "特别程序挂起累计超过允许的工作日数", true, 30, "个工作日"},
	{AR_SUSPENSION_NO_TYPE, "A03", "挂起未注明特别程序",
	    "办件挂起但未注明听证、招标、检验等法定特别程序", true, 0, ""},
	{AR_REPEATED_CORRECTION, "A04", "多次要求补正",
	    "同一办件多次发出补正通知,违反一次性告知", true, 1, "次(超过即提示)"},
	{AR_SAME_DAY_COMPLETION, "A05", "需审查事项当日办结",
	    "有审查环节的承诺件在受理当日即办结,可能存在体外循环或两头受理", true, 0,
	    ""},
	{AR_NOT_HANDLER, "A06", "非经办人办理",
	    "办件或审查环节由非当前经办人办理", true, 0, ""},
	{AR_WINDOW_NOT_AUTHORISED, "A07", "越权办理",
	    "操作人所在窗口或部门无权办理该单位的事项", true, 0, ""},
	{AR_OFF_HOURS_ACCEPT, "A08", "非工作时间受理",
	    "在办公时间以外或非工作日受理办件", true, 0, ""},
	{AR_REJECT_NO_REASON, "A09", "不予受理或不予许可未说明理由",
	    "作出不予受理、不予许可决定而未说明理由", true, 0, ""},
	{AR_WITHDRAW_LATE, "A10", "撤回临期或超期办件",
	    "撤回亮黄灯或红灯的办件(可能以撤回掩盖超时)", true, 0, ""},
	{AR_REPEATED_SUSPENSION, "A11", "多次挂起",
	    "同一办件多次以特别程序挂起(可能以反复挂起拖延时限)", true, 2,
	    "次(超过即提示)"},
	{AR_DEFERRAL_OVERDUE, "A12", "容缺材料逾期未补",
	    "容缺受理的办件过了承诺的补交期限仍未补交材料(办件随即终止办理,"
	    "申请人记入失信记录)", true, 0, ""},
	{AR_PLEDGE_CHECK_OVERDUE, "A13", "告知承诺事后核查逾期",
	    "告知承诺制办件过了事后核查期限仍未核查(申请人的承诺是否属实无人"
	    "核实)", true, 0, "天(逾期超过该值才提示,0为一逾期即提示)"},
};

void anomaly_config_default(struct anomaly_config *cfg)
{
	for (int i = 0; i < AR_COUNT_; i++) {
		cfg->enabled[i] = anomaly_rules[i].default_enabled;
		cfg->threshold[i] = anomaly_rules[i].default_threshold;
	}
	cfg->office_open_min = 8 * 60 + 30;
	cfg->office_close_min = 17 * 60 + 30;
}

int anomaly_rule_from_id(const char *id)
{
	for (int i = 0; i < AR_COUNT_; i++)
		if (!strcmp(anomaly_rules[i].id, id))
			return i;
	return -1;
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* Whether rule fires on f; writes the explanation when it does. */
static bool anomaly_check(int rule, int threshold,
    const struct anomaly_config *cfg, const struct anomaly_facts *f,
    char *why, size_t cap)
{
	char a[11];
	bool acting = f->action >= 0;

	switch (rule) {
	case AR_OVERDUE:
		if (!f->open || !f->accepted || f->light != LIGHT_RED ||
		    -f->remaining_days < (threshold > 0 ? threshold : 1))
			return false;
		snprintf(why, cap, "办件已超过承诺期限%d个工作日仍未办结",
		    -f->remaining_days);
		return true;
	case AR_LONG_SUSPENSION:
		if (f->suspended_days <= threshold)
			return false;
		snprintf(why, cap, "办件累计挂起%d个工作日,超过允许的%d个工作日",
		    f->suspended_days, threshold);
		return true;
	case AR_SUSPENSION_NO_TYPE:
		if (!f->suspension_without_procedure)
			return false;
		snprintf(why, cap, "办件挂起时未注明法定特别程序(听证、招标、拍卖、"
		    "检验、检测、检疫、鉴定、专家评审等),挂起时间依法不应扣除");
		return true;
	case AR_REPEATED_CORRECTION:
		if (f->notice_count <= threshold)
			return false;
		snprintf(why, cap, "同一办件已发出%d次补正通知(允许%d次),"
		    "未落实一次性告知", f->notice_count, threshold);
		return true;
	case AR_SAME_DAY_COMPLETION:
		/* 告知承诺制 decides at once by design (当场决定) */
		if (f->instant || f->pledged || f->review_steps < 1 ||
		    f->accepted_day == DAY_NONE ||
		    f->finished_day != f->accepted_day ||
		    (f->outcome != CO_ISSUED && f->outcome != CO_DENIED))
			return false;
		day_format_iso(f->accepted_day, a);
		snprintf(why, cap, "该事项有%d个审查环节,却在受理当日(%s)即办结,"
		    "可能存在体外循环或两头受理", f->review_steps, a);
		return true;
	case AR_NOT_HANDLER:
		/* taking the case up by the hand-over is how a handler becomes
		 * one; acting on a case another holds without it is the anomaly */
		if (!acting || f->actor_is_handler || f->takes_over)
			return false;
		snprintf(why, cap, "“%s”由非当前经办人办理",
		    case_action_label(f->action));
		return true;
	case AR_WINDOW_NOT_AUTHORISED:
		if (!acting || f->actor_may_handle)
			return false;
		snprintf(why, cap, "操作人所在窗口或部门无权办理该单位的事项,"
		    "却执行了“%s”", case_action_label(f->action));
		return true;
	case AR_OFF_HOURS_ACCEPT:
		/* acceptance in each of its forms (容缺, 告知承诺 too) */
		if (!acting || (f->action != CA_ACCEPT &&
		    f->action != CA_ACCEPT_WITH_COMMITMENT &&
		    f->action != CA_ACCEPT_WITH_PLEDGE))
			return false;
		if (f->action_on_workday && f->action_minute >= cfg->office_open_min &&
		    f->action_minute < cfg->office_close_min)
			return false;
		snprintf(why, cap, "办件在%s%02d:%02d受理,不在办公时间"
		    "(%02d:%02d-%02d:%02d)内", f->action_on_workday ? "工作日" :
		    "非工作日", (f->action_minute / 60) % 24,
		    (f->action_minute % 60 + 60) % 60, (cfg->office_open_min / 60) % 24,
		    (cfg->office_open_min % 60 + 60) % 60,
		    (cfg->office_close_min / 60) % 25,
		    (cfg->office_close_min % 60 + 60) % 60);
		return true;
	case AR_REJECT_NO_REASON:
		if (!acting || (f->action != CA_REJECT && f->action != CA_DENY) ||
		    !blank(f->reason))
			return false;
		snprintf(why, cap, "作出“%s”决定未说明理由",
		    case_action_label(f->action));
		return true;
	case AR_WITHDRAW_LATE:
		if (!acting || f->action != CA_WITHDRAW ||
		    (f->light_before != LIGHT_YELLOW &&
		    f->light_before != LIGHT_RED))
			return false;
		if (f->light_before == LIGHT_RED)
			snprintf(why, cap, "撤回已超期%d个工作日的办件(红灯),理由:%s",
			    -f->remaining_before, blank(f->reason) ? "未说明" :
			    f->reason);
		else
			snprintf(why, cap, "撤回剩余%d个工作日即将到期的办件(黄灯),理由:%s",
			    f->remaining_before, blank(f->reason) ? "未说明" :
			    f->reason);
		return true;
	case AR_DEFERRAL_OVERDUE:
		if (f->deferral_overdue_days <= 0)
			return false;
		snprintf(why, cap, "容缺受理时承诺补交的“%s”已逾期%d天未补交",
		    f->deferral_material ? f->deferral_material : "材料",
		    f->deferral_overdue_days);
		return true;
	case AR_PLEDGE_CHECK_OVERDUE:
		if (f->pledge_check_overdue_days <= threshold)
			return false;
		if (f->pledge_check_due_day != DAY_NONE)
			day_format_iso(f->pledge_check_due_day, a);
		else
			snprintf(a, sizeof a, "期限");
		snprintf(why, cap, "告知承诺的事后核查应于%s前完成,已逾期%d天仍未"
		    "核查", a, f->pledge_check_overdue_days);
		return true;
	case AR_REPEATED_SUSPENSION:
		if (f->suspension_count <= threshold)
			return false;
		snprintf(why, cap, "同一办件已%d次挂起(允许%d次),可能以反复挂起"
		    "拖延办理时限", f->suspension_count, threshold);
		return true;
	default:
		return false;
	}
}

size_t anomaly_evaluate(const struct anomaly_config *cfg,
    const struct anomaly_facts *f, struct anomaly_hit *out, size_t cap)
{
	size_t n = 0;

	for (int r = 0; r < AR_COUNT_; r++) {
		char why[320];

		if (!cfg->enabled[r] ||
		    !anomaly_check(r, cfg->threshold[r], cfg, f, why, sizeof why))
			continue;
		if (n < cap) {
			out[n].rule = r;
			snprintf(out[n].explanation, sizeof out[n].explanation, "%s",
			    why);
		}
		n++;
	}
	return n;
}
