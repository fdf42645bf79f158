/*
 * case_engine.c - the case engine; see case_engine.h (moved here from
 * api/cases.c, whose handlers now only read the request and answer).
 *
 * Every action is one store transaction: load the case, check scope, ask
 * the transition table (domain/case_fsm) whether the action is allowed for
 * this role and state, apply its effect (clock, steps, notices,
 * suspensions), recompute the deadline with the working-day clock, write
 * the case, its timeline event and the audit record, then the watch;
 * commit.  Any refusal returns before anything is written.
 */
#include "service/case_engine.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/deferral.h"
#include "domain/duty.h"
#include "domain/idcode.h"
#include "domain/item.h"
#include "domain/role.h"
#include "service/accounts.h"
#include "service/applicant_notify.h"
#include "service/audit.h"
#include "service/calendar_cache.h"
#include "service/case_clock.h"
#include "service/case_form.h"
#include "service/case_view.h"
#include "service/green.h"
#include "service/joint.h"
#include "service/materials.h"
#include "service/pledges.h"
#include "service/watch.h"
#include "util/gh_err.h"
#include "util/utf8.h"

/* ---- submission ----------------------------------------------------------- */

/* The apply event's note: the applicant's note (the API caps it at 1000
 * bytes) and the green channel's reason. */
#define NOTE_BUF_MAX (1024 + GREEN_REASON_MAX + 64)

static void make_query_code(char out[13])
{
	static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	unsigned char raw[12];

	randombytes_buf(raw, sizeof raw);
	for (int i = 0; i < 12; i++)
		out[i] = alphabet[raw[i] % 32];
	out[12] = '\0';
}

int case_engine_insert(store *st, struct case_rec *c)
{
	int err;

	for (int tries = 0;; tries++) {
		make_query_code(c->query_code);
		err = store_case_insert(st, c);
		if (err != GH_ECONFLICT || tries == 5)
			return err;
	}
}

static int event(store *st, const struct case_rec *c, int64_t actor_id,
    const char *actor_name, int role, const char *action, int from, int to,
    const char *note, int64_t now, int32_t today)
{
	struct case_event ev = {
		.case_id = c->id, .at = now, .day = today, .actor_id = actor_id,
		.actor_name = actor_name, .role = role, .action = action,
		.from_state = from, .to_state = to, .note = note,
	};

	return store_case_event_add(st, &ev);
}

static json_t *case_brief(const struct case_rec *c)
{
	return json_pack("{s:s,s:o,s:o,s:s}", "state", case_state_name(c->state),
	    "deadline", json_day(c->deadline_day), "finished", json_day(
	    c->finished_day), "outcome", case_outcome_name(c->outcome));
}

/* Names in materials that the item does not list; NULL when all known. */
static const char *unknown_material(const struct item *it,
    const char *const *materials, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool found = false;

		for (size_t j = 0; j < it->n_materials && !found; j++)
			found = !strcmp(it->materials[j].name, materials[i]);
		if (!found)
			return materials[i];
	}
	return NULL;
}


/* A suspension names its approver and expected duration (许可法 art. 45:
 * the special procedure is approved, not decided by its handler alone):
 * an active reviewer or chief of the case's department who is not the
 * actor.  *approver_name gets the approver's name for the timeline. */
static int suspend_check(store *st, const struct case_actor *who,
    const struct case_rec *c, const struct case_action_args *a,
    char *approver_name, size_t cap, struct svc_err *r)
{
	struct user_rec u;

	if (!a->approver_id)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "approver_id"), "挂起须经本部门审批人员或首席代表批准,请指定"
		    "批准人(approver_id)");
	if (a->approver_id == who->id)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "approver_id"), "挂起的批准人不能是经办人本人,请指定本部门其他"
		    "审批人员或首席代表");
	if (store_handler_eligible(st, c->dept_id, ROLE_REVIEWER,
	    a->approver_id) || store_user_by_id(st, a->approver_id, &u))
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "approver_id"), "挂起的批准人须为本部门在岗的审批人员或首席代表");
	if (a->expected_days < 1 || a->expected_days > CASE_SUSPEND_EXPECTED_MAX)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "expected_days"), "挂起须填写特别程序的预计时长(expected_days),"
		    "为1到%d个工作日", CASE_SUSPEND_EXPECTED_MAX);
	snprintf(approver_name, cap, "%s", u.name);
	return 0;
}

static bool is_extension(int action)
{
	return action == CA_REQUEST_EXTENSION ||
	    action == CA_APPROVE_EXTENSION || action == CA_DENY_EXTENSION;
}

/* 延长审批期限 (许可法 art. 42): one request at a time, one approval per
 * case, asked before the deadline passes and decided by the chief of the
 * case's own department who did not ask.  *pending is the request an
 * approval or refusal decides. */
static int extension_check(store *st, const struct case_actor *who,
    const struct case_rec *c, const struct case_action_args *a,
    int32_t today, struct case_extension *pending, struct svc_err *r)
{
	int granted = 0, err;
	int32_t granted_day;

	if (a->days && a->action != CA_REQUEST_EXTENSION &&
	    a->action != CA_APPROVE_EXTENSION)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "days"), "%s不需要填写延长天数(days)",
		    case_action_label(a->action));
	if (!is_extension(a->action))
		return 0;
	if ((err = store_case_extension_state(st, c->id, pending, &granted,
	    &granted_day)))
		return svc_fail(r, err, NULL, NULL);
	if (a->action == CA_REQUEST_EXTENSION) {
		if (!a->days)
			return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "days"), "申请延长须写明延长的工作日数(days),"
			    "为1到%d个工作日", CASE_EXTENSION_MAX_DAYS);
		if (granted)
			return svc_fail(r, GH_ECONFLICT, NULL, "本办件已经批准延长"
			    "审批期限%d个工作日,依法只能延长一次", granted);
		if (pending->id)
			return svc_fail(r, GH_ECONFLICT, NULL, "本办件已有待批准的延长"
			    "申请(%d个工作日),请等待部门负责人决定", pending->days);
		if (c->deadline_day != DAY_NONE && today > c->deadline_day)
			return svc_fail(r, GH_ECONFLICT, NULL, "办件已超过办理期限,"
			    "延长须在期限届满前申请并经批准");
		return 0;
	}
	if (!pending->id)
		return svc_fail(r, GH_ECONFLICT, NULL, "本办件没有待批准的延长申请");
	if (who->dept_id != c->dept_id)
		return svc_fail(r, GH_EFORBIDDEN, NULL, "延长审批期限须由办件所属"
		    "部门的负责人(首席代表)批准");
	if (pending->requested_by == who->id)
		return svc_fail(r, GH_EFORBIDDEN, NULL, "延长申请须由申请人以外的"
		    "部门负责人批准,不能自己批准自己的申请");
	if (a->days && a->days != pending->days)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "days"), "批准的延长天数须与申请一致(%d个工作日)",
		    pending->days);
	return 0;
}

static int material_check(const struct item *it, const char *const *materials,
    size_t n, struct svc_err *r);

/* The state of material name among ms[0..n): NULL when never received. */
static const struct material_state *state_of(const struct material_state *ms,
    size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ms[i].name, name))
			return &ms[i];
	return NULL;
}

static bool material_in_order(const struct material_state *m)
{
	return m && m->check_result != MATERIAL_FAULTY;
}

/* 容缺受理 (issue 11, DOMAIN.md section 7).  accept_with_commitment names
 * the missing deferrable 辅件 and the day they will come (after today, not
 * beyond the case's promised limit); the item must allow it and the
 * applicant must have no broken commitment on the centre's record.  The
 * 主件 are checked as for accept.  A plain accept (or one on a 告知承诺) of
 * an item that allows 容缺 is refused while a required deferrable 辅件 is
 * missing: it either comes, or the applicant signs for it.  No other
 * action takes missing or supplement_by. */
