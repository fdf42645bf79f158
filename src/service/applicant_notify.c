/*
 * applicant_notify.c - messages to the applicant; see applicant_notify.h.
 */
#include "service/applicant_notify.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/case_fsm.h"
#include "domain/day.h"
#include "notify/outbox.h"
#include "util/gh_err.h"

#define TEXT_MAX 600

static const struct {
	int action;
	const char *key, *kind, *subject, *dflt;
} events[] = {
	{CA_ACCEPT, "msg_accepted", "case.accepted", "办件已受理",
	    "您申报的“{item}”(查询码{code})已受理,承诺于{deadline}前办结。"},
	{CA_REJECT, "msg_rejected", "case.rejected", "办件不予受理",
	    "您申报的“{item}”(查询码{code})不予受理,理由:{reason}。如不服,"
	    "可自收到通知之日起60日内申请行政复议,或6个月内提起行政诉讼。"},
	{CA_EXPIRE_CORRECTION, "msg_rejected", "case.rejected", "办件不予受理",
	    "您申报的“{item}”(查询码{code})不予受理,理由:{reason}。如不服,"
	    "可自收到通知之日起60日内申请行政复议,或6个月内提起行政诉讼。"},
	{CA_REQUEST_MATERIALS, "msg_materials", "case.materials", "请补正材料",
	    "您申报的“{item}”(查询码{code})需补正材料:{materials}。"
	    "请登录网上办事大厅或到窗口一次性补正。"},
	{CA_APPROVE, "msg_decided", "case.decided", "办件已作出决定",
	    "您申报的“{item}”(查询码{code})已作出{decision}的决定。"},
	{CA_DENY, "msg_decided", "case.decided", "办件已作出决定",
	    "您申报的“{item}”(查询码{code})已作出{decision}的决定,理由:"
	    "{reason}。如不服,可自收到决定之日起60日内申请行政复议,或6个月内"
	    "提起行政诉讼。"},
	{CA_APPROVE_EXTENSION, "msg_extended", "case.extended", "办理期限延长",
	    "您申报的“{item}”(查询码{code})依法经批准延长审批期限{days}个工作日,"
	    "理由:{reason}。办理期限延至{deadline}。"},
	{CA_ACCEPT_WITH_COMMITMENT, "msg_deferred", "case.accepted",
	    "办件已容缺受理",
	    "您申报的“{item}”(查询码{code})已容缺受理,承诺于{deadline}前办结。"
	    "请于{due}前补交:{materials}。逾期未补交的,将终止办理并记入失信记录。"},
	{APPLICANT_DEFERRAL_DUE, "msg_deferral_due", "case.deferral_due",
	    "容缺材料即将到期",
	    "提醒:您申报的“{item}”(查询码{code})容缺受理时承诺补交的{materials}"
	    "将于{due}到期,请尽快登录网上办事大厅上传或到窗口补交。"},
	{CA_TERMINATE, "msg_terminated", "case.terminated", "办件终止办理",
	    "您申报的“{item}”(查询码{code})已终止办理,原因:{reason}。如不服,"
	    "可自收到通知之日起60日内申请行政复议,或6个月内提起行政诉讼。"},
	{CA_ACCEPT_WITH_PLEDGE, "msg_pledged", "case.accepted",
	    "办件已告知承诺受理",
	    "您申报的“{item}”(查询码{code})已按告知承诺制受理,以您签署的承诺"
	    "代替{materials}。审批部门将在作出决定后对承诺内容进行核查,承诺不实的,"
	    "依法撤销许可并记入失信记录。"},
	{CA_REVOKE, "msg_revoked", "case.revoked", "许可已撤销",
	    "您申报的“{item}”(查询码{code})经事后核查,承诺内容与实际不符:{reason}。"
	    "依法撤销许可{result},并记入失信记录。如不服,可自收到通知之日起60日内"
	    "申请行政复议,或6个月内提起行政诉讼。"},
	{CA_COMPLETE, "msg_ready", "case.ready", "办件已办结",
	    "您申报的“{item}”(查询码{code})已办结{result},请凭查询码到窗口领取"
	    "结果,电子证照可在“我的证照”查看。"},
};

