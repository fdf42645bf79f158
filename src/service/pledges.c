/*
 * pledges.c - 告知承诺制 in the case engine and the staff's list of
 * pending checks; see pledges.h.
 */
#include "service/pledges.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case_fsm.h"
#include "domain/day.h"
#include "domain/pledge.h"
#include "domain/role.h"
#include "util/gh_err.h"

/* The state of material name among ms[0..n): NULL when never received. */
static const struct material_state *state_of(const struct material_state *ms,
    size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ms[i].name, name))
			return &ms[i];
	return NULL;
}

int pledge_args_check(const struct case_action_args *a, struct svc_err *r)
{
	if (a->n_pledged && a->action != CA_ACCEPT_WITH_PLEDGE)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "pledged"), "%s不需要填写告知承诺代替的证明材料(pledged)",
		    case_action_label(a->action));
	if (a->pledge_result != PLEDGE_RESULT_NONE &&
	    a->action != CA_VERIFY_PLEDGE && a->action != CA_REVOKE)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "result"), "%s不需要填写核查结果(result)",
		    case_action_label(a->action));
	return 0;
}

int pledge_accept_check(store *st, const struct case_rec *c,
    const struct item *it, const struct case_action_args *a,
    struct svc_err *r)
{
	static const char *const why[] = {
		[PLEDGE_UNKNOWN] = "不在本事项的材料清单中",
		[PLEDGE_NOT_PLEDGEABLE] = "不是本事项可由承诺代替的证明材料",
		[PLEDGE_DUPLICATE] = "重复列出",
	};
	struct material_state *ms = NULL;
	size_t n = 0, idx = 0;
	int fault, records = 0, err = 0;

	switch (pledge_item_check(it)) {
	case PLEDGE_ITEM_HIGH_RISK:
		return svc_fail(r, GH_ECONFLICT, NULL, "事项“%s”属于高风险事项(涉及"
		    "安全、环境、健康、金融),不适用告知承诺制,须提交全部材料",
		    it->name);
	case PLEDGE_ITEM_NOT_ALLOWED:
		return svc_fail(r, GH_ECONFLICT, NULL, "事项“%s”未实行告知承诺制,"
		    "须提交全部材料后受理", it->name);
	default:
		break;
	}
	if (!a->n_pledged)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "pledged"), "告知承诺受理须列明由承诺代替的证明材料(pledged)");
	fault = pledge_check_materials(it, a->pledged, a->n_pledged, &idx);
	if (fault != PLEDGE_OK)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s,s:s}",
		    "field", "pledged", "material", a->pledged[idx]), "材料“%s”%s",
		    a->pledged[idx], why[fault]);
	if ((err = store_case_material_states(st, c->id, &ms, &n)))
		return svc_fail(r, err, NULL, NULL);
	for (size_t i = 0; i < a->n_pledged && !err; i++) {
		const struct material_state *m = state_of(ms, n, a->pledged[i]);

		if (m && m->check_result != MATERIAL_FAULTY)
			err = svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s,s:s}",
			    "field", "pledged", "material", a->pledged[i]), "材料“%s”"
			    "已经收取,无需以承诺代替", a->pledged[i]);
	}
	free(ms);
	if (err)
		return err;
	if ((err = store_credit_record_count(st, c->applicant_id_no, &records)))
		return svc_fail(r, err, NULL, NULL);
	if (records)
		return svc_fail(r, GH_ECONFLICT, json_pack("{s:i}", "credit_records",
		    records), "申请人有失信记录(未履行承诺或虚假承诺),不适用告知"
		    "承诺制,请提交全部材料后受理");
	return 0;
}

int pledge_verify_check(store *st, const struct case_actor *who,
    const struct case_rec *c, const struct case_action_args *a,
    struct svc_err *r)
{
	struct case_verification v;
	char due[11];
	int err;

	if (a->pledge_result == PLEDGE_RESULT_NONE)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "result"), "事后核查须填写核查结果(result):true为承诺属实,false"
		    "为承诺不实");
	if (a->action == CA_REVOKE && a->pledge_result != PLEDGE_RESULT_FALSE)
		return svc_fail(r, GH_EUNPROCESSABLE, json_pack("{s:s}", "field",
		    "result"), "撤销许可只能出于事后核查发现承诺不实(result为false)");
	if (!(who->role & (ROLE_REVIEWER | ROLE_CHIEF)) ||
	    who->dept_id != c->dept_id)
		return svc_fail(r, GH_EFORBIDDEN, NULL, "告知承诺的事后核查须由办件"
		    "所属部门的审批人员或首席代表办理");
	err = store_case_verification_get(st, c->id, &v);
	if (err && err != GH_ENOTFOUND)
		return svc_fail(r, err, NULL, NULL);
	if (err || v.status != PLEDGE_VERIFY_PENDING) {
		if (err)
			return svc_fail(r, GH_ECONFLICT, NULL, "本办件没有待办的告知"
			    "承诺事后核查");
		day_format_iso(v.checked_day != DAY_NONE ? v.checked_day :
		    v.due_day, due);
		return svc_fail(r, GH_ECONFLICT, json_pack("{s:s}", "status",
		    pledge_verify_status_name(v.status)), "本办件的告知承诺事后核查"
		    "已经办结(%s,%s),不能再次核查",
		    pledge_verify_status_label(v.status), due);
	}
	return 0;
}