static int commitment_check(store *st, const calendar *cal,
    const struct case_rec *c, const struct item *it,
    const struct case_action_args *a, bool deemed, int32_t today,
    struct svc_err *r)
{
	struct material_state *ms = NULL;
	size_t n = 0, idx = 0;
	int32_t accept_day, last;
	char iso[11], text[300] = "";
	json_t *gap;
	int fault, records = 0, err = 0;
	/* an acceptance on a 告知承诺 leaves no 辅件 to 容缺 either */
	bool plain = a->action == CA_ACCEPT ||
	    a->action == CA_ACCEPT_WITH_PLEDGE;

	if (a->action != CA_ACCEPT_WITH_COMMITMENT && (a->n_missing ||
	    a->supplement_by))
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    a->n_missing ? "missing" : "supplement_by"), "%s不需要填写容缺"
		    "材料(missing)和补交期限(supplement_by)",
		    case_action_label(a->action));
	if (a->action != CA_ACCEPT_WITH_COMMITMENT &&
	    (!plain || !it->defer_allowed || deemed))
		return 0;
	if (a->action == CA_ACCEPT_WITH_COMMITMENT && !it->defer_allowed)
		return svc_fail(r, GH_ECONFLICT, NULL, "事项“%s”未实行容缺受理,"
		    "材料齐全后方可受理", it->name);
	if ((err = store_case_material_states(st, c->id, &ms, &n)))
		return svc_fail(r, err, NULL, NULL);
	if (plain) {
		size_t off = 0;

		gap = json_array();
		for (size_t i = 0; i < it->n_materials; i++) {
			const struct item_material *m = &it->materials[i];

			if (!m->deferrable || !m->required ||
			    material_in_order(state_of(ms, n, m->name)))
				continue;
			json_array_append_new(gap, json_string(m->name));
			if (off < sizeof text)
				off += (size_t)snprintf(text + off, sizeof text - off,
				    "%s“%s”", off ? "、" : "", m->name);
		}
		free(ms);
		if (!json_array_size(gap)) {
			json_decref(gap);
			return 0;
		}
		return svc_fail(r, GH_ECONFLICT, json_pack("{s:o}", "missing", gap),
		    "尚未收齐%s。本事项实行容缺受理:主件齐全的,可由申请人签署容缺"
		    "受理承诺书后容缺受理(accept_with_commitment),或一次性告知补正",
		    text);
	}
	if (!a->n_missing) {
		err = svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "missing"), "容缺受理须列明暂缺的辅件(missing)");
		goto out;
	}
	fault = deferral_check_materials(it, a->missing, a->n_missing, &idx);
	if (fault != DEFER_OK) {
		static const char *const why[] = {
			[DEFER_UNKNOWN] = "不在本事项的材料清单中",
			[DEFER_MAIN] = "是主件,主件不得容缺",
			[DEFER_NOT_DEFERRABLE] = "不是可容缺的材料",
			[DEFER_DUPLICATE] = "重复列出",
		};

		err = svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s,s:s}", "field",
		    "missing", "material", a->missing[idx]), "材料“%s”%s",
		    a->missing[idx], why[fault]);
		goto out;
	}
	for (size_t i = 0; i < a->n_missing; i++) {
		if (material_in_order(state_of(ms, n, a->missing[i]))) {
			err = svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s,s:s}",
			    "field", "missing", "material", a->missing[i]), "材料“%s”"
			    "已经收取,无需容缺", a->missing[i]);
			goto out;
		}
	}
	if (!a->supplement_by) {
		err = svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "supplement_by"), "容缺受理须写明补交期限(supplement_by)");
		goto out;
	}
	accept_day = case_deemed_accept_day(cal, c->received_day, today);
	err = deferral_check_day(cal, accept_day, c->limit_days,
	    a->supplement_by, &last);
	if (err == GH_EUNPROCESSABLE || (!err && a->supplement_by <= today)) {
		day_format_iso(last, iso);
		err = svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s,s:s}", "field",
		    "supplement_by", "last_day", iso), "补交期限应晚于今天,且不得超过"
		    "本办件的承诺办理期限(%s)", iso);
		goto out;
	}
	if (err) {
		err = svc_fail(r, err, NULL, "无法计算补交期限");
		goto out;
	}
	if ((err = store_credit_record_count(st, c->applicant_id_no, &records))) {
		svc_fail(r, err, NULL, NULL);
		goto out;
	}
	if (records)
		err = svc_fail(r, GH_ECONFLICT, json_pack("{s:i}", "credit_records",
		    records), "申请人有未履行承诺的失信记录,不适用容缺受理,请材料"
		    "齐全后受理");
out:
	free(ms);
	return err;
}

/* 容缺: an item that withholds its result until the deferred materials
 * came refuses to complete an approved case while one is owed. */
static int withhold_check(store *st, const struct case_rec *c,
    const struct item *it, struct svc_err *r)
{
	struct case_deferral *d = NULL;
	size_t n = 0, off = 0;
	char text[300] = "";
	int err;

	if (!it->withhold_result || c->decision != CD_APPROVE)
		return 0;
	if ((err = store_case_deferrals(st, c->id, &d, &n)))
		return svc_fail(r, err, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		if (d[i].status == DEFERRAL_OPEN && off < sizeof text)
			off += (size_t)snprintf(text + off, sizeof text - off,
			    "%s“%s”", off ? "、" : "", d[i].material);
	free(d);
	if (!off)
		return 0;
	return svc_fail(r, GH_ECONFLICT, NULL, "容缺材料%s尚未补齐,本事项在补齐"
	    "前暂不出具办理结果", text);
}

/* The identity of a walk-in as staff register it: the same checks as an
 * account's (GB 11643 ID numbers, GB 32100 credit codes, mobile numbers),
 * so that a case cannot be filed for ID "123" and phone "1". */
static int applicant_check(const struct case_submission *sub, int32_t today,
    struct svc_err *r)
{
	const char *kind = sub->kind ? sub->kind : "person";
	const char *type = sub->id_type ? sub->id_type :
	    !strcmp(kind, "company") ? "credit_code" : "id_card";
	char why[200];
	size_t n;

	if (!strcmp(kind, "company")) {
		if (strcmp(type, "credit_code"))
			return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "applicant.id_type"), "法人申请人的证件类型应为"
			    "统一社会信用代码(credit_code)");
		if (utf8_count(sub->name, strlen(sub->name)) < 2)
			return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "applicant.name"), "请填写单位全称");
		if (idcode_check_credit(sub->id_number, why, sizeof why))
			return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "applicant.id_number"), "%s", why);
	} else {
		if (accounts_check_name(sub->name, why, sizeof why))
			return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "applicant.name"), "%s", why);
		if (!strcmp(type, "id_card")) {
			if (idcode_check_person_on(sub->id_number, today, why,
			    sizeof why))
				return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}",
				    "field", "applicant.id_number"), "%s", why);
		} else if (!strcmp(type, "passport") || !strcmp(type,
		    "hk_macao_permit") || !strcmp(type, "taiwan_permit") ||
		    !strcmp(type, "foreign_permanent")) {
			/* other documents: letters and digits, 5 to 20 */
			n = strlen(sub->id_number);
			if (n < 5 || n > 20 || strspn(sub->id_number, "0123456789"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != n)
				return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}",
				    "field", "applicant.id_number"), "证件号码应为5至20位"
				    "字母或数字");
		} else {
			return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}",
			    "field", "applicant.id_type"), "证件类型应为id_card、"
			    "passport、hk_macao_permit、taiwan_permit或"
			    "foreign_permanent");
		}
	}
	if (sub->phone && *sub->phone &&
	    idcode_check_mobile(sub->phone, why, sizeof why))
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "applicant.phone"), "%s", why);
	return 0;
}