void applicant_fill(const char *tpl, const char *const *names,
    const char *const *values, size_t n, char *out, size_t cap)
{
	size_t off = 0;

	if (!cap)
		return;
	while (*tpl && off + 1 < cap) {
		const char *close;
		bool done = false;

		if (*tpl == '{' && (close = strchr(tpl, '}'))) {
			size_t len = (size_t)(close - tpl - 1);

			for (size_t i = 0; i < n && !done; i++) {
				if (strlen(names[i]) == len &&
				    !strncmp(tpl + 1, names[i], len)) {
					size_t v = strlen(values[i]);

					if (v > cap - 1 - off)
						v = cap - 1 - off;
					memcpy(out + off, values[i], v);
					off += v;
					tpl = close + 1;
					done = true;
				}
			}
			if (done)
				continue;
		}
		out[off++] = *tpl++;
	}
	/* never end inside a UTF-8 character: find the last one's lead
	 * byte and drop it if the cap cut it short */
	if (off) {
		size_t lead = off - 1;
		unsigned char b;
		size_t need;

		while (lead && ((unsigned char)out[lead] & 0xC0) == 0x80)
			lead--;
		b = (unsigned char)out[lead];
		need = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
		if (lead + need > off)
			off = lead;
	}
	out[off] = '\0';
}

int applicant_notify(store *st, const struct case_rec *c,
    const struct applicant_event *ev, int64_t now)
{
	char tpl[TEXT_MAX], text[TEXT_MAX], kind[64], deadline[24], phone[12];
	const char *names[] = {"item", "code", "deadline", "reason", "materials",
		"decision", "result", "days", "due"};
	const char *values[9];
	char days[16];
	int64_t agent = 0, id;
	bool created = false;
	size_t i;
	int err;

	for (i = 0; i < sizeof events / sizeof events[0]; i++)
		if (events[i].action == ev->action)
			break;
	if (i == sizeof events / sizeof events[0])
		return 0;
	/* the decision is told once the review decided */
	if ((ev->action == CA_APPROVE || ev->action == CA_DENY) &&
	    c->state != CS_DECIDED)
		return 0;
	err = store_setting_get(st, events[i].key, tpl, sizeof tpl);
	if (err == GH_ENOTFOUND || (!err && !*tpl))
		snprintf(tpl, sizeof tpl, "%s", events[i].dflt);
	else if (err)
		return err;
	if (c->deadline_day != DAY_NONE)
		day_format_iso(c->deadline_day, deadline);
	else
		snprintf(deadline, sizeof deadline, "承诺期限内");
	values[0] = c->item_name;
	values[1] = c->query_code;
	values[2] = deadline;
	values[3] = ev->reason && *ev->reason ? ev->reason : c->reason;
	values[4] = ev->materials ? ev->materials : "";
	values[5] = c->decision == CD_DENY ? "不予许可" : "准予许可";
	values[6] = ev->result && *ev->result ? ev->result : "";
	snprintf(days, sizeof days, "%d", ev->days);
	values[7] = days;
	values[8] = ev->due ? ev->due : "";
	applicant_fill(tpl, names, values, 9, text, sizeof text);
	/* one message per event; a case asked for materials twice hears
	 * twice */
	if (ev->action == CA_REQUEST_MATERIALS)
		snprintf(kind, sizeof kind, "%s.%lld", events[i].kind, (long long)now);
	else if (ev->action == APPLICANT_DEFERRAL_DUE)
		snprintf(kind, sizeof kind, "%s.%s", events[i].kind, values[8]);
	else
		snprintf(kind, sizeof kind, "%s", events[i].kind);
	if (c->applicant_id && (err = store_notification_add(st, c->applicant_id,
	    c->id, kind, text, now, &created)))
		return err;
	if ((err = store_case_agent(st, c->id, &agent)))
		return err;
	if (agent && (err = store_notification_add(st, agent, c->id, kind, text,
	    now, &created)))
		return err;
	/* an SMS when the case holds a mobile number (a walk-in too) */
	if (outbox_mobile(c->applicant_phone, phone) &&
	    (err = store_outbox_add(st, "sms", phone, events[i].subject, text, now,
	    &id)))
		return err;
	return 0;
}