int pledge_record(store *st, const struct case_rec *c, const struct item *it,
    const struct case_action_args *a, int32_t today, int64_t actor_id)
{
	int err = 0;

	for (size_t i = 0; i < a->n_pledged && !err; i++) {
		int form = MF_COPY;

		for (size_t j = 0; j < it->n_materials; j++)
			if (!strcmp(it->materials[j].name, a->pledged[i]))
				form = it->materials[j].form;
		err = store_case_pledge_add(st, c->id, a->pledged[i], form, today,
		    actor_id);
	}
	return err;
}

int pledge_schedule_check(store *st, const calendar *cal,
    const struct case_rec *c, int64_t decided_by, int32_t today,
    int32_t *due_day)
{
	int64_t days = 20;
	int32_t due;
	int err;

	if ((err = store_setting_int(st, "pledge_verify_days", 20, &days)))
		return err;
	if ((err = pledge_verify_due(cal, today, (int)days, &due)))
		return err;
	if ((err = store_case_verification_add(st, c->id, today, decided_by,
	    due)))
		return err;
	*due_day = due;
	return 0;
}

int pledge_verified(store *st, const struct case_rec *c,
    const struct case_actor *who, const char *note, int32_t today)
{
	bool found = false;
	int err = store_case_verification_close(st, c->id, PLEDGE_VERIFY_TRUE,
	    note && *note ? note : "承诺属实", who->id, today, &found);

	return err ? err : found ? 0 : GH_ECONFLICT;
}

int pledge_revoke(store *st, const struct case_rec *c,
    const struct case_actor *who, const char *reason, int32_t today,
    int64_t now, char *licence_no, size_t cap)
{
	char note[700];
	bool found = false;
	int err;

	licence_no[0] = '\0';
	snprintf(note, sizeof note, "告知承诺不实:%s", reason ? reason : "");
	if ((err = store_case_verification_close(st, c->id, PLEDGE_VERIFY_FALSE,
	    reason, who->id, today, &found)))
		return err;
	if (!found)
		return GH_ECONFLICT;
	if ((err = store_licence_revoke(st, c->id, today, note, licence_no,
	    cap)))
		return err;
	return store_credit_record_add(st, c->applicant_id_no, c->applicant_name,
	    CREDIT_FALSE_PLEDGE, c->id, today, now, note);
}

int pledge_cancel(store *st, const struct case_rec *c)
{
	bool found = false;

	return store_case_verification_close(st, c->id, PLEDGE_VERIFY_CANCELLED,
	    "办件未出具办理结果,无需核查", 0, DAY_NONE, &found);
}

int pledge_verifications_view(store *st, const struct svc_actor *who,
    int filter, int64_t dept_id, int page, int per_page, json_t **out,
    struct svc_err *e)
{
	json_t *res = NULL, *row;
	size_t i;
	int err;

	if (who->role == ROLE_REVIEWER || who->role == ROLE_CHIEF) {
		if (!who->dept_id)
			return svc_fail(e, GH_EFORBIDDEN, NULL, "只能查看本部门的告知"
			    "承诺核查");
		if (dept_id && dept_id != who->dept_id)
			return svc_fail(e, GH_EFORBIDDEN, NULL, "只能查看本部门的告知"
			    "承诺核查");
		dept_id = who->dept_id;
	} else if (who->role != ROLE_SUPERVISOR && who->role != ROLE_ADMIN) {
		return svc_fail(e, GH_EFORBIDDEN, NULL, "告知承诺核查清单供审批"
		    "部门和监察人员查看");
	}
	if ((err = store_verifications_json(st, filter, dept_id, who->today,
	    per_page, (page - 1) * per_page, &res)))
		return svc_fail(e, err, NULL, NULL);
	json_array_foreach(json_object_get(res, "data"), i, row) {
		int s = (int)json_integer_value(json_object_get(row, "state"));
		int o = (int)json_integer_value(json_object_get(row, "outcome"));
		int v = (int)json_integer_value(json_object_get(row, "status"));
		const char *due = json_string_value(json_object_get(row,
		    "due_day"));
		int32_t dd;
		int late = due && !day_parse_iso(due, &dd) ?
		    pledge_verify_overdue_days(dd, who->today) : 0;

		json_object_set_new(row, "state", json_string(case_state_name(s)));
		json_object_set_new(row, "state_label",
		    json_string(case_state_label(s)));
		json_object_set_new(row, "outcome", o ?
		    json_string(case_outcome_name(o)) : json_null());
		json_object_set_new(row, "status",
		    json_string(pledge_verify_status_name(v)));
		json_object_set_new(row, "status_label",
		    json_string(pledge_verify_status_label(v)));
		json_object_set_new(row, "overdue_days", json_integer(late));
		json_object_set_new(row, "overdue", json_boolean(late > 0));
	}
	json_object_set_new(res, "page", json_integer(page));
	json_object_set_new(res, "per_page", json_integer(per_page));
	*out = res;
	return 0;
}