int case_engine_submit(store *st, const struct case_actor *who,
    const struct case_submission *sub, int32_t today, int64_t now,
    struct case_rec *c, struct svc_err *r)
{
	struct item it = {0};
	int64_t item_id, dept_id;
	int err;

	if (sub->matter_code)
		return joint_submit(st, who, sub, today, now, c, r);
	err = store_item_get(st, sub->item_code, &it, &item_id, &dept_id);
	if (err == GH_ENOTFOUND)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "item_code"), "事项%s不存在", sub->item_code);
	if (err)
		return svc_fail(r, err, NULL, NULL);
	err = case_engine_submit_as(st, who, sub, &it, item_id, dept_id, today,
	    now, c, r);
	item_clear(&it);
	return err;
}

int case_engine_submit_as(store *st, const struct case_actor *who,
    const struct case_submission *sub, const struct item *it,
    int64_t item_id, int64_t dept_id, int32_t today, int64_t now,
    struct case_rec *c, struct svc_err *r)
{
	struct case_form_values form = {0};
	int64_t region_id, warn;
	bool serves = false;
	char cid[24], note_buf[NOTE_BUF_MAX];
	const char *note;
	json_t *brief;
	int err;

	if (it->retired) {
		err = svc_fail(r, GH_ECONFLICT, NULL, "事项“%s”已停用,不再受理",
		    it->name);
		goto out;
	}
	if ((err = material_check(it, sub->materials, sub->n_materials, r)) ||
	    (err = case_form_check(st, it, sub->form, today, &form, r)))
		goto out;
	memset(c, 0, sizeof *c);
	c->used_days = c->on_time = -1;
	if (who->role == ROLE_APPLICANT) {
		c->applicant_id = sub->company_id ? sub->company_id : who->id;
		snprintf(c->channel, sizeof c->channel, "online");
	} else {
		if ((err = applicant_check(sub, today, r)))
			goto out;
		/* a walk-in registered at the window */
		if (who->window_id)
			store_window_serves(st, who->window_id, dept_id, &serves);
		if (!serves && !(who->role == ROLE_CHIEF && who->dept_id == dept_id)) {
			err = svc_fail(r, GH_EFORBIDDEN, NULL, "本窗口不受理“%s”的事项",
			    it->name);
			goto out;
		}
		c->window_id = who->window_id;
		c->clerk_id = who->id;
		c->handler_id = who->id;
		snprintf(c->channel, sizeof c->channel, "window");
	}
	snprintf(c->applicant_name, sizeof c->applicant_name, "%s", sub->name);
	snprintf(c->applicant_id_no, sizeof c->applicant_id_no, "%s",
	    sub->id_number);
	snprintf(c->applicant_phone, sizeof c->applicant_phone, "%s",
	    sub->phone ? sub->phone : "");
	snprintf(c->applicant_kind, sizeof c->applicant_kind, "%s",
	    sub->kind ? sub->kind : "person");
	snprintf(c->applicant_id_type, sizeof c->applicant_id_type, "%s",
	    sub->id_type ? sub->id_type : !strcmp(c->applicant_kind, "company")
	    ? "credit_code" : "id_card");
	if ((err = store_dept_region(st, dept_id, &region_id)) ||
	    (err = store_setting_int(st, "warn_days", 1, &warn))) {
		svc_fail(r, err, NULL, NULL);
		goto out;
	}
	c->item_id = item_id;
	snprintf(c->item_code, sizeof c->item_code, "%s", it->code);
	snprintf(c->item_name, sizeof c->item_name, "%s", it->name);
	c->dept_id = dept_id;
	c->region_id = region_id;
	c->state = CS_SUBMITTED;
	c->instant = it->instant;
	c->limit_days = it->promised_limit_days;
	c->legal_limit_days = it->legal_limit_days;
	/* 绿色通道: a green item or a key project's applicant (matched by the
	 * applicant's ID number or credit code) is handled first, within the
	 * shorter limit; decided now and kept with the case */
	{
		struct green_decision g;

		/* a joint case (并联审批) is the matter's, not its lead item's:
		 * only a key project's share applies */
		if ((err = green_case_decision(st, sub->matter_code ? 0 : item_id,
		    it->promised_limit_days, c->applicant_id_no, today, &g))) {
			svc_fail(r, err, NULL, NULL);
			goto out;
		}
		c->priority = g.priority;
		c->limit_days = g.limit_days;
		snprintf(c->priority_reason, sizeof c->priority_reason, "%s",
		    g.reason);
	}
	c->warn_days = it->warn_days >= 0 ? it->warn_days : (int)warn;
	c->submitted_at = now;
	c->submitted_day = today;
	c->received_day = today;
	c->accepted_day = c->deadline_day = c->finished_day = DAY_NONE;
	c->updated_at = now;
	err = case_engine_insert(st, c);
	if (!err)
		err = store_case_steps_init(st, c->id, it->steps, it->n_steps);
	if (!err && sub->company_id && who->role == ROLE_APPLICANT)
		err = store_case_set_agent(st, c->id, who->id);
	for (size_t i = 0; i < sub->n_materials && !err; i++)
		err = store_case_material_add(st, c->id, sub->materials[i], today);
	if (!err)
		err = store_case_form_put(st, c->id, form.v, form.n);
	snprintf(cid, sizeof cid, "%lld", (long long)c->id);
	note = sub->note ? sub->note : c->channel[0] == 'o' ? "网上申报" :
	    "窗口登记";
	if (c->priority) {
		snprintf(note_buf, sizeof note_buf, "%s;绿色通道:%s", note,
		    c->priority_reason);
		note = note_buf;
	}
	brief = case_brief(c);
	json_object_set_new(brief, "priority", json_string(
	    green_priority_name(c->priority)));
	json_object_set_new(brief, "limit_days", json_integer(c->limit_days));
	if (err || (err = event(st, c, who->id, who->name, who->role, "apply", -1,
	    CS_SUBMITTED, note, now, today)) ||
	    (err = audit_as(st, now, who->id, who->name, who->role, "case.apply",
	    "case", cid, NULL, json_incref(brief))))
		svc_fail(r, err, NULL, NULL);
	json_decref(brief);
out:
	case_form_values_clear(&form);
	return err;
}

/* ---- actions ------------------------------------------------------------- */


/* Review steps: leading steps handled by the window (受理) are done by the
 * acceptance itself, and trailing window steps (制证发证) by the completion;
 * the review is the steps from the first to the last that is not the
 * window's.  Returns the first review step; *end is one past the last and
 * *n_steps counts all steps.  Without review steps first == end. */
static int review_range(store *st, int64_t case_id, int *end, int *n_steps)
{
	int role, limit, first = -1, last = -1, n = 0;

	while (!store_case_step_info(st, case_id, n, &role, &limit)) {
		if (role != ROLE_CLERK) {
			if (first < 0)
				first = n;
			last = n;
		}
		n++;
	}
	*n_steps = n;
	*end = last < 0 ? n : last + 1;
	return first < 0 ? n : first;
}

/* Starts step idx: the handler named by the action (chosen, checked by
 * next_handler_check), else the actor when they may handle it, otherwise
 * the department's least-loaded holder of the step's role. */
static int start_step(store *st, const calendar *cal,
    const struct case_actor *who, struct case_rec *c, int idx, int32_t today,
    int64_t chosen)
{
	int role, limit, err;
	int64_t handler = 0;
	int32_t due;

	if ((err = store_case_step_info(st, c->id, idx, &role, &limit)))
		return err;
	if (chosen)
		handler = chosen;
	else if ((who->role & role) && who->dept_id == c->dept_id)
		handler = who->id;
	else if (store_pick_handler(st, c->dept_id, role, &handler) &&
	    store_pick_handler(st, c->dept_id, ROLE_CHIEF, &handler))
		handler = 0; /* nobody: the department's queue */
	if (calendar_add_workdays(cal, today, limit, &due))
		due = DAY_NONE;
	/* a green-channel case's shorter limit binds its steps too: none is
	 * due after the case (the item's step limits add up to the normal
	 * promised limit) */
	if (c->priority && due != DAY_NONE && c->deadline_day != DAY_NONE &&
	    due > c->deadline_day)
		due = c->deadline_day;
	c->step_index = idx;
	c->handler_id = handler;
	return store_case_step_start(st, c->id, idx, handler, today, due);
}

/* A next_handler_id must name an active holder of the started step's role
 * (or the chief) in the case's department, on an action that starts a
 * step; GH_EUNPROCESSABLE otherwise. */
static int next_handler_check(store *st, const struct case_rec *c,
    const struct case_action_args *a, const struct case_effect *eff,
    int first, int end, struct svc_err *r)
{
	int idx = -1, role = ROLE_REVIEWER, limit;

	if (a->action == CA_START_REVIEW && first < end)
		idx = first;
	else if ((a->action == CA_APPROVE || a->action == CA_DENY) &&
	    eff->advance_step)
		idx = c->step_index + 1;
	if (idx < 0)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "next_handler_id"), "%s不移交下一审查环节,不能指定下一环节办理人",
		    case_action_label(a->action));
	if (store_case_step_info(st, c->id, idx, &role, &limit) ||
	    store_handler_eligible(st, c->dept_id, role, a->next_handler_id))
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "next_handler_id"), "下一环节办理人须为本部门在岗的%s或首席代表",
		    role_label(role));
	return 0;
}

/* Whether s is missing or only white space (ASCII or the ideographic
 * space U+3000). */
static bool blank_text(const char *s)
{
	for (; s && *s; s++) {
		if (!strncmp(s, "\xe3\x80\x80", 3)) {
			s += 2;
			continue;
		}
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	}
	return true;
}

/* 领取结果 (全程代办): a result to collect, collected once. */
static int collect_check(store *st, const struct case_rec *c,
    struct svc_err *r)
{
	int32_t day = DAY_NONE;
	char iso[11];
	int err;

	if (c->outcome != CO_ISSUED && c->outcome != CO_DENIED)
		return svc_fail(r, GH_ECONFLICT, json_pack("{s:s}", "outcome",
		    case_outcome_name(c->outcome)), "该办件(%s)没有待领取的办理结果",
		    case_outcome_label(c->outcome));
	err = store_case_event_first_day(st, c->id, "collect", &day);
	if (err == GH_ENOTFOUND)
		return 0;
	if (err)
		return svc_fail(r, err, NULL, NULL);
	day_format_iso(day, iso);
	return svc_fail(r, GH_ECONFLICT, json_pack("{s:s}", "collected_day",
	    iso), "办理结果已于%s领取,不能重复领取", iso);
}

/* Checks the arguments the effect needs. */
static int args_check(const struct case_effect *eff,
    const struct case_action_args *a, int *procedure, struct svc_err *r)
{
	if (eff->needs_reason && blank_text(a->reason))
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "reason"), "%s须说明理由(reason)", case_action_label(a->action));
	if (eff->needs_request && blank_text(a->applicant_request))
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "applicant_request"), "工作人员撤回办件须注明申请人的撤回申请"
		    "(applicant_request),如“申请人于2026年11月23日提交书面撤回申请”");
	if (eff->needs_materials && !a->n_materials)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "materials"), "%s须列明材料(materials)",
		    case_action_label(a->action));
	*procedure = CP_NONE;
	if (eff->needs_procedure) {
		int p = a->procedure ? case_procedure_from_name(a->procedure) : -1;

		if (p <= CP_NONE || p == CP_CORRECTION)
			return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
			    "procedure"), "挂起须指明特别程序(procedure):听证、招标、"
			    "拍卖、检验、检测、检疫、鉴定、专家评审、实地核查或公示");
		*procedure = p;
	}
	return 0;
}

static int material_check(const struct item *it, const char *const *materials,
    size_t n, struct svc_err *r)
{
	const char *bad = unknown_material(it, materials, n);

	if (bad)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s,s:s}", "field",
		    "materials", "material", bad),
		    "材料“%s”不在事项“%s”的材料清单中", bad, it->name);
	return 0;
}

/* Whether the five working days to ask for 补正 have passed without a
 * notice: the application is then accepted by law (许可法 art. 32,
 * 逾期不告知的,自收到申请材料之日起即为受理), whatever it lacks. */
static bool deemed_accepted(const calendar *cal, const struct case_rec *c,
    int32_t today)
{
	int32_t last;

	return c->accepted_day == DAY_NONE &&
	    !case_notice_deadline(cal, c->received_day, &last) && today > last;
}

/* The one-time notice rules (一次性告知, 许可法 art. 32). */
static int notice_check(store *st, const calendar *cal,
    const struct case_rec *c, const struct case_action_args *a,
    int32_t today, struct svc_err *r)
{
	char **first_names;
	size_t n_first;
	int idx, err;

	if (c->accepted_day == DAY_NONE) {
		int32_t last;

		if (!case_notice_deadline(cal, c->received_day, &last) &&
		    today > last) {
			char iso[11];

			day_format_iso(c->received_day, iso);
			return svc_fail(r, GH_ECONFLICT, json_pack("{s:s,s:s}", "state",
			    case_state_name(c->state), "deemed_accepted_day", iso),
			    "收到材料已超过5个工作日,不能再要求补正;依法自%s"
			    "(收到材料之日)起视为受理,请直接受理", iso);
		}
	}
	if ((err = store_case_first_notice(st, c->id, &first_names, &n_first)))
		return svc_fail(r, err, NULL, NULL);
	idx = n_first ? case_notice_first_new((const char *const *)first_names,
	    n_first, a->materials, a->n_materials) : -1;
	free(first_names);
	if (idx >= 0)
		return svc_fail(r, GH_ECONFLICT, json_pack("{s:s,s:s}", "state",
		    case_state_name(c->state), "material", a->materials[idx]),
		    "一次性告知:首次补正通知未列明“%s”,不得再以新的理由要求补正",
		    a->materials[idx]);
	return 0;
}

/* On resume, the open review step's due day moves by the working days the
 * suspension that just ended added to the case's deadline, so that 审核 is
 * not left due before the suspension's days while the case moved on.  The
 * ended suspension is the latest one that ended today. */
static int push_step_due(store *st, const calendar *cal,
    const struct case_rec *c, const struct clock_input *in, int32_t today)
{
	size_t idx = in->n_susp;
	int32_t due, moved;
	int days, err;

	for (size_t i = 0; i < in->n_susp; i++)
		if (in->susp[i].end_day == today && (idx == in->n_susp ||
		    in->susp[i].start_day >= in->susp[idx].start_day))
			idx = i;
	if (idx == in->n_susp || c->state != CS_UNDER_REVIEW)
		return 0;
	err = store_case_open_step_due(st, c->id, c->step_index, &due);
	if (err == GH_ENOTFOUND)
		return 0;
	if (err)
		return err;
	if (clock_suspension_added_days(cal, in, idx, &days) || days <= 0 ||
	    calendar_add_workdays(cal, due, days, &moved))
		return 0;
	return store_case_step_set_due(st, c->id, c->step_index, moved);
}

/* 告知承诺制, decided at once (当场决定): every review step first..end-1
 * is started and finished today by the decider, as the review that the
 * promise made unnecessary; the case then waits at the window for its
 * result like any decided case. */
static int decide_at_once(store *st, const calendar *cal,
    const struct case_actor *who, struct case_rec *c, int first, int end,
    int32_t today)
{
	int err = 0;

	for (int i = first; i < end && !err; i++) {
		int role, limit;
		int32_t due;

		if ((err = store_case_step_info(st, c->id, i, &role, &limit)))
			break;
		if (calendar_add_workdays(cal, today, limit, &due))
			due = DAY_NONE;
		if (!(err = store_case_step_start(st, c->id, i, who->id, today,
		    due)))
			err = store_case_step_finish(st, c->id, i, who->id, today,
			    "告知承诺制:申请人书面承诺符合条件,当场作出准予许可决定",
			    "通过");
	}
	c->step_index = end > first ? end - 1 : first;
	c->handler_id = c->clerk_id; /* the window issues the result */
	return err;
}

int case_engine_act(store *st, const calendar *cal,
    const struct case_actor *who, struct case_rec *c,
    const struct case_action_args *a, int32_t today, int64_t now,
    struct svc_err *r)
{
	struct case_ctx ctx;
	struct case_effect eff;
	struct item it = {0};
	struct case_rec prior;
	json_t *before = NULL;
	int err, procedure, first, end, n_steps, from;
	bool have_item = false;
	char cid[24], note_buf[700], auto_note[600], licence_no[64] = "";
	char approver_name[96] = "";
	struct case_extension ext = {0};
	const char *note;
	/* 告知承诺: whether the case was accepted on one, the due day of the
	 * check scheduled now, and a false check taken as revoke */
	int n_pledges = 0;
	int32_t verify_due = DAY_NONE;
	struct case_action_args verify_args;
	/* a 补正 request without a list: what the clerk's check found */
	struct case_action_args auto_args;
	const char **auto_names = NULL;
	struct material_state *auto_states = NULL;
	char *need_pool = NULL;  /* 并联: the co-departments' needs */

	if (c->joint_kind) {
		bool done = false;

		if ((err = joint_before_action(st, who, c, a, today, now, &done, r)) ||
		    done)
			return err;
	}
	/* a joint case's item is its matter's union (一表制, 一套材料) */
	if ((err = c->joint_kind == JOINT_CASE ? joint_case_item(st, c, &it) :
	    store_item_get_by_id(st, c->item_id, &it, NULL)))
		return svc_fail(r, err, NULL, NULL);
	have_item = true;
	first = review_range(st, c->id, &end, &n_steps);
	memset(&ctx, 0, sizeof ctx);
	ctx.state = c->state;
	ctx.prev_state = c->prev_state;
	ctx.instant = c->instant;
	ctx.accepted = c->accepted_day != DAY_NONE;
	ctx.step_index = c->step_index - first;
	ctx.step_count = end - first;
	ctx.decision = c->decision;
	if ((err = store_case_pledge_count(st, c->id, &n_pledges))) {
		svc_fail(r, err, NULL, NULL);
		goto out;
	}
	ctx.pledged = n_pledges > 0;
	/* 事后核查 found the promise false: the approval is revoked */
	if (a->action == CA_VERIFY_PLEDGE &&
	    a->pledge_result == PLEDGE_RESULT_FALSE) {
		verify_args = *a;
		verify_args.action = CA_REVOKE;
		a = &verify_args;
	}
	err = case_fsm_apply(&ctx, a->action, who->role, &eff);
	if (err == GH_ECONFLICT && !ctx.pledged &&
	    (a->action == CA_VERIFY_PLEDGE || a->action == CA_REVOKE)) {
		svc_fail(r, err, json_pack("{s:s,s:s}", "state",
		    case_state_name(c->state), "state_label",
		    case_state_label(c->state)), "本办件不是告知承诺制办件,没有"
		    "事后核查");
		goto out;
	}
	if (err == GH_ECONFLICT && a->action == CA_DENY &&
	    c->state == CS_UNDER_REVIEW) {
		/* 不予许可 is decided at the step that decides approvals */
		svc_fail(r, err, json_pack("{s:s,s:i,s:i}", "state",
		    case_state_name(c->state), "step", ctx.step_index + 1,
		    "steps", ctx.step_count), "不予许可须由最后的审批环节决定:"
		    "当前为第%d个审查环节(共%d个),请提出审查意见并报送审批环节"
		    "决定", ctx.step_index + 1, ctx.step_count);
		goto out;
	}
	if (err == GH_ECONFLICT) {
		svc_fail(r, err, json_pack("{s:s,s:s}", "state",
		    case_state_name(c->state), "state_label",
		    case_state_label(c->state)), "办件当前状态为“%s”,不能%s",
		    case_state_label(c->state), case_action_label(a->action));
		goto out;
	}
	if (err) {
		svc_fail(r, err, NULL, "%s无权%s", role_label(who->role),
		    case_action_label(a->action));
		goto out;
	}
	if (a->action == CA_REQUEST_MATERIALS && !a->n_materials) {
		size_t n_auto = 0;

		if ((err = materials_notice_list(st, &it, c->id, &auto_names, &n_auto,
		    &auto_states, auto_note, sizeof auto_note)) ||
		    (c->joint_kind == JOINT_CASE && (err = joint_need_names(st,
		    c->id, &auto_names, &n_auto, &need_pool)))) {
			svc_fail(r, err, NULL, NULL);
			goto out;
		}
		if (!n_auto) {
			err = svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
			    "materials"), "收件核验没有发现缺少或不合格的材料;如需补正,"
			    "请列明材料(materials)");
			goto out;
		}
		auto_args = *a;
		auto_args.materials = auto_names;
		auto_args.n_materials = n_auto;
		if (!a->note || !*a->note)
			auto_args.note = auto_note;
		a = &auto_args;
	}
	if ((err = args_check(&eff, a, &procedure, r)) ||
	    (err = pledge_args_check(a, r)))
		goto out;
	if (a->action == CA_ACCEPT_WITH_PLEDGE &&
	    (err = pledge_accept_check(st, c, &it, a, r)))
		goto out;
	/* a sub-case's materials are its joint case's, checked there */
	if ((a->action == CA_ACCEPT || a->action == CA_ACCEPT_WITH_COMMITMENT ||
	    a->action == CA_ACCEPT_WITH_PLEDGE) &&
	    c->joint_kind != JOINT_SUB && !deemed_accepted(cal, c, today) &&
	    (err = materials_accept_check(st, &it, c->id,
	    (const char *const *)a->pledged, a->n_pledged, r)))
		goto out;
	if ((a->action == CA_VERIFY_PLEDGE || a->action == CA_REVOKE) &&
	    (err = pledge_verify_check(st, who, c, a, r)))
		goto out;
	if (c->joint_kind != JOINT_SUB && (err = commitment_check(st, cal, c,
	    &it, a, deemed_accepted(cal, c, today), today, r)))
		goto out;
	if (a->action == CA_COMPLETE && (err = withhold_check(st, c, &it, r)))
		goto out;
	if (a->action == CA_APPROVE || a->action == CA_DENY ||
	    a->action == CA_FORWARD) {
		/* deciding at once is the deciding (last) step's to take */
		int role, limit;
		int idx = eff.decide_at_once && end > first ? end - 1 :
		    c->step_index;

		if (!store_case_step_info(st, c->id, idx, &role, &limit) &&
		    !(who->role & (role | ROLE_CHIEF))) {
			err = svc_fail(r, GH_EFORBIDDEN, NULL, eff.decide_at_once ?
			    "告知承诺制当场决定应由审批环节的%s作出" :
			    "当前审查步骤应由%s办理", role_label(role));
			goto out;
		}
		if (eff.decide_at_once && who->dept_id != c->dept_id) {
			err = svc_fail(r, GH_EFORBIDDEN, NULL, "告知承诺制当场决定须由"
			    "办件所属部门作出");
			goto out;
		}
	}
	if (a->n_materials && (err = material_check(&it, a->materials,
	    a->n_materials, r)))
		goto out;
	if (a->action == CA_REQUEST_MATERIALS &&
	    (err = notice_check(st, cal, c, a, today, r)))
		goto out;
	if (a->next_handler_id && (err = next_handler_check(st, c, a, &eff,
	    first, end, r)))
		goto out;
	if (eff.needs_procedure && (err = suspend_check(st, who, c, a,
	    approver_name, sizeof approver_name, r)))
		goto out;
	if ((err = extension_check(st, who, c, a, today, &ext, r)))
		goto out;
	if (a->action == CA_COLLECT && (err = collect_check(st, c, r)))
		goto out;

	/* Everything is checked: apply the effect. */
	prior = *c;
	before = case_brief(c);
	from = c->state;
	if (eff.remember_prev)
		c->prev_state = from;
	c->state = eff.to_state;
	if (eff.outcome)
		c->outcome = eff.outcome;
	if (eff.decision)
		c->decision = eff.decision;
	if (a->reason && *a->reason)
		snprintf(c->reason, sizeof c->reason, "%s", a->reason);
	if (eff.resume_clock)
		err = store_case_suspension_close(st, c->id, today);
	switch (a->action) {
	case CA_ACCEPT_WITH_PLEDGE:
		/* the proofs the signed 告知承诺书 stands for; then accepted
		 * as by accept */
		if (!err)
			err = pledge_record(st, c, &it, a, today, who->id);
		/* fall through */
	case CA_ACCEPT_WITH_COMMITMENT:
	case CA_ACCEPT:
		/* 容缺: what the applicant signed for, as the catalogue has it */
		for (size_t i = 0; i < a->n_missing && !err; i++) {
			int form = MF_COPY;

			for (size_t j = 0; j < it.n_materials; j++)
				if (!strcmp(it.materials[j].name, a->missing[i]))
					form = it.materials[j].form;
			err = store_case_deferral_add(st, c->id, a->missing[i], form,
			    a->supplement_by, today, who->id);
		}
		c->accepted_day = case_deemed_accept_day(cal, c->received_day,
		    today);
		if (!c->clerk_id)
			c->clerk_id = who->id;
		if (!c->window_id)
			c->window_id = who->window_id;
		for (int i = 0; i < first && !err; i++)
			err = store_case_step_finish(st, c->id, i, who->id, today,
			    "受理", "通过");
		c->step_index = first;
		c->handler_id = c->instant ? 0 : who->id;
		if (c->instant)
			snprintf(c->result_name, sizeof c->result_name, "%s",
			    it.result_name);
		/* 一套材料: what was accepted goes into the applicant's library */
		if (!err)
			err = materials_to_library(st, c, today, now);
		break;
	case CA_REQUEST_MATERIALS:
		if (!err)
			err = store_case_notice_add(st, c->id, today, who->id,
			    a->materials, a->n_materials, a->note);
		if (!err && eff.pause_clock)
			err = store_case_suspension_open(st, c->id, CP_CORRECTION,
			    "等待申请人补正材料", today, who->id, 0);
		break;
	case CA_SUPPLEMENT:
		/* a material supplied again is checked again */
		for (size_t i = 0; i < a->n_materials && !err; i++)
			if (!(err = store_case_material_add(st, c->id,
			    a->materials[i], today)))
				err = store_case_material_reset(st, c->id,
				    a->materials[i]);
		if (!ctx.accepted)
			c->received_day = today;
		break;
	case CA_START_REVIEW:
		if (!err && first < end)
			err = start_step(st, cal, who, c, first, today,
			    a->next_handler_id);
		break;
	case CA_APPROVE:
		if (!err && eff.decide_at_once) {
			err = decide_at_once(st, cal, who, c, first, end, today);
			break;
		}
		/* fall through */
	case CA_DENY:
		if (!err)
			err = store_case_step_finish(st, c->id, c->step_index, who->id,
			    today, a->action == CA_DENY ? a->reason : (a->note ?
			    a->note : "同意"), a->action == CA_DENY ? "不予许可" :
			    "通过");
		if (!err && eff.advance_step)
			err = start_step(st, cal, who, c, c->step_index + 1, today,
			    a->next_handler_id);
		else
			c->handler_id = c->clerk_id; /* the window issues the result */
		break;
	case CA_COMPLETE:
		if (c->joint_kind == JOINT_CASE)
			break;  /* its sub-cases issue the results (service/joint) */
		if (c->decision == CD_APPROVE)
			snprintf(c->result_name, sizeof c->result_name, "%s",
			    it.result_name);
		/* the window's closing steps (制证发证) are this action */
		for (int i = end; i < n_steps && !err && c->decision == CD_APPROVE;
		    i++)
			err = store_case_step_finish(st, c->id, i, who->id, today,
			    "办结", "通过");
		/* 电子证照: the result into its holder's library */
		if (!err && c->decision == CD_APPROVE)
			err = materials_issue_licence(st, c, &it, today, now,
			    licence_no);
		break;
	case CA_SUSPEND:
		if (!err)
			err = store_case_suspension_open(st, c->id, procedure,
			    a->reason, today, a->approver_id, (int)a->expected_days);
		break;
	case CA_FORWARD:
		if (!err)
			err = store_case_step_finish(st, c->id, c->step_index, who->id,
			    today, a->reason, "转报");
		break;
	case CA_JOINT_PAUSE:
		if (!err)
			err = store_case_suspension_open(st, c->id, CP_CORRECTION,
			    "并联审批:随主办件等待申请人补正材料", today, 0, 0);
		break;
	case CA_DEEM_CONSENT:
		if (!err)
			err = store_case_step_finish(st, c->id, c->step_index, 0, today,
			    a->reason ? a->reason : "超时默认同意", "超时默认同意");
		c->handler_id = c->clerk_id;
		break;
	case CA_JOINT_CONCLUDE:
		c->decision = a->joint_decision == CD_APPROVE ? CD_APPROVE : CD_DENY;
		break;
	case CA_TERMINATE:
		/* the broken commitment goes on the centre's record */
		if (!err)
			err = store_case_deferrals_miss(st, c->id);
		if (!err)
			err = store_credit_record_add(st, c->applicant_id_no,
			    c->applicant_name, CREDIT_BROKEN_DEFERRAL, c->id, today, now,
			    a->reason);
		break;
	case CA_VERIFY_PLEDGE:
		if (!err)
			err = pledge_verified(st, c, who, a->note, today);
		break;
	case CA_REVOKE:
		/* 撤销许可: the licence goes, the applicant on the record */
		if (!err)
			err = pledge_revoke(st, c, who, a->reason, today, now,
			    licence_no, sizeof licence_no);
		break;
	case CA_REQUEST_EXTENSION:
		if (!err)
			err = store_case_extension_add(st, c->id, (int)a->days,
			    a->reason, who->id, today, now);
		break;
	case CA_APPROVE_EXTENSION:
	case CA_DENY_EXTENSION:
		if (!err)
			err = store_case_extension_decide(st, ext.id,
			    a->action == CA_APPROVE_EXTENSION, who->id, today, now,
			    a->action == CA_DENY_EXTENSION ? a->reason : a->note);
		/* the open review step has the days too */
		if (!err && a->action == CA_APPROVE_EXTENSION &&
		    c->state == CS_UNDER_REVIEW) {
			int32_t due, moved;

			err = store_case_open_step_due(st, c->id, c->step_index, &due);
			if (err == GH_ENOTFOUND)
				err = 0;
			else if (!err && !calendar_add_workdays(cal, due, ext.days,
			    &moved))
				err = store_case_step_set_due(st, c->id, c->step_index,
				    moved);
		}
		break;
	default:
		break;
	}
	/* 告知承诺: an approval decided now is checked later */
	if (!err && eff.decision == CD_APPROVE && (ctx.pledged ||
	    a->action == CA_ACCEPT_WITH_PLEDGE))
		err = pledge_schedule_check(st, cal, c, who->id, today,
		    &verify_due);
	/* a case that reached its end finishes today; the 事后核查 of one
	 * already finished leaves its finish (and the statistics) alone */
	if (!err && case_state_is_terminal(c->state) &&
	    !case_state_is_terminal(from)) {
		c->finished_day = today;
		c->handler_id = 0;
		/* ended without its result: nothing left to check */
		if (ctx.pledged && c->outcome != CO_ISSUED &&
		    c->outcome != CO_REVOKED)
			err = pledge_cancel(st, c);
	}
	if (err) {
		svc_fail(r, err, NULL, NULL);
		goto out;
	}
	if (c->accepted_day != DAY_NONE) {
		struct clock_input in;
		struct clock_suspension *susp;
		struct clock_result res;

		if (case_clock(st, cal, c, today, &in, &susp, &res)) {
			if (eff.resume_clock)
				err = push_step_due(st, cal, c, &in, today);
			c->deadline_day = res.deadline;
			/* kept at finish so statistics need no calendar */
			if (res.finished) {
				c->used_days = res.elapsed_days;
				c->on_time = res.on_time;
			}
		}
		free(susp);
		if (err) {
			svc_fail(r, err, NULL, NULL);
			goto out;
		}
	}
	c->updated_at = now;
	note = a->reason && *a->reason ? a->reason : a->note;
	if (a->action == CA_REQUEST_MATERIALS || a->action == CA_SUPPLEMENT) {
		size_t off = (size_t)snprintf(note_buf, sizeof note_buf, "%s",
		    a->action == CA_REQUEST_MATERIALS ? "一次性告知补正:" : "已补正:");

		for (size_t i = 0; i < a->n_materials && off < sizeof note_buf; i++)
			off += (size_t)snprintf(note_buf + off, sizeof note_buf - off,
			    "%s%s", i ? "、" : "", a->materials[i]);
		note = note_buf;
	} else if (a->action == CA_SUSPEND) {
		snprintf(note_buf, sizeof note_buf, "%s:%s(经%s批准,预计%d个工作日)",
		    case_procedure_label(procedure), a->reason, approver_name,
		    (int)a->expected_days);
		note = note_buf;
	} else if (a->action == CA_REQUEST_EXTENSION) {
		snprintf(note_buf, sizeof note_buf, "申请延长审批期限%d个工作日:%s",
		    (int)a->days, a->reason);
		note = note_buf;
	} else if (a->action == CA_APPROVE_EXTENSION) {
		char d[16] = "";

		if (c->deadline_day != DAY_NONE)
			day_format_iso(c->deadline_day, d);
		snprintf(note_buf, sizeof note_buf, "批准延长审批期限%d个工作日(理由:"
		    "%s),办理期限延至%s%s%s", ext.days, ext.reason, d,
		    a->note && *a->note ? ";" : "", a->note ? a->note : "");
		note = note_buf;
	} else if (a->action == CA_DENY_EXTENSION) {
		snprintf(note_buf, sizeof note_buf, "不予批准延长审批期限%d个工作日:"
		    "%s", ext.days, a->reason);
		note = note_buf;
	} else if (a->action == CA_ACCEPT_WITH_COMMITMENT) {
		size_t off;
		char due[11];

		day_format_iso(a->supplement_by, due);
		off = (size_t)snprintf(note_buf, sizeof note_buf, "容缺受理:申请人签署"
		    "容缺受理承诺书,承诺于%s前补交", due);
		for (size_t i = 0; i < a->n_missing && off < sizeof note_buf; i++)
			off += (size_t)snprintf(note_buf + off, sizeof note_buf - off,
			    "%s%s", i ? "、" : "", a->missing[i]);
		if (a->note && *a->note && off < sizeof note_buf)
			snprintf(note_buf + off, sizeof note_buf - off, ";%s", a->note);
		note = note_buf;
	} else if (a->action == CA_ACCEPT_WITH_PLEDGE) {
		size_t off = (size_t)snprintf(note_buf, sizeof note_buf, "告知承诺受理:"
		    "申请人签署告知承诺书,以承诺代替");

		for (size_t i = 0; i < a->n_pledged && off < sizeof note_buf; i++)
			off += (size_t)snprintf(note_buf + off, sizeof note_buf - off,
			    "%s“%s”", i ? "、" : "", a->pledged[i]);
		if (a->note && *a->note && off < sizeof note_buf)
			off += (size_t)snprintf(note_buf + off, sizeof note_buf - off,
			    ";%s", a->note);
		if (verify_due != DAY_NONE && off < sizeof note_buf) {
			char due[11];

			day_format_iso(verify_due, due);
			snprintf(note_buf + off, sizeof note_buf - off, ";当场办结,"
			    "告知承诺事后核查期限%s", due);
		}
		note = note_buf;
	} else if (verify_due != DAY_NONE) {
		char due[11];

		day_format_iso(verify_due, due);
		snprintf(note_buf, sizeof note_buf, "%s%s%s告知承诺事后核查期限%s",
		    eff.decide_at_once ? "告知承诺制当场决定,准予许可;" : "",
		    note && *note ? note : "", note && *note ? ";" : "", due);
		note = note_buf;
	} else if (a->action == CA_VERIFY_PLEDGE) {
		snprintf(note_buf, sizeof note_buf, "告知承诺事后核查:承诺属实%s%s",
		    a->note && *a->note ? ";" : "", a->note ? a->note : "");
		note = note_buf;
	} else if (a->action == CA_REVOKE) {
		snprintf(note_buf, sizeof note_buf, "告知承诺事后核查:承诺不实(%s)。"
		    "撤销许可%s%s%s,申请人记入失信记录", a->reason, licence_no[0] ?
		    ",电子证照" : "", licence_no, licence_no[0] ? "作废" : "");
		note = note_buf;
	} else if (a->action == CA_WITHDRAW && eff.needs_request) {
		snprintf(note_buf, sizeof note_buf, "%s(申请人申请:%s)",
		    a->reason, a->applicant_request);
		note = note_buf;
	} else if (a->action == CA_COMPLETE && licence_no[0]) {
		snprintf(note_buf, sizeof note_buf, "%s%s发放%s,证号%s",
		    note ? note : "", note && *note ? ";" : "", it.result_name,
		    licence_no);
		note = note_buf;
	}
	snprintf(cid, sizeof cid, "%lld", (long long)c->id);
	err = store_case_update(st, c);
	if (err == GH_ECONFLICT) {
		svc_fail(r, err, NULL, "办件已被他人修改,请刷新后重试");
		goto out;
	}
	if (err || (err = event(st, c, who->id, who->name, who->role,
	    case_action_name(a->action), from, c->state, note, now, today)) ||
	    (err = audit_as(st, now, who->id, who->name, who->role, "case.action",
	    "case", cid, json_incref(before), json_pack("{s:s,s:s,s:o,s:o,s:s}",
	    "action", case_action_name(a->action), "state",
	    case_state_name(c->state), "deadline", json_day(c->deadline_day),
	    "finished", json_day(c->finished_day), "outcome",
	    case_outcome_name(c->outcome)))) ||
	    (eff.needs_request && (err = audit_as(st, now, who->id, who->name,
	    who->role, "case.withdraw_request", "case", cid, NULL,
	    json_pack("{s:s,s:s}", "reason", a->reason, "applicant_request",
	    a->applicant_request)))) ||
	    (err = watch_after_action(st, cal, who, &prior, c, a->action,
	    a->reason, today, now)))
		svc_fail(r, err, NULL, NULL);
	if (!err) {
		/* the applicant hears of it: in the hall and by SMS */
		char materials[400] = "", result[160] = "", due[11] = "";
		struct applicant_event ev = {.action = a->action, .reason =
			a->action == CA_APPROVE_EXTENSION ? ext.reason : a->reason,
			.materials = materials, .result = result, .days = ext.days,
			.due = due};
		const char *const *names = a->n_missing ? a->missing :
		    a->n_pledged ? a->pledged : a->materials;
		size_t off = 0, n_names = a->n_missing ? a->n_missing :
		    a->n_pledged ? a->n_pledged : a->n_materials;

		if (a->supplement_by)
			day_format_iso(a->supplement_by, due);
		else if (verify_due != DAY_NONE)
			day_format_iso(verify_due, due);
		for (size_t i = 0; i < n_names && off < sizeof materials; i++)
			off += (size_t)snprintf(materials + off, sizeof materials - off,
			    "%s%s", i ? "、" : "", names[i]);
		if (licence_no[0])
			snprintf(result, sizeof result, ",%s证号%s", it.result_name,
			    licence_no);
		/* the applicant hears of the joint case, not of each sub-case */
		if (c->joint_kind != JOINT_SUB &&
		    (err = applicant_notify(st, c, &ev, now)))
			svc_fail(r, err, NULL, NULL);
	}
	/* 并联审批: the other cases of the joint case move with this one */
	if (!err && c->joint_kind)
		err = joint_after_action(st, c, a->action, a, today, now, r);
out:
	if (have_item)
		item_clear(&it);
	free(auto_names);
	free(auto_states);
	free(need_pool);
	json_decref(before);
	return err;
}

/* ---- one request each ----------------------------------------------------- */

/* Every failure of an entry point rolls back what it began. */
static int fail_rollback(store *st, int err)
{
	store_rollback(st);
	return err;
}

int case_submit(store *st, const struct svc_actor *who,
    const struct case_submission *sub, json_t **view, struct svc_err *e)
{
	struct case_actor ca = case_actor_of(who);
	struct case_submission as_company;
	struct user_rec co;
	struct case_rec c;
	bool acts = false;
	int err;

	if ((err = accounts_may_apply(st, who, e)))
		return err;
	if ((err = svc_check(e, store_begin(st))))
		return err;
	if (sub->company_id && who->role == ROLE_APPLICANT) {
		/* filed for a company: its name, code and phone are the
		 * applicant's, the person acting for it is the agent */
		if ((err = svc_check(e, store_agent_acts_for(st, who->id,
		    sub->company_id, &acts))))
			return fail_rollback(st, err);
		if (!acts || store_user_by_id(st, sub->company_id, &co))
			return fail_rollback(st, svc_fail(e, GH_EFORBIDDEN,
			    json_pack("{s:s}", "field", "company_id"), "您不是该单位的"
			    "经办人,不能以其名义申报"));
		as_company = *sub;
		as_company.name = co.name;
		as_company.id_number = co.id_number;
		as_company.phone = co.phone;
		as_company.kind = "company";
		as_company.id_type = "credit_code";
		sub = &as_company;
	}
	if ((err = svc_check(e, store_case_turn(st))) ||
	    (err = case_engine_submit(st, &ca, sub, who->today, who->now, &c,
	    e)))
		return fail_rollback(st, err);
	/* the stored case, with what the database joins in (department); the
	 * answer is built inside the transaction, so that once the commit
	 * succeeds nothing can fail and answer an error for a written case
	 * (a database lost right after the commit) */
	if ((err = svc_check(e, store_case_get(st, c.id, &c))) ||
	    (err = case_view_json(st, &c, who->today, who, view, e)))
		return fail_rollback(st, err);
	if ((err = svc_check(e, store_commit(st)))) {
		json_decref(*view);
		*view = NULL;
		return fail_rollback(st, err);
	}
	return 0;
}

int case_act(store *st, const struct svc_actor *who, int64_t id,
    const struct case_action_args *a, json_t **view, struct svc_err *e)
{
	struct case_actor ca = case_actor_of(who);
	struct cal_ref *ref = NULL;
	struct case_rec c;
	int err;

	if ((err = svc_check(e, store_begin(st))))
		return err;
	if ((err = svc_check(e, store_case_turn(st))) ||
	    (err = case_load(st, who, id, &c, e)))
		return fail_rollback(st, err);
	if ((err = calendar_load(st, c.region_id, &ref))) {
		svc_fail(e, err, NULL, "无法加载工作日历");
		return fail_rollback(st, err);
	}
	err = case_engine_act(st, cal_ref_get(ref), &ca, &c, a, who->today,
	    who->now, e);
	cal_ref_release(ref);
	/* the answer before the commit: see case_submit */
	if (err || (err = case_view_json(st, &c, who->today, who, view, e)))
		return fail_rollback(st, err);
	if ((err = svc_check(e, store_commit(st)))) {
		json_decref(*view);
		*view = NULL;
		return fail_rollback(st, err);
	}
	return 0;
}

int case_reveal(store *st, const struct svc_actor *who, int64_t id,
    const char *reason, json_t **out, struct svc_err *e)
{
	struct duty_user du = case_duty_user(who);
	struct duty_case dc;
	struct case_rec c;
	json_t *o;
	char sid[24];
	int err;

	if ((err = case_load(st, who, id, &c, e)))
		return err;
	dc = case_duty_case(&c);
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if ((err = svc_check(e, store_begin(st))))
		return err;
	if (!duty_may_reveal(&du, &dc)) {
		if ((err = svc_check(e, audit_actor(st, who, "case.reveal.denied",
		    "case", sid, NULL, json_pack("{s:s}", "reason", reason)))) ||
		    (err = svc_check(e, store_commit(st))))
			return fail_rollback(st, err);
		return svc_fail(e, GH_EFORBIDDEN, NULL, "只有经办该办件的工作"
		    "人员可以查看完整证件号码和电话");
	}
	o = json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)c.id,
	    "name", c.applicant_name, "id_type", c.applicant_id_type,
	    "id_number", c.applicant_id_no, "phone", c.applicant_phone);
	/* the form's ID numbers and phones in full too (issue 10) */
	json_object_set_new(o, "form", case_form_view(st, c.id, true));
	/* the audit names what was shown, never the values themselves */
	if ((err = svc_check(e, audit_actor(st, who, "case.reveal", "case", sid,
	    NULL, json_pack("{s:s,s:[s,s],s:s}", "reason", reason, "fields",
	    "id_number", "phone", "client_addr", who->addr ? who->addr : "")))) ||
	    (err = svc_check(e, store_commit(st)))) {
		json_decref(o);
		return fail_rollback(st, err);
	}
	*out = o;
	return 0;
}
